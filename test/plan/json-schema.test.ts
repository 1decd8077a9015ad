import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fleetJsonSchemaText } from '../../src/core/fleet/json-schema.js';
import { repoRoot } from '../support/paths.js';
import { EXAMPLES, exampleText } from './helpers.js';

describe('published JSON Schema of the fleet spec', () => {
  const file = join(repoRoot, 'schemas/fleet.schema.json');

  it('is in sync with the zod schema (regenerate: npm run schemas)', () => {
    expect(readFileSync(file, 'utf8')).toBe(fleetJsonSchemaText());
  });

  it('accepts the examples and rejects an unknown key', () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(
      JSON.parse(readFileSync(file, 'utf8')),
    );
    for (const example of EXAMPLES) expect(validate(parse(exampleText(example))), example).toBe(true);
    const typo = parse(exampleText('two-region-mesh'));
    typo.spec.clusters[0].podCIDR = '10.9.0.0/16';
    expect(validate(typo)).toBe(false);
  });
});
