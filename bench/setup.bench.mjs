// setup: installing the whole toolchain through a loopback mirror that adds 200 ms of latency to
// every request and caps each response at a fixed bandwidth. Stand-in assets are padded to a tenth
// of the real downloads' sizes (gcloud the largest by far). Measures, median of RUNS each:
//   - the slowest single tool download (a plain GET of the biggest asset through the same mirror),
//   - a cold install of every tool by the real bundled action (dist/setup.js), default concurrency,
//   - the same tools installed one after another (TALOS_FLEET_SETUP_CONCURRENCY=1),
//   - a warm run with everything in the tool cache (whole action, spawn to exit).
// Goals from issue 3: cold <= 1.25 x slowest download; warm <= 0.5 s. Prints, never fails.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { importTypeScript, median, repoRoot, runNode, runnerEnv, saveResults } from './stats.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LATENCY_MS = 200;
const BYTES_PER_SECOND = 8 * 1024 * 1024;
const MB = 1024 * 1024;
/** A tenth of each real asset's size (tools.md / release pages, rounded). */
const PAD = {
  gcloud: 16 * MB,
  talosctl: 8 * MB,
  clusterctl: 7 * MB,
  kubectl: 6 * MB,
  cilium: 6 * MB,
  helm: 2 * MB,
  task: 1 * MB,
  yq: 1 * MB,
  kind: 1 * MB,
};

const [{ ToolMirror, PINNED }, { GithubApiFake }] = await importTypeScript('setup', [
  'test/fakes/tool-mirror/tool-mirror.ts',
  'test/fakes/tool-mirror/github-api.ts',
]);

const api = await new GithubApiFake().start();
const mirror = await new ToolMirror(api).start();
for (const [tool, version] of Object.entries(PINNED)) {
  mirror.publish(tool, version, { platforms: ['linux/amd64'], padBytes: PAD[tool] });
}
for (const server of [mirror, api])
  server.throttle = { latencyMs: LATENCY_MS, bytesPerSecond: BYTES_PER_SECOND };

/** A fresh runner (GITHUB_OUTPUT and friends from runnerEnv), with its own temp and tool-cache dirs. */
function newRunner() {
  const env = runnerEnv();
  for (const d of ['temp', 'tool-cache']) mkdirSync(join(env.HOME, d));
  return {
    ...env,
    RUNNER_TEMP: join(env.HOME, 'temp'),
    RUNNER_TOOL_CACHE: join(env.HOME, 'tool-cache'),
    GITHUB_WORKSPACE: env.HOME,
  };
}

function runAction(runner, extraEnv = {}) {
  const env = {
    ...runner,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    GITHUB_API_URL: api.url,
    'INPUT_MIRROR-URL': mirror.url,
    'INPUT_GITHUB-TOKEN': 'ghs_bench',
    INPUT_CACHE: 'true',
    ...extraEnv,
  };
  return runNode([join(repoRoot, 'dist', 'setup.js')], env).then((r) => r.ms);
}

async function download(path) {
  const started = performance.now();
  const res = await fetch(`${mirror.url}/${path}`);
  const body = Buffer.from(await res.arrayBuffer());
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return { ms: performance.now() - started, bytes: body.length };
}

const singles = {};
for (const [tool, version] of Object.entries(PINNED)) {
  const times = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await download(mirror.assetPath(tool, version));
    times.push(r.ms);
    bytes = r.bytes;
  }
  singles[tool] = { medianMs: median(times), bytes };
}
const [slowestTool, slowest] = Object.entries(singles).sort((a, b) => b[1].medianMs - a[1].medianMs)[0];

const cold = [];
const sequential = [];
const warm = [];
for (let i = 0; i < RUNS; i++) {
  const runner = newRunner();
  cold.push(await runAction(runner));
  for (let w = 0; w < 3; w++) warm.push(await runAction(runner));
  rmSync(runner.HOME, { recursive: true, force: true });
  const seqRunner = newRunner();
  sequential.push(await runAction(seqRunner, { TALOS_FLEET_SETUP_CONCURRENCY: '1' }));
  rmSync(seqRunner.HOME, { recursive: true, force: true });
}
// Warm runs must not touch the network at all.
const before = mirror.requests.length + api.requests.length;
const check = newRunner();
await runAction(check);
const afterCold = mirror.requests.length + api.requests.length;
await runAction(check);
const warmRequests = mirror.requests.length + api.requests.length - afterCold;
rmSync(check.HOME, { recursive: true, force: true });

const coldMs = median(cold);
const seqMs = median(sequential);
const warmMs = median(warm);
const results = {
  node: process.versions.node,
  runs: RUNS,
  latencyMs: LATENCY_MS,
  bytesPerSecondPerResponse: BYTES_PER_SECOND,
  singleDownloads: singles,
  slowestTool,
  slowestDownloadMs: slowest.medianMs,
  coldAllToolsMs: coldMs,
  sequentialAllToolsMs: seqMs,
  warmRunMs: warmMs,
  coldOverSlowest: coldMs / slowest.medianMs,
  sequentialOverCold: seqMs / coldMs,
  coldRequests: afterCold - before,
  warmRequests,
};
console.log(
  `loopback mirror: +${LATENCY_MS} ms per request, ${(BYTES_PER_SECOND / MB).toFixed(0)} MiB/s per response; median of ${RUNS} runs`,
);
console.table(
  Object.entries(singles).map(([tool, s]) => ({
    tool,
    MiB: (s.bytes / MB).toFixed(1),
    downloadMs: s.medianMs.toFixed(0),
  })),
);
console.table([
  { measure: `slowest single download (${slowestTool})`, ms: slowest.medianMs.toFixed(0), ratio: '' },
  {
    measure: 'cold install, all 9 tools (parallel)',
    ms: coldMs.toFixed(0),
    ratio: `${results.coldOverSlowest.toFixed(2)} x slowest (goal <= 1.25)`,
  },
  {
    measure: 'cold install, one after another',
    ms: seqMs.toFixed(0),
    ratio: `${results.sequentialOverCold.toFixed(2)} x parallel`,
  },
  {
    measure: 'warm run, whole action',
    ms: warmMs.toFixed(0),
    ratio: `goal <= 500 ms; ${warmRequests} requests`,
  },
]);
saveResults('setup', results);
await mirror.close();
await api.close();
