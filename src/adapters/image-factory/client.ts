import { setTimeout as sleep } from 'node:timers/promises';
import { HttpClient, type HttpClientResponse } from '@actions/http-client';
import { type FactoryImageRef, type FactoryPort } from '../../core/image/ports.js';
import { factoryFileName, SCHEMATIC_ID } from '../../core/image/names.js';
import { backoffDelayMs, isRetryableStatus, type RetryPolicy } from '../../core/retry-policy.js';
import { describeError, HttpStatusError } from '../../core/http-error.js';
import { UserError } from '../../core/user-error.js';
import { isTransient } from '../http-errors.js';
import { retryingCall } from '../retry.js';

/**
 * Image Factory: schematics and a HEAD for the size over fetch, and a download stream over
 * @actions/http-client (a plain Node stream, no web-stream layer in between) that picks up where
 * it broke off. A factory that answers a Range request with
 * 206 continues from that byte; one that answers 200 (the factory's direct path ignores Range) is
 * read from the start and the bytes already passed on are skipped.
 */

export interface FactoryOptions {
  baseUrl: string;
  policy: RetryPolicy;
  onRetry?: (message: string) => void;
}

export function imageFactory(options: FactoryOptions): FactoryPort {
  const base = options.baseUrl.replace(/\/+$/, '');
  const imageUrl = (ref: FactoryImageRef) =>
    `${base}/image/${ref.schematicId}/${ref.version}/${factoryFileName(ref.arch)}`;
  const retrying = <T>(what: string, fn: () => Promise<T>) =>
    retryingCall(what, fn, {
      policy: options.policy,
      retryable: isTransient,
      describe: describeError,
      log: options.onRetry,
    }).catch((error: unknown) => {
      if (error instanceof UserError || error instanceof HttpStatusError) throw error;
      throw new UserError(`Could not reach Image Factory at ${base} (${describeError(error)}).`, {
        fix: 'check the factory-url input and that the runner can reach it',
        title: 'Image Factory unreachable',
        cause: error,
      });
    });

  return {
    imageUrl,

    async createSchematic(body) {
      const res = await retrying('POST /schematics', async () => {
        const r = await fetch(`${base}/schematics`, {
          method: 'POST',
          headers: { 'content-type': 'application/yaml' },
          body,
        });
        if (isRetryableStatus(r.status))
          throw new HttpStatusError(r.status, { url: `${base}/schematics`, detail: await r.text() });
        return r;
      });
      const text = await res.text();
      if (res.status === 400)
        throw new UserError(`Image Factory rejected the schematic: ${text.trim()}`, {
          fix: 'fix the schematic input (see the Image Factory schematic format: customization.extraKernelArgs, systemExtensions.officialExtensions, …)',
          title: 'Invalid schematic',
        });
      if (res.status !== 201 && res.status !== 200)
        throw new Error(`Image Factory POST /schematics answered ${res.status}: ${text.slice(0, 500)}`);
      const id = (JSON.parse(text) as { id?: unknown }).id;
      if (typeof id !== 'string' || !SCHEMATIC_ID.test(id))
        throw new Error(`Image Factory POST /schematics answered no schematic ID: ${text.slice(0, 500)}`);
      return id;
    },

    async imageSize(ref) {
      const url = imageUrl(ref);
      const res = await retrying(`HEAD ${url}`, async () => {
        const r = await fetch(url, { method: 'HEAD' });
        if (isRetryableStatus(r.status)) throw new HttpStatusError(r.status, { url, detail: r.statusText });
        return r;
      });
      if (res.status === 404)
        throw new UserError(
          `Image Factory has no Talos ${ref.version} image for schematic ${ref.schematicId.slice(0, 8)}… (${url} answered 404).`,
          {
            fix: 'set talos-version to a released Talos version such as v1.13.9 (see the Talos releases)',
            title: 'Unknown Talos version',
          },
        );
      if (res.status !== 200) throw new Error(`Image Factory HEAD ${url} answered ${res.status}`);
      const size = Number(res.headers.get('content-length'));
      if (!Number.isSafeInteger(size) || size <= 0)
        throw new Error(`Image Factory HEAD ${url} gave no Content-Length`);
      return size;
    },

    open(ref, offset) {
      return download(imageUrl(ref), offset, options);
    },
  };
}

async function* download(url: string, offset: number, options: FactoryOptions): AsyncIterable<Buffer> {
  const client = new HttpClient('talos-fleet-image', undefined, { allowRetries: false, keepAlive: false });
  let position = offset;
  let failures = 0;
  for (;;) {
    let res: HttpClientResponse;
    try {
      res = await client.get(url, position > 0 ? { range: `bytes=${position}-` } : {});
    } catch (error) {
      await backOff(error);
      continue;
    }
    const status = res.message.statusCode ?? 0;
    let skip = 0;
    if (status === 206) {
      const start = Number(/^bytes (\d+)-/.exec(String(res.message.headers['content-range']))?.[1]);
      if (start !== position) throw new Error(`Image Factory answered Range ${position}- from byte ${start}`);
    } else if (status === 200) {
      skip = position;
    } else {
      res.message.destroy();
      if (isRetryableStatus(status)) {
        await backOff(new HttpStatusError(status, { url, detail: res.message.statusMessage ?? '' }));
        continue;
      }
      throw new Error(`Image Factory GET ${url} answered ${status}`);
    }
    try {
      for await (const chunk of res.message as AsyncIterable<Buffer>) {
        let buf = chunk;
        if (skip > 0) {
          const n = Math.min(skip, buf.length);
          skip -= n;
          buf = buf.subarray(n);
          if (buf.length === 0) continue;
        }
        position += buf.length;
        failures = 0;
        yield buf;
      }
      if (!res.message.complete)
        throw Object.assign(new Error('connection closed mid-body'), { code: 'ECONNRESET' });
      return;
    } catch (error) {
      res.message.destroy();
      await backOff(error);
    }
  }

  async function backOff(error: unknown): Promise<void> {
    failures++;
    if (!isTransient(error) || failures >= options.policy.attempts) throw error;
    const delayMs = backoffDelayMs(options.policy, failures, Math.random);
    options.onRetry?.(
      `download broke at byte ${position} (${describeError(error)}); continuing from there in ${delayMs} ms`,
    );
    await sleep(delayMs);
  }
}
