import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import ipaddr from 'ipaddr.js';
import { FilterError, parseFilter } from './filter.js';
import { KIND_BY_COLLECTION, type KindSpec, singular } from './kinds.js';

/**
 * The state behind the Compute fake: every collection of `kinds.ts` in its scopes (`global`,
 * `regions/<r>`, `zones/<z>`), with the API's semantics in process, so the HTTP server and other
 * fakes (the cluster simulator creates CAPG's instances, disks and load-balancer pieces here)
 * share one world. Writes return operations that go PENDING → RUNNING → DONE on scaled timers
 * and take effect when they finish; synchronous refusals throw `ComputeApiError` carrying the
 * status and reason the real API answers with.
 */

export const API_BASE = 'https://www.googleapis.com/compute/v1/';

/** `global`, `regions/<region>` or `zones/<zone>`. */
export type Scope = string;

export interface StoredResource {
  collection: string;
  scope: Scope;
  name: string;
  /** The resource as GET returns it (server fields included, dynamic ones added by `toJson`). */
  body: Record<string, unknown>;
  state: 'creating' | 'ready' | 'deleting';
  /** The operation now changing it: a second write answers 400 resourceNotReady meanwhile. */
  busy?: FakeOperation | undefined;
  /** Created by GCE itself (a network's default route): never blocks a delete, goes with its owner. */
  ownedBy?: string | undefined;
  /** Instance group members (instance URLs). */
  members?: Set<string>;
}

export class ComputeApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export interface OperationFailure {
  code: string;
  message: string;
  /** httpErrorStatusCode of the failed operation; default 400. */
  httpStatus?: number;
}

export interface FailureRule extends OperationFailure {
  collection?: string;
  name?: string;
  operationType?: string;
  /** How many matching operations fail; default 1. */
  times?: number;
}

export interface FakeOperation {
  name: string;
  scope: Scope;
  operationType: string;
  targetLink: string;
  targetId: string;
  status: 'PENDING' | 'RUNNING' | 'DONE';
  progress: number;
  insertTime: string;
  startTime?: string;
  endTime?: string;
  error?: { errors: { code: string; message: string }[] };
  httpErrorStatusCode?: number;
  httpErrorMessage?: string;
  done: Promise<void>;
}

export interface Write {
  operationType: string;
  collection: string;
  scope: Scope;
  name: string;
}

export interface ListOptions {
  filter?: string | undefined;
  maxResults?: number | undefined;
  pageToken?: string | undefined;
  orderBy?: string | undefined;
}

const NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;

const HTTP_MESSAGE: Record<number, string> = {
  400: 'BAD REQUEST',
  403: 'FORBIDDEN',
  404: 'NOT FOUND',
  409: 'CONFLICT',
  412: 'PRECONDITION FAILED',
};

export class ComputeEngine {
  /** Known regions; zones are `<region>-a`, `-b` and `-c`. aggregatedList answers for each. */
  regions = ['asia-east1', 'europe-west1', 'europe-west4', 'us-central1', 'us-east1', 'us-west1'];
  /** How long an operation stays PENDING before RUNNING; 0 answers RUNNING at once. */
  pendingMs = 0;
  /** How long an operation runs; `operationMsFor` overrides it per collection and type. */
  operationMs = 60;
  operationMsFor: ((collection: string, operationType: string) => number | undefined) | undefined;
  /** How long `wait` holds a still-running operation (GCE: up to 2 minutes). */
  waitCapMs = 500;
  /** Per collection: how many may exist in the project (403 quotaExceeded beyond). */
  readonly quotas = new Map<string, number>();
  /** IAM permissions the caller lacks, e.g. `compute.firewalls.create` (403 forbidden). */
  readonly denied = new Set<string>();
  /** Every accepted write, in order. */
  readonly writes: Write[] = [];
  /** Checks run when an insert's operation finishes; a failure fails the operation. */
  readonly insertChecks: ((resource: StoredResource) => OperationFailure | undefined)[] = [];
  readonly operations = new Map<string, FakeOperation>();
  private readonly store = new Map<string, StoredResource>();
  private readonly failures: (FailureRule & { remaining: number })[] = [];
  private seq = 0;

  constructor(readonly project: string) {}

  // ---- the in-process API -------------------------------------------------------------------

  /** A resource that exists already (seeded state, or made by another fake), with no operation. */
  seed(collection: string, scope: Scope, body: Record<string, unknown>, status?: string): StoredResource {
    const kind = this.kind(collection, scope);
    const name = text(body.name);
    const resource = this.build(kind, scope, name, body);
    resource.state = 'ready';
    if (kind.status) resource.body.status = status ?? kind.status.ready;
    this.store.set(this.key(collection, scope, name), resource);
    this.afterCreate(resource);
    return resource;
  }

  /** The resource, visible or being created or deleted; undefined when there is none. */
  find(collection: string, scope: Scope, name: string): StoredResource | undefined {
    return this.store.get(this.key(collection, scope, name));
  }

