import type { Kept } from './decide.js';

/** What the janitor (and teardown from GCP) found and did, per fleet: the `report` output. */

export interface FleetReport {
  fleet: string;
  /** ISO time of the latest `expires-at` found, when any. */
  expiresAt: string | undefined;
  expired: boolean;
  reason: string;
  found: string[];
  /** What was deleted (a real run) or would be (a dry run). */
  deleted: string[];
  kept: Kept[];
  /** Still there after the last pass, with what kept it. */
  leftovers: { id: string; evidence: string }[];
  errors: { id: string; message: string }[];
  state: { deleted: string[]; kept: string[] };
}

export interface JanitorResult {
  project: string;
  dryRun: boolean;
  fleets: FleetReport[];
  expiredFleets: string[];
  listCalls: number;
  passes: number;
}
