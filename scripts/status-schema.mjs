#!/usr/bin/env node
// Generates schemas/status.schema.json from the zod schema in src/core/status/schema.ts.
// Usage: node scripts/status-schema.mjs [--write]   (without --write it prints the schema)
// The TypeScript module is bundled in memory with esbuild (already the project's bundler), so
// this needs no build step and no second copy of the schema.
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { format, resolveConfig } from 'prettier';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const statusSchemaFile = join(root, 'schemas', 'status.schema.json');

const result = await build({
  entryPoints: [join(root, 'src/core/status/json-schema.ts')],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  logLevel: 'warning',
});
const source = result.outputFiles[0].text;
const { statusJsonSchemaText } = await import(
  `data:text/javascript;base64,${Buffer.from(source).toString('base64')}`
);
// Formatted like every other file in the repository, so `prettier --check` passes.
const text = await format(statusJsonSchemaText(), {
  ...(await resolveConfig(statusSchemaFile)),
  filepath: statusSchemaFile,
});
if (process.argv.includes('--write')) {
  await writeFile(statusSchemaFile, text);
  console.log(`wrote ${statusSchemaFile}`);
} else process.stdout.write(text);
