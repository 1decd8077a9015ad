import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { didYouMean } from '../../src/core/fleet/did-you-mean.js';
import { parseFleetSpec } from '../../src/core/fleet/parse.js';
import { formatSpecError } from '../../src/core/fleet/spec-error.js';
import { removeRunnerDir, runDist } from '../support/run-dist.js';

/** Issue 10, robustness: bad specs a new user (or an attacker) wrote get one clear error each, fast. */

const spec = (
  opts: { ttl?: string; region?: string; zones?: string; extra?: string; cluster?: string } = {},
) =>
  `apiVersion: talos-fleet.dev/v1alpha1
kind: Fleet
metadata:
  name: nightly
spec:
  ttl: ${opts.ttl ?? '6h'}
  gcp:
    project: my-project
${opts.extra ?? ''}
  clusters:
    - name: solo
      region: ${opts.region ?? 'us-east1'}
${opts.zones ? `      zones: [${opts.zones}]\n` : ''}${opts.cluster ?? ''}`;

const errorsOf = (text: string) => {
  const r = parseFleetSpec(text);
  return r.ok ? [] : r.errors.map(formatSpecError);
};

const FIVE_MB = 5_000_000;
const ALIAS_BOMB = [
  'a: &a [x, x, x, x, x, x, x, x, x, x]',
  ...Array.from({ length: 8 }, (_, i) => {
    const [name, prev] = [String.fromCharCode(98 + i), String.fromCharCode(97 + i)];
    return `${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`;
  }),
  '',
].join('\n');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tf-spec-robust-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('input that crashed or hung plan: now exit 1 with a clear message, within a second', () => {
  const cases: [string, string, RegExp][] = [
    ['a YAML alias bomb', ALIAS_BOMB, /aliases \(\*name\) expand to too many nodes/],
    [
      'a 5 MB single-token zones entry',
      spec({ zones: `${'a-'.repeat(FIVE_MB / 2)}1-b` }),
      /zones\[0\] is 5,000,003 characters long/,
    ],
    ['a 5 MB ttl', spec({ ttl: '1h'.repeat(FIVE_MB / 2) }), /ttl is 5,000,000 characters long/],
    [
      'a 5 MB bad region',
      spec({ region: 'x'.repeat(FIVE_MB) }),
      /clusters\[0\]\.region is 5,000,000 characters long/,
    ],
  ];
  for (const [name, text, message] of cases) {
    it(name, { timeout: 30_000 }, async () => {
      const started = performance.now();
      const errors = errorsOf(text);
      // In-process: the parse itself is well under a second (a stack overflow or 4.7 s before).
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(message);

      const file = join(dir, 'fleet.yaml');
      await writeFile(file, text);
      const r = await runDist('cli', { args: ['plan', file, '--out', join(dir, 'out')] });
      await removeRunnerDir(r.runnerDir);
      expect(r.code).toBe(1);
      expect(r.stderr).not.toContain('internal error');
      // Nothing is echoed back whole.
      expect(r.stderr.length).toBeLessThan(1_000);
    });
  }

  it('a 5 MB unknown key is named by its length, not echoed, and gets no suggestion', () => {
    const errors = errorsOf(spec({ extra: `  ? ${'k'.repeat(FIVE_MB)}\n  : 1` }));
    expect(errors).toEqual([
      expect.stringMatching(
        /^spec: has a key 5,000,000 characters long \('k{64}…' \(5,000,000 characters\)\); no key is longer than 64/,
      ),
    ]);
  });

  it('did-you-mean skips candidates whose length alone puts them too far, and still suggests', () => {
    const started = performance.now();
    expect(didYouMean('x'.repeat(FIVE_MB), ['europe-west1', 'us-east1'])).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(50);
    expect(didYouMean('europe-wst1', ['europe-west1', 'us-east1'])).toBe('europe-west1');
    expect(errorsOf(spec({ region: 'europe-wst1' }))).toEqual([
      "clusters[0].region: unknown GCP region 'europe-wst1'; did you mean 'europe-west1'? (line 12)",
    ]);
  });
});

describe('messages a new user can act on', () => {
  it('an empty spec says it is empty and where to start', () => {
    expect(errorsOf('')).toEqual([
      'the spec is empty: it must be a mapping with apiVersion, kind, metadata and spec; start from examples/fleets/single-cluster.yaml (line 1)',
    ]);
    expect(errorsOf('- a\n- b\n')[0]).toMatch(/^the spec is a list: it must be a mapping/);
  });

  it('an overflowing number is one error for its field', () => {
    expect(errorsOf(spec({ cluster: '      workers: {replicas: 99999999999999999999999}\n' }))).toEqual([
      'clusters[0].workers.replicas: Too big: expected number to be <=1000 (line 13)',
    ]);
    expect(errorsOf(spec({ cluster: '      id: 1e400\n' }))).toEqual([
      'clusters[0].id is a number too large to hold (YAML reads it as infinity) (line 13)',
    ]);
  });

  it('"is required" errors point at the nearest line there is', () => {
    const errors = errorsOf(
      'apiVersion: talos-fleet.dev/v1alpha1\nkind: Fleet\nmetadata:\n  name: nightly\nspec:\n  clusters:\n    - region: us-east1\n',
    );
    expect(errors).toEqual([
      'gcp is required (object) (line 6)',
      'clusters[0].name is required (string) (line 7)',
    ]);
  });

  it('ttl: 6 and enabled: yes get the fix, not a bare type error', () => {
    expect(errorsOf(spec({ ttl: '6' }))).toEqual([
      'ttl 6 has no unit: write a duration such as 6h (90m, 6h, 1h30m, 2d) (line 6)',
    ]);
    expect(errorsOf(spec({ extra: '  mesh: {enabled: yes}' }))).toContain(
      "mesh.enabled 'yes' is a string here (YAML 1.2 reads only true and false as booleans): write true (line 9)",
    );
  });

  it('300 clusters with the mesh off cite the fleet limit, not the mesh limit', () => {
    const clusters = Array.from({ length: 300 }, (_, i) => `    - {name: c${i}, region: us-east1}`).join(
      '\n',
    );
    const text = (mesh: string) =>
      `apiVersion: talos-fleet.dev/v1alpha1\nkind: Fleet\nmetadata:\n  name: big\nspec:\n  gcp: {project: my-project}\n  clusters:\n${clusters}\n${mesh}`;
    const off = errorsOf(text(''));
    expect(off).toHaveLength(1);
    expect(off[0]).toMatch(
      /^clusters\[255\]\.id is one cluster too many: a fleet holds at most 255 clusters, mesh or not/,
    );
    expect(off[0]).not.toContain('a mesh holds');
    const on = errorsOf(text('  mesh: {enabled: true}\n'));
    expect(on.filter((e) => e.includes('a mesh holds at most 255 clusters'))).toHaveLength(1);
  });
});
