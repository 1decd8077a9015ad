import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { CRC32C } from '@google-cloud/storage';
import { FakeServer, type FakeRequest, sendGoogleError, sendJson } from '../http/fake-server.js';

/**
 * A loopback GCS JSON API, as @google-cloud/storage 8 drives it (paths under /storage/v1 and
 * /upload/storage/v1): bucket get/insert (409 when taken, 403 for someone else's), object
 * get/delete with metadata, downloads (alt=media), multipart uploads, and resumable uploads with 308 + Range for each
 * chunk, 256 KiB granularity, crc32c in every object, and ifGenerationMatch preconditions.
 * A dropped connection persists only whole 256 KiB blocks, as GCS may, so the client has to ask
 * where to resume.
 */

const QUANTUM = 256 * 1024;

export interface StoredObject {
  bucket: string;
  name: string;
  generation: number;
  size: number;
  crc32c: string;
  contentType: string;
  metadata: Record<string, string>;
  data: Buffer | undefined;
  timeCreated: string;
}

interface Session {
  id: string;
  bucket: string;
  name: string;
  contentType: string;
  metadata: Record<string, string>;
  ifGenerationMatch: number | undefined;
  persisted: number;
  crc: CRC32C;
  parts: Buffer[] | undefined;
  total: number | undefined;
  done: StoredObject | undefined;
}

export class FakeGcs extends FakeServer {
  readonly buckets = new Map<
    string,
    { project: string; location: string; labels: Record<string, string>; uniform: boolean }
  >();
  /** Bucket names that exist in someone else's project. */
  readonly foreignBuckets = new Set<string>();
  readonly objects = new Map<string, StoredObject>();
  readonly sessions = new Map<string, Session>();
  /** Keep object bytes (tests compare them); the benchmark turns it off. */
  storeData = true;
  /** Bytes received in upload bodies. */
  bytesReceived = 0;
  /** Reports a wrong crc32c for the next finished object (to test client verification). */
  corruptNextCrc = false;
  /** Destroy the connection of an upload PUT once its session has received this many bytes. */
  private readonly dropAt: number[] = [];
  private generation = 1_700_000_000_000_000;

