#!/usr/bin/env node
// Bundles every action entry (src/actions/<name>/main.ts -> dist/<name>.js) and the CLI
// (dist/cli.js) in one esbuild pass with code splitting: each entry stays small and shared code
// lands once in dist/chunks/. Usage: node scripts/build.mjs [--outdir DIR] [--metafile FILE]
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function actionEntries() {
  const dirs = await readdir(join(root, 'src/actions'), { withFileTypes: true });
  return dirs
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

// Bundled CommonJS dependencies call require() and read __dirname; ESM has neither.
const banner = [
  "import { createRequire as __tfCreateRequire } from 'node:module';",
  "import { fileURLToPath as __tfFileURLToPath } from 'node:url';",
  "import { dirname as __tfDirname } from 'node:path';",
  'const require = __tfCreateRequire(import.meta.url);',
  'const __filename = __tfFileURLToPath(import.meta.url);',
  'const __dirname = __tfDirname(__filename);',
].join('\n');

export async function buildAll(outdir = join(root, 'dist')) {
  const actions = await actionEntries();
  const entryPoints = [
    ...actions.map((name) => ({ in: join(root, 'src/actions', name, 'main.ts'), out: name })),
    { in: join(root, 'src/cli/main.ts'), out: 'cli' },
  ];
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: banner },
    legalComments: 'linked',
    minifySyntax: true,
    minifyWhitespace: true,
    metafile: true,
    logLevel: 'warning',
  });
  return result;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { outdir: { type: 'string' }, metafile: { type: 'string' } } });
  const outdir = values.outdir ? resolve(values.outdir) : join(root, 'dist');
  const result = await buildAll(outdir);
  if (values.metafile) await writeFile(values.metafile, JSON.stringify(result.metafile));
  const outputs = Object.entries(result.metafile.outputs).filter(([f]) => !f.endsWith('.map'));
  const total = outputs.reduce((n, [, o]) => n + o.bytes, 0);
  console.log(`built ${outputs.length} files, ${(total / 1024).toFixed(0)} KiB, into ${outdir}`);
}