  /** Every resource of a collection (all collections when omitted) that GET would show. */
  all(collection?: string): StoredResource[] {
    return [...this.store.values()].filter(
      (r) => (!collection || r.collection === collection) && this.visible(r),
    );
  }

  /** Starts an insert and waits for its operation; throws the operation's error. */
  async insertAndWait(
    collection: string,
    scope: Scope,
    body: Record<string, unknown>,
  ): Promise<StoredResource> {
    const op = this.insert(collection, scope, body);
    await this.settle(op);
    const r = this.find(collection, scope, String(body.name));
    if (!r) throw new Error(`fake compute: ${collection}/${String(body.name)} vanished`);
    return r;
  }

  async deleteAndWait(collection: string, scope: Scope, name: string): Promise<void> {
    await this.settle(this.remove(collection, scope, name));
  }

  /** Fails the next matching operation(s) with an error body instead of doing the change. */
  failNext(rule: FailureRule): void {
    this.failures.push({ ...rule, remaining: rule.times ?? 1 });
  }

  selfLink(collection: string, scope: Scope, name: string): string {
    return `${API_BASE}projects/${this.project}/${scope}/${collection}/${name}`;
  }

  // ---- reads -----------------------------------------------------------------------------------

  get(collection: string, scope: Scope, name: string): Record<string, unknown> {
    this.kind(collection, scope);
    const r = this.find(collection, scope, name);
    if (!r || !this.visible(r)) throw this.notFound(collection, scope, name);
    return this.toJson(r);
  }

  list(
    collection: string,
    scope: Scope,
    options: ListOptions = {},
  ): { items: Record<string, unknown>[]; nextPageToken?: string } {
    this.kind(collection, scope);
    const rows = this.all(collection)
      .filter((r) => r.scope === scope)
      .map((r) => this.toJson(r));
    return this.page(rows, options);
  }

  aggregated(
    collection: string,
    options: ListOptions = {},
  ): { items: Record<string, Record<string, unknown>>; nextPageToken?: string } {
    const kind = this.kind(collection);
    const scopes = [
      ...(kind.scopes.includes('global') ? ['global'] : []),
      ...(kind.scopes.includes('regions') ? this.regions.map((r) => `regions/${r}`) : []),
      ...(kind.scopes.includes('zones') ? this.zones().map((z) => `zones/${z}`) : []),
    ];
    for (const r of this.all(collection)) if (!scopes.includes(r.scope)) scopes.push(r.scope);
    scopes.sort();
    const rows = scopes.flatMap((s) =>
      this.all(collection)
        .filter((r) => r.scope === s)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((r) => ({ scope: s, json: this.toJson(r) })),
    );
    const { items, nextPageToken } = this.page(rows, { ...options, orderBy: 'scope' }, (row) => row.json);
    const out: Record<string, Record<string, unknown>> = {};
    for (const s of scopes) {
      const mine = items.filter((row) => row.scope === s).map((row) => row.json);
      out[s] = mine.length
        ? { [collection]: mine }
        : {
            warning: {
              code: 'NO_RESULTS_ON_PAGE',
              message: `There are no results for scope '${s}' on this page.`,
              data: [{ key: 'scope', value: s }],
            },
          };
    }
    return nextPageToken ? { items: out, nextPageToken } : { items: out };
  }

  listInstances(
    scope: Scope,
    group: string,
    options: ListOptions = {},
  ): { items: Record<string, unknown>[]; nextPageToken?: string } {
    const g = this.find('instanceGroups', scope, group);
    if (!g || !this.visible(g)) throw this.notFound('instanceGroups', scope, group);
    const rows = [...(g.members ?? [])].map((url) => ({
      instance: url,
      status: text(this.byUrl(url)?.body.status) || 'RUNNING',
    }));
    return this.page(rows, { ...options, orderBy: 'scope' }, (r) => r);
  }

  operation(scope: Scope, name: string): FakeOperation {
    const op = this.operations.get(name);
    if (op?.scope !== scope)
      throw new ComputeApiError(
        404,
        'notFound',
        `The resource 'projects/${this.project}/${scope}/operations/${name}' was not found`,
      );
    return op;
  }

  async wait(scope: Scope, name: string): Promise<FakeOperation> {
    const op = this.operation(scope, name);
    await Promise.race([op.done, sleep(this.waitCapMs)]);
    return op;
  }

  // ---- writes ----------------------------------------------------------------------------------