  constructor() {
    super();
    this.route('GET', '/storage/v1/b/:bucket', (req, res) => {
      if (!this.authorized(req, res)) return;
      const b = req.params.bucket ?? '';
      if (this.foreignBuckets.has(b)) return forbidden(res, `storage.buckets.get`, b);
      const bucket = this.buckets.get(b);
      if (!bucket) return notFound(res, 'The specified bucket does not exist.');
      sendJson(res, 200, this.bucketJson(b));
    });
    // projects.serviceAccount.get: the project's service agent, the one place GCS names its number.
    this.route('GET', '/storage/v1/projects/:project/serviceAccount', (req, res) => {
      if (!this.authorized(req, res)) return;
      sendJson(res, 200, {
        kind: 'storage#serviceAccount',
        email_address: `service-${projectNumber(req.params.project ?? '')}@gs-project-accounts.iam.gserviceaccount.com`,
      });
    });
    this.route('POST', '/storage/v1/b', async (req, res) => {
      if (!this.authorized(req, res)) return;
      const body = await req.json<{
        name?: string;
        location?: string;
        labels?: Record<string, string>;
        iamConfiguration?: { uniformBucketLevelAccess?: { enabled?: boolean } };
      }>();
      const project = req.url.searchParams.get('project');
      if (!project) return sendGoogleError(res, 400, 'required', 'Required parameter: project');
      const name = body.name ?? '';
      if (this.foreignBuckets.has(name))
        return sendGoogleError(
          res,
          409,
          'conflict',
          'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
        );
      if (this.buckets.has(name))
        return sendGoogleError(
          res,
          409,
          'conflict',
          'Your previous request to create the named bucket succeeded and you already own it.',
        );
      this.buckets.set(name, {
        project,
        location: (body.location ?? 'US').toUpperCase(),
        labels: body.labels ?? {},
        uniform: body.iamConfiguration?.uniformBucketLevelAccess?.enabled === true,
      });
      sendJson(res, 200, this.bucketJson(name));
    });
    this.route('GET', '/storage/v1/b/:bucket/o', (req, res) => {
      if (!this.authorized(req, res)) return;
      const bucket = req.params.bucket ?? '';
      if (!this.buckets.has(bucket)) return notFound(res, 'The specified bucket does not exist.');
      // objects.list: name order, `prefix`, `maxResults` (default 1,000) and `pageToken` (the last name sent).
      const prefix = req.url.searchParams.get('prefix') ?? '';
      const after = req.url.searchParams.get('pageToken') ?? '';
      const max = Math.min(1000, Number(req.url.searchParams.get('maxResults') ?? 1000) || 1000);
      const matching = [...this.objects.values()]
        .filter((o) => o.bucket === bucket && o.name.startsWith(prefix) && o.name > after)
        .sort((a, b) => a.name.localeCompare(b.name));
      const page = matching.slice(0, max);
      const last = page.at(-1);
      sendJson(res, 200, {
        kind: 'storage#objects',
        ...(page.length ? { items: page.map(objectJson) } : {}),
        ...(matching.length > max && last ? { nextPageToken: last.name } : {}),
      });
    });
    this.route('GET', '/storage/v1/b/:bucket/o/:object', (req, res) => {
      if (!this.authorized(req, res)) return;
      const o = this.objects.get(key(req.params.bucket ?? '', req.params.object ?? ''));
      if (!o)
        return notFound(res, 'No such object: ' + `${req.params.bucket ?? ''}/${req.params.object ?? ''}`);
      if (req.url.searchParams.get('alt') === 'media') {
        // A download, with the hash header the client validates against.
        const data = o.data ?? Buffer.alloc(0);
        res.writeHead(200, {
          'content-type': o.contentType,
          'content-length': data.length,
          'x-goog-hash': `crc32c=${o.crc32c}`,
          'x-goog-generation': String(o.generation),
        });
        res.end(data);
        return;
      }
      sendJson(res, 200, objectJson(o));
    });
    this.route('DELETE', '/storage/v1/b/:bucket/o/:object', (req, res) => {
      if (!this.authorized(req, res)) return;
      const k = key(req.params.bucket ?? '', req.params.object ?? '');
      if (!this.objects.delete(k)) return notFound(res, `No such object: ${k}`);
      res.writeHead(204);
      res.end();
    });
    this.route('POST', '/upload/storage/v1/b/:bucket/o', async (req, res) => {
      const bucket = req.params.bucket ?? '';
      if (!this.buckets.has(bucket)) return notFound(res, 'The specified bucket does not exist.');
      const type = req.url.searchParams.get('uploadType');
      if (type === 'multipart') return this.multipart(req, res, bucket);
      if (type !== 'resumable')
        return sendGoogleError(res, 400, 'invalid', `unsupported uploadType ${type ?? ''}`);
      const meta =
        (await req.json<{
          name?: string;
          contentType?: string;
          metadata?: Record<string, string>;
        } | null>()) ?? {};
      const name = req.url.searchParams.get('name') ?? meta.name ?? '';
      const ifGenerationMatch = generationPrecondition(req);
      if (!this.preconditionHolds(bucket, name, ifGenerationMatch)) return preconditionFailed(res);
      const id = randomUUID().replace(/-/g, '');
      this.sessions.set(id, {
        id,
        bucket,
        name,
        contentType:
          meta.contentType ?? String(req.headers['x-upload-content-type'] ?? 'application/octet-stream'),
        metadata: meta.metadata ?? {},
        ifGenerationMatch,
        persisted: 0,
        crc: new CRC32C(),
        parts: this.storeData ? [] : undefined,
        total: undefined,
        done: undefined,
      });
      const location = `${this.url}/upload/storage/v1/b/${bucket}/o?uploadType=resumable&name=${encodeURIComponent(name)}&upload_id=${id}`;
      res.writeHead(200, { location, 'content-length': 0 });
      res.end();
    });
    this.route('PUT', '/upload/storage/v1/b/:bucket/o', (req, res) => this.chunk(req, res));
    this.route('DELETE', '/upload/storage/v1/b/:bucket/o', (req, res) => {
      const id = req.url.searchParams.get('upload_id') ?? '';
      this.sessions.delete(id);
      res.writeHead(499);
      res.end();
    });
  }

