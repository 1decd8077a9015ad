import { type RetryPolicy, retryAfterMs } from '../../core/retry-policy.js';
import { describeError } from '../../core/http-error.js';
import { httpStatus, isTransient } from '../http-errors.js';

export { httpStatus };

/** Just what is read from an Octokit RequestError (or GraphqlResponseError), without importing Octokit. */
export interface HttpErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
  cause?: unknown;
}

function header(error: unknown, name: string): string | undefined {
  const value = (error as HttpErrorLike | undefined)?.response?.headers?.[name];
  return value === undefined ? undefined : String(value);
}

export interface RateLimit {
  /** Milliseconds to wait before the next attempt may succeed. */
  waitMs: number;
  kind: 'primary' | 'secondary';
  resetAt?: Date;
}

/**
 * Whether a response says we are rate-limited, and for how long: `retry-after` (secondary limits
 * and 429), or `x-ratelimit-remaining: 0` with `x-ratelimit-reset` (the primary limit, answered
 * with 403 or 429).
 */
export function rateLimitOf(error: unknown, now: number): RateLimit | undefined {
  const status = httpStatus(error);
  if (status !== 403 && status !== 429) return undefined;
  const retryAfter = header(error, 'retry-after');
  if (retryAfter !== undefined) {
    const waitMs = retryAfterMs(retryAfter, now, {
      attempts: 1,
      baseDelayMs: 0,
      maxDelayMs: Number.MAX_SAFE_INTEGER,
    });
    if (waitMs !== undefined) return { waitMs, kind: 'secondary' };
  }
  if (header(error, 'x-ratelimit-remaining') === '0') {
    const reset = Number(header(error, 'x-ratelimit-reset'));
    const resetAt = Number.isFinite(reset) ? new Date(reset * 1000) : undefined;
    return {
      waitMs: resetAt ? Math.max(0, resetAt.getTime() - now) : 60_000,
      kind: 'primary',
      ...(resetAt ? { resetAt } : {}),
    };
  }
  if (status === 429 || /secondary rate limit/i.test(describeError(error)))
    return { waitMs: 60_000, kind: 'secondary' };
  return undefined;
}

/**
 * A refusal that is about permissions (e.g. a fork's read-only token), not about rate limits: a
 * REST 403, or a GraphQL error of type FORBIDDEN (GraphQL answers those with HTTP 200).
 */
export function isPermissionDenied(error: unknown, now: number): boolean {
  const graphqlErrors = (error as { errors?: { type?: string }[] } | undefined)?.errors;
  if (Array.isArray(graphqlErrors) && graphqlErrors.some((e) => e.type === 'FORBIDDEN')) return true;
  return httpStatus(error) === 403 && rateLimitOf(error, now) === undefined;
}

/**
 * The retry verdict for one GitHub call: 5xx, 408 and dropped connections back off; rate limits
 * wait as GitHub says when that fits the policy's longest delay. A rate limit that resets later
 * than that is not retried; the caller turns it into a message saying when it resets.
 */
export function githubRetryVerdict(error: unknown, now: number, policy: RetryPolicy): boolean | number {
  const limit = rateLimitOf(error, now);
  if (limit) return limit.waitMs <= policy.maxDelayMs ? limit.waitMs : false;
  return isTransient(error);
}

/** The message for a rate limit that outlasts the retry policy. */
export function rateLimitMessage(error: unknown, now: number): string | undefined {
  const limit = rateLimitOf(error, now);
  if (!limit) return undefined;
  const when = limit.resetAt
    ? ` until ${limit.resetAt.toISOString()}`
    : ` for about ${Math.ceil(limit.waitMs / 1000)}s`;
  return `GitHub API ${limit.kind} rate limit reached${when} (${describeError(error)})`;
}
