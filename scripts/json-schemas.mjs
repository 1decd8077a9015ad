#!/usr/bin/env node
// Writes the published JSON Schemas, schemas/fleet.schema.json and schemas/status.schema.json,
// from the zod schemas the code validates with (src/core/fleet/schema.ts, src/core/status/schema.ts).
// With --check it writes nothing and exits 1 when a committed file is stale; tests check the same.
// The TypeScript modules are bundled in memory with esbuild, so no build step is needed.
// Usage: node scripts/json-schemas.mjs [--check]   (npm run schemas)
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const result = await build({
  absWorkingDir: root,
  stdin: {
    contents: [
      "export { fleetJsonSchemaText } from './src/core/fleet/json-schema.ts';",
      "export { statusJsonSchemaText } from './src/core/status/json-schema.ts';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  logLevel: 'warning',
});
const generators = await import(
  `data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString('base64')}`
);

const files = {
  'schemas/fleet.schema.json': generators.fleetJsonSchemaText(),
  'schemas/status.schema.json': generators.statusJsonSchemaText(),
};
for (const [file, text] of Object.entries(files)) {
  const target = join(root, file);
  if (process.argv.includes('--check')) {
    if ((await readFile(target, 'utf8').catch(() => '')) !== text) {
      console.error(`${file} is stale: run 'npm run schemas'`);
      process.exitCode = 1;
    }
  } else {
    await writeFile(target, text);
    console.log(`wrote ${file}`);
  }
}
