// Small helpers shared by the benchmarks.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const benchDir = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(benchDir, '..');
export const node24 = join(repoRoot, 'node_modules', '.bin', 'node');

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function saveResults(name, results) {
  mkdirSync(join(benchDir, 'results'), { recursive: true });
  writeFileSync(join(benchDir, 'results', `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
}

/** Milliseconds from spawning Node 24 with `args` to the first byte on its stdout. */
export function timeToFirstLine(args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(node24, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let done = false;
    child.stdout.once('data', () => {
      done = true;
      resolve(Number(process.hrtime.bigint() - started) / 1e6);
      child.kill();
    });
    child.on('error', reject);
    child.on('close', () => {
      if (!done) reject(new Error(`${args.join(' ')} printed nothing on stdout`));
    });
  });
}

/** A runner-like environment (GITHUB_OUTPUT and friends in a temp dir) for timing action entries. */
export function runnerEnv() {
  const tmp = mkdtempSync(join(tmpdir(), 'tf-bench-runner-'));
  const env = { PATH: process.env.PATH, HOME: tmp, RUNNER_TEMP: tmp, RUNNER_TOOL_CACHE: tmp };
  for (const [name, file] of [
    ['GITHUB_OUTPUT', 'out'],
    ['GITHUB_ENV', 'env'],
    ['GITHUB_PATH', 'path'],
    ['GITHUB_STEP_SUMMARY', 'summary'],
  ]) {
    writeFileSync(join(tmp, file), '');
    env[name] = join(tmp, file);
  }
  return env;
}

export function dirSize(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += statSync(join(e.parentPath, e.name)).size;
  }
  return total;
}

/** Runs Node 24 with `args` to its exit: resolves `{ ms, out }` (stdout and stderr), rejects on a non-zero exit. */
export function runNode(args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(node24, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}:\n${out.slice(-4000)}`));
      else resolve({ ms, out });
    });
  });
}

/**
 * Imports TypeScript modules of the repository (fakes, core code) from a plain benchmark script:
 * esbuild bundles them into node_modules/.cache/talos-fleet-bench/<name>/ (packages stay external,
 * shared code in shared chunks so classes keep one identity) and the namespaces come back in order.
 */
export async function importTypeScript(name, files) {
  const outdir = join(repoRoot, 'node_modules', '.cache', 'talos-fleet-bench', name);
  rmSync(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: repoRoot,
    entryPoints: files.map((f) => join(repoRoot, f)),
    outbase: repoRoot,
    outdir,
    entryNames: '[dir]/[name]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    logLevel: 'warning',
  });
  return Promise.all(files.map((f) => import(pathToFileURL(join(outdir, f.replace(/\.ts$/, '.mjs'))).href)));
}
