import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { parse, stringify } from 'yaml';
import { FakeServer } from '../http/fake-server.js';

/**
 * A loopback Image Factory: `POST /schematics` (201 {id, schematic}; 400 with the factory's
 * unmarshal message for unknown fields), and `HEAD`/`GET /image/<schematic>/<version>/<file>`
 * with Content-Length (404 for an unknown schematic or version). Image bytes are generated from
 * their offset, so a 1 GiB image costs no memory. Range requests answer 206 unless
 * `rangeSupport` is off (the real factory's direct path ignores Range and answers 200).
 */

export interface ImageContent {
  size: number;
  /** Bytes [start, end). */
  read(start: number, end: number): Buffer;
}

/** Deterministic pseudo-random bytes: a block whose odd length (1 MiB + 7) never lines up with upload chunks. */
export function syntheticImage(size: number, seed = 'talos'): ImageContent {
  const blockSize = 1024 * 1024 + 7;
  const block = Buffer.alloc(blockSize);
  let state = createHash('sha256').update(seed).digest();
  for (let i = 0; i < blockSize; i += state.length) {
    state = createHash('sha256').update(state).digest();
    state.copy(block, i, 0, Math.min(state.length, blockSize - i));
  }
  return {
    size,
    read(start, end) {
      const out = Buffer.allocUnsafe(end - start);
      let o = 0;
      for (let p = start; p < end;) {
        const at = p % blockSize;
        const n = Math.min(blockSize - at, end - p);
        block.copy(out, o, at, at + n);
        o += n;
        p += n;
      }
      return out;
    },
  };
}

const CUSTOMIZATION_FIELDS = new Set([
  'extraKernelArgs',
  'meta',
  'systemExtensions',
  'secureboot',
  'bootloader',
  'embeddedMachineConfiguration',
  'diskImage',
]);

export class FakeImageFactory extends FakeServer {
  /** Versions the factory knows. */
  versions = new Set(['v1.12.6', 'v1.13.9', 'v1.14.0-beta.1']);
  readonly schematics = new Map<string, string>();
  /** Image content by `<version>/<file>`; default a synthetic image of `defaultSize`. */
  readonly images = new Map<string, ImageContent>();
  defaultSize = 3 * 1024 * 1024 + 12345;
  rangeSupport = true;
  /** Body bytes sent for image downloads (not HEAD). */
  bytesServed = 0;
  downloads = 0;
  /** Drop the connection after this many body bytes of the next N downloads. */
  private dropPlan: { afterBytes: number; times: number } | undefined;

