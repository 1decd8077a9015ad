import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { HttpClient } from '@actions/http-client';
import { isRetryableStatus, retryAfterMs, type RetryPolicy } from '../../core/retry-policy.js';
import { describeError, HttpStatusError } from '../../core/http-error.js';
import { isTransient as isTransientHttpError } from '../http-errors.js';
import { withRetry } from '../retry.js';

/**
 * Plain GETs for tool assets, checksum files and channel files, through @actions/http-client (so
 * runner proxy settings apply) with our own retry policy: tool-cache's downloadTool retries only
 * 3 times with a fixed 10–20 s sleep and not on connection resets or timeouts, and hashing while
 * streaming saves re-reading a 150 MB gcloud archive to verify it.
 */

/** A transfer that broke off: a timeout, a dropped connection, or fewer bytes than Content-Length. */
export class TransferError extends Error {
  override readonly name = 'TransferError';
  readonly code = 'ECONNRESET';
}

export interface HttpOptions {
  policy: RetryPolicy;
  /** Idle socket timeout; TALOS_FLEET_HTTP_TIMEOUT_MS overrides it. */
  timeoutMs: number;
  onRetry?: (message: string) => void;
}

export interface DownloadResult {
  sha256: string;
  bytes: number;
}

export class Http {
  private readonly client: HttpClient;
  constructor(private readonly options: HttpOptions) {
    this.client = new HttpClient('talos-fleet-setup', [], {
      socketTimeout: options.timeoutMs,
      allowRetries: false,
      keepAlive: true,
    });
  }

  dispose(): void {
    this.client.dispose();
  }

  /** GET a small text body. 404 resolves to `undefined`; other failures throw after retries. */
  async text(url: string): Promise<string | undefined> {
    return this.retrying(url, async () => {
      const res = await this.client.get(url);
      const status = res.message.statusCode ?? 0;
      if (status === 404) {
        res.message.resume();
        return undefined;
      }
      if (status < 200 || status > 299) {
        res.message.resume();
        throw new HttpStatusError(status, { url, retryAfter: header(res.message.headers['retry-after']) });
      }
      // Not res.readBody(): it only listens for 'end', so a body cut off mid-way never settles.
      return readText(res.message, this.options.timeoutMs);
    });
  }

  /** Streams `url` to `dest`, hashing as it goes. A 404 throws HttpStatusError(404) without retrying. */
  async download(
    url: string,
    dest: string,
    onProgress?: (bytes: number, total: number | undefined) => void,
  ): Promise<DownloadResult> {
    return this.retrying(url, async () => {
      const res = await this.client.get(url);
      const status = res.message.statusCode ?? 0;
      if (status < 200 || status > 299) {
        res.message.resume();
        throw new HttpStatusError(status, { url, retryAfter: header(res.message.headers['retry-after']) });
      }
      const expected = Number(res.message.headers['content-length'] ?? NaN);
      const hash = createHash('sha256');
      let bytes = 0;
      const tap = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          bytes += chunk.length;
          onProgress?.(bytes, Number.isFinite(expected) ? expected : undefined);
          done(null, chunk);
        },
      });
      const guard = guardIdle(res.message, this.options.timeoutMs);
      try {
        await pipeline(res.message, tap, createWriteStream(dest));
      } catch (error) {
        await rm(dest, { force: true });
        throw guard.fired() ?? asTransferError(error, bytes);
      } finally {
        guard.stop();
      }
      if (!res.message.complete || (Number.isFinite(expected) && bytes !== expected)) {
        await rm(dest, { force: true });
        throw new TransferError(
          `the connection closed after ${bytes} of ${Number.isFinite(expected) ? expected : 'unknown'} bytes`,
        );
      }
      return { sha256: hash.digest('hex'), bytes };
    });
  }

  private retrying<T>(url: string, fn: () => Promise<T>): Promise<T> {
    return withRetry(fn, {
      policy: this.options.policy,
      retryable: (error) => {
        if (error instanceof HttpStatusError) {
          if (!isRetryableStatus(error.status)) return false;
          return retryAfterMs(error.retryAfter, Date.now(), this.options.policy) ?? true;
        }
        return isTransient(error);
      },
      onRetry: ({ attempt, delayMs, error }) =>
        this.options.onRetry?.(
          `${url}: ${describeError(error)}; retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${this.options.policy.attempts})`,
        ),
    });
  }
}

/**
 * Reads a whole (small) body. Rejects with a retryable TransferError when the connection drops,
 * the message is aborted or incomplete, or no byte arrives for `timeoutMs`.
 */
async function readText(message: IncomingMessage, timeoutMs: number): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  const guard = guardIdle(message, timeoutMs);
  try {
    for await (const chunk of message) {
      chunks.push(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  } catch (error) {
    throw guard.fired() ?? asTransferError(error, bytes);
  } finally {
    guard.stop();
  }
  if (!message.complete) throw asTransferError(undefined, bytes);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * http-client's socket timeout only ends our half of the socket once the headers are in, so a
 * server that stalls mid-body would leave the body waiting forever: destroy the message instead
 * when no byte arrives for `timeoutMs`. The destroy can surface as an "aborted" error first, so
 * `fired()` names the stall as the reason whenever the guard ended the body.
 */
function guardIdle(
  message: IncomingMessage,
  timeoutMs: number,
): { stop(): void; fired(): TransferError | undefined } {
  let timer: NodeJS.Timeout | undefined;
  let stalled: TransferError | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = new TransferError(`no data for ${timeoutMs} ms`);
      message.destroy(stalled);
    }, timeoutMs);
  };
  // The request's own socket timeout (same length) would race this guard and end the body as a
  // bare "aborted"; from here on the guard alone times the body.
  message.socket.setTimeout(0);
  message.on('data', arm);
  arm();
  return {
    stop: () => {
      clearTimeout(timer);
      message.off('data', arm);
    },
    fired: () => stalled,
  };
}

/** Network failures mid-body become a retryable TransferError; anything else (a full disk) stays as it is. */
function asTransferError(error: unknown, bytes: number): unknown {
  if (error instanceof TransferError) return error;
  const premature = (error as NodeJS.ErrnoException | undefined)?.code === 'ERR_STREAM_PREMATURE_CLOSE';
  if (error !== undefined && !premature && !isTransient(error)) return error;
  const why = error instanceof Error ? ` (${describeError(error)})` : '';
  return new TransferError(`the connection closed after ${bytes} bytes of the body${why}`);
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A cut-off body, or what http-errors counts as transient (resets, refusals, timeouts, premature closes). */
export function isTransient(error: unknown): boolean {
  return error instanceof TransferError || isTransientHttpError(error);
}
