import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import fastJsonPatch from 'fast-json-patch';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { FakeServer, LOOPBACK_CA_FILE, sendJson, type Fault, type FakeRequest } from '../http/fake-server.js';
import { apiVersionOf, DEFAULT_KINDS, splitApiVersion, type KindInfo } from './kinds.js';
import { mergePatch, strategicMerge, isObject } from './merge.js';
import { checkFieldTerms, matchesFields, parseFieldSelector, parseLabelSelector } from './selectors.js';
import { builtinShape } from './shape.js';
import {
  KubeApiError,
  UNAUTHORIZED,
  badRequest,
  expired,
  invalid,
  methodNotAllowed,
  notFound,
  statusBody,
  unsupportedMediaType,
} from './status.js';
import {
  Store,
  type DeleteOptions,
  type KubeObject,
  type KubeStore,
  type StoreEvent,
  type WriteContext,
} from './store.js';

export type { KindInfo } from './kinds.js';
export { BUILTIN_KINDS, CAPI_KINDS, DEFAULT_KINDS, crdObjectFor } from './kinds.js';
export type { KubeMetadata, KubeObject, KubeStore, ManagedFieldsEntry, OwnerReference } from './store.js';
export { KubeApiError } from './status.js';

/**
 * A loopback Kubernetes API server, one per fake cluster, speaking the wire protocol
 * `@kubernetes/client-node`, kubectl and client-go speak: discovery, bearer-token auth, CRUD with
 * Status error bodies, list with selectors and `limit`/`continue`, merge/JSON/strategic patches and
 * server-side apply, the status subresource, watches with bookmarks and 410 Gone, finalizers,
 * namespaces and garbage collection (state in `store.ts`). Faults come from `FakeServer`
 * (`inject`, `injectStatus`) plus dropped watch streams (`dropWatches`, `injectWatchDrop`).
 */

export interface FakeKubeOptions {
  /** The cluster's name (kubeconfig cluster, context and user names). */
  name?: string;
  /** Kinds served; default built-ins plus the Cluster API CRDs (installed as CRD objects). */
  kinds?: readonly KindInfo[];
  /** Validate CRD kinds against ../shared/schemas when present (default true). */
  crdSchemas?: boolean;
  /** The bearer token every request must carry; default a random one. */
  token?: string;
  /** The version `/version` reports; default v1.36.1 (kind v0.32's node image). */
  version?: string;
  /** Events watches can resume from (default 1000); older resourceVersions answer 410. */
  watchWindow?: number;
  /** Milliseconds per second of `timeoutSeconds` (default 1000; tests scale it down). */
  secondMs?: number;
  /** Interval of BOOKMARK events (default 1000 ms). */
  bookmarkIntervalMs?: number;
  /**
   * Serve HTTPS with the loopback test certificate (the kubeconfig then carries it as
   * `certificate-authority-data`, as real ones carry the cluster CA). Default plain HTTP, with
   * `insecure-skip-tls-verify` in the kubeconfig.
   */
  tls?: boolean;
}

type Verb =
  'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection' | 'discovery';

interface ActiveWatch {
  resource: string;
  res: ServerResponse;
  sent: number;
  dropAfter?: number;
  stop: () => void;
}

interface WatchDrop {
  afterEvents: number;
  remaining: number;
  match?: (resource: string) => boolean;
}

/**
 * Kinds whose immediate DELETE answers the deleted object; the others answer a Success Status
 * (k8s.io/apiserver pkg/registry/generic/registry/store.go finalizeDelete with ReturnDeletedObject:
 * set in pkg/registry/core/pod/storage and core/serviceaccount/storage, not for configmaps, secrets,
 * deployments or custom resources; namespaces and CRDs have their own Delete). A deletion that
 * waits on finalizers answers the object in every case.
 */
