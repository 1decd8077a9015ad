// network: a 10-cluster fleet over 4 regions, the bundled network action (dist/network.js) against
// the Compute fake with 500 ms per operation. Measures, in one run:
//   - `up` of the whole fleet: wall time, against the longest dependency chain of its objects
//     (network, then subnet, then that region's router: 3 operations) and against the sum of all
//     its operations run one after another;
//   - `up` of a one-cluster fleet (the same 3-operation chain, no breadth): the chain as the
//     action really runs it, with its start-up and requests;
//   - a second `up` of the fleet: wall time and writes;
//   - the same two `up`s through the flow in this process (no Node start-up or bundle load).
// Goals (issue 12): up <= 1.3 x the longest chain; the second up makes zero writes and finishes in
// under 1 s. It prints and saves the figures; it never fails on a slow machine.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importTypeScript, median, repoRoot, runNode, runnerEnv, saveResults } from './stats.mjs';

const OP_MS = Number(process.env.TALOS_FLEET_BENCH_OPERATION_MS ?? 500);
const RUNS = Number(process.env.TALOS_FLEET_BENCH_RUNS ?? 3);
const PROJECT = 'my-project';
const REGIONS = ['europe-west1', 'us-central1', 'us-east1', 'asia-east1'];

const [{ FakeCompute }, { planFleet }, { runNetworkFlow }, { silentLog }] = await importTypeScript(
  'network',
  [
    'test/fakes/compute/server.ts',
    'src/core/plan/planner.ts',
    'src/adapters/network-ports.ts',
    'src/core/log.ts',
  ],
);

function spec(clusters) {
  const list = Array.from(
    { length: clusters },
    (_, i) => `    - { name: c${i}, region: ${REGIONS[i % REGIONS.length]} }`,
  );
  return [
    'apiVersion: talos-fleet.dev/v1alpha1',
    'kind: Fleet',
    'metadata: { name: bench }',
    'spec:',
    '  ttl: 6h',
    `  gcp: { project: ${PROJECT}, network: auto }`,
    '  access: { bootstrapSourceRanges: [203.0.113.0/24] }',
    '  clusters:',
    ...list,
    `  mesh: { enabled: ${clusters > 1} }`,
    '',
  ].join('\n');
}

const runner = runnerEnv();
function planFile(clusters) {
  const result = planFleet(spec(clusters), { now: 1_790_000_000 });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  const path = join(runner.RUNNER_TEMP, `plan-${clusters}.json`);
  writeFileSync(path, result.files.find((f) => f.path === 'plan.json').content);
  return { path, plan: result.plan };
}

async function up(compute, path) {
  const writes = compute.engine.writes.length;
  const { ms, out } = await runNode([join(repoRoot, 'dist', 'network.js')], {
    ...runner,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: runner.RUNNER_TEMP,
    METADATA_SERVER_DETECTION: 'none',
    GCE_METADATA_HOST: '127.0.0.1:9',
    TALOS_FLEET_COMPUTE_ENDPOINT: compute.url,
    GOOGLE_OAUTH_ACCESS_TOKEN: 'ya29.bench',
    INPUT_PLAN: path,
    INPUT_MODE: 'up',
  });
  if (!/^up: /m.test(out)) throw new Error(`network up did not finish:\n${out}`);
  return { ms, writes: compute.engine.writes.length - writes };
}

/** The flow in this process (read plan, credentials, observe, apply), without Node's start and the bundle's load. */
async function flowUp(compute, path) {
  const started = performance.now();
  const { result } = await runNetworkFlow({
    mode: 'up',
    planPath: path,
    statusFile: join(runner.RUNNER_TEMP, 'no-status.json'),
    cwd: runner.RUNNER_TEMP,
    accessToken: 'ya29.bench',
    env: { TALOS_FLEET_COMPUTE_ENDPOINT: compute.url },
    log: silentLog,
    mask: () => undefined,
  });
  if (result.failures.length) throw new Error(String(result.failures[0].error));
  return performance.now() - started;
}

async function fresh() {
  const compute = await new FakeCompute(PROJECT).start();
  compute.operationMs = OP_MS;
  compute.waitCapMs = 10 * OP_MS;
  return compute;
}

const fleet = planFile(10);
const single = planFile(1);
const n = fleet.plan.network;
const objects =
  1 + n.subnetworks.length + n.routers.length + n.firewalls.length + (n.healthChecks?.length ?? 0);
const chainMs = 3 * OP_MS;
const rows = { fleetUp: [], singleUp: [], second: [], secondWrites: [], flowUp: [], flowSecond: [] };
let fleetWrites = 0;
for (let i = 0; i < RUNS; i++) {
  const a = await fresh();
  try {
    const first = await up(a, fleet.path);
    fleetWrites = first.writes;
    rows.fleetUp.push(first.ms);
    const again = await up(a, fleet.path);
    rows.second.push(again.ms);
    rows.secondWrites.push(again.writes);
  } finally {
    await a.close();
  }
  const b = await fresh();
  try {
    rows.singleUp.push((await up(b, single.path)).ms);
  } finally {
    await b.close();
  }
  const c = await fresh();
  try {
    rows.flowUp.push(await flowUp(c, fleet.path));
    rows.flowSecond.push(await flowUp(c, fleet.path));
  } finally {
    await c.close();
  }
}

const results = {
  operationMs: OP_MS,
  runs: RUNS,
  clusters: 10,
  regions: REGIONS.length,
  objects,
  writes: fleetWrites,
  longestChainMs: chainMs,
  sumOfOperationsMs: objects * OP_MS,
  fleetUpMs: median(rows.fleetUp),
  singleClusterUpMs: median(rows.singleUp),
  upOverChain: median(rows.fleetUp) / chainMs,
  upOverSingleClusterUp: median(rows.fleetUp) / median(rows.singleUp),
  flowUpMs: median(rows.flowUp),
  flowUpOverChain: median(rows.flowUp) / chainMs,
  flowSecondUpMs: median(rows.flowSecond),
  secondUpMs: median(rows.second),
  secondUpWrites: Math.max(...rows.secondWrites),
  samples: rows,
};
const f = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(
  `network up: 10 clusters over ${REGIONS.length} regions, ${objects} objects, ${OP_MS} ms per operation (median of ${RUNS})`,
);
console.log(
  `  longest chain (network -> subnet -> router): ${f(chainMs)}; all operations one by one: ${f(objects * OP_MS)}`,
);
console.log(
  `  up:                         ${f(results.fleetUpMs)}  = ${results.upOverChain.toFixed(2)} x the chain (goal <= 1.3)`,
);
console.log(
  `  the flow in process:        ${f(results.flowUpMs)}  = ${results.flowUpOverChain.toFixed(2)} x the chain; its second up ${f(results.flowSecondUpMs)}`,
);
console.log(
  `  up of a 1-cluster fleet:    ${f(results.singleClusterUpMs)}  (fleet / 1-cluster = ${results.upOverSingleClusterUp.toFixed(2)})`,
);
console.log(
  `  second up:                  ${f(results.secondUpMs)}, ${results.secondUpWrites} writes (goal < 1 s, 0 writes)`,
);
saveResults('network', results);
