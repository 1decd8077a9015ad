import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actionDirs } from '../../scripts/readme-tables.mjs';
import { repoRoot, schemasAvailable, schemasMissingReason } from '../support/paths.js';
import { formatAjvErrors, jsonSchemaValidator } from '../support/schemas.js';

const dirs = actionDirs();

describe('action.yml files', () => {
  it('exist for the root installer and every action folder', () => {
    expect(dirs).toEqual(expect.arrayContaining(['.', 'plan', 'image', 'pr-status']));
  });

  for (const dir of dirs) {
    const file = join(repoRoot, dir, 'action.yml');
    const action = parse(readFileSync(file, 'utf8'));

    it(`${dir}/action.yml runs on node24 from the shared dist/`, () => {
      expect(action.runs.using).toBe('node24');
      const main = join(repoRoot, dir, action.runs.main);
      expect(main.startsWith(join(repoRoot, 'dist'))).toBe(true);
      expect(existsSync(main), `${action.runs.main} must exist`).toBe(true);
    });

    it(`${dir}/action.yml documents every input and output`, () => {
      for (const [name, input] of Object.entries<{ description?: string }>(action.inputs ?? {})) {
        expect(input.description, `input ${name}`).toBeTruthy();
      }
      for (const [name, output] of Object.entries<{ description?: string }>(action.outputs ?? {})) {
        expect(output.description, `output ${name}`).toBeTruthy();
      }
    });

    it.skipIf(!schemasAvailable)(`${dir}/action.yml passes the SchemaStore github-action schema`, () => {
      const validate = jsonSchemaValidator('schemastore/github-action.json');
      expect(validate(action), formatAjvErrors(validate)).toBe(true);
    });
  }

  it.runIf(!schemasAvailable)('reports why the schema check was skipped', () => {
    console.warn(`skipped action.yml schema checks: ${schemasMissingReason}`);
  });
});