const RETURNS_DELETED = new Set([
  '/Pod',
  '/ServiceAccount',
  '/Namespace',
  'apiextensions.k8s.io/CustomResourceDefinition',
]);

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export class FakeKubeApi extends FakeServer {
  readonly store: Store & KubeStore;
  readonly name: string;
  readonly token: string;
  readonly version: string;
  /** Milliseconds per second of `timeoutSeconds`. */
  secondMs: number;
  bookmarkIntervalMs: number;
  /** How a watch from a too-old resourceVersion fails: an ERROR event in a 200 stream (the watch cache) or an HTTP 410. */
  expiredWatchAs: 'event' | 'http' = 'event';
  private readonly counts = new Map<string, number>();
  private readonly watches = new Set<ActiveWatch>();
  private readonly watchDrops: WatchDrop[] = [];
  private readonly snapshots = new Map<string, { rv: number; items: KubeObject[] }>();

  private constructor(options: FakeKubeOptions) {
    super();
    this.name = options.name ?? 'fake';
    this.token = options.token ?? `fake-${randomBytes(16).toString('hex')}`;
    this.version = options.version ?? 'v1.36.1';
    this.secondMs = options.secondMs ?? 1000;
    this.bookmarkIntervalMs = options.bookmarkIntervalMs ?? 1000;
    this.store = new Store({
      kinds: options.kinds ?? DEFAULT_KINDS,
      crdSchemas: options.crdSchemas ?? true,
      ...(options.watchWindow !== undefined ? { watchWindow: options.watchWindow } : {}),
    });
    this.route('*', /^\/.*$/, (req, res) => this.serve(req, res));
  }

  static async start(options: FakeKubeOptions = {}): Promise<FakeKubeApi> {
    const api = new FakeKubeApi(options);
    if (!options.tls) return api.start();
    api.caPem = readFileSync(LOOPBACK_CA_FILE, 'utf8');
    return api.start(0, { tls: true });
  }

  /** PEM of the CA that signed the serving certificate, when serving HTTPS. */
  caPem: string | undefined;

  /** A kubeconfig for this server: cluster server = this.url, a bearer-token user. */
  kubeconfig(options: { context?: string; namespace?: string } = {}): string {
    const context = options.context ?? this.name;
    return stringifyYaml({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: this.name,
          cluster: {
            server: this.url,
            // client-node 2.x refuses plain http unless TLS verification is off (config.ts createDispatcherOptions).
            ...(this.caPem
              ? { 'certificate-authority-data': Buffer.from(this.caPem).toString('base64') }
              : { 'insecure-skip-tls-verify': true }),
          },
        },
      ],
      users: [{ name: `${this.name}-admin`, user: { token: this.token } }],
      contexts: [
        {
          name: context,
          context: {
            cluster: this.name,
            user: `${this.name}-admin`,
            ...(options.namespace ? { namespace: options.namespace } : {}),
          },
        },
      ],
      'current-context': context,
      preferences: {},
    });
  }

  override async close(): Promise<void> {
    for (const w of this.watches) w.stop();
    this.store.close();
    await super.close();
  }

  /** Answers matching requests with a Kubernetes Status (429 carries Retry-After, as the apiserver's max-in-flight filter sends it). */
  injectStatus(
    code: number,
    options: {
      match?: Fault['match'];
      times?: number;
      retryAfterSeconds?: number;
      message?: string;
      delayMs?: number;
    } = {},
  ): this {
    const reasons: Record<number, [string, string]> = {
      429: ['TooManyRequests', 'Too many requests, please try again later.'],
      500: ['InternalError', 'Internal error occurred: injected'],
      502: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
      503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
      504: [
        'Timeout',
        'the server was unable to return a response in the time allotted, but may still be processing the request',
      ],
    };
    const [reason, message] = reasons[code] ?? ['InternalError', `injected ${code}`];
    const retry = options.retryAfterSeconds ?? (code === 429 ? 1 : undefined);
    return this.inject({
      ...(options.match ? { match: options.match } : {}),
      ...(options.times !== undefined ? { times: options.times } : {}),
      ...(options.delayMs !== undefined ? { delayMs: options.delayMs } : {}),
      status: code,
      headers: retry !== undefined ? { 'retry-after': String(retry) } : {},
      body: JSON.stringify(
        statusBody(
          code,
          reason,
          options.message ?? message,
          retry !== undefined ? { retryAfterSeconds: retry } : undefined,
        ),
      ),
    });
  }

  /** Drops (destroys the connection of) every open watch stream now. */
  dropWatches(match?: (resource: string) => boolean): number {
    let n = 0;
    for (const w of [...this.watches])
      if (!match || match(w.resource)) {
        w.res.socket?.destroy();
        n++;
      }
    return n;
  }

  /** Ends every open watch stream cleanly now, as the apiserver does when a watch's timeout passes. */
  closeWatches(match?: (resource: string) => boolean): number {
    let n = 0;
    for (const w of [...this.watches])
      if (!match || match(w.resource)) {
        w.stop();
        n++;
      }
    return n;
  }

  /** The next `times` watches (of a resource such as `cluster.x-k8s.io/machines`) are dropped after sending `afterEvents` events. */
  injectWatchDrop(options: {
    afterEvents: number;
    times?: number;
    match?: (resource: string) => boolean;
  }): this {
    this.watchDrops.push({
      afterEvents: options.afterEvents,
      remaining: options.times ?? 1,
      ...(options.match ? { match: options.match } : {}),
    });
    return this;
  }

  /** Open watch streams now. */
  openWatches(resource?: string): number {
    return [...this.watches].filter((w) => !resource || w.resource === resource).length;
  }

  /** Requests per `<verb> <resource>` (e.g. `watch cluster.x-k8s.io/machines`, `patch secrets`, `discovery /api/v1`). */
  requestCounts(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  /** How many requests matched a verb and/or resource. */
  countRequests(filter: { verb?: Verb; resource?: string } = {}): number {
    let n = 0;
    for (const [k, v] of this.counts) {
      const [verb, resource] = k.split(' ');
      if ((!filter.verb || verb === filter.verb) && (!filter.resource || resource === filter.resource))
        n += v;
    }
    return n;
  }

  resetRequestCounts(): void {
    this.counts.clear();
  }

  private count(verb: Verb, resource: string): void {
    const key = `${verb} ${resource}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  // ---- routing -----------------------------------------------------------------------------

  private async serve(req: FakeRequest, res: ServerResponse): Promise<void> {
    try {
      if (req.headers.authorization !== `Bearer ${this.token}`) {
        await req.body().catch(() => undefined);
        sendJson(res, 401, UNAUTHORIZED);
        return;
      }
      await this.dispatch(req, res);
    } catch (error) {
      if (error instanceof KubeApiError) {
        if (!res.headersSent) sendJson(res, error.code, error.status);
        return;
      }
      throw error;
    }
  }

  private async dispatch(req: FakeRequest, res: ServerResponse): Promise<void> {
    const segs = req.path.split('/').filter(Boolean).map(decodeURIComponent);
    const path = req.path.replace(/\/+$/, '') || '/';
    if (['/healthz', '/readyz', '/livez'].includes(path)) {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return;
    }
    if (path === '/version') {
      this.count('discovery', '/version');
      return sendJson(res, 200, this.versionInfo());
    }
    if (path === '/api') {
      this.count('discovery', '/api');
      return sendJson(res, 200, {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: new URL(this.url).host }],
      });
    }
    if (path === '/apis') {
      this.count('discovery', '/apis');
      return sendJson(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: this.groups() });
    }
    let group: string;
    let version: string;
    let rest: string[];
    if (segs[0] === 'api' && segs.length >= 2) {
      group = '';
      version = segs[1] ?? '';
      rest = segs.slice(2);
    } else if (segs[0] === 'apis' && segs.length >= 2) {
      group = segs[1] ?? '';
      if (segs.length === 2) {
        this.count('discovery', path);
        const found = this.groups().find((g) => g.name === group);
        if (!found) throw notFoundPath();
        return sendJson(res, 200, { kind: 'APIGroup', apiVersion: 'v1', ...found });
      }
      version = segs[2] ?? '';
      rest = segs.slice(3);
    } else throw notFoundPath();

    const served = this.store.servedKinds().filter((k) => k.group === group && k.versions.includes(version));
    if (!served.length) throw notFoundPath();
    if (!rest.length) {
      if (req.method !== 'GET') throw methodNotAllowed();
      this.count('discovery', path);
      return sendJson(res, 200, this.resourceList(group, version, served));
    }

    let namespace: string | undefined;
    let plural: string;
    let name: string | undefined;
    let sub: string | undefined;
    const nsInfo =
      rest[0] === 'namespaces' && rest.length >= 3
        ? this.store.resource(group, version, rest[2] ?? '')
        : undefined;
    if (nsInfo?.namespaced) {
      namespace = rest[1];
      plural = rest[2] ?? '';
      name = rest[3];
      sub = rest[4];
      if (rest.length > 5) throw notFoundPath();
    } else {
      plural = rest[0] ?? '';
      name = rest[1];
      sub = rest[2];
      if (rest.length > 3) throw notFoundPath();
    }
    const info = this.store.resource(group, version, plural);
    if (!info) throw notFoundPath();
    if (info.namespaced && name !== undefined && namespace === undefined) throw notFoundPath();
    if (
      sub !== undefined &&
      !((sub === 'status' && info.statusSubresource) || (sub === 'log' && info.logSubresource))
    )
      throw notFoundPath();
    const resource = `${group ? `${group}/` : ''}${plural}${sub ? `/${sub}` : ''}`;
    const apiVersion = apiVersionOf(info, version);
    const q = req.url.searchParams;

    if (req.method === 'GET' && name === undefined) {
      if (['1', 'true'].includes(q.get('watch') ?? '')) {
        this.count('watch', resource);
        return this.watch(req, res, info, version, namespace, resource);
      }
      this.count('list', resource);
      return sendJson(res, 200, this.list(info, version, namespace, q));
    }
    if (req.method === 'GET' && name !== undefined) {
      this.count('get', resource);
      const object = this.store.getIn(info, namespace, name);
      if (!object) throw notFound(info, name);
      if (sub === 'log') return this.podLog(res, object, q);
      return sendJson(res, 200, this.store.present(object, info, version));
    }
    if (req.method === 'POST' && name === undefined) {
      this.count('create', resource);
      const body = await readObject(req, info, apiVersion);
      const ctx = this.writeContext(req, apiVersion);
      const created = this.store.createIn(info, namespace, body, ctx);
      return sendJson(res, 201, created, warningHeaders(ctx));
    }
    if (req.method === 'PUT' && name !== undefined) {
      this.count('update', resource);
      const body = await readObject(req, info, apiVersion);
      const ctx = {
        ...this.writeContext(req, apiVersion),
        ...(sub === 'status' ? { subresource: 'status' as const } : {}),
      };
      const updated = this.store.updateIn(info, namespace, name, body, ctx);
      return sendJson(res, 200, updated, warningHeaders(ctx));
    }
    if (req.method === 'PATCH' && name !== undefined) {
      this.count('patch', resource);
      return this.patch(req, res, info, version, namespace, name, sub === 'status');
    }
    if (req.method === 'DELETE' && name !== undefined) {
      this.count('delete', resource);
      const options = await this.deleteOptions(req);
      const { object, deleted } = this.store.deleteIn(info, namespace, name, options);
      const orphanFalse = options.orphanDependents === false;
      if (deleted && !RETURNS_DELETED.has(`${info.group}/${info.kind}`))
        return sendJson(res, 200, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Success',
          details: {
            name,
            ...(info.group ? { group: info.group } : {}),
            kind: info.plural,
            uid: object.metadata.uid,
          },
        });
      return sendJson(res, !deleted && orphanFalse ? 202 : 200, this.store.present(object, info, version));
    }
    if (req.method === 'DELETE' && name === undefined) {
      this.count('deletecollection', resource);
      const options = await this.deleteOptions(req);
      const items = this.select(info, namespace, q).map(
        (o) => this.store.deleteIn(info, o.metadata.namespace, o.metadata.name, options).object,
      );
      return sendJson(res, 200, {
        kind: `${info.kind}List`,
        apiVersion,
        metadata: { resourceVersion: String(this.store.currentRv()) },
        items,
      });
    }
    throw methodNotAllowed();
  }

  private versionInfo() {
    const m = /^v(\d+)\.(\d+)/.exec(this.version);
    return {
      major: m?.[1] ?? '1',
      minor: m?.[2] ?? '0',
      gitVersion: this.version,
      gitCommit: '0000000000000000000000000000000000000000',
      gitTreeState: 'clean',
      buildDate: '2026-01-01T00:00:00Z',
      goVersion: 'go1.25.0',
      compiler: 'gc',
      platform: 'linux/amd64',
    };
  }

  private groups() {
    const byGroup = new Map<string, Set<string>>();
    for (const k of this.store.servedKinds()) {
      if (!k.group) continue;
      const set = byGroup.get(k.group) ?? new Set<string>();
      for (const v of k.versions) set.add(v);
      byGroup.set(k.group, set);
    }
    return [...byGroup].map(([name, versions]) => {
      const ordered = [...versions].sort(compareKubeVersions);
      const list = ordered.map((version) => ({ groupVersion: `${name}/${version}`, version }));
      return { name, versions: list, preferredVersion: list[0] };
    });
  }

  private resourceList(group: string, version: string, served: KindInfo[]) {
    const resources: Record<string, unknown>[] = [];
    for (const k of served) {
      resources.push({
        name: k.plural,
        singularName: k.singular,
        namespaced: k.namespaced,
        kind: k.kind,
        verbs: VERBS,
        ...(k.shortNames?.length ? { shortNames: k.shortNames } : {}),
        ...(k.categories?.length ? { categories: k.categories } : {}),
      });
      if (k.statusSubresource)
        resources.push({
          name: `${k.plural}/status`,
          singularName: '',
          namespaced: k.namespaced,
          kind: k.kind,
          verbs: ['get', 'patch', 'update'],
        });
      if (k.logSubresource)
        resources.push({
          name: `${k.plural}/log`,
          singularName: '',
          namespaced: k.namespaced,
          kind: 'Pod',
          verbs: ['get'],
        });
    }
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: group ? `${group}/${version}` : version,
      resources,
    };
  }

  // ---- reads -------------------------------------------------------------------------------

  private select(info: KindInfo, namespace: string | undefined, q: URLSearchParams): KubeObject[] {
    const labels = parseLabelSelector(q.get('labelSelector'));
    const fields = parseFieldSelector(q.get('fieldSelector'));
    checkFieldTerms(info.kind, info.group, fields);
    return this.store
      .listIn(info, namespace)
      .filter((o) => labels(o.metadata.labels) && matchesFields(o, fields));
  }

  private list(info: KindInfo, version: string, namespace: string | undefined, q: URLSearchParams) {
    const limit = Number(q.get('limit') ?? '0');
    const token = q.get('continue');
    let rv = this.store.currentRv();
    let items: KubeObject[];
    let start = 0;
    if (token) {
      const decoded = decodeContinue(token);
      const snapshot = decoded && this.snapshots.get(decoded.id);
      if (!decoded || !snapshot) throw badRequest('continue key is not valid: invalid continue token');
      if (snapshot.rv < this.store.compactedRv)
        throw expired(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
        );
      ({ rv, items } = snapshot);
      start = decoded.start;
    } else items = this.select(info, namespace, q).map((o) => this.store.present(o, info, version));
    const page = limit > 0 ? items.slice(start, start + limit) : items.slice(start);
    const next = start + page.length;
    const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
    if (limit > 0 && next < items.length) {
      const id = token ? (decodeContinue(token)?.id ?? '') : randomBytes(6).toString('hex');
      if (!token) {
        this.snapshots.set(id, { rv, items });
        if (this.snapshots.size > 200) this.snapshots.delete(this.snapshots.keys().next().value as string);
      }
      metadata.continue = Buffer.from(JSON.stringify({ id, rv, start: next })).toString('base64url');
      metadata.remainingItemCount = items.length - next;
    }
    // Lists of built-in kinds carry no per-item kind/apiVersion on the wire; custom resources do.
    const wire = info.crd
      ? page
      : page.map((item) => {
          const rest: Record<string, unknown> = { ...item };
          delete rest.apiVersion;
          delete rest.kind;
          return rest;
        });
    return { kind: `${info.kind}List`, apiVersion: apiVersionOf(info, version), metadata, items: wire };
  }

  private podLog(res: ServerResponse, pod: KubeObject, q: URLSearchParams): void {
    let text =
      this.store.podLog(pod.metadata.namespace ?? '', pod.metadata.name, q.get('container') ?? undefined) ??
      '';
    const tail = q.get('tailLines');
    if (tail !== null) {
      const lines = text.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      text = lines
        .slice(-Number(tail))
        .map((l) => `${l}\n`)
        .join('');
    }
    const limitBytes = q.get('limitBytes');
    if (limitBytes !== null) text = Buffer.from(text).subarray(0, Number(limitBytes)).toString('utf8');
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  // ---- writes ------------------------------------------------------------------------------

  private writeContext(req: FakeRequest, apiVersion: string): WriteContext {
    const q = req.url.searchParams;
    const validation = q.get('fieldValidation');
    const dryRun = q.getAll('dryRun');
    if (dryRun.some((d) => d !== 'All'))
      throw badRequest(`dryRun: Unsupported value: "${dryRun.join(',')}": supported values: "All"`);
    return {
      manager: q.get('fieldManager') ?? defaultManager(req.headers['user-agent']),
      apiVersion,
      warnings: [],
      ...(dryRun.length ? { dryRun: true } : {}),
      ...(validation === 'Strict' || validation === 'Warn' || validation === 'Ignore'
        ? { fieldValidation: validation }
        : {}),
    };
  }

  private async patch(
    req: FakeRequest,
    res: ServerResponse,
    info: KindInfo,
    version: string,
    namespace: string | undefined,
    name: string,
    status: boolean,
  ): Promise<void> {
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
    const q = req.url.searchParams;
    const apiVersion = apiVersionOf(info, version);
    const ctx = {
      ...this.writeContext(req, apiVersion),
      ...(status ? { subresource: 'status' as const } : {}),
    };
    const text = (await req.body()).toString('utf8');
    if (contentType === 'application/apply-patch+yaml') {
      if (!q.get('fieldManager'))
        throw new KubeApiError(
          statusBody(
            422,
            'Invalid',
            'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
            {
              group: 'meta.k8s.io',
              kind: 'PatchOptions',
              causes: [
                {
                  reason: 'FieldValueRequired',
                  message: 'Required value: is required for apply patch',
                  field: 'fieldManager',
                },
              ],
            },
          ),
        );
      const config = parseBody(text, true);
      if (!isObject(config) || typeof config.kind !== 'string' || !isObject(config.metadata))
        throw badRequest(`Object 'Kind' is missing in '${text.slice(0, 200)}'`);
      const { object, created } = this.store.applyIn(info, namespace, name, config as KubeObject, {
        ...ctx,
        force: q.get('force') === 'true',
      });
      return sendJson(res, created ? 201 : 200, object, warningHeaders(ctx));
    }
    if (q.get('force') !== null)
      throw new KubeApiError(
        statusBody(
          422,
          'Invalid',
          'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
          {
            group: 'meta.k8s.io',
            kind: 'PatchOptions',
            causes: [
              {
                reason: 'FieldValueForbidden',
                message: 'Forbidden: may not be specified for non-apply patch',
                field: 'force',
              },
            ],
          },
        ),
      );
    const existing = this.store.getIn(info, namespace, name);
    if (!existing) throw notFound(info, name);
    const current = this.store.present(existing, info, version);
    let patched: unknown;
    if (contentType === 'application/json-patch+json') {
      const ops = parseBody(text, false);
      if (!Array.isArray(ops))
        throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
      try {
        patched = fastJsonPatch.applyPatch(
          structuredClone(current),
          ops as fastJsonPatch.Operation[],
          true,
          false,
        ).newDocument;
      } catch (error) {
        throw invalid(info, name, [
          {
            reason: 'FieldValueInvalid',
            message: `the server rejected our request due to an error in our request: ${(error as Error).message.split('\n')[0] ?? ''}`,
          },
        ]);
      }
    } else if (contentType === 'application/merge-patch+json') {
      patched = mergePatch(current, parseBody(text, false));
    } else if (contentType === 'application/strategic-merge-patch+json') {
      // apiextensions-apiserver serves no strategic merge for custom resources (no patchMergeKey metadata).
      if (info.crd) throw unsupportedMediaType(contentType);
      patched = strategicMerge(current, parseBody(text, false), builtinShape(info.kind));
    } else throw unsupportedMediaType(contentType || '(none)');
    if (!isObject(patched)) throw badRequest('the patch did not produce an object');
    const object = this.store.updateIn(info, namespace, name, patched as KubeObject, ctx);
    return sendJson(res, 200, object, warningHeaders(ctx));
  }

  private async deleteOptions(req: FakeRequest): Promise<DeleteOptions & { orphanDependents?: boolean }> {
    const q = req.url.searchParams;
    const text = (await req.body()).toString('utf8');
    const body = text.trim() ? (parseBody(text, false) as Record<string, unknown>) : {};
    const policy = (q.get('propagationPolicy') ?? body.propagationPolicy) as string | undefined;
    if (policy !== undefined && !['Background', 'Foreground', 'Orphan'].includes(policy))
      throw badRequest(
        `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan", "nil"`,
      );
    const orphan =
      body.orphanDependents ??
      (q.get('orphanDependents') === null ? undefined : q.get('orphanDependents') === 'true');
    const dryRun = q.getAll('dryRun').length > 0 || (Array.isArray(body.dryRun) && body.dryRun.length > 0);
    return {
      ...(policy
        ? { propagationPolicy: policy as DeleteOptions['propagationPolicy'] & string }
        : orphan === true
          ? { propagationPolicy: 'Orphan' as const }
          : {}),
      ...(isObject(body.preconditions) ? { preconditions: body.preconditions } : {}),
      ...(typeof orphan === 'boolean' ? { orphanDependents: orphan } : {}),
      ...(dryRun ? { dryRun: true } : {}),
    };
  }

  // ---- watch -------------------------------------------------------------------------------

  private watch(
    req: FakeRequest,
    res: ServerResponse,
    info: KindInfo,
    version: string,
    namespace: string | undefined,
    resource: string,
  ): void {
    const q = req.url.searchParams;
    const labels = parseLabelSelector(q.get('labelSelector'));
    const fields = parseFieldSelector(q.get('fieldSelector'));
    checkFieldTerms(info.kind, info.group, fields);
    const matches = (o: KubeObject) =>
      (!info.namespaced || namespace === undefined || o.metadata.namespace === namespace) &&
      labels(o.metadata.labels) &&
      matchesFields(o, fields);
    const rvParam = q.get('resourceVersion') ?? '';
    let replay: StoreEvent[] | undefined;
    let initial: KubeObject[] = [];
    if (rvParam === '' || rvParam === '0') initial = this.store.listIn(info, namespace).filter(matches);
    else {
      const from = Number(rvParam);
      if (!Number.isInteger(from) || from < 0)
        throw badRequest(`resourceVersion: Invalid value: "${rvParam}": must be a non-negative integer`);
      const since = this.store.eventsSince(from);
      if (since === 'expired') {
        // k8s.io/apiserver pkg/storage/cacher/watch_cache.go: NewResourceExpired("too old resource version: %d (%d)", rv, oldest-1).
        const gone = expired(`too old resource version: ${from} (${this.store.compactedRv})`);
        if (this.expiredWatchAs === 'http') throw gone;
        res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
        res.end(`${JSON.stringify({ type: 'ERROR', object: gone.status })}\n`);
        return;
      }
      replay = since;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    res.flushHeaders();

    const drop = this.watchDrops.find((d) => d.remaining > 0 && (!d.match || d.match(resource)));
    if (drop) drop.remaining--;
    const active: ActiveWatch = {
      resource,
      res,
      sent: 0,
      ...(drop ? { dropAfter: drop.afterEvents } : {}),
      stop: () => undefined,
    };
    const send = (type: string, object: unknown) => {
      if (res.destroyed || res.writableEnded) return;
      active.sent++;
      const drop = active.dropAfter !== undefined && active.sent >= active.dropAfter;
      // Dropped once the event has reached the socket, so the client sees exactly `afterEvents` events.
      res.write(`${JSON.stringify({ type, object })}\n`, drop ? () => res.socket?.destroy() : undefined);
    };
    const deliver = (e: StoreEvent) => {
      if (e.info !== info && !(e.info.group === info.group && e.info.kind === info.kind)) return;
      const isIn = matches(e.object);
      const wasIn = e.old !== undefined && matches(e.old);
      const type =
        e.type === 'ADDED'
          ? isIn
            ? 'ADDED'
            : undefined
          : e.type === 'DELETED'
            ? isIn || wasIn
              ? 'DELETED'
              : undefined
            : isIn && wasIn
              ? 'MODIFIED'
              : isIn
                ? 'ADDED'
                : wasIn
                  ? 'DELETED'
                  : undefined;
      if (type) send(type, this.store.present(e.object, info, version));
    };
    for (const o of initial) send('ADDED', this.store.present(o, info, version));
    for (const e of replay ?? []) deliver(e);
    const unsubscribe = this.store.subscribe(deliver);
    const bookmark = () =>
      send('BOOKMARK', {
        kind: info.kind,
        apiVersion: apiVersionOf(info, version),
        metadata: { resourceVersion: String(this.store.currentRv()) },
      });
    const bookmarks =
      q.get('allowWatchBookmarks') === 'true' ? setInterval(bookmark, this.bookmarkIntervalMs) : undefined;
    const timeoutSeconds = q.get('timeoutSeconds');
    const timeout =
      timeoutSeconds !== null
        ? setTimeout(
            () => {
              if (bookmarks) bookmark();
              stop();
              res.end();
            },
            Number(timeoutSeconds) * this.secondMs,
          )
        : undefined;
    const stop = () => {
      unsubscribe();
      if (bookmarks) clearInterval(bookmarks);
      if (timeout) clearTimeout(timeout);
      this.watches.delete(active);
    };
    active.stop = () => {
      stop();
      res.end();
    };
    this.watches.add(active);
    res.on('close', stop);
    if (active.dropAfter === 0) res.socket?.destroy();
  }
}

