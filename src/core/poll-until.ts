import { UserError } from './user-error.js';

/**
 * One wait with a deadline for every flow (after cluster-api's injected waiters): the clock and
 * the sleep come in, so core stays pure and tests run on a fake clock.
 */
export interface PollOptions {
  /** What is awaited, for progress lines and the timeout message, e.g. "operation operation-123". */
  what: string;
  intervalMs: number;
  timeoutMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<unknown>;
  /** Called after each unfinished check with the time waited so far and the check's last evidence. */
  onProgress?: (elapsedMs: number, evidence: string | undefined) => void;
  /** The fix named in the timeout error. */
  fix?: string;
}

/** What one check found: done with a value, or not yet, with evidence for the log and the timeout. */
export type PollResult<T> = { done: true; value: T } | { done: false; evidence?: string };

export class PollTimeoutError extends UserError {
  constructor(
    readonly what: string,
    readonly elapsedMs: number,
    readonly evidence: string | undefined,
    fix: string | undefined,
  ) {
    super(
      `timed out after ${Math.round(elapsedMs / 1000)} s waiting for ${what}${evidence ? `: ${evidence}` : ''}`,
      fix === undefined ? {} : { fix },
    );
  }
}

/**
 * Calls `check` until it reports done, sleeping `intervalMs` between checks (never past the
 * deadline), and throws PollTimeoutError naming `what` and the last evidence once `timeoutMs`
 * has passed. Errors from `check` propagate: retrying them is the caller's choice.
 */
export async function pollUntil<T>(check: () => Promise<PollResult<T>>, options: PollOptions): Promise<T> {
  const started = options.now();
  for (;;) {
    const result = await check();
    if (result.done) return result.value;
    const elapsed = options.now() - started;
    if (elapsed >= options.timeoutMs)
      throw new PollTimeoutError(options.what, elapsed, result.evidence, options.fix);
    options.onProgress?.(elapsed, result.evidence);
    await options.sleep(Math.max(0, Math.min(options.intervalMs, options.timeoutMs - elapsed)));
  }
}