  insert(collection: string, scope: Scope, input: Record<string, unknown>): FakeOperation {
    const kind = this.kind(collection, scope);
    const name = typeof input.name === 'string' ? input.name : '';
    this.authorize(collection, 'create', scope, name);
    if (!NAME.test(name))
      throw new ComputeApiError(
        400,
        'invalid',
        `Invalid value for field 'resource.name': '${name}'. Must be a match of regex '(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?|[1-9][0-9]{0,19})'`,
      );
    if (this.find(collection, scope, name))
      throw new ComputeApiError(
        409,
        'alreadyExists',
        `The resource 'projects/${this.project}/${scope}/${collection}/${name}' already exists`,
      );
    const quota = this.quotas.get(collection);
    if (
      quota !== undefined &&
      [...this.store.values()].filter((r) => r.collection === collection).length >= quota
    )
      throw new ComputeApiError(
        403,
        'quotaExceeded',
        `Quota '${collection.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}' exceeded.  Limit: ${quota}.0 ${scope === 'global' ? 'globally' : `in ${scope.replace(/^\w+\//, 'region ')}`}.`,
      );
    const resource = this.build(kind, scope, name, input);
    this.checkReferences(resource);
    this.validate(resource);
    this.store.set(this.key(collection, scope, name), resource);
    const op = this.startOperation(
      'insert',
      resource,
      () => {
        for (const check of this.insertChecks) {
          const failure = check(resource);
          if (failure) {
            if (kind.status?.failed) {
              resource.state = 'ready';
              resource.body.status = kind.status.failed;
            } else this.store.delete(this.key(collection, scope, name));
            return failure;
          }
        }
        resource.state = 'ready';
        if (kind.status) resource.body.status = kind.status.ready;
        this.afterCreate(resource);
        return undefined;
      },
      () => this.store.delete(this.key(collection, scope, name)),
    );
    return op;
  }

  patch(collection: string, scope: Scope, name: string, input: Record<string, unknown>): FakeOperation {
    const kind = this.kind(collection, scope);
    if (!kind.patch)
      throw new ComputeApiError(405, 'httpMethodNotAllowed', `Method PATCH not allowed for ${collection}`);
    const r = this.writable(collection, scope, name, 'update');
    this.checkFingerprint(kind, r, input.fingerprint);
    const next = this.build(kind, scope, name, mergePatch(r.body, input), r.body);
    this.checkImmutable(kind, r.body, next.body);
    this.checkReferences(next);
    this.validate(next, r);
    return this.startOperation('patch', r, () => {
      r.body = next.body;
      return undefined;
    });
  }

  update(collection: string, scope: Scope, name: string, input: Record<string, unknown>): FakeOperation {
    const kind = this.kind(collection, scope);
    if (!kind.update)
      throw new ComputeApiError(405, 'httpMethodNotAllowed', `Method PUT not allowed for ${collection}`);
    const r = this.writable(collection, scope, name, 'update');
    this.checkFingerprint(kind, r, input.fingerprint);
    const next = this.build(kind, scope, name, { ...input, name }, r.body);
    this.checkImmutable(kind, r.body, next.body);
    this.checkReferences(next);
    this.validate(next, r);
    return this.startOperation('update', r, () => {
      r.body = next.body;
      return undefined;
    });
  }

  remove(collection: string, scope: Scope, name: string): FakeOperation {
    const kind = this.kind(collection, scope);
    const r = this.writable(collection, scope, name, 'delete');
    const user = this.userOf(r);
    const refusal = user
      ? `The ${singular(collection)} resource '${this.partial(r)}' is already being used by '${user}'`
      : undefined;
    if (refusal && kind.inUseRefusedIn === 'request')
      throw new ComputeApiError(400, 'resourceInUseByAnotherResource', refusal);
    const statusBefore = r.body.status;
    r.state = 'deleting';
    if (kind.status?.deleting) r.body.status = kind.status.deleting;
    return this.startOperation(
      'delete',
      r,
      () => {
        // The network's own users may have gone while the operation ran.
        const stillUsed = this.userOf(r);
        if (stillUsed && kind.inUseRefusedIn === 'operation') {
          r.state = 'ready';
          r.body.status = statusBefore;
          return {
            code: 'RESOURCE_IN_USE_BY_ANOTHER_RESOURCE',
            message: `The ${singular(collection)} resource '${this.partial(r)}' is already being used by '${stillUsed}'`,
          };
        }
        this.destroy(r);
        return undefined;
      },
      () => {
        r.state = 'ready';
        r.body.status = statusBefore;
      },
    );
  }

  setLabels(
    collection: string,
    scope: Scope,
    name: string,
    input: { labels?: Record<string, string> | null; labelFingerprint?: string | null },
  ): FakeOperation {
    const kind = this.kind(collection, scope);
    if (!kind.labels) throw new ComputeApiError(404, 'notFound', `${collection} have no labels`);
    const r = this.writable(collection, scope, name, 'setLabels');
    if (!input.labelFingerprint)
      throw new ComputeApiError(400, 'required', "Required field 'labelFingerprint' not specified");
    if (input.labelFingerprint !== r.body.labelFingerprint)
      throw new ComputeApiError(
        412,
        'conditionNotMet',
        'Labels fingerprint either invalid or resource labels have changed',
      );
    const labels = input.labels ?? {};
    checkLabels(labels);
    return this.startOperation('setLabels', r, () => {
      r.body.labels = { ...labels };
      r.body.labelFingerprint = fingerprint(labels);
      return undefined;
    });
  }

  addInstances(scope: Scope, group: string, instances: string[]): FakeOperation {
    const g = this.writable('instanceGroups', scope, group, 'update');
    const urls = instances.map((i) => this.normalizeRef(i, 'instances', scope));
    for (const url of urls) {
      const inst = this.byUrl(url);
      if (!inst || !this.visible(inst))
        throw new ComputeApiError(404, 'notFound', `The resource '${partialOf(url)}' was not found`);
      if (inst.scope !== scope)
        throw new ComputeApiError(
          400,
          'invalid',
          `Instance '${partialOf(url)}' is not in zone '${scope.slice(6)}'`,
        );
      if (g.members?.has(url))
        throw new ComputeApiError(
          400,
          'memberAlreadyExists',
          `Resource '${partialOf(url)}' is already a member of '${this.partial(g)}'`,
        );
    }
    return this.startOperation('addInstances', g, () => {
      g.members ??= new Set();
      for (const url of urls) {
        g.members.add(url);
        const nic = (this.byUrl(url)?.body.networkInterfaces as Record<string, unknown>[] | undefined)?.[0];
        g.body.network ??= nic?.network;
        g.body.subnetwork ??= nic?.subnetwork;
      }
      g.body.fingerprint = fingerprint([...g.members]);
      return undefined;
    });
  }

  removeInstances(scope: Scope, group: string, instances: string[]): FakeOperation {
    const g = this.writable('instanceGroups', scope, group, 'update');
    const urls = instances.map((i) => this.normalizeRef(i, 'instances', scope));
    for (const url of urls)
      if (!g.members?.has(url))
        throw new ComputeApiError(
          400,
          'memberNotFound',
          `Resource '${partialOf(url)}' is not a member of '${this.partial(g)}'`,
        );
    return this.startOperation('removeInstances', g, () => {
      for (const url of urls) g.members?.delete(url);
      g.body.fingerprint = fingerprint([...(g.members ?? [])]);
      return undefined;
    });
  }

  // ---- internals -------------------------------------------------------------------------------

  private kind(collection: string, scope?: Scope): KindSpec {
    const kind = KIND_BY_COLLECTION.get(collection);
    const type = scope?.split('/')[0] as KindSpec['scopes'][number] | undefined;
    if (!kind || (type && !kind.scopes.includes(type)))
      throw new ComputeApiError(404, 'notFound', `no Compute collection ${scope ?? ''}/${collection}`);
    return kind;
  }

  private key(collection: string, scope: Scope, name: string): string {
    return `${scope}/${collection}/${name}`;
  }

  private visible(r: StoredResource): boolean {
    return r.state !== 'creating' || !!KIND_BY_COLLECTION.get(r.collection)?.status;
  }

  private zones(): string[] {
    return this.regions.flatMap((r) => [`${r}-a`, `${r}-b`, `${r}-c`]);
  }

  private partial(r: StoredResource): string {
    return `projects/${this.project}/${r.scope}/${r.collection}/${r.name}`;
  }

  private byUrl(url: string): StoredResource | undefined {
    const m = /projects\/([^/]+)\/(global|regions\/[^/]+|zones\/[^/]+)\/([^/]+)\/([^/]+)$/.exec(url);
    if (m?.[1] !== this.project) return undefined;
    return this.find(m[3] ?? '', m[2] ?? '', m[4] ?? '');
  }

  private notFound(collection: string, scope: Scope, name: string): ComputeApiError {
    return new ComputeApiError(
      404,
      'notFound',
      `The resource 'projects/${this.project}/${scope}/${collection}/${name}' was not found`,
    );
  }

  private authorize(collection: string, verb: string, scope: Scope, name: string): void {
    const permission = `compute.${collection}.${verb}`;
    if (this.denied.has(permission))
      throw new ComputeApiError(
        403,
        'forbidden',
        `Required '${permission}' permission for 'projects/${this.project}/${scope}/${collection}/${name}'`,
      );
  }

  private writable(collection: string, scope: Scope, name: string, verb: string): StoredResource {
    this.authorize(collection, verb, scope, name);
    const r = this.find(collection, scope, name);
    if (!r || !this.visible(r)) throw this.notFound(collection, scope, name);
    if (r.busy || r.state !== 'ready')
      throw new ComputeApiError(400, 'resourceNotReady', `The resource '${this.partial(r)}' is not ready`);
    return r;
  }

  /** Normalises a reference (full URL, partial URL, `global/...` or a bare name) to a full URL. */
  normalizeRef(ref: string, collection: string, scope: Scope): string {
    const at = ref.indexOf('projects/');
    if (at >= 0) return API_BASE + ref.slice(at);
    if (/^(global|regions|zones)\//.test(ref)) return `${API_BASE}projects/${this.project}/${ref}`;
    const home =
      collection === 'networks' ? 'global' : collection === 'subnetworks' ? regionScope(scope) : scope;
    return `${API_BASE}projects/${this.project}/${home}/${collection}/${ref}`;
  }

  /** The resource as the server stores it: references as full URLs, defaults and server fields filled. */
  private build(
    kind: KindSpec,
    scope: Scope,
    name: string,
    input: Record<string, unknown>,
    previous?: Record<string, unknown>,
  ): StoredResource {
    const body: Record<string, unknown> = structuredClone(input);
    for (const [k, v] of Object.entries(body)) if (v === null || v === undefined) delete body[k];
    delete body.fingerprint;
    delete body.labelFingerprint;
    for (const f of kind.referenceFields) {
      const target =
        f === 'healthChecks'
          ? 'healthChecks'
          : f === 'service'
            ? 'backendServices'
            : f === 'target'
              ? 'targetTcpProxies'
              : `${f}s`;
      const v = body[f];
      if (typeof v === 'string') body[f] = this.normalizeRef(v, target, scope);
      else if (Array.isArray(v))
        body[f] = v.map((x) => (typeof x === 'string' ? this.normalizeRef(x, target, scope) : x));
    }
    Object.assign(body, { ...kind.defaults?.(body), ...body });
    this.nested(kind.collection, scope, body);
    const id = previous?.id ?? String(1_000_000_000_000 + ++this.seq);
    Object.assign(body, {
      kind: kind.kind,
      id,
      creationTimestamp: previous?.creationTimestamp ?? new Date().toISOString(),
      name,
      selfLink: this.selfLink(kind.collection, scope, name),
      ...(scope.startsWith('regions/') ? { region: API_BASE + `projects/${this.project}/${scope}` } : {}),
      ...(scope.startsWith('zones/') ? { zone: API_BASE + `projects/${this.project}/${scope}` } : {}),
    });
    if (kind.labels) {
      const labels = (body.labels as Record<string, string> | undefined) ?? {};
      checkLabels(labels);
      body.labelFingerprint = fingerprint(labels);
    }
    if (kind.status) body.status = previous?.status ?? kind.status.creating;
    if (kind.fingerprint) body.fingerprint = fingerprint({ ...body, status: undefined });
    return { collection: kind.collection, scope, name, body, state: 'creating' };
  }

  /** Per-kind server behaviour inside the body: NAT defaults, instance NICs and boot disks, addresses. */
  private nested(collection: string, scope: Scope, body: Record<string, unknown>): void {
    const region = regionScope(scope);
    if (collection === 'routers' && Array.isArray(body.nats)) {
      body.nats = (body.nats as Record<string, unknown>[]).map((nat) => ({
        endpointTypes: ['ENDPOINT_TYPE_VM'],
        enableEndpointIndependentMapping: false,
        type: 'PUBLIC',
        ...nat,
        ...(Array.isArray(nat.subnetworks)
          ? {
              subnetworks: (nat.subnetworks as Record<string, unknown>[]).map((s) => ({
                ...s,
                name: this.normalizeRef(String(s.name), 'subnetworks', region),
              })),
            }
          : {}),
      }));
    }
    if (collection === 'subnetworks' && typeof body.ipCidrRange === 'string' && !body.gatewayAddress) {
      const [addr] = parseCidr(body.ipCidrRange);
      if (addr) body.gatewayAddress = hostAt(addr, 1);
    }
    if (collection === 'instances') {
      body.networkInterfaces = ((body.networkInterfaces as Record<string, unknown>[] | undefined) ?? []).map(
        (nic, i) => {
          const subnetwork =
            typeof nic.subnetwork === 'string'
              ? this.normalizeRef(nic.subnetwork, 'subnetworks', region)
              : undefined;
          const network =
            typeof nic.network === 'string'
              ? this.normalizeRef(nic.network, 'networks', 'global')
              : subnetwork
                ? (this.byUrl(subnetwork)?.body.network as string | undefined)
                : undefined;
          return {
            kind: 'compute#networkInterface',
            name: `nic${i}`,
            ...nic,
            ...(network ? { network } : {}),
            ...(subnetwork ? { subnetwork } : {}),
            ...(nic.networkIP || !subnetwork ? {} : { networkIP: this.nextIp(subnetwork) }),
          };
        },
      );
      body.disks = ((body.disks as Record<string, unknown>[] | undefined) ?? []).map((d, i) => ({
        kind: 'compute#attachedDisk',
        index: i,
        boot: i === 0,
        type: 'PERSISTENT',
        mode: 'READ_WRITE',
        autoDelete: false,
        ...d,
        ...(typeof d.source === 'string' ? { source: this.normalizeRef(d.source, 'disks', scope) } : {}),
      }));
      const tags = (body.tags as { items?: string[] } | undefined) ?? {};
      body.tags = { ...tags, fingerprint: fingerprint(tags.items ?? []) };
      const metadata = (body.metadata as { items?: unknown[] } | undefined) ?? {};
      body.metadata = {
        kind: 'compute#metadata',
        ...metadata,
        fingerprint: fingerprint(metadata.items ?? []),
      };
      body.fingerprint = fingerprint(body.networkInterfaces);
    }
    if (collection === 'addresses' && !body.address) {
      body.address =
        body.addressType === 'INTERNAL' && typeof body.subnetwork === 'string'
          ? this.nextIp(body.subnetwork)
          : `34.${(this.seq >> 16) & 255}.${(this.seq >> 8) & 255}.${this.seq & 255}`;
    }
    if (collection === 'forwardingRules') {
      const ip = body.IPAddress;
      const address =
        typeof ip === 'string' && ip.includes('/addresses/')
          ? this.byUrl(this.normalizeRef(ip, 'addresses', scope))
          : undefined;
      if (address) body.IPAddress = address.body.address;
      else if (!ip)
        body.IPAddress =
          body.loadBalancingScheme === 'INTERNAL' && typeof body.subnetwork === 'string'
            ? this.nextIp(body.subnetwork)
            : `35.${(this.seq >> 16) & 255}.${(this.seq >> 8) & 255}.${this.seq & 255}`;
    }
  }

  private nextIp(subnetwork: string): string | undefined {
    const subnet = this.byUrl(subnetwork);
    const [base, bits] = parseCidr(text(subnet?.body.ipCidrRange));
    if (!base || bits === undefined) return undefined;
    const taken = new Set(
      this.all()
        .flatMap((r) => [
          ...((r.body.networkInterfaces as { networkIP?: string }[] | undefined) ?? []).map(
            (n) => n.networkIP,
          ),
          r.collection === 'addresses' ? (r.body.address as string) : undefined,
          r.collection === 'forwardingRules' ? (r.body.IPAddress as string) : undefined,
        ])
        .filter((x): x is string => !!x),
    );
    for (let i = 2; i < 2 ** (32 - bits) - 1; i++) {
      const ip = hostAt(base, i);
      if (!taken.has(ip)) return ip;
    }
    return undefined;
  }

  private validate(r: StoredResource, previous?: StoredResource): void {
    if (r.collection === 'subnetworks') {
      const range = text(r.body.ipCidrRange);
      const parsed = parseCidr(range);
      if (!parsed[0])
        throw new ComputeApiError(
          400,
          'invalid',
          `Invalid value for field 'resource.ipCidrRange': '${range}'. Invalid IPCidrRange: ${range}`,
        );
      for (const other of this.all('subnetworks')) {
        if (other === previous || (other.name === r.name && other.scope === r.scope)) continue;
        if (other.body.network !== r.body.network) continue;
        if (overlaps(range, String(other.body.ipCidrRange)))
          throw new ComputeApiError(
            400,
            'invalid',
            `Invalid IPCidrRange: ${range} conflicts with existing subnetwork '${other.name}' in region '${other.scope.slice(8)}'.`,
          );
      }
    }
    if (r.collection === 'firewalls') {
      if (r.body.allowed && r.body.denied)
        throw new ComputeApiError(
          400,
          'invalid',
          "Invalid value for field 'resource': allowed and denied cannot both be set",
        );
      const priority = Number(r.body.priority);
      if (!Number.isInteger(priority) || priority < 0 || priority > 65535)
        throw new ComputeApiError(
          400,
          'invalid',
          `Invalid value for field 'resource.priority': '${String(r.body.priority)}'. Must be between 0 and 65535`,
        );
    }
  }

  private checkFingerprint(kind: KindSpec, r: StoredResource, given: unknown): void {
    if (!kind.fingerprint) return;
    if ((kind.fingerprint === 'required' || given !== undefined) && given !== r.body.fingerprint)
      throw new ComputeApiError(
        412,
        'conditionNotMet',
        `Invalid value for field 'resource.fingerprint': '${text(given)}'. Supplied fingerprint does not match current fingerprint.`,
      );
  }

  private checkImmutable(
    kind: KindSpec,
    before: Record<string, unknown>,
    after: Record<string, unknown>,
  ): void {
    for (const f of kind.immutable) {
      if (JSON.stringify(before[f]) !== JSON.stringify(after[f]))
        throw new ComputeApiError(
          400,
          'invalid',
          `Invalid value for field 'resource.${f}': '${JSON.stringify(after[f] ?? null)}'. Field '${f}' cannot be changed.`,
        );
    }
  }

  /** Every resource a body names must exist (in this project), as the API checks on insert. */
  private checkReferences(r: StoredResource): void {
    const kind = this.kind(r.collection);
    for (const url of kind.uses(r.body)) {
      if (!url.includes(`projects/${this.project}/`)) continue;
      const target = this.byUrl(url);
      if (!target || !this.visible(target) || target.state === 'deleting')
        throw new ComputeApiError(404, 'notFound', `The resource '${partialOf(url)}' was not found`);
    }
  }

  /** The partial URL of something that uses `r`, if anything does. */
  private userOf(r: StoredResource): string | undefined {
    const me = this.selfLink(r.collection, r.scope, r.name);
    for (const other of this.store.values()) {
      if (other === r || other.ownedBy === me || (other.state === 'creating' && !this.visible(other)))
        continue;
      if (this.kind(other.collection).uses(other.body).includes(me)) return this.partial(other);
      // A forwarding rule holds its reserved address as the IP literal.
      if (
        r.collection === 'addresses' &&
        other.collection === 'forwardingRules' &&
        other.body.IPAddress === r.body.address &&
        regionScope(other.scope) === regionScope(r.scope)
      )
        return this.partial(other);
    }
    return undefined;
  }

  private afterCreate(r: StoredResource): void {
    const me = this.selfLink(r.collection, r.scope, r.name);
    if (r.collection === 'networks' && !r.ownedBy) {
      const name = `default-route-${createHash('sha256').update(me).digest('hex').slice(0, 16)}`;
      const route = this.build(this.kind('routes'), 'global', name, {
        name,
        description: 'Default route to the Internet.',
        network: me,
        destRange: '0.0.0.0/0',
        nextHopGateway: `${API_BASE}projects/${this.project}/global/gateways/default-internet-gateway`,
      });
      route.state = 'ready';
      route.ownedBy = me;
      this.store.set(this.key('routes', 'global', name), route);
    }
    if (r.collection === 'instances') {
      const disks = r.body.disks as Record<string, unknown>[];
      for (const d of disks) {
        const init = d.initializeParams as Record<string, unknown> | undefined;
        if (!init || d.source) continue;
        const diskName = typeof init.diskName === 'string' ? init.diskName : r.name;
        const disk = this.build(this.kind('disks'), r.scope, diskName, {
          name: diskName,
          sizeGb: text(init.diskSizeGb) || '10',
          ...(init.sourceImage ? { sourceImage: init.sourceImage } : {}),
          ...(init.diskType ? { type: init.diskType } : {}),
          ...(init.labels ? { labels: init.labels } : {}),
        });
        disk.state = 'ready';
        disk.body.status = 'READY';
        this.store.set(this.key('disks', r.scope, diskName), disk);
        d.source = this.selfLink('disks', r.scope, diskName);
        d.deviceName ??= diskName;
      }
    }
  }

  private destroy(r: StoredResource): void {
    const me = this.selfLink(r.collection, r.scope, r.name);
    this.store.delete(this.key(r.collection, r.scope, r.name));
    for (const [k, other] of this.store) if (other.ownedBy === me) this.store.delete(k);
    if (r.collection === 'instances') {
      for (const d of r.body.disks as Record<string, unknown>[]) {
        const disk = d.autoDelete === true && typeof d.source === 'string' ? this.byUrl(d.source) : undefined;
        if (disk) this.store.delete(this.key('disks', disk.scope, disk.name));
      }
      for (const g of this.all('instanceGroups')) g.members?.delete(me);
    }
  }

  /** Adds what GCE computes on read: users, member counts, a network's subnetworks. */
  private toJson(r: StoredResource): Record<string, unknown> {
    const body = structuredClone(r.body);
    const me = this.selfLink(r.collection, r.scope, r.name);
    const users = () =>
      this.all()
        .filter((o) => this.kind(o.collection).uses(o.body).includes(me))
        .map((o) => this.selfLink(o.collection, o.scope, o.name));
    if (r.collection === 'networks') {
      const subnets = this.all('subnetworks').filter((s) => s.body.network === me);
      if (subnets.length) body.subnetworks = subnets.map((s) => this.selfLink(s.collection, s.scope, s.name));
    }
    if (r.collection === 'disks') {
      const u = this.all('instances')
        .filter((i) => (i.body.disks as { source?: string }[]).some((d) => d.source === me))
        .map((i) => this.selfLink(i.collection, i.scope, i.name));
      if (u.length) body.users = u;
    }
    if (r.collection === 'addresses') {
      const ip = body.address;
      const u = [
        ...users(),
        ...this.all('forwardingRules')
          .filter((f) => f.body.IPAddress === ip && regionScope(f.scope) === regionScope(r.scope))
          .map((f) => this.selfLink(f.collection, f.scope, f.name)),
      ];
      if (u.length) {
        body.users = [...new Set(u)];
        if (body.status === 'RESERVED') body.status = 'IN_USE';
      }
    }
    if (r.collection === 'instanceGroups') body.size = r.members?.size ?? 0;
    return body;
  }

  private startOperation(
    operationType: string,
    r: StoredResource,
    finish: () => OperationFailure | undefined,
    rollback?: () => void,
  ): FakeOperation {
    this.writes.push({ operationType, collection: r.collection, scope: r.scope, name: r.name });
    const opScope = r.scope;
    const name = `operation-${Date.now()}-${(++this.seq).toString(16).padStart(13, '0')}-${createHash('sha256').update(String(this.seq)).digest('hex').slice(0, 8)}`;
    const op: FakeOperation = {
      name,
      scope: opScope,
      operationType,
      targetLink: this.selfLink(r.collection, r.scope, r.name),
      targetId: text(r.body.id),
      status: this.pendingMs > 0 ? 'PENDING' : 'RUNNING',
      progress: 0,
      insertTime: new Date().toISOString(),
      ...(this.pendingMs > 0 ? {} : { startTime: new Date().toISOString() }),
      done: Promise.resolve(),
    };
    const rule = this.takeFailure(r, operationType);
    r.busy = op;
    const runMs = this.operationMsFor?.(r.collection, operationType) ?? this.operationMs;
    op.done = (async () => {
      if (this.pendingMs > 0) {
        await sleep(this.pendingMs);
        op.status = 'RUNNING';
        op.startTime = new Date().toISOString();
      }
      await sleep(runMs);
      r.busy = undefined;
      let failure: OperationFailure | undefined = rule;
      if (rule) rollback?.();
      else failure = finish();
      op.status = 'DONE';
      op.progress = 100;
      op.endTime = new Date().toISOString();
      if (failure) {
        const status = failure.httpStatus ?? 400;
        op.error = { errors: [{ code: failure.code, message: failure.message }] };
        op.httpErrorStatusCode = status;
        op.httpErrorMessage = HTTP_MESSAGE[status] ?? 'ERROR';
      }
    })();
    this.operations.set(name, op);
    return op;
  }

  private takeFailure(r: StoredResource, operationType: string): OperationFailure | undefined {
    const rule = this.failures.find(
      (f) =>
        f.remaining > 0 &&
        (!f.collection || f.collection === r.collection) &&
        (!f.name || f.name === r.name) &&
        (!f.operationType || f.operationType === operationType),
    );
    if (!rule) return undefined;
    rule.remaining--;
    return rule;
  }

  private async settle(op: FakeOperation): Promise<void> {
    await op.done;
    const error = op.error?.errors[0];
    if (error) throw new ComputeApiError(op.httpErrorStatusCode ?? 400, error.code, error.message);
  }

  private page<T, J = T>(
    rows: T[],
    options: ListOptions,
    json: (row: T) => J = (row) => row as unknown as J,
  ): { items: T[]; nextPageToken?: string } {
    let predicate;
    try {
      predicate = parseFilter(options.filter);
    } catch (error) {
      throw new ComputeApiError(400, 'invalid', error instanceof FilterError ? error.message : String(error));
    }
    const max = options.maxResults ?? 500;
    if (!Number.isInteger(max) || max < 0 || max > 500)
      throw new ComputeApiError(
        400,
        'invalid',
        `Invalid value for field 'maxResults': '${String(options.maxResults)}'. Must be less than or equal to 500`,
      );
    let matching = rows.filter((row) => predicate(json(row) as Record<string, unknown>));
    if (options.orderBy === 'creationTimestamp desc') matching = matching.reverse();
    else if (!options.orderBy || options.orderBy === 'name')
      matching = [...matching].sort((a, b) =>
        ((json(a) as { name?: string }).name ?? '').localeCompare((json(b) as { name?: string }).name ?? ''),
      );
    let start = 0;
    if (options.pageToken) {
      const decoded = /^offset:(\d+)$/.exec(Buffer.from(options.pageToken, 'base64url').toString());
      if (!decoded)
        throw new ComputeApiError(
          400,
          'invalid',
          `Invalid value for field 'pageToken': '${options.pageToken}'.`,
        );
      start = Number(decoded[1]);
    }
    const size = max === 0 ? 500 : max;
    const items = matching.slice(start, start + size);
    return start + size < matching.length
      ? { items, nextPageToken: Buffer.from(`offset:${start + size}`).toString('base64url') }
      : { items };
  }
}

/** RFC 7396 JSON merge patch, which Compute's PATCH methods follow ("uses the JSON merge patch format and processing rules"). */
export function mergePatch(target: unknown, patch: unknown): Record<string, unknown> {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch as Record<string, unknown>;
  const out: Record<string, unknown> =
    target && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else if (typeof v === 'object' && !Array.isArray(v)) out[k] = mergePatch(out[k], v);
    else out[k] = v;
  }
  return out;
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

function checkLabels(labels: Record<string, string>): void {
  for (const [k, v] of Object.entries(labels)) {
    if (!LABEL_KEY.test(k) || !LABEL_VALUE.test(v))
      throw new ComputeApiError(
        400,
        'invalid',
        `Invalid value for field 'labels': '${k}=${v}'. Label keys must start with a lowercase letter and contain only lowercase letters, digits, underscores and dashes; values at most 63 of them.`,
      );
  }
}

function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest().subarray(0, 8).toString('base64');
}

function regionScope(scope: Scope): Scope {
  const zone = /^zones\/(.+)-[a-z]$/.exec(scope);
  return zone ? `regions/${zone[1] ?? ''}` : scope;
}

function partialOf(url: string): string {
  const at = url.indexOf('projects/');
  return at >= 0 ? url.slice(at) : url;
}

function parseCidr(range: string): [ipaddr.IPv4 | undefined, number | undefined] {
  try {
    const [addr, bits] = ipaddr.IPv4.parseCIDR(range);
    return [addr, bits];
  } catch {
    return [undefined, undefined];
  }
}

function toInt(ip: ipaddr.IPv4): number {
  return ip.octets.reduce((n, o) => n * 256 + o, 0);
}

function hostAt(base: ipaddr.IPv4, offset: number): string {
  const n = toInt(base) + offset;
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

function overlaps(a: string, b: string): boolean {
  const [ab, abits] = parseCidr(a);
  const [bb, bbits] = parseCidr(b);
  if (!ab || !bb || abits === undefined || bbits === undefined) return false;
  const bits = Math.min(abits, bbits);
  return ab.match(bb, bits);
}