function notFoundPath(): KubeApiError {
  return new KubeApiError(
    statusBody(404, 'NotFound', 'the server could not find the requested resource', {}),
  );
}

function decodeContinue(token: string): { id: string; rv: number; start: number } | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      id?: unknown;
      rv?: unknown;
      start?: unknown;
    };
    if (typeof value.id === 'string' && typeof value.rv === 'number' && typeof value.start === 'number')
      return { id: value.id, rv: value.rv, start: value.start };
  } catch {
    return undefined;
  }
  return undefined;
}

function parseBody(text: string, yaml: boolean): unknown {
  try {
    return yaml ? (parseYaml(text) as unknown) : (JSON.parse(text) as unknown);
  } catch (error) {
    throw badRequest(
      `error decoding ${yaml ? 'YAML' : 'JSON'}: ${(error as Error).message.split('\n')[0] ?? ''}`,
    );
  }
}

/** The body of a create or update; a missing kind and apiVersion default to the path's, as the apiserver's decoder does. */
async function readObject(req: FakeRequest, info: KindInfo, apiVersion: string): Promise<KubeObject> {
  const text = (await req.body()).toString('utf8');
  const yaml = (req.headers['content-type'] ?? '').includes('yaml');
  const body = parseBody(text, yaml);
  if (!isObject(body)) throw badRequest(`Object 'Kind' is missing in '${text.slice(0, 200)}'`);
  body.kind ??= info.kind;
  body.apiVersion ??= apiVersion;
  if (!isObject(body.metadata)) body.metadata = {};
  return body as KubeObject;
}

function warningHeaders(ctx: WriteContext): Record<string, string> {
  if (!ctx.warnings?.length) return {};
  return { warning: ctx.warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
}

/** The apiserver's default field manager: the User-Agent up to its first '/' (fieldmanager.go). */
function defaultManager(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  return (ua.split('/')[0] ?? '').slice(0, 128) || 'unknown';
}

/** Kubernetes version priority (GA > beta > alpha, then higher numbers), as discovery orders versions. */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0] as const;
    const level = m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1;
    return [level, Number(m[1]), Number(m[3] ?? 0)] as const;
  };
  const [la, ma, na] = parse(a);
  const [lb, mb, nb] = parse(b);
  return lb - la || mb - ma || nb - na || a.localeCompare(b);
}

export { splitApiVersion };
