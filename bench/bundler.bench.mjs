// esbuild (what `npm run build` uses: one pass, code splitting) against @vercel/ncc (one bundle
// per entry, as most actions build) on the same entries, side by side: build time, total size on
// disk, and each action's time to its first log line under Node 24 (median of 10).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAll } from '../scripts/build.mjs';
import { dirSize, median, repoRoot, runnerEnv, saveResults, timeToFirstLine } from './stats.mjs';

const RUNS = 10;
const actions = readdirSync(join(repoRoot, 'src/actions')).sort();
const out = mkdtempSync(join(tmpdir(), 'tf-bundlers-'));
const env = runnerEnv();

let started = performance.now();
await buildAll(join(out, 'esbuild'));
const esbuildMs = performance.now() - started;

const ncc = join(repoRoot, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
started = performance.now();
for (const name of actions) {
  const r = spawnSync(
    process.execPath,
    [ncc, 'build', join(repoRoot, 'src/actions', name, 'main.ts'), '-o', join(out, 'ncc', name), '-q'],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`ncc failed on ${name}: ${r.stderr}`);
}
const nccMs = performance.now() - started;

const rows = [];
for (const name of actions) {
  const timings = {};
  for (const [bundler, entry] of [
    ['esbuild', join(out, 'esbuild', `${name}.js`)],
    ['ncc', join(out, 'ncc', name, 'index.js')],
  ]) {
    const times = [];
    for (let i = 0; i < RUNS; i++) times.push(await timeToFirstLine([entry], env));
    timings[bundler] = median(times);
  }
  rows.push({ action: name, esbuildMs: timings.esbuild.toFixed(1), nccMs: timings.ncc.toFixed(1) });
}
const sizes = { esbuild: dirSize(join(out, 'esbuild')), ncc: dirSize(join(out, 'ncc')) };
console.log(`actions: ${actions.join(', ')} (the CLI is left out: ncc would bundle it a fifth time)`);
console.table([
  { bundler: 'esbuild (splitting)', buildMs: esbuildMs.toFixed(0), bytes: sizes.esbuild },
  { bundler: 'ncc (per entry)', buildMs: nccMs.toFixed(0), bytes: sizes.ncc },
]);
console.log(`time to first log line, median of ${RUNS}:`);
console.table(rows);
saveResults('bundler', { esbuildMs, nccMs, sizes, rows });
