#!/usr/bin/env node
// Generates the inputs/outputs tables in README.md from each action.yml, between
// `<!-- action-docs:<dir> -->` and `<!-- /action-docs:<dir> -->` markers ('.' is the root action).
// Usage: node scripts/readme-tables.mjs [--write]   (without --write it exits 1 when README is stale)
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function actionDirs() {
  const dirs = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'action.yml')))
    .map((d) => d.name)
    .sort();
  return ['.', ...dirs];
}

const cell = (s) =>
  String(s ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ')
    .trim();

export function renderTables(actionYml) {
  const action = parse(actionYml);
  const lines = [];
  const inputs = Object.entries(action.inputs ?? {});
  if (inputs.length) {
    lines.push('| Input | Required | Default | Description |', '|---|---|---|---|');
    for (const [name, i] of inputs) {
      const def = i.default === undefined || i.default === '' ? '' : `\`${cell(i.default)}\``;
      lines.push(`| \`${name}\` | ${i.required ? 'yes' : 'no'} | ${def} | ${cell(i.description)} |`);
    }
  }
  const outputs = Object.entries(action.outputs ?? {});
  if (outputs.length) {
    if (lines.length) lines.push('');
    lines.push('| Output | Description |', '|---|---|');
    for (const [name, o] of outputs) lines.push(`| \`${name}\` | ${cell(o.description)} |`);
  }
  return lines.join('\n');
}

export function updateReadme(readme) {
  let out = readme;
  const missing = [];
  for (const dir of actionDirs()) {
    const start = `<!-- action-docs:${dir} -->`;
    const end = `<!-- /action-docs:${dir} -->`;
    const a = out.indexOf(start);
    const b = out.indexOf(end);
    if (a < 0 || b < a) {
      missing.push(dir);
      continue;
    }
    const tables = renderTables(readFileSync(join(root, dir, 'action.yml'), 'utf8'));
    out = `${out.slice(0, a + start.length)}\n${tables}\n${out.slice(b)}`;
  }
  return { readme: out, missing };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const path = join(root, 'README.md');
  const current = readFileSync(path, 'utf8');
  const { readme, missing } = updateReadme(current);
  if (missing.length) {
    console.error(`README.md lacks action-docs markers for: ${missing.join(', ')}`);
    process.exit(1);
  }
  if (process.argv.includes('--write')) {
    writeFileSync(path, readme);
    console.log('README.md tables updated');
  } else if (readme !== current) {
    console.error("README.md tables are stale: run 'npm run docs'");
    process.exit(1);
  }
}