  /** The next upload PUT that carries a session past `offset` bytes loses its connection there. */
  dropUploadAt(offset: number): void {
    this.dropAt.push(offset);
  }

  addObject(bucket: string, name: string, data: Buffer, metadata: Record<string, string> = {}): StoredObject {
    const crc = new CRC32C();
    crc.update(data);
    return this.store({
      bucket,
      name,
      generation: 0,
      size: data.length,
      crc32c: crc.toString(),
      contentType: 'application/octet-stream',
      metadata,
      data,
      timeCreated: new Date().toISOString(),
    });
  }

  object(bucket: string, name: string): StoredObject | undefined {
    return this.objects.get(key(bucket, name));
  }

  private authorized(req: FakeRequest, res: ServerResponse): boolean {
    // JSON API calls only: the client sends no Authorization on upload session URIs to custom endpoints.
    if (/^Bearer \S+/.test(req.headers.authorization ?? '')) return true;
    sendGoogleError(res, 401, 'required', 'Anonymous caller does not have storage.objects.get access.');
    return false;
  }

  private bucketJson(name: string): unknown {
    const b = this.buckets.get(name);
    return {
      kind: 'storage#bucket',
      id: name,
      name,
      projectNumber: projectNumber(b?.project ?? ''),
      location: b?.location,
      storageClass: 'STANDARD',
      labels: b?.labels,
      iamConfiguration: { uniformBucketLevelAccess: { enabled: b?.uniform ?? false } },
      metageneration: '1',
      timeCreated: new Date().toISOString(),
    };
  }

  private preconditionHolds(bucket: string, name: string, ifGenerationMatch: number | undefined): boolean {
    if (ifGenerationMatch === undefined) return true;
    const existing = this.objects.get(key(bucket, name));
    return ifGenerationMatch === 0 ? !existing : existing?.generation === ifGenerationMatch;
  }

  private store(o: StoredObject): StoredObject {
    o.generation = ++this.generation;
    if (this.corruptNextCrc) {
      this.corruptNextCrc = false;
      o.crc32c = 'AAAAAA==';
    }
    this.objects.set(key(o.bucket, o.name), o);
    return o;
  }

