import { setTimeout as sleep } from 'node:timers/promises';
import { envNumber } from '../core/env-number.js';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../core/retry-policy.js';

export interface RetryOptions {
  policy?: RetryPolicy;
  /** Whether this error is worth another attempt; returning a number also sets the delay (e.g. from Retry-After). */
  retryable: (error: unknown) => boolean | number;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  random?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
  /**
   * Asked after each failure: whether the failed attempt still moved the work forward (a long
   * upload that GCS acknowledged more of). Then the failure starts a new run, so the policy limits
   * failures in a row rather than in all, and a long transfer survives occasional drops.
   */
  progressed?: () => boolean;
}

/**
 * The retry policy from the environment, so tests and benchmarks can shrink delays:
 * TALOS_FLEET_RETRY_BASE_MS, TALOS_FLEET_RETRY_MAX_MS, TALOS_FLEET_RETRY_ATTEMPTS.
 */
export function retryPolicyFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  base: RetryPolicy = DEFAULT_RETRY_POLICY,
): RetryPolicy {
  return {
    attempts: envNumber(env, 'TALOS_FLEET_RETRY_ATTEMPTS', {
      fallback: base.attempts,
      integer: true,
      min: 1,
    }),
    baseDelayMs: envNumber(env, 'TALOS_FLEET_RETRY_BASE_MS', { fallback: base.baseDelayMs, min: 0 }),
    maxDelayMs: envNumber(env, 'TALOS_FLEET_RETRY_MAX_MS', { fallback: base.maxDelayMs, min: 0 }),
  };
}

/**
 * Runs `fn` until it succeeds, the error is not retryable, or the attempts run out (then the last
 * error is thrown). `attempt` counts every call; the policy's limit counts failures in a row.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const policy = options.policy ?? retryPolicyFromEnv();
  const random = options.random ?? Math.random;
  const wait = options.sleep ?? sleep;
  let inARow = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      inARow = options.progressed?.() ? 1 : inARow + 1;
      const verdict = options.retryable(error);
      if (verdict === false || inARow >= policy.attempts) throw error;
      const delayMs = typeof verdict === 'number' ? verdict : backoffDelayMs(policy, inARow, random);
      options.onRetry?.({ attempt, delayMs, error });
      await wait(delayMs);
    }
  }
}

export interface RetryingCallOptions {
  policy: RetryPolicy;
  retryable: RetryOptions['retryable'];
  /** A short reason for the failure, e.g. the API's message. */
  describe: (error: unknown) => string;
  /** Where the retry lines go (a Log's info or warning). */
  log?: (message: string) => void;
}

/** withRetry for one named call, logging each retry as `<what>: attempt N failed (<why>); retrying in X ms`. */
export function retryingCall<T>(
  what: string,
  fn: () => Promise<T>,
  options: RetryingCallOptions,
): Promise<T> {
  return withRetry(fn, {
    policy: options.policy,
    retryable: options.retryable,
    onRetry: ({ attempt, delayMs, error }) =>
      options.log?.(
        `${what}: attempt ${attempt} failed (${options.describe(error)}); retrying in ${delayMs} ms`,
      ),
  });
}
