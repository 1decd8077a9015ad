import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../core/retry-policy.js';

export interface RetryOptions {
  policy?: RetryPolicy;
  /** Whether this error is worth another attempt; returning a number also sets the delay (e.g. from Retry-After). */
  retryable: (error: unknown) => boolean | number;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  random?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
}

/**
 * The retry policy from the environment, so tests and benchmarks can shrink delays:
 * TALOS_FLEET_RETRY_BASE_MS, TALOS_FLEET_RETRY_MAX_MS, TALOS_FLEET_RETRY_ATTEMPTS.
 */
export function retryPolicyFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  base: RetryPolicy = DEFAULT_RETRY_POLICY,
): RetryPolicy {
  const num = (name: string, fallback: number) => {
    const v = env[name];
    return v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : fallback;
  };
  return {
    attempts: num('TALOS_FLEET_RETRY_ATTEMPTS', base.attempts),
    baseDelayMs: num('TALOS_FLEET_RETRY_BASE_MS', base.baseDelayMs),
    maxDelayMs: num('TALOS_FLEET_RETRY_MAX_MS', base.maxDelayMs),
  };
}

/** Runs `fn` until it succeeds, the error is not retryable, or the attempts run out (then the last error is thrown). */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const policy = options.policy ?? retryPolicyFromEnv();
  const random = options.random ?? Math.random;
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const verdict = options.retryable(error);
      if (verdict === false || attempt >= policy.attempts) throw error;
      const delayMs = typeof verdict === 'number' ? verdict : backoffDelayMs(policy, attempt, random);
      options.onRetry?.({ attempt, delayMs, error });
      await wait(delayMs);
    }
  }
}