  private async multipart(req: FakeRequest, res: ServerResponse, bucket: string): Promise<void> {
    const boundary = /boundary="?([^";]+)"?/.exec(req.headers['content-type'] ?? '')?.[1];
    if (!boundary) return sendGoogleError(res, 400, 'invalid', 'multipart body without a boundary');
    const body = await req.body();
    const parts = splitMultipart(body, boundary);
    const [metaPart, dataPart] = parts;
    if (!metaPart || !dataPart)
      return sendGoogleError(res, 400, 'invalid', 'multipart body needs metadata and media');
    const meta = JSON.parse(metaPart.body.toString('utf8')) as {
      name?: string;
      contentType?: string;
      metadata?: Record<string, string>;
    };
    const name = req.url.searchParams.get('name') ?? meta.name ?? '';
    if (!this.preconditionHolds(bucket, name, generationPrecondition(req))) return preconditionFailed(res);
    this.bytesReceived += dataPart.body.length;
    const crc = new CRC32C();
    crc.update(dataPart.body);
    const o = this.store({
      bucket,
      name,
      generation: 0,
      size: dataPart.body.length,
      crc32c: crc.toString(),
      contentType: meta.contentType ?? dataPart.headers['content-type'] ?? 'application/octet-stream',
      metadata: meta.metadata ?? {},
      data: this.storeData ? dataPart.body : undefined,
      timeCreated: new Date().toISOString(),
    });
    sendJson(res, 200, objectJson(o));
  }

  /** One PUT to a resumable session: a status query (`bytes *\/…`) or a chunk (`bytes a-b/total|*`). */
  private async chunk(req: FakeRequest, res: ServerResponse): Promise<void> {
    const s = this.sessions.get(req.url.searchParams.get('upload_id') ?? '');
    if (!s) return notFound(res, 'No such upload session.');
    const range = req.headers['content-range'] ?? '';
    const query = /^bytes \*\/(\d+|\*)$/.exec(range);
    if (query) {
      await req.body();
      if (query[1] !== '*') s.total = Number(query[1]);
      if (s.done) return sendJson(res, 200, objectJson(s.done));
      if (s.total !== undefined && s.persisted === s.total) return this.finish(s, res);
      return resumeIncomplete(res, s.persisted);
    }
    // `bytes a-b/total|*` is one chunk; `bytes a-*/total|*` streams the rest of the object in this request.
    const m = /^bytes (\d+)-(\d+|\*)\/(\d+|\*)$/.exec(range);
    if (!m) return sendGoogleError(res, 400, 'invalid', `bad Content-Range '${range}'`);
    if (s.done) {
      await req.body();
      return sendJson(res, 200, objectJson(s.done));
    }
    const first = Number(m[1]);
    const open = m[2] === '*';
    if (m[3] !== '*') s.total = Number(m[3]);
    let last = open ? (s.total ?? Number.MAX_SAFE_INTEGER) - 1 : Number(m[2]);
    if (first > s.persisted) {
      await req.body();
      return sendGoogleError(
        res,
        400,
        'invalid',
        `Invalid request: upload starts at ${first}, but ${s.persisted} bytes are persisted`,
      );
    }
    const isFinal = open || (s.total !== undefined && last + 1 === s.total);
    if (!isFinal && (last + 1 - first) % QUANTUM !== 0) {
      await req.body();
      return sendGoogleError(
        res,
        400,
        'invalid',
        'Invalid request. The number of bytes uploaded is required to be a multiple of 262144, except for the final request.',
      );
    }

    // Bytes before `persisted` (a client re-sending) are skipped; whole 256 KiB blocks persist as they arrive.
    let position = first;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const drop = this.dropAt.findIndex((d) => d > s.persisted && d <= last + 1);
    const dropAt = drop >= 0 ? this.dropAt.splice(drop, 1)[0] : undefined;
    const commit = (buf: Buffer) => {
      s.crc.update(buf);
      s.parts?.push(Buffer.from(buf));
      s.persisted += buf.length;
    };
    for await (const c of req.raw) {
      let chunk = c as Buffer;
      this.bytesReceived += chunk.length;
      if (position < s.persisted) {
        const skip = Math.min(chunk.length, s.persisted - position);
        chunk = chunk.subarray(skip);
        position += skip;
      }
      if (dropAt !== undefined && position + chunk.length >= dropAt) {
        chunk = chunk.subarray(0, dropAt - position);
        pending.push(chunk);
        pendingBytes += chunk.length;
        const whole = Math.floor((s.persisted + pendingBytes) / QUANTUM) * QUANTUM - s.persisted;
        if (whole > 0) commit(Buffer.concat(pending).subarray(0, whole));
        req.raw.socket.destroy();
        return;
      }
      position += chunk.length;
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= QUANTUM) {
        const all = Buffer.concat(pending);
        const whole = Math.floor(all.length / QUANTUM) * QUANTUM;
        commit(all.subarray(0, whole));
        pending = [all.subarray(whole)];
        pendingBytes = all.length - whole;
      }
    }
    if (open && s.total === undefined) {
      last = position - 1;
      s.total = position;
    }
    if (position !== last + 1) {
      return sendGoogleError(
        res,
        400,
        'invalid',
        `Content-Range says ${last + 1 - first} bytes, got ${position - first}`,
      );
    }
    if (pendingBytes > 0) commit(Buffer.concat(pending));
    const hash = /crc32c=([^,]+)/.exec(String(req.headers['x-goog-hash'] ?? ''))?.[1];
    if (isFinal && hash && hash !== s.crc.toString())
      return sendGoogleError(
        res,
        400,
        'invalid',
        `Provided CRC32C "${hash}" doesn't match calculated CRC32C "${s.crc.toString()}".`,
      );
    if (isFinal) return this.finish(s, res);
    return resumeIncomplete(res, s.persisted);
  }

  private finish(s: Session, res: ServerResponse): void {
    if (!this.preconditionHolds(s.bucket, s.name, s.ifGenerationMatch)) {
      this.sessions.delete(s.id);
      return preconditionFailed(res);
    }
    s.done = this.store({
      bucket: s.bucket,
      name: s.name,
      generation: 0,
      size: s.persisted,
      crc32c: s.crc.toString(),
      contentType: s.contentType,
      metadata: s.metadata,
      data: s.parts ? Buffer.concat(s.parts) : undefined,
      timeCreated: new Date().toISOString(),
    });
    s.parts = undefined;
    sendJson(res, 200, objectJson(s.done));
  }
}

