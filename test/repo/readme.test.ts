import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { updateReadme } from '../../scripts/readme-tables.mjs';
import { repoRoot } from '../support/paths.js';

describe('README.md', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

  it("has inputs/outputs tables that match every action.yml (run 'npm run docs' when this fails)", () => {
    const { readme: regenerated, missing } = updateReadme(readme);
    expect(missing).toEqual([]);
    expect(readme).toBe(regenerated);
  });

  it('names the two commands a newcomer runs', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });
});
