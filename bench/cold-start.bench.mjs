// Cold start of every bundled action under Node 24: the time from spawning `node dist/<action>.js`
// to its first line on stdout (median of 10), plus the size of dist/. Goal: <= 150 ms each.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, node24, repoRoot, saveResults } from './stats.mjs';

const RUNS = 10;

function firstLine(args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(node24, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve(Number(process.hrtime.bigint() - started) / 1e6);
      child.kill();
    };
    child.stdout.once('data', finish);
    child.on('error', reject);
    child.on('close', () => {
      if (!done) reject(new Error(`${args.join(' ')} printed nothing on stdout`));
    });
  });
}

function dirSize(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += statSync(join(e.parentPath, e.name)).size;
  }
  return total;
}

const tmp = mkdtempSync(join(tmpdir(), 'tf-cold-'));
const env = { PATH: process.env.PATH, HOME: tmp, RUNNER_TEMP: tmp, RUNNER_TOOL_CACHE: tmp };
for (const f of ['out', 'env', 'path', 'summary']) writeFileSync(join(tmp, f), '');
Object.assign(env, {
  GITHUB_OUTPUT: join(tmp, 'out'),
  GITHUB_ENV: join(tmp, 'env'),
  GITHUB_PATH: join(tmp, 'path'),
  GITHUB_STEP_SUMMARY: join(tmp, 'summary'),
});

const entries = readdirSync(join(repoRoot, 'dist')).filter((f) => f.endsWith('.js'));
const emptyNode = [];
for (let i = 0; i < RUNS; i++) emptyNode.push(await firstLine(['-e', 'console.log(1)'], env));
const rows = [{ entry: '(empty node)', medianMs: median(emptyNode) }];
for (const entry of entries) {
  const args =
    entry === 'cli.js' ? [join(repoRoot, 'dist', entry), '--help'] : [join(repoRoot, 'dist', entry)];
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push(await firstLine(args, env));
  rows.push({ entry, medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times) });
}
const distBytes = dirSize(join(repoRoot, 'dist'));
const nodeVersion = spawnSync(node24, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`node ${nodeVersion} (${node24}); median of ${RUNS} runs; time to first stdout line`);
console.table(rows.map((r) => ({ ...r, medianMs: r.medianMs.toFixed(1) })));
console.log(`dist/ total: ${distBytes} bytes (${(distBytes / 1024).toFixed(0)} KiB)`);
saveResults('cold-start', { node: nodeVersion, runs: RUNS, rows, distBytes });
