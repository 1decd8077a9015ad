import { describe, expect, it } from 'vitest';
import { pollUntil, PollTimeoutError } from '../../src/core/poll-until.js';

function fakeClock() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
}

describe('pollUntil', () => {
  it('returns the value once the check is done, reporting progress in between', async () => {
    const clock = fakeClock();
    let calls = 0;
    const progress: number[] = [];
    const value = await pollUntil(
      async () => (++calls === 3 ? { done: true, value: 'ok' } : { done: false, evidence: `call ${calls}` }),
      { what: 'x', intervalMs: 1000, timeoutMs: 10_000, ...clock, onProgress: (e) => progress.push(e) },
    );
    expect(value).toBe('ok');
    expect(progress).toEqual([0, 1000]);
  });

  it('times out naming what it waited for and the last evidence, never sleeping past the deadline', async () => {
    const clock = fakeClock();
    const error = await pollUntil(async () => ({ done: false, evidence: 'RUNNING' }), {
      what: 'operation op-1',
      intervalMs: 4000,
      timeoutMs: 10_000,
      fix: 'raise the timeout',
      ...clock,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect((error as PollTimeoutError).describe()).toMatch(/operation op-1: RUNNING\nFix: raise the timeout/);
    expect(clock.now()).toBe(10_000);
  });

  it('lets errors from the check propagate', async () => {
    const clock = fakeClock();
    await expect(
      pollUntil(() => Promise.reject(new Error('boom')), {
        what: 'x',
        intervalMs: 1,
        timeoutMs: 5,
        ...clock,
      }),
    ).rejects.toThrow('boom');
  });
});