/** A stable 12-digit project number for a project ID, as GCS reports it for buckets and service agents. */
export function projectNumber(project: string): string {
  let n = 0;
  for (const c of project) n = (n * 31 + c.charCodeAt(0)) % 900_000_000_000;
  return String(100_000_000_000 + n);
}

function generationPrecondition(req: FakeRequest): number | undefined {
  const value = req.url.searchParams.get('ifGenerationMatch');
  return value === null ? undefined : Number(value);
}

function key(bucket: string, name: string): string {
  return `${bucket}/${name}`;
}

function objectJson(o: StoredObject): unknown {
  return {
    kind: 'storage#object',
    id: `${o.bucket}/${o.name}/${o.generation}`,
    selfLink: `https://www.googleapis.com/storage/v1/b/${o.bucket}/o/${encodeURIComponent(o.name)}`,
    name: o.name,
    bucket: o.bucket,
    generation: String(o.generation),
    metageneration: '1',
    contentType: o.contentType,
    size: String(o.size),
    crc32c: o.crc32c,
    metadata: o.metadata,
    timeCreated: o.timeCreated,
    updated: o.timeCreated,
    storageClass: 'STANDARD',
  };
}

function resumeIncomplete(res: ServerResponse, persisted: number): void {
  const headers: Record<string, string> = { 'content-length': '0' };
  if (persisted > 0) headers.range = `bytes=0-${persisted - 1}`;
  res.writeHead(308, headers);
  res.end();
}

function notFound(res: ServerResponse, message: string): void {
  sendGoogleError(res, 404, 'notFound', message);
}

function forbidden(res: ServerResponse, permission: string, bucket: string): void {
  sendGoogleError(
    res,
    403,
    'forbidden',
    `caller@example.iam.gserviceaccount.com does not have ${permission} access to the Google Cloud Storage bucket. Permission '${permission}' denied on resource (or it may not exist).`.replace(
      'bucket.',
      `bucket ${bucket}.`,
    ),
  );
}

function preconditionFailed(res: ServerResponse): void {
  sendGoogleError(
    res,
    412,
    'conditionNotMet',
    'At least one of the pre-conditions you specified did not hold.',
  );
}

function splitMultipart(body: Buffer, boundary: string): { headers: Record<string, string>; body: Buffer }[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: { headers: Record<string, string>; body: Buffer }[] = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const headers: Record<string, string> = {};
    for (const line of part.subarray(0, split).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    parts.push({ headers, body: part.subarray(split + 4) });
    at = next;
  }
  return parts;
}
