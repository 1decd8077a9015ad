import { describe, expect, it } from 'vitest';
import { exposeGc } from '../../src/adapters/gcs/reclaim.js';

describe('forced garbage collection during uploads', () => {
  it('uses the gc() the runtime flag exposes', () => {
    const gc = exposeGc();
    expect(typeof gc).toBe('function');
    expect(() => gc?.({ type: 'minor' })).not.toThrow();
  });

  it('goes on without it, logging at debug, when the flag cannot be set', () => {
    const debug: string[] = [];
    const gc = exposeGc(
      (m) => debug.push(m),
      () => {
        throw new Error('flags are frozen');
      },
    );
    expect(gc).toBeNull();
    expect(debug).toEqual([
      '--expose-gc could not be set (flags are frozen); uploading without forced garbage collections',
    ]);
  });

  it('goes on without it when gc is not a function', () => {
    const debug: string[] = [];
    expect(
      exposeGc(
        (m) => debug.push(m),
        () => undefined,
      ),
    ).toBeNull();
    expect(debug).toEqual(['gc() is not available; uploading without forced garbage collections']);
  });
});
