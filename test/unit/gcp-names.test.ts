import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fleetLabels,
  gceName,
  isGceName,
  labelProblems,
  labelsDescription,
  parseLabelsDescription,
} from '../../src/core/gcp-names.js';

describe('gceName', () => {
  it('joins and lowercases short names unchanged', () => {
    expect(gceName(['pr-42', 'eu', 'nodes'])).toBe('pr-42-eu-nodes');
  });

  it('is always GCE-valid and at most the limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 4 }),
        (parts) => {
          const name = gceName(parts.map((p) => `a${p}`));
          expect(name.length).toBeLessThanOrEqual(63);
          expect(isGceName(name)).toBe(true);
        },
      ),
    );
  });

  it('never collides where plain truncation would', () => {
    const long = 'a'.repeat(70);
    const a = gceName([long, 'one']);
    const b = gceName([long, 'two']);
    expect(a).not.toBe(b);
    expect(a.slice(0, 50)).toBe(b.slice(0, 50));
  });
});

describe('labels', () => {
  it('produces valid fleet labels', () => {
    expect(labelProblems(fleetLabels('pr-42', 1_800_000_000))).toEqual([]);
  });

  it('names bad keys and values', () => {
    expect(labelProblems({ Team: 'x', ok: 'Has Space' })).toHaveLength(2);
  });

  it('round-trips through a description', () => {
    const labels = fleetLabels('pr-42', 1_800_000_000);
    expect(parseLabelsDescription(labelsDescription(labels, 'eu subnet'))).toEqual(labels);
    expect(parseLabelsDescription('made by hand')).toBeUndefined();
  });
});
