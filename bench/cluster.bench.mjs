// cluster: the bundled cluster action (dist/cluster.js) against the fake world (management API,
// controller simulator, Compute fake, stand-in kind/clusterctl/talosctl). In one run it measures:
//   - wall time for 1 cluster and for 4 clusters of the same plan, each on a fresh world with the
//     same simulated provisioning delays (median of RUNS). Goal: 4 clusters <= 1.15 x 1 cluster.
//   - API requests to the management cluster per cluster per minute of waiting, with the
//     watch and progress timings scaled down by SCALE (a minute is 60/SCALE s here). Goal <= 10.
//   - cold start of dist/cluster.js to its first log line (median of 10). Goal <= 150 ms.
// It prints and saves the figures; it never fails on a slow machine.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  importTypeScript,
  median,
  node24,
  repoRoot,
  runNode,
  runnerEnv,
  saveResults,
  timeToFirstLine,
} from './stats.mjs';

const RUNS = Number(process.env.TALOS_FLEET_BENCH_RUNS ?? 3);
const SCALE = 10;
const DELAYS = { infrastructureMs: 400, bootstrapMs: 100, instanceMs: 500, controlPlaneMs: 800 };

process.env.TALOS_FLEET_REPO_ROOT = repoRoot;
const [{ FakeWorld }, { fleetWorkspace }] = await importTypeScript('cluster', [
  'test/fakes/world/world.ts',
  'test/fakes/world/workspace.ts',
]);

// A four-cluster fleet, planned by the bundled CLI like a user would.
const specDir = mkdtempSync(join(tmpdir(), 'tf-bench-cluster-'));
const spec = join(specDir, 'fleet.yaml');
writeFileSync(
  spec,
  `apiVersion: talos-fleet.dev/v1alpha1
kind: Fleet
metadata:
  name: bench4
spec:
  gcp:
    project: my-project
  clusters:
    - name: c1
      region: europe-west1
    - name: c2
      region: us-central1
    - name: c3
      region: us-east1
    - name: c4
      region: europe-west4
`,
);
await runNode(
  [
    join(repoRoot, 'dist/cli.js'),
    'plan',
    spec,
    '--out',
    join(specDir, 'plan'),
    '--now',
    '2026-12-04T12:00:00Z',
  ],
  {
    PATH: process.env.PATH,
  },
);

async function once(clusters) {
  const world = await FakeWorld.start({ delays: DELAYS });
  try {
    const ws = await fleetWorkspace(world, { planDir: join(specDir, 'plan') });
    const runner = runnerEnv();
    const samples = [];
    let patches = 0;
    const sampler = setInterval(() => {
      const reqs = world.management.requests;
      const lastPatch = reqs.findLastIndex((r) => r.method === 'PATCH');
      if (lastPatch >= 0) patches = lastPatch;
      samples.push({ t: performance.now(), n: reqs.length, lastPatch });
    }, 20);
    const { ms } = await runNode([join(repoRoot, 'dist/cluster.js')], {
      ...runner,
      ...world.env(),
      TALOS_FLEET_PROGRESS_INTERVAL_MS: String(20_000 / SCALE),
      TALOS_FLEET_WATCH_TIMEOUT_SECONDS: String(Math.max(1, Math.floor(25 / SCALE))),
      GITHUB_WORKSPACE: ws.dir,
      INPUT_CLUSTERS: clusters.join(','),
      'INPUT_GCP-CREDENTIALS': ws.credentialsPath,
      INPUT_TIMEOUT: '10m',
    });
    clearInterval(sampler);
    // Waiting starts after the last server-side apply (PATCH) and ends with the run.
    const reqs = world.management.requests;
    const waitStart = samples.find((s) => s.lastPatch === patches && s.lastPatch >= 0) ?? samples[0];
    const waitRequests = reqs.length - 1 - patches;
    const waitMs = performance.now() - (waitStart?.t ?? 0);
    const scaledMinutes = (waitMs * SCALE) / 60_000;
    return { ms, waitRequests, perClusterPerMinute: waitRequests / clusters.length / scaledMinutes };
  } finally {
    await world.close();
  }
}

const one = [];
const four = [];
for (let i = 0; i < RUNS; i++) {
  one.push(await once(['c1']));
  four.push(await once(['c1', 'c2', 'c3', 'c4']));
}
const oneMs = median(one.map((r) => r.ms));
const fourMs = median(four.map((r) => r.ms));

// An idle wait: a control plane that takes 6 scaled minutes, so the watches sit idle and restart.
const idleDelays = { ...DELAYS, controlPlaneMs: (6 * 60_000) / SCALE };
const idleWorld = await FakeWorld.start({ delays: idleDelays });
let idle;
try {
  const ws = await fleetWorkspace(idleWorld, { planDir: join(specDir, 'plan') });
  const { ms } = await runNode([join(repoRoot, 'dist/cluster.js')], {
    ...runnerEnv(),
    ...idleWorld.env(),
    TALOS_FLEET_PROGRESS_INTERVAL_MS: String(20_000 / SCALE),
    TALOS_FLEET_WATCH_TIMEOUT_SECONDS: String(Math.max(1, Math.floor(25 / SCALE))),
    GITHUB_WORKSPACE: ws.dir,
    INPUT_CLUSTERS: 'c1,c2,c3,c4',
    'INPUT_GCP-CREDENTIALS': ws.credentialsPath,
    INPUT_TIMEOUT: '60m',
  });
  const reqs = idleWorld.management.requests;
  const lastPatch = reqs.findLastIndex((r) => r.method === 'PATCH');
  const waitRequests = reqs.length - 1 - lastPatch;
  const scaledMinutes = (ms * SCALE) / 60_000;
  idle = { ms, waitRequests, scaledMinutes, perClusterPerMinute: waitRequests / 4 / scaledMinutes };
} finally {
  await idleWorld.close();
}

const coldEnv = runnerEnv();
const cold = [];
for (let i = 0; i < 10; i++)
  cold.push(
    await timeToFirstLine([join(repoRoot, 'dist/cluster.js')], { ...coldEnv, INPUT_PLAN: '/nonexistent' }),
  );

const results = {
  runs: RUNS,
  delays: DELAYS,
  scale: SCALE,
  oneClusterMs: oneMs,
  fourClustersMs: fourMs,
  ratio: fourMs / oneMs,
  requestsPerClusterPerMinute: {
    provisioning: median(four.map((r) => r.perClusterPerMinute)),
    idleWait: idle.perClusterPerMinute,
  },
  coldStartMs: median(cold),
  node: node24,
};
console.table([
  { figure: '1 cluster (median ms)', value: oneMs.toFixed(0), goal: '' },
  { figure: '4 clusters (median ms)', value: fourMs.toFixed(0), goal: '' },
  { figure: '4 / 1', value: results.ratio.toFixed(3), goal: '<= 1.15' },
  {
    figure: 'requests/cluster/min, provisioning',
    value: results.requestsPerClusterPerMinute.provisioning.toFixed(2),
    goal: '<= 10',
  },
  {
    figure: 'requests/cluster/min, idle wait',
    value: results.requestsPerClusterPerMinute.idleWait.toFixed(2),
    goal: '<= 10',
  },
  { figure: 'cold start (median ms)', value: results.coldStartMs.toFixed(1), goal: '<= 150' },
]);
saveResults('cluster', results);
