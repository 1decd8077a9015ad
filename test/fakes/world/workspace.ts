import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FleetPlan } from '../../../src/core/plan/planner.js';
import { statusFromPlan } from '../../../src/core/status/from-plan.js';
import { repoRoot } from '../../support/paths.js';
import type { FakeWorld } from './world.js';

/**
 * A workspace as the steps before the cluster step leave it: a plan directory (a golden one by default) at
 * `.talos-fleet/plan`, the planned status document at `.talos-fleet/status.json`, a Google
 * service-account key, and the fleet's network and subnets in the Compute fake (the network
 * step's job), so the simulator's instances have their subnetworks.
 */

export interface FleetWorkspace {
  dir: string;
  plan: FleetPlan;
  planPath: string;
  statusPath: string;
  credentialsPath: string;
  /** The private key inside the credentials file: it must never show up anywhere. */
  privateKey: string;
}

export const FAKE_PRIVATE_KEY =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7fakefakefakefake\n-----END PRIVATE KEY-----\n';

export async function fleetWorkspace(
  world: FakeWorld,
  from:
    'two-region-mesh' | 'three-region-mesh' | 'single-cluster' | { planDir: string } = 'three-region-mesh',
): Promise<FleetWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), 'tf-ws-'));
  const planDir = join(dir, '.talos-fleet/plan');
  await cp(typeof from === 'string' ? join(repoRoot, 'test/golden/plan', from) : from.planDir, planDir, {
    recursive: true,
  });
  const planPath = join(planDir, 'plan.json');
  const plan = JSON.parse(await readFile(planPath, 'utf8')) as FleetPlan;
  const statusPath = join(dir, '.talos-fleet/status.json');
  const { document } = statusFromPlan(plan, { now: new Date('2026-11-24T12:00:00Z') });
  await writeFile(statusPath, `${JSON.stringify(document, null, 2)}\n`);
  const credentialsPath = join(dir, 'gcp-key.json');
  await writeFile(
    credentialsPath,
    JSON.stringify({
      type: 'service_account',
      project_id: plan.fleet.project,
      private_key_id: '0123456789abcdef0123456789abcdef01234567',
      private_key: FAKE_PRIVATE_KEY,
      client_email: `capg@${plan.fleet.project}.iam.gserviceaccount.com`,
      token_uri: 'https://oauth2.googleapis.com/token',
    }),
    { mode: 0o600 },
  );
  world.seedNetwork(plan);
  return { dir, plan, planPath, statusPath, credentialsPath, privateKey: FAKE_PRIVATE_KEY };
}
