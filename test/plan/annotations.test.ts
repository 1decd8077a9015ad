import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_ANNOTATION_LIMIT, fitAnnotations } from '../../src/core/error-annotations.js';
import { removeRunnerDir, runDist } from '../support/run-dist.js';

/** Issue 10, robustness: each spec error is annotated once; past GitHub's 10, the rest in one summary. */

/** A spec with `n` errors, one unknown region per cluster, each on its own line. */
const specWithErrors = (n: number) =>
  [
    'apiVersion: talos-fleet.dev/v1alpha1',
    'kind: Fleet',
    'metadata:',
    '  name: many',
    'spec:',
    '  gcp: {project: my-project}',
    '  clusters:',
    ...Array.from({ length: n }, (_, i) => `    - {name: c${i}, region: nowhere${i}}`),
    '',
  ].join('\n');

let ws: string;
beforeAll(async () => {
  ws = await mkdtemp(join(tmpdir(), 'tf-annotations-'));
});
afterAll(async () => {
  await rm(ws, { recursive: true, force: true });
});

async function plan(errors: number) {
  await writeFile(join(ws, 'fleet.yaml'), specWithErrors(errors));
  const r = await runDist('plan', { inputs: { spec: 'fleet.yaml' }, env: { GITHUB_WORKSPACE: ws }, cwd: ws });
  await removeRunnerDir(r.runnerDir);
  return { ...r, errors: r.annotations.filter((a) => a.level === 'error') };
}

describe('plan action annotations', () => {
  it('annotates each of 3 errors once, at its line, and nothing more', async () => {
    const r = await plan(3);
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(3);
    r.errors.forEach((a, i) => {
      expect(a.properties).toContain('file=fleet.yaml');
      expect(a.properties).toContain(`line=${8 + i}`);
      expect(a.message).toContain(`nowhere${i}`);
    });
  });

  it('with 13 errors: 9 at their lines and one summary of the other 4, all 13 in the job summary', async () => {
    const r = await plan(13);
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(ERROR_ANNOTATION_LIMIT);
    const text = r.errors.map((a) => a.message).join('\n');
    for (let i = 0; i < 13; i++) expect(text.split(`'nowhere${i}'`).length - 1, `nowhere${i}`).toBe(1);
    expect(r.errors.at(-1)?.message).toMatch(/^4 more error\(s\); the job summary lists all 13:/);
    for (let i = 0; i < 13; i++) expect(r.summary).toContain(`nowhere${i}`);
  });
});

describe('fitAnnotations', () => {
  const some = (n: number) => Array.from({ length: n }, (_, i) => ({ message: `e${i}`, startLine: i + 1 }));
  it('keeps up to the limit as they are, and folds the rest into the last one', () => {
    expect(fitAnnotations(some(10), { title: 't', where: 'w' })).toEqual(some(10));
    const fitted = fitAnnotations(some(11), { title: 't', where: 'w' });
    expect(fitted).toHaveLength(10);
    expect(fitted.at(-1)?.message).toBe('2 more error(s); w lists all 11:\n- line 10: e9\n- line 11: e10');
  });
});