  constructor() {
    super();
    this.route('POST', '/schematics', async (req, res) => {
      const text = (await req.body()).toString('utf8');
      const problem = this.schematicProblem(text);
      if (problem) return sendText(res, 400, problem);
      const canonical = canonicalSchematic(text);
      const id = createHash('sha256').update(canonical).digest('hex');
      this.schematics.set(id, canonical);
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(`${JSON.stringify({ id, schematic: canonical })}\n`);
    });
    this.route('*', '/image/:schematic/:version/:file', async (req, res) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed');
      const { schematic, version, file } = req.params as { schematic: string; version: string; file: string };
      if (!this.schematics.has(schematic)) return sendText(res, 404, 'schematic not found');
      if (!this.versions.has(version)) return sendText(res, 404, `version ${version} not found`);
      if (!/^gcp-(amd64|arm64)\.raw\.tar\.gz$/.test(file))
        return sendText(res, 400, `error parsing profile from path: unsupported ${file}`);
      const content = this.content(version, file);
      const range = this.rangeSupport ? parseRange(req.headers.range, content.size) : undefined;
      const start = range?.start ?? 0;
      const headers: Record<string, string> = {
        'content-type': 'application/gzip',
        'content-disposition': `attachment; filename="${file}"`,
        'content-length': String(content.size - start),
      };
      if (range) headers['content-range'] = `bytes ${start}-${content.size - 1}/${content.size}`;
      res.writeHead(range ? 206 : 200, headers);
      if (req.method === 'HEAD') return res.end();
      this.downloads++;
      await this.stream(res, content, start);
    });
  }

  imageUrl(schematic: string, version: string, arch: string): string {
    return `${this.url}/image/${schematic}/${version}/gcp-${arch}.raw.tar.gz`;
  }

  setImage(version: string, arch: string, content: ImageContent): void {
    this.images.set(`${version}/gcp-${arch}.raw.tar.gz`, content);
  }

  dropDownloads(afterBytes: number, times = 1): void {
    this.dropPlan = { afterBytes, times };
  }

  private content(version: string, file: string): ImageContent {
    const key = `${version}/${file}`;
    let c = this.images.get(key);
    if (!c) {
      c = syntheticImage(this.defaultSize, key);
      this.images.set(key, c);
    }
    return c;
  }

  private async stream(res: ServerResponse, content: ImageContent, start: number): Promise<void> {
    const drop = this.dropPlan && this.dropPlan.times > 0 ? this.dropPlan : undefined;
    if (drop) drop.times--;
    const piece = 256 * 1024;
    const count = (n: number) => {
      this.bytesServed += n;
    };
    async function* body(): AsyncIterable<Buffer> {
      let sent = 0;
      for (let p = start; p < content.size; p += piece) {
        const chunk = content.read(p, Math.min(content.size, p + piece));
        if (drop && sent + chunk.length > drop.afterBytes) {
          const part = chunk.subarray(0, drop.afterBytes - sent);
          count(part.length);
          yield part;
          await new Promise((r) => setImmediate(r));
          res.socket?.destroy();
          return;
        }
        sent += chunk.length;
        count(chunk.length);
        yield chunk;
      }
    }
    await this.sendThrottled(res, Readable.from(body()));
  }

  /** What the factory's strict YAML unmarshal says about a body, or undefined when it is fine. */
  private schematicProblem(text: string): string | undefined {
    let doc: unknown;
    try {
      doc = parse(text);
    } catch (error) {
      return `error unmarshaling schematic: yaml: ${(error as Error).message.split('\n')[0] ?? ''}\n`;
    }
    if (doc === null || doc === undefined) return undefined;
    if (typeof doc !== 'object' || Array.isArray(doc))
      return 'error unmarshaling schematic: yaml: unmarshal errors:\n  line 1: cannot unmarshal into schematic.Schematic\n';
    const lines = text.split('\n');
    const lineOf = (key: string) => lines.findIndex((l) => new RegExp(`^\\s*${key}\\s*:`).test(l)) + 1;
    for (const key of Object.keys(doc)) {
      if (key !== 'customization' && key !== 'overlay')
        return `error unmarshaling schematic: yaml: unmarshal errors:\n  line ${lineOf(key)}: field ${key} not found in type schematic.Schematic\n`;
    }
    const customization = (doc as { customization?: unknown }).customization;
    if (customization && typeof customization === 'object') {
      for (const key of Object.keys(customization)) {
        if (!CUSTOMIZATION_FIELDS.has(key))
          return `error unmarshaling schematic: yaml: unmarshal errors:\n  line ${lineOf(key)}: field ${key} not found in type schematic.Customization\n`;
      }
    }
    return undefined;
  }
}

/** The factory marshals its Go struct back to YAML; an empty one is `customization: {}\n`. */
function canonicalSchematic(text: string): string {
  const doc = (parse(text) ?? {}) as { customization?: unknown; overlay?: unknown };
  const out: Record<string, unknown> = { customization: doc.customization ?? {} };
  if (doc.overlay) out.overlay = doc.overlay;
  return stringify(out);
}

function parseRange(header: string | undefined, size: number): { start: number } | undefined {
  const m = /^bytes=(\d+)-$/.exec(header ?? '');
  if (!m) return undefined;
  const start = Number(m[1]);
  return start < size ? { start } : undefined;
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
