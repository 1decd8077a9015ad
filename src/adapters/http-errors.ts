import { isRetryableStatus, isTransientNetworkCode } from '../core/retry-policy.js';

/** Reading HTTP status and network error codes off the errors gaxios, the Google clients and fetch throw. */

export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { status?: unknown; code?: unknown; response?: { status?: unknown } };
  if (typeof e.status === 'number') return e.status;
  if (typeof e.response?.status === 'number') return e.response.status;
  if (typeof e.code === 'number') return e.code;
  return undefined;
}

/** The network error code anywhere down the `cause` chain (fetch wraps undici's). */
export function networkCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && isTransientNetworkCode(code)) return code;
    const message = (e as { message?: unknown }).message;
    // The storage client's own give-up error carries its cause only in the message, and
    // @actions/http-client reports its socket timeout as a plain "Request timeout" Error.
    if (
      typeof message === 'string' &&
      /^Request timeout|other side closed|socket hang up|terminated|premature close|aborted|ECONNRESET|EPIPE|Retry (total time )?limit exceeded/i.test(
        message,
      )
    )
      return 'ECONNRESET';
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** 408, 429, 5xx and broken connections. */
export function isTransient(error: unknown): boolean {
  const status = httpStatus(error);
  if (status !== undefined && status >= 100) return isRetryableStatus(status);
  return networkCode(error) !== undefined;
}
