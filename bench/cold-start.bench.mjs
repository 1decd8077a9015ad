// Cold start of every bundled action under Node 24: the time from spawning `node dist/<action>.js`
// to its first line on stdout (median of 10), plus the size of dist/. Goal: <= 150 ms each.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dirSize, median, node24, repoRoot, runnerEnv, saveResults, timeToFirstLine } from './stats.mjs';

const RUNS = 10;

const env = runnerEnv();

const entries = readdirSync(join(repoRoot, 'dist')).filter((f) => f.endsWith('.js'));
const emptyNode = [];
for (let i = 0; i < RUNS; i++) emptyNode.push(await timeToFirstLine(['-e', 'console.log(1)'], env));
const rows = [{ entry: '(empty node)', medianMs: median(emptyNode) }];
for (const entry of entries) {
  const args =
    entry === 'cli.js' ? [join(repoRoot, 'dist', entry), '--help'] : [join(repoRoot, 'dist', entry)];
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push(await timeToFirstLine(args, env));
  rows.push({ entry, medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times) });
}
const distBytes = dirSize(join(repoRoot, 'dist'));
const nodeVersion = spawnSync(node24, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`node ${nodeVersion} (${node24}); median of ${RUNS} runs; time to first stdout line`);
console.table(rows.map((r) => ({ ...r, medianMs: r.medianMs.toFixed(1) })));
console.log(`dist/ total: ${distBytes} bytes (${(distBytes / 1024).toFixed(0)} KiB)`);
saveResults('cold-start', { node: nodeVersion, runs: RUNS, rows, distBytes });
