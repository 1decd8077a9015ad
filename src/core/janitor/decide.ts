import { type CloudResource, inDeletionOrder, resourceId } from './resources.js';
import { clusterNamesOf, isCapgDerived, markOf } from './ownership.js';

export interface SweepOptions {
  /** The project being swept; anything listed from elsewhere is never touched. */
  project: string;
  /** Unix seconds. */
  now: number;
  /** Extra seconds past `expires-at` before a fleet is swept. */
  graceSeconds: number;
  /** Which fleets to consider (the `fleet` glob); default all. */
  matches?: (fleet: string) => boolean;
  /** Teardown of one named fleet: sweep it whatever its expiry says. */
  ignoreExpiry?: boolean;
}

export interface Kept {
  id: string;
  why: string;
}

export interface FleetSweep {
  fleet: string;
  /** The latest `expires-at` any of its resources states: a renewed fleet keeps living. */
  expiresAt: number | undefined;
  /** Whether it is swept now. */
  expired: boolean;
  /** Why it is, or is not, swept. */
  reason: string;
  /** Every resource found for the fleet, by id. */
  found: string[];
  /** What to delete, in deletion order (empty when the fleet is kept). */
  toDelete: CloudResource[];
  kept: Kept[];
}

/**
 * Which fleets the inventory holds and what to delete of each: resources are attributed by their
 * marker, CAPG's unlabelled pieces by the names it derives from the fleet's clusters; a fleet is
 * swept only once its latest expiry plus the grace has passed. Nothing without a marker or a
 * derived name, and nothing from another project, is ever attributed.
 */
export function decideSweep(inventory: readonly CloudResource[], options: SweepOptions): FleetSweep[] {
  // One resource can come from two list calls (a labelled forwarding rule also has a derived name).
  const unique = new Map(inventory.map((r) => [resourceId(r), r]));
  const inProject = [...unique.values()].filter((r) => r.project === options.project);
  const byFleet = new Map<string, CloudResource[]>();
  for (const r of inProject) {
    const mark = markOf(r);
    if (!mark) continue;
    const list = byFleet.get(mark.fleet) ?? [];
    list.push(r);
    byFleet.set(mark.fleet, list);
  }
  const unmarked = inProject.filter((r) => !markOf(r));
  const sweeps: FleetSweep[] = [];
  for (const [fleet, marked] of [...byFleet].sort(([a], [b]) => a.localeCompare(b))) {
    if (options.matches && !options.matches(fleet)) continue;
    const clusters = clusterNamesOf(fleet, marked);
    const derived = unmarked.filter((r) => isCapgDerived(r, clusters));
    const all = inDeletionOrder([...marked, ...derived]);
    const expiries = marked.map((r) => markOf(r)?.expiresAt);
    const known = expiries.filter((e): e is number => e !== undefined);
    const expiresAt = known.length ? Math.max(...known) : undefined;
    const verdict = decideFleet(expiresAt, expiries.length - known.length, options);
    sweeps.push({
      fleet,
      expiresAt,
      expired: verdict.sweep,
      reason: verdict.reason,
      found: all.map(resourceId),
      toDelete: verdict.sweep ? all : [],
      kept: verdict.sweep ? [] : all.map((r) => ({ id: resourceId(r), why: verdict.reason })),
    });
  }
  return sweeps;
}

function decideFleet(
  expiresAt: number | undefined,
  withoutExpiry: number,
  options: SweepOptions,
): { sweep: boolean; reason: string } {
  if (options.ignoreExpiry) return { sweep: true, reason: 'teardown of this fleet' };
  if (expiresAt === undefined)
    return { sweep: false, reason: 'no resource states an expires-at, so its lifetime is unknown' };
  const due = expiresAt + options.graceSeconds;
  if (options.now < due)
    return { sweep: false, reason: `not expired: ${formatSeconds(due - options.now)} left` };
  const note = withoutExpiry ? ` (${withoutExpiry} resource(s) without expires-at go with it)` : '';
  return { sweep: true, reason: `expired ${formatSeconds(options.now - expiresAt)} ago${note}` };
}

function formatSeconds(s: number): string {
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
