import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { File, Storage } from '@google-cloud/storage';
import { Crc32c } from '../../core/image/crc32c.js';
import type { FoundObject } from '../../core/image/decide.js';
import type { StoragePort, UploadOutcome, UploadRequest } from '../../core/image/ports.js';
import type { RetryPolicy } from '../../core/retry-policy.js';
import { UserError } from '../../core/user-error.js';
import { describeError } from '../../core/http-error.js';
import { httpStatus, isTransient } from '../http-errors.js';
import { retryingCall, withRetry } from '../retry.js';
import type { SessionStore } from './session-store.js';
import { collectGarbage } from './reclaim.js';
import { SlabPool } from './slab-pool.js';

/**
 * GCS through @google-cloud/storage: the bucket, the object's metadata, and a resumable upload
 * fed by a stream. The upload keeps at most one chunk in memory (the client's own buffer) and
 * persists the session URI, the offset GCS acknowledged and the crc32c up to it after every chunk,
 * so a retry in this run, or a later run on the same machine (the CLI; the state directory is
 * RUNNER_TEMP in an action, which the runner empties per job), resumes the session instead of
 * starting again.
 *
 * crc32c: the client's own validation hashes only the bytes one stream sees and cannot tell the
 * crc32c at an acknowledged offset, which resuming in another process needs. So this adapter
 * hashes each byte once itself (src/core/image/crc32c.ts), records the value at every 256 KiB
 * boundary, compares the final one with the object GCS reports, and deletes the object on a
 * mismatch, as the client does.
 */

const QUANTUM = 256 * 1024;
/** Upload answers in a row that take no new byte before the upload is given up as stalled. */
const MAX_STALLS = 3;

function originOf(uri: string): string | undefined {
  try {
    return new URL(uri).origin;
  } catch {
    return undefined;
  }
}
/** Upload buffers are 1 MiB slabs (a multiple of 256 KiB, a divisor of any chunk size of whole MiB). */
const SLAB = 1024 * 1024;
const CONTENT_TYPE = 'application/gzip';

export interface GcsOptions {
  storage: Storage;
  sessions: SessionStore;
  /** Bytes per upload request; a multiple of 256 KiB. */
  chunkSize: number;
  /** Origin of the storage endpoint (https://storage.googleapis.com unless overridden): the only host a saved session URI may name. */
  uploadOrigin: string;
  policy: RetryPolicy;
  onRetry?: (message: string) => void;
  onDebug?: (message: string) => void;
}

