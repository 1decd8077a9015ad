// mesh figure (issue 16): with simulated per-cluster install times, the whole mesh is ready
// within 1.1 x (the slowest single cluster's install + the verification time). Runs the mesh flow
// in-process against the fake world of test/fakes/mesh (a fake API per cluster, the helm and
// cilium stand-ins on PATH, install times from FAKE_HELM_INSTALL_MS) and, side by side in the same
// run, the slowest cluster alone.
import { readFile, writeFile } from 'node:fs/promises';
import { importTypeScript, median, repoRoot, saveResults } from './stats.mjs';

const [{ meshWorld }, { runMeshFlow }, { inputsSchema }, { silentLog }] = await importTypeScript('mesh', [
  'test/fakes/mesh/mesh-world.ts',
  'src/adapters/mesh-ports.ts',
  'src/actions/mesh/inputs.ts',
  'src/core/log.ts',
]);

// Scaled from Cilium's real install-to-ready (a minute or two per cluster) so that process start-up of
// the stand-ins, which the real CLIs also pay, stays small beside them.
const INSTALL_MS = { eu: 20_000, us: 30_000, asia: 25_000 };
const SLOWEST = 'us';

async function run(only) {
  const w = await meshWorld({
    root: repoRoot,
    fixture: 'three-region-mesh',
    env: { FAKE_HELM_INSTALL_MS: JSON.stringify(INSTALL_MS) },
  });
  try {
    if (only) {
      const plan = JSON.parse(await readFile(w.planPath, 'utf8'));
      plan.clusters = plan.clusters.filter((c) => c.name === only).map((c) => ({ ...c, peers: [] }));
      await writeFile(w.planPath, JSON.stringify(plan));
    }
    const inputs = inputsSchema.parse({ ...w.inputs, timeout: '5m' });
    const started = performance.now();
    const { result } = await runMeshFlow({
      inputs,
      cwd: w.dir,
      env: { ...process.env, ...w.env },
      tempDir: w.dir,
      log: silentLog,
      mask: () => undefined,
    });
    const wallMs = performance.now() - started;
    if (!result.ready) throw new Error(`mesh not ready: ${result.summary}`);
    return { wallMs, verifyMs: result.timings.verifyMs, installMs: result.timings.installMs };
  } finally {
    await w.close();
  }
}

const rounds = [];
for (let i = 0; i < 3; i++) {
  const mesh = await run(undefined);
  const single = await run(SLOWEST);
  const bound = single.wallMs + mesh.verifyMs;
  rounds.push({
    meshMs: mesh.wallMs,
    verifyMs: mesh.verifyMs,
    slowestAloneMs: single.wallMs,
    ratio: mesh.wallMs / bound,
  });
  console.log(
    `round ${i + 1}: mesh of 3 ${mesh.wallMs.toFixed(0)} ms (verification ${mesh.verifyMs.toFixed(0)} ms), ${SLOWEST} alone ${single.wallMs.toFixed(0)} ms -> ratio ${(mesh.wallMs / bound).toFixed(3)}`,
  );
}
const summary = {
  installMs: INSTALL_MS,
  medianMeshMs: median(rounds.map((r) => r.meshMs)),
  medianSlowestAloneMs: median(rounds.map((r) => r.slowestAloneMs)),
  medianVerifyMs: median(rounds.map((r) => r.verifyMs)),
  medianRatio: median(rounds.map((r) => r.ratio)),
  goal: 'ratio <= 1.1',
  rounds,
};
console.log(`median ratio ${summary.medianRatio.toFixed(3)} (goal <= 1.1)`);
saveResults('mesh', summary);
