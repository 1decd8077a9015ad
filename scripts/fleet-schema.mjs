#!/usr/bin/env node
// Writes schemas/fleet.schema.json from the zod fleet schema (src/core/fleet/schema.ts), or with
// --check fails when the committed file is stale. test/plan/json-schema.test.ts checks the same.
// Usage: node scripts/fleet-schema.mjs [--check]
import { mkdir, readFile, rm, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'schemas', 'fleet.schema.json');

const dir = await mkdtemp(join(tmpdir(), 'tf-schema-'));
try {
  const outfile = join(dir, 'json-schema.mjs');
  await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'src/core/fleet/json-schema.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile,
    logLevel: 'warning',
  });
  const { fleetJsonSchemaText } = await import(pathToFileURL(outfile).href);
  const text = fleetJsonSchemaText();
  if (process.argv.includes('--check')) {
    const current = await readFile(target, 'utf8').catch(() => '');
    if (current !== text) {
      console.error('schemas/fleet.schema.json is stale: run node scripts/fleet-schema.mjs');
      process.exitCode = 1;
    }
  } else {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
    console.log(`wrote ${target}`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