export function gcsStorage(options: GcsOptions): StoragePort {
  const { storage } = options;
  /** The client's own retries are off (image-ports.ts): every call retries here, on the env policy. */
  const call = <T>(what: string, fn: () => Promise<T>) =>
    retryingCall(what, fn, {
      policy: options.policy,
      retryable: isTransient,
      describe: describeError,
      log: options.onRetry,
    });

  /**
   * The target project's number. GCS names it only in the project's service agent,
   * `service-<number>@gs-project-accounts.iam.gserviceaccount.com` (JSON API
   * projects.serviceAccount.get; @google-cloud/storage getServiceAccount, googleapis/nodejs-storage
   * src/storage.ts), which needs resourcemanager.projects.get, part of roles/storage.admin.
   * Compute's project `id` is documented as not the project number, so it is not used.
   */
  let ourNumber: Promise<string> | undefined;
  const projectNumber = () => {
    ourNumber ??= call(`reading the project number of ${storage.projectId}`, () =>
      storage.getServiceAccount(),
    ).then(
      ([account]) => {
        const n = /^service-(\d+)@gs-project-accounts\.iam\.gserviceaccount\.com$/.exec(
          account.emailAddress ?? '',
        )?.[1];
        if (!n) throw new Error(`unexpected GCS service agent '${account.emailAddress ?? ''}'`);
        return n;
      },
      (error: unknown) => {
        throw new UserError(
          `Could not read the project number of ${storage.projectId}, which proves a bucket belongs to it: ${describeError(error)}`,
          {
            fix: 'give the identity resourcemanager.projects.get on the project (roles/storage.admin includes it), and check the project ID',
            title: 'GCS permission denied',
            cause: error,
          },
        );
      },
    );
    return ourNumber;
  };
  /** Buckets already checked in this run. */
  const owned = new Set<string>();

  /**
   * Bucket names are global and `<project>-talos-images` is predictable, so another tenant can
   * create it first: a bucket counts as ours only when its projectNumber is the target project's.
   */
  async function bucketOwnership(name: string): Promise<'ours' | 'missing'> {
    if (owned.has(name)) return 'ours';
    let bucketNumber: string;
    try {
      const [m] = await call(`reading bucket ${name}`, () => storage.bucket(name).getMetadata());
      bucketNumber = String(m.projectNumber ?? '');
    } catch (error) {
      const status = httpStatus(error);
      if (status === 404) return 'missing';
      if (status === 403) throw foreignBucket(name, describeError(error));
      throw gcsError(error, `reading bucket ${name}`);
    }
    const ours = await projectNumber();
    if (bucketNumber !== ours)
      throw foreignBucket(
        name,
        `it is in project number ${bucketNumber || '(none reported)'}, and ${storage.projectId} is ${ours}`,
      );
    owned.add(name);
    return 'ours';
  }

  return {
    bucketOwnership,

    async ensureBucket({ name, location, labels }) {
      if ((await bucketOwnership(name)) === 'ours') return 'exists';
      try {
        await call(`creating bucket ${name}`, () =>
          storage.createBucket(name, {
            location,
            labels,
            iamConfiguration: { uniformBucketLevelAccess: { enabled: true } },
          }),
        );
        owned.add(name);
        return 'created';
      } catch (error) {
        if (httpStatus(error) !== 409) throw gcsError(error, `creating bucket ${name}`);
        // Taken: by a job of ours that won the race (it is in our project), or by someone else.
        if ((await bucketOwnership(name)) === 'ours') return 'exists';
        throw foreignBucket(name, describeError(error));
      }
    },

    async getObject(bucket, object) {
      try {
        const [m] = await call(`reading gs://${bucket}/${object}`, () =>
          storage.bucket(bucket).file(object).getMetadata(),
        );
        const metadata: Record<string, string> = {};
        for (const [k, v] of Object.entries(m.metadata ?? {})) if (typeof v === 'string') metadata[k] = v;
        const found: FoundObject = {
          size: Number(m.size),
          generation: String(m.generation),
          metadata,
          crc32c: m.crc32c,
        };
        return found;
      } catch (error) {
        if (httpStatus(error) === 404) return undefined;
        throw gcsError(error, `reading gs://${bucket}/${object}`);
      }
    },

    async upload(req) {
      const file = storage.bucket(req.bucket).file(req.object);
      let bytesRead = 0;
      let resumedFrom: number | undefined;
      // After a crc32c mismatch the object is deleted, so the next attempt may only create it.
      let ifGenerationMatch = req.ifGenerationMatch;
      /** The furthest offset GCS has acknowledged so far; progress earns a fresh retry budget. */
      let acked = 0;
      const attempt = async (): Promise<UploadOutcome> => {
        const start = await startPoint(file, req, ifGenerationMatch);
        resumedFrom ??= start.offset;
        const sent = await send(file, req, start, ifGenerationMatch, (offset) => {
          acked = Math.max(acked, offset);
        });
        bytesRead += sent.bytesRead;
        const reported = file.metadata.crc32c;
        if (reported !== sent.crc32c) {
          await call(`deleting gs://${req.bucket}/${req.object}`, () =>
            file.delete({ ignoreNotFound: true }),
          );
          await options.sessions.remove(req.stateKey);
          ifGenerationMatch = '0';
          acked = 0;
          throw new ChecksumMismatch(
            `crc32c mismatch for gs://${req.bucket}/${req.object}: read ${sent.crc32c}, GCS has ${String(reported)}; the object was deleted`,
          );
        }
        await options.sessions.remove(req.stateKey);
        return { kind: 'uploaded', bytesRead, resumedFrom, crc32c: sent.crc32c };
      };
      let ackedAtLastFailure = acked;
      try {
        return await withRetry(attempt, {
          policy: options.policy,
          retryable: (error) => error instanceof ChecksumMismatch || isTransient(error),
          // A failure after GCS took more bytes starts a new run of retries.
          progressed: () => {
            const moved = acked > ackedAtLastFailure;
            ackedAtLastFailure = acked;
            return moved;
          },
          onRetry: ({ delayMs, error }) =>
            options.onRetry?.(
              error instanceof ChecksumMismatch
                ? `${error.message}; uploading again from the start in ${delayMs} ms`
                : `upload interrupted (${describeError(error)}); resuming from the last acknowledged offset in ${delayMs} ms`,
            ),
        });
      } catch (error) {
        if (httpStatus(error) === 412) {
          await options.sessions.remove(req.stateKey);
          return { kind: 'precondition-failed' };
        }
        if (error instanceof ChecksumMismatch)
          throw new UserError(`${error.message}, ${options.policy.attempts} time(s) in a row.`, {
            fix: 'the bytes changed between Image Factory and GCS: check for a proxy rewriting downloads, then re-run',
            title: 'Checksum mismatch',
          });
        if (!isTransient(error)) throw gcsError(error, `uploading gs://${req.bucket}/${req.object}`);
        const saved = await options.sessions.load(req.stateKey);
        throw new UserError(
          `The upload of gs://${req.bucket}/${req.object} kept failing (${describeError(error)}); GCS holds ${saved?.offset ?? 0} of ${req.size} bytes.`,
          {
            fix: 're-run: a CLI re-run on the same machine resumes from there (the session is kept in ~/.local/state/talos-fleet); a re-run GitHub job starts the upload again, since the runner empties RUNNER_TEMP',
            title: 'Upload interrupted',
            cause: error,
          },
        );
      }
    },
  };

  interface Start {
    uri: string;
    /** Where the source is read from, and the crc32c of the bytes before it. */
    readFrom: number;
    crc: Crc32c;
    /** Where GCS wants the next byte (> readFrom when it holds more than the saved state knew). */
    offset: number;
  }

  /** The saved session when GCS still has it, else a new one. */
  async function startPoint(file: File, req: UploadRequest, ifGenerationMatch: string): Promise<Start> {
    let saved = await options.sessions.load(req.stateKey);
    if (saved && originOf(saved.uri) !== options.uploadOrigin) {
      // A session URI is a capability that is PUT to with the image bytes: only GCS's own host.
      options.onDebug?.(`ignoring a saved upload session on another host than ${options.uploadOrigin}`);
      await options.sessions.remove(req.stateKey);
      saved = undefined;
    }
    if (saved?.size === req.size) {
      const persisted = await sessionOffset(saved.uri, req.size);
      if (persisted !== undefined && persisted >= saved.offset)
        return {
          uri: saved.uri,
          readFrom: saved.offset,
          crc: Crc32c.fromBase64(saved.crc32c),
          offset: persisted,
        };
    }
    const [uri] = await file.createResumableUpload({
      metadata: { contentType: CONTENT_TYPE, metadata: req.metadata },
      preconditionOpts: { ifGenerationMatch: Number(ifGenerationMatch) },
    });
    const crc = new Crc32c();
    await options.sessions.save(req.stateKey, { uri, size: req.size, offset: 0, crc32c: crc.toBase64() });
    return { uri, readFrom: 0, crc, offset: 0 };
  }

  /**
   * Asks a session how much it holds (`Content-Range: bytes *\/size`): a number, or undefined
   * when it is gone or already finished (then a new session decides via the precondition).
   * The client library has this call but does not export it.
   */
  async function sessionOffset(uri: string, size: number): Promise<number | undefined> {
    try {
      const res = await fetch(uri, { method: 'PUT', headers: { 'content-range': `bytes */${size}` } });
      await res.body?.cancel();
      if (res.status !== 308) return undefined;
      const range = /bytes=0-(\d+)/.exec(res.headers.get('range') ?? '');
      return range ? Number(range[1]) + 1 : 0;
    } catch {
      return undefined;
    }
  }

  async function send(
    file: File,
    req: UploadRequest,
    start: Start,
    ifGenerationMatch: string,
    onAcked: (offset: number) => void,
  ): Promise<{ bytesRead: number; crc32c: string }> {
    const { crc, uri, offset } = start;
    let position = start.readFrom;
    let bytesRead = 0;
    /** crc32c at each 256 KiB boundary not yet acknowledged. */
    const marks = new Map<number, string>();
    if (position % QUANTUM === 0) marks.set(position, crc.toBase64());
    let saving = Promise.resolve();

    const pool = new SlabPool(SLAB);
    let slab = pool.take();
    let fill = 0;
    /** Offset of the next byte handed to the client. */
    let out = offset;
    const hasher = new Transform({
      // The client sends a chunk only once it holds all of it, and reads nothing while that
      // request is in flight; a quarter of a chunk buffered here keeps the download going.
      readableHighWaterMark: Math.max(SLAB, options.chunkSize / 4),
      transform(chunk: Buffer, _enc, done: TransformCallback) {
        bytesRead += chunk.length;
        const chunkStart = position;
        for (let at = 0; at < chunk.length;) {
          const nextMark = (Math.floor(position / QUANTUM) + 1) * QUANTUM;
          const n = Math.min(chunk.length - at, nextMark - position);
          crc.update(chunk.subarray(at, at + n));
          position += n;
          at += n;
          if (position === nextMark) marks.set(position, crc.toBase64());
        }
        // Bytes GCS already holds (when it is ahead of the saved state) are hashed, not sent.
        for (let at = Math.max(0, Math.min(chunk.length, offset - chunkStart)); at < chunk.length;) {
          const n = chunk.copy(slab, fill, at);
          fill += n;
          at += n;
          out += n;
          if (fill === slab.length) {
            pool.handOff(slab, out);
            this.push(slab);
            if (out % (64 * SLAB) === 0) collectGarbage('major', options.onDebug);
            else if (out % (2 * SLAB) === 0) collectGarbage('minor', options.onDebug);
            slab = pool.take();
            fill = 0;
          }
        }
        done();
      },
      flush(done: TransformCallback) {
        if (fill > 0) this.push(slab.subarray(0, fill));
        done();
      },
    });

    const writer = file.createWriteStream({
      uri,
      offset: offset > 0 ? offset : undefined,
      chunkSize: options.chunkSize,
      resumable: true,
      validation: false,
      metadata: { contentType: CONTENT_TYPE, contentLength: req.size, metadata: req.metadata },
      preconditionOpts: { ifGenerationMatch: Number(ifGenerationMatch) },
    });
    // The client re-sends from whatever offset a 308 names, with no limit: a server that never
    // takes more bytes would keep it sending forever. A few answers without progress in a row,
    // or an offset past the end, end the upload.
    let furthest = offset;
    let stalls = 0;
    // Thrown from the 'response' listener: the client emits it synchronously inside its request
    // handling, whose catch destroys the upload (destroying the outer stream alone does not stop
    // the client's resend loop).
    const stall = (why: string): never => {
      throw new UserError(`The upload of gs://${req.bucket}/${req.object} stopped: ${why}.`, {
        fix: `check TALOS_FLEET_GCS_ENDPOINT (${options.uploadOrigin}) points at Cloud Storage, then re-run`,
        title: 'Upload stalled',
      });
    };
    writer.on('response', (res: { status: number; headers: unknown }) => {
      if (res.status !== 308) return;
      const headers =
        res.headers instanceof Headers ? res.headers : new Headers(res.headers as Record<string, string>);
      const range = /bytes=0-(\d+)/.exec(headers.get('range') ?? '');
      const reported = range ? Number(range[1]) + 1 : 0;
      if (reported > req.size)
        stall(`the server acknowledged ${reported} bytes of a ${req.size}-byte object`);
      if (reported <= furthest) {
        if (++stalls >= MAX_STALLS)
          stall(`${stalls} requests in a row took no bytes past offset ${furthest}`);
        return;
      }
      stalls = 0;
      furthest = reported;
      if (!range) return;
      const acked = reported;
      onAcked(acked);
      req.onProgress?.(acked);
      pool.release(acked);
      const mark = marks.get(acked);
      for (const k of marks.keys()) if (k < acked) marks.delete(k);
      if (mark === undefined) return;
      const state = { uri, size: req.size, offset: acked, crc32c: mark };
      saving = saving.then(() => options.sessions.save(req.stateKey, state));
    });

    await pipeline(Readable.from(req.source(start.readFrom), { objectMode: false }), hasher, writer);
    await saving;
    if (position !== req.size) throw new Error(`Image Factory sent ${position} bytes, not ${req.size}`);
    req.onProgress?.(req.size);
    return { bytesRead, crc32c: crc.toBase64() };
  }
}

/** The object GCS stored is not the bytes read: it was deleted, and a fresh upload may fix it. */
class ChecksumMismatch extends Error {}

function foreignBucket(name: string, message: string): UserError {
  return new UserError(
    `Bucket '${name}' exists but does not belong to the target project, or this identity may not use it (${message}). Nothing was read from it or written to it.`,
    {
      fix: "bucket names are global and anyone can take one first: set the bucket input to a name of your own in the target project (and delete any image made from this bucket: it is not trusted), or grant this identity storage.admin on the target project's bucket",
      title: 'Bucket not usable',
    },
  );
}

function gcsError(error: unknown, what: string): unknown {
  const status = httpStatus(error);
  if (status === 401 || status === 403)
    return new UserError(`GCS refused ${what}: ${describeError(error)}`, {
      fix: 'give the identity roles/storage.admin on the project (or objectAdmin on an existing bucket), and check the credentials',
      title: 'GCS permission denied',
      cause: error,
    });
  return error;
}
