#!/usr/bin/env node
// Runs every benchmark in bench/ (each `*.bench.mjs`, or one named on the command line), one after
// another, and prints their results. Each benchmark prints its own table and writes
// bench/results/<name>.json. Benchmarks measure; they never fail on a slow machine.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();
let failed = 0;
for (const bench of benches) {
  console.log(`\n=== ${bench} ===`);
  const r = spawnSync(process.execPath, [join(here, bench)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`${bench} exited ${r.status}`);
  }
}
process.exit(failed ? 1 : 0);
