import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The base every loopback fake builds on: a router, a request log, and fault injection (status
 * codes, dropped connections, slow responses, a bandwidth cap) so each retry and failure path of
 * the real client libraries can be driven from a test.
 */

export interface FakeRequest {
  method: string;
  url: URL;
  path: string;
  headers: IncomingMessage['headers'];
  /** Reads the whole body (once). Large uploads should stream `raw` instead. */
  body(): Promise<Buffer>;
  json<T = unknown>(): Promise<T>;
  raw: IncomingMessage;
  params: Record<string, string>;
}

export type Handler = (req: FakeRequest, res: ServerResponse) => unknown;

export interface Fault {
  /** Which requests it applies to; default all. */
  match?: (req: FakeRequest) => boolean;
  /** Answer with this status (and body/headers) instead of the real handler. */
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Destroy the socket: before answering, or after the handler has read `afterBytes` of the request body. */
  drop?: boolean;
  afterBytes?: number;
  /** Wait before handling. */
  delayMs?: number;
  /** How many matching requests it hits; default 1. */
  times?: number;
}

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

export interface ThrottleOptions {
  /** Added before every response. */
  latencyMs?: number;
  /** Caps response body bandwidth (bytes per second) for `sendThrottled`. */
  bytesPerSecond?: number;
}

export class FakeServer {
  readonly requests: { method: string; path: string; search: string; headers: IncomingMessage['headers'] }[] =
    [];
  private readonly routes: Route[] = [];
  private readonly faults: (Fault & { remaining: number })[] = [];
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  throttle: ThrottleOptions = {};
  url = '';

  /** Adds a route. `pattern` is a path like `/storage/v1/b/:bucket/o/:object` (`:name` matches one segment) or a RegExp. */
  route(method: string, pattern: string | RegExp, handler: Handler): this {
    const keys: string[] = [];
    const regex =
      typeof pattern === 'string'
        ? new RegExp(
            `^${pattern
              .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
              .replace(/:(\w+)(\*)?/g, (_, k: string, star?: string) => {
                keys.push(k);
                return star ? '(.+)' : '([^/]+)';
              })}$`,
          )
        : pattern;
    this.routes.push({ method: method.toUpperCase(), pattern: regex, keys, handler });
    return this;
  }

  inject(fault: Fault): this {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
    return this;
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /**
   * Listens on 127.0.0.1. With `tls`, it serves HTTPS with the loopback test certificate, which
   * clients trust through `NODE_EXTRA_CA_CERTS=LOOPBACK_CA_FILE` (as a runner trusts a corporate CA).
   */
  async start(port = 0, options: { tls?: boolean } = {}): Promise<this> {
    const listener = (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 500, message: `fake server bug: ${String(error)}` } }));
        } else res.destroy();
      });
    };
    this.server = options.tls
      ? createTlsServer(
          { cert: readFileSync(LOOPBACK_CA_FILE), key: readFileSync(LOOPBACK_KEY_FILE) },
          listener,
        )
      : createServer(listener);
    this.server.on(options.tls ? 'secureConnection' : 'connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Sends a body respecting the throttle's bandwidth cap. */
  async sendThrottled(res: ServerResponse, data: Buffer | NodeJS.ReadableStream): Promise<void> {
    const bps = this.throttle.bytesPerSecond;
    const chunks: AsyncIterable<Buffer> = Buffer.isBuffer(data)
      ? splitBuffer(data, 64 * 1024)
      : (data as AsyncIterable<Buffer>);
    const started = performance.now();
    let sent = 0;
    for await (const chunk of chunks) {
      if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
      sent += chunk.length;
      if (bps) {
        const due = (sent / bps) * 1000 - (performance.now() - started);
        if (due > 0) await sleep(due);
      }
    }
    res.end();
  }

  private async handle(raw: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(raw.url ?? '/', this.url);
    let bodyPromise: Promise<Buffer> | undefined;
    const req: FakeRequest = {
      method: raw.method ?? 'GET',
      url,
      path: url.pathname,
      headers: raw.headers,
      raw,
      params: {},
      body: () => {
        bodyPromise ??= readAll(raw);
        return bodyPromise;
      },
      json: async <T>() => JSON.parse((await req.body()).toString('utf8') || 'null') as T,
    };
    this.requests.push({ method: req.method, path: url.pathname, search: url.search, headers: raw.headers });

    if (this.throttle.latencyMs) await sleep(this.throttle.latencyMs);

    const fault = this.faults.find((f) => f.remaining > 0 && (!f.match || f.match(req)));
    if (fault) {
      fault.remaining--;
      if (fault.delayMs) await sleep(fault.delayMs);
      if (fault.drop) {
        if (fault.afterBytes !== undefined) await readAtLeast(raw, fault.afterBytes);
        raw.socket.destroy();
        return;
      }
      if (fault.status) {
        await req.body().catch(() => undefined);
        res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
        res.end(
          fault.body ??
            JSON.stringify({ error: { code: fault.status, message: `injected ${fault.status}` } }),
        );
        return;
      }
    }

    for (const route of this.routes) {
      if (route.method !== req.method && route.method !== '*') continue;
      const m = route.pattern.exec(url.pathname);
      if (!m) continue;
      route.keys.forEach((k, i) => {
        req.params[k] = decodeURIComponent(m[i + 1] ?? '');
      });
      await route.handler(req, res);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ error: { code: 404, message: `no fake route for ${req.method} ${url.pathname}` } }),
    );
  }
}

/**
 * A self-signed certificate for 127.0.0.1 and localhost (EC P-256, valid to 2126), made once with
 * openssl for the tests. Its key is a test fixture that guards nothing but loopback fakes. The
 * benchmarks, which run a bundled copy of this file, name the folder in TALOS_FLEET_FAKE_TLS_DIR.
 */
const TLS_DIR = process.env.TALOS_FLEET_FAKE_TLS_DIR ?? fileURLToPath(new URL('./tls/', import.meta.url));
export const LOOPBACK_CA_FILE = join(TLS_DIR, 'loopback.cert.pem');
const LOOPBACK_KEY_FILE = join(TLS_DIR, 'loopback.key.pem');

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function readAtLeast(stream: IncomingMessage, bytes: number): Promise<void> {
  let seen = 0;
  for await (const c of stream) {
    seen += (c as Buffer).length;
    if (seen >= bytes) return;
  }
}

async function* splitBuffer(buf: Buffer, size: number): AsyncIterable<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

/**
 * One page of `items` as GitHub serves it: `per_page`/`page` query parameters and a `Link` header
 * with next/last/first/prev links back to this server (RFC 8288, as api.github.com sends them).
 */
export function githubPage<T>(
  baseUrl: string,
  path: string,
  items: readonly T[],
  query: { perPage: number; page: number; extra?: Record<string, string> },
): { slice: T[]; headers: Record<string, string> } {
  const { perPage, page } = query;
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number, rel: string) => {
    const u = new URL(path, baseUrl);
    for (const [k, v] of Object.entries(query.extra ?? {})) u.searchParams.set(k, v);
    u.searchParams.set('per_page', String(perPage));
    u.searchParams.set('page', String(p));
    return `<${u.href}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return {
    slice: items.slice((page - 1) * perPage, page * perPage),
    headers: links.length ? { link: links.join(', ') } : {},
  };
}

/** A Google API error body (`{error: {code, message, errors: [{domain, reason, message}]}}`), as GCS and Compute send. */
export function sendGoogleError(res: ServerResponse, code: number, reason: string, message: string): void {
  sendJson(res, code, { error: { code, message, errors: [{ domain: 'global', reason, message }] } });
}
