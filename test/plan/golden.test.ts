import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planFleet } from '../../src/core/plan/planner.js';
import { repoRoot } from '../support/paths.js';
import { EXAMPLES, NOW, exampleText, mustPlan, specText } from './helpers.js';

/** Golden files for the examples; regenerate with UPDATE_GOLDEN=1 npx vitest run test/plan/golden.test.ts. */
const goldenDir = join(repoRoot, 'test/golden/plan');

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

describe('golden plans of the examples', () => {
  for (const example of EXAMPLES) {
    it(`${example} matches test/golden/plan/${example}/`, () => {
      const { files } = mustPlan(exampleText(example));
      const dir = join(goldenDir, example);
      if (process.env.UPDATE_GOLDEN) {
        rmSync(dir, { recursive: true, force: true });
        for (const f of files) {
          mkdirSync(dirname(join(dir, f.path)), { recursive: true });
          writeFileSync(join(dir, f.path), f.content);
        }
      }
      expect(
        listFiles(dir)
          .map((p) => relative(dir, p))
          .sort(),
      ).toEqual(files.map((f) => f.path).sort());
      for (const f of files) expect(f.content, f.path).toBe(readFileSync(join(dir, f.path), 'utf8'));
    });
  }

  it('is byte-identical for the same spec and time', () => {
    const a = planFleet(exampleText('three-region-mesh'), { now: NOW });
    const b = planFleet(exampleText('three-region-mesh'), { now: NOW });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('keeps the existing clusters allocations when a cluster is appended', () => {
    const before = mustPlan(exampleText('three-region-mesh')).plan.clusters;
    const after = mustPlan(
      specText(
        (d) => d.spec.clusters.push({ name: 'sa', region: 'southamerica-east1' }),
        'three-region-mesh',
      ),
    ).plan.clusters;
    const pick = (c: (typeof before)[number]) => [
      c.name,
      c.id,
      c.podCidr,
      c.serviceCidr,
      c.nodeCidr,
      c.subnet,
    ];
    expect(after.slice(0, before.length).map(pick)).toEqual(before.map(pick));
    expect(after[3]).toMatchObject({ name: 'sa', id: 3 });
  });
});
