// setup: the real bundled action (dist/setup.js) installing tools through a loopback mirror and
// GitHub API fake, in two scenarios, each measured side by side in one run (median of RUNS):
//   latency-bound:   +400 ms on every request, small stand-in files, six tools;
//   bandwidth-bound: +20 ms per request, every response capped at 8 MiB/s (as a CDN caps each
//                    connection), stand-ins padded to a tenth of the real downloads, all nine tools.
// In each: every tool installed alone by the action (the slowest of them is the reference), then
// all of them at once (the default), 4 at a time (the old default) and one after another
// (TALOS_FLEET_SETUP_CONCURRENCY), interleaved run by run so load affects each alike. Then a warm
// run with everything cached. Goals (issues 3 and 10): all at once <= 1.25 x the slowest tool
// alone in both scenarios; warm <= 0.5 s with no request. Prints, never fails.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { importTypeScript, median, repoRoot, runNode, runnerEnv, saveResults } from './stats.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
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
const SCENARIOS = [
  {
    name: 'latency-bound',
    describe: '+400 ms per request, small files',
    tools: ['kubectl', 'clusterctl', 'talosctl', 'helm', 'cilium', 'kind'],
    throttle: { latencyMs: 400 },
    pad: false,
  },
  {
    name: 'bandwidth-bound',
    describe: '+20 ms per request, 8 MiB/s per response, files a tenth of the real size',
    tools: ['task', 'kubectl', 'clusterctl', 'talosctl', 'gcloud', 'yq', 'helm', 'cilium', 'kind'],
    throttle: { latencyMs: 20, bytesPerSecond: 8 * MB },
    pad: true,
  },
];
const MODES = [
  { name: 'all at once (default)', env: {} },
  { name: '4 at a time (old default)', env: { TALOS_FLEET_SETUP_CONCURRENCY: '4' } },
  { name: 'one after another', env: { TALOS_FLEET_SETUP_CONCURRENCY: '1' } },
];

// The mirror serves HTTPS with the loopback test certificate (setup refuses a plain-http mirror
// without a lock file); the bundled fake finds it here, and the action trusts it as a runner trusts
// a corporate CA.
const TLS_DIR = join(repoRoot, 'test', 'fakes', 'http', 'tls');
process.env.TALOS_FLEET_FAKE_TLS_DIR = TLS_DIR;
const [{ ToolMirror, PINNED }, { GithubApiFake }] = await importTypeScript('setup', [
  'test/fakes/tool-mirror/tool-mirror.ts',
  'test/fakes/tool-mirror/github-api.ts',
]);

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

async function measure(scenario) {
  const api = await new GithubApiFake().start();
  const mirror = await new ToolMirror(api).start(0, { tls: true });
  for (const [tool, version] of Object.entries(PINNED))
    mirror.publish(tool, version, {
      platforms: ['linux/amd64'],
      ...(scenario.pad ? { padBytes: PAD[tool] } : {}),
    });
  for (const server of [mirror, api]) server.throttle = scenario.throttle;

  const install = async (tools, extraEnv = {}, runner = newRunner()) => {
    const env = {
      ...runner,
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      GITHUB_API_URL: api.url,
      INPUT_TOOLS: tools.join(', '),
      'INPUT_MIRROR-URL': mirror.url,
      'INPUT_GITHUB-TOKEN': 'ghs_bench',
      INPUT_CACHE: 'true',
      NODE_EXTRA_CA_CERTS: join(TLS_DIR, 'loopback.cert.pem'),
      ...extraEnv,
    };
    const { ms } = await runNode([join(repoRoot, 'dist', 'setup.js')], env);
    return { ms, runner };
  };

  const alone = Object.fromEntries(scenario.tools.map((t) => [t, []]));
  const modes = Object.fromEntries(MODES.map((m) => [m.name, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const tool of scenario.tools) {
      const { ms, runner } = await install([tool]);
      alone[tool].push(ms);
      rmSync(runner.HOME, { recursive: true, force: true });
    }
    for (const mode of MODES) {
      const { ms, runner } = await install(scenario.tools, mode.env);
      modes[mode.name].push(ms);
      rmSync(runner.HOME, { recursive: true, force: true });
    }
  }
  // A warm run: everything cached, and not one request.
  const { runner } = await install(scenario.tools);
  const before = mirror.requests.length + api.requests.length;
  const warm = [];
  for (let i = 0; i < RUNS; i++) warm.push((await install(scenario.tools, {}, runner)).ms);
  const warmRequests = mirror.requests.length + api.requests.length - before;
  rmSync(runner.HOME, { recursive: true, force: true });
  await mirror.close();
  await api.close();

  const aloneMs = Object.fromEntries(Object.entries(alone).map(([t, v]) => [t, median(v)]));
  const [slowestTool, slowestMs] = Object.entries(aloneMs).sort((a, b) => b[1] - a[1])[0];
  const modeMs = Object.fromEntries(Object.entries(modes).map(([m, v]) => [m, median(v)]));
  return { aloneMs, slowestTool, slowestMs, modeMs, warmMs: median(warm), warmRequests };
}

const results = { node: process.versions.node, runs: RUNS, scenarios: {} };
for (const scenario of SCENARIOS) {
  const r = await measure(scenario);
  results.scenarios[scenario.name] = { ...scenario, ...r };
  console.log(
    `\n${scenario.name}: ${scenario.describe}; ${scenario.tools.length} tools; median of ${RUNS} runs`,
  );
  console.table(
    Object.entries(r.aloneMs).map(([tool, ms]) => ({ 'installed alone': tool, ms: ms.toFixed(0) })),
  );
  console.table([
    {
      measure: `slowest tool alone (${r.slowestTool})`,
      ms: r.slowestMs.toFixed(0),
      'x slowest alone': '1.00',
    },
    ...Object.entries(r.modeMs).map(([mode, ms]) => ({
      measure: `all ${scenario.tools.length}, ${mode}`,
      ms: ms.toFixed(0),
      'x slowest alone': (ms / r.slowestMs).toFixed(2),
    })),
    {
      measure: 'warm run, whole action',
      ms: r.warmMs.toFixed(0),
      'x slowest alone': `${r.warmRequests} requests`,
    },
  ]);
}
saveResults('setup', results);
