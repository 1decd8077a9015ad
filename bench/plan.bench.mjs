// Plans a 255-cluster meshed fleet (the most Cilium allows). Goal: <= 1 s.
// 1. In process: the pure planner (parse + validate + allocate + render), bundled from src with
//    esbuild so the figure excludes Node start-up; median of 10 runs after a warm-up.
// 2. End to end: `node dist/cli.js plan ... --out <tmp>` under Node 24, including start-up and
//    writing the 511 files; median of 5 runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importTypeScript, median, node24, repoRoot, saveResults } from './stats.mjs';

const REGIONS = ['us-east1', 'us-central1', 'europe-west1', 'europe-west4', 'asia-northeast1', 'us-west1'];
const clusters = Array.from(
  { length: 255 },
  (_, i) => `    - name: c${i}\n      region: ${REGIONS[i % REGIONS.length]}\n`,
).join('');
const spec = `apiVersion: talos-fleet.dev/v1alpha1
kind: Fleet
metadata:
  name: big
spec:
  gcp:
    project: my-project
  access:
    talosApiSourceRanges: [203.0.113.0/24]
  clusters:
${clusters}  mesh:
    enabled: true
`;

const dir = mkdtempSync(join(tmpdir(), 'tf-bench-plan-'));
try {
  const specFile = join(dir, 'fleet.yaml');
  writeFileSync(specFile, spec);
  const [{ planFleet }] = await importTypeScript('plan', ['src/core/plan/planner.ts']);

  const inProcess = [];
  let files = 0;
  for (let i = 0; i < 11; i++) {
    const t = performance.now();
    const result = planFleet(spec, { now: 1_795_521_600 });
    const ms = performance.now() - t;
    if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
    files = result.files.length;
    if (i > 0) inProcess.push(ms);
  }

  const endToEnd = [];
  for (let i = 0; i < 5; i++) {
    const out = join(dir, `out-${i}`);
    const t = performance.now();
    const r = spawnSync(
      node24,
      [
        join(repoRoot, 'dist/cli.js'),
        'plan',
        specFile,
        '--out',
        out,
        '--now',
        '1795521600',
        '--format',
        'json',
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    endToEnd.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`exit ${r.status} ${r.error?.message ?? ''}\n${r.stderr}`);
  }

  const results = {
    clusters: 255,
    files,
    inProcessMedianMs: Math.round(median(inProcess)),
    inProcessMaxMs: Math.round(Math.max(...inProcess)),
    endToEndMedianMs: Math.round(median(endToEnd)),
    goalMs: 1000,
  };
  console.log('plan: 255-cluster meshed fleet');
  console.log(
    `  in process (parse, validate, allocate, render): median ${results.inProcessMedianMs} ms, max ${results.inProcessMaxMs} ms (10 runs)`,
  );
  console.log(
    `  CLI end to end (Node 24 start-up + ${files} files written): median ${results.endToEndMedianMs} ms (5 runs)`,
  );
  console.log(
    `  goal <= ${results.goalMs} ms: ${results.endToEndMedianMs <= results.goalMs ? 'met' : 'NOT met'}`,
  );
  saveResults('plan', results);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
