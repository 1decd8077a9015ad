import { describe, expect, it } from 'vitest';
import { retryingCall, withRetry } from '../../src/adapters/retry.js';
import { backoffDelayMs, isRetryableStatus, retryAfterMs } from '../../src/core/retry-policy.js';

const policy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };

describe('retry policy', () => {
  it('uses full jitter under an exponential ceiling', () => {
    expect(backoffDelayMs(policy, 1, () => 0.999)).toBe(99);
    expect(backoffDelayMs(policy, 3, () => 0.5)).toBe(200);
    expect(backoffDelayMs(policy, 10, () => 0.999)).toBe(999);
  });

  it('retries 408, 429 and 5xx only', () => {
    expect([408, 429, 500, 503, 400, 403, 404].map(isRetryableStatus)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('reads Retry-After seconds and dates', () => {
    expect(retryAfterMs('2', 0, policy)).toBe(1000);
    expect(retryAfterMs(new Date(500).toUTCString(), 0, { ...policy, maxDelayMs: 10_000 })).toBe(0);
    expect(retryAfterMs('soon', 0, policy)).toBeUndefined();
  });
});

describe('withRetry', () => {
  it('retries until success and reports each retry', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw new Error('flaky');
        return 'ok';
      },
      {
        policy,
        retryable: () => true,
        sleep: async (ms) => waits.push(ms),
        random: () => 0.5,
        onRetry: () => {},
      },
    );
    expect(result).toBe('ok');
    expect(waits).toEqual([50, 100]);
  });

  it('gives up after the last attempt with the last error', async () => {
    await expect(
      withRetry(
        async (n) => {
          throw new Error(`fail ${n}`);
        },
        { policy, retryable: () => true, sleep: async () => {} },
      ),
    ).rejects.toThrow('fail 4');
  });

  it('does not retry what is not retryable', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new Error('404');
        },
        { policy, retryable: () => false, sleep: async () => {} },
      ),
    ).rejects.toThrow('404');
    expect(calls).toBe(1);
  });
});

describe('retryingCall', () => {
  it('logs one line per retry naming the call, the reason and the delay', async () => {
    const lines: string[] = [];
    let calls = 0;
    const result = await retryingCall(
      'images.get talos',
      async () => {
        calls++;
        if (calls < 2) throw new Error('HTTP 503');
        return 'ok';
      },
      {
        policy: { attempts: 3, baseDelayMs: 0, maxDelayMs: 0 },
        retryable: () => true,
        describe: (e) => (e as Error).message,
        log: (m) => lines.push(m),
      },
    );
    expect(result).toBe('ok');
    expect(lines).toEqual(['images.get talos: attempt 1 failed (HTTP 503); retrying in 0 ms']);
  });
});

describe('withRetry with progress', () => {
  it('limits failures in a row: a failure that still moved the work forward starts a new run', async () => {
    let done = 0;
    let lastSeen = 0;
    const result = await withRetry(
      async (attempt) => {
        if (attempt < 6) {
          if (attempt % 2 === 0) done++;
          throw new Error(`drop ${attempt}`);
        }
        return attempt;
      },
      {
        policy: { attempts: 3, baseDelayMs: 0, maxDelayMs: 0 },
        retryable: () => true,
        sleep: async () => {},
        progressed: () => {
          const moved = done > lastSeen;
          lastSeen = done;
          return moved;
        },
      },
    );
    expect(result).toBe(6);
  });

  it('still gives up after the limit when nothing moves', async () => {
    await expect(
      withRetry(
        async (n) => {
          throw new Error(`stuck ${n}`);
        },
        { policy, retryable: () => true, sleep: async () => {}, progressed: () => false },
      ),
    ).rejects.toThrow('stuck 4');
  });
});
