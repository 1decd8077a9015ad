import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeCompute } from '../fakes/compute/server.js';
import { repoRoot } from '../support/paths.js';
import { runDist, type RunDistOptions, type RunDistResult } from '../support/run-dist.js';

export const PROJECT = 'my-project';
export const TOKEN = 'ya29.fake-token-for-network-tests';
export const GOLDEN = join(repoRoot, 'test/golden/plan/two-region-mesh/plan.json');

export interface PlanJson {
  fleet: { name: string; project: string; labels: Record<string, string> };
  network: {
    name: string;
    selfLink: string;
    create: boolean;
    network?: Record<string, unknown>;
    subnetworks: Record<string, unknown>[];
    routers: { region: string; router: Record<string, unknown> }[];
    firewalls: Record<string, unknown>[];
    healthChecks?: Record<string, unknown>[];
  };
  [k: string]: unknown;
}

export async function goldenPlan(): Promise<PlanJson> {
  return JSON.parse(await readFile(GOLDEN, 'utf8')) as PlanJson;
}

export interface World {
  compute: FakeCompute;
  dir: string;
  planPath: string;
  writePlan(plan: PlanJson): Promise<void>;
  run(inputs?: Record<string, string>, options?: RunDistOptions): Promise<RunDistResult>;
  cli(args: string[], options?: RunDistOptions): Promise<RunDistResult>;
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const compute = await new FakeCompute(PROJECT).start();
  compute.operationMs = 15;
  const dir = await mkdtemp(join(tmpdir(), 'tf-network-'));
  const planPath = join(dir, 'plan.json');
  await writeFile(planPath, await readFile(GOLDEN, 'utf8'));
  const env = {
    TALOS_FLEET_COMPUTE_ENDPOINT: compute.url,
    GOOGLE_OAUTH_ACCESS_TOKEN: TOKEN,
    TALOS_FLEET_RETRY_BASE_MS: '5',
    TALOS_FLEET_RETRY_MAX_MS: '20',
    TALOS_FLEET_NETWORK_IN_USE_INTERVAL_MS: '40',
    TALOS_FLEET_NETWORK_IN_USE_TIMEOUT_MS: '400',
    GITHUB_WORKSPACE: dir,
  };
  return {
    compute,
    dir,
    planPath,
    async writePlan(plan) {
      await writeFile(planPath, JSON.stringify(plan, null, 2));
    },
    run(inputs = {}, options = {}) {
      return runDist('network', {
        ...options,
        cwd: dir,
        inputs: { plan: 'plan.json', ...inputs },
        env: { ...env, ...options.env },
      });
    },
    cli(args, options = {}) {
      return runDist('cli', {
        ...options,
        cwd: dir,
        args: ['network', ...args],
        env: { ...env, ...options.env },
      });
    },
    close: () => compute.close(),
  };
}

export function changes(r: RunDistResult): {
  created: string[];
  updated: string[];
  deleted: string[];
  unchanged: string[];
} {
  return JSON.parse(r.outputs.changes ?? '{}') as never;
}
