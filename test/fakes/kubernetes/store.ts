import { randomBytes, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { apiVersionOf, crdObjectFor, kindFromCrd, splitApiVersion, type KindInfo } from './kinds.js';
import { applyMerge, isObject } from './merge.js';
import {
  describePath,
  emptySet,
  fieldsOf,
  fromFieldsV1,
  removeAt,
  toFieldsV1,
  union,
  valueAt,
  without,
  type FieldPath,
  type FieldSet,
} from './field-set.js';
import { builtinShape, schemaShape, type Shape } from './shape.js';
import {
  KubeApiError,
  STALE,
  alreadyExists,
  badRequest,
  conflict,
  forbidden,
  invalid,
  notFound,
  statusBody,
  type StatusCause,
} from './status.js';
import { metadataCauses, prune, schemaCauses } from './validation.js';

/**
 * The in-process state of one fake cluster, as etcd plus the apiserver's registries hold it: one
 * resourceVersion sequence across all kinds, a bounded event history for watches (older versions
 * answer 410), managedFields per manager, finalizers and deletionTimestamp, namespace termination
 * and background garbage collection of dependents. The HTTP layer (fake-kube.ts) and controller
 * simulators share it.
 */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

export interface KubeMetadata {
  name: string;
  namespace?: string;
  generateName?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  managedFields?: ManagedFieldsEntry[];
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: KubeMetadata;
  [key: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  /** The object after the change (for DELETED: its last state, at the deletion's resourceVersion). */
  object: KubeObject;
  /** The object before the change (MODIFIED, DELETED). */
  old?: KubeObject;
  rv: number;
  info: KindInfo;
}

export interface KubeStore {
  get(apiVersion: string, kind: string, namespace: string | undefined, name: string): KubeObject | undefined;
  list(apiVersion: string, kind: string, namespace?: string): KubeObject[];
  create(object: KubeObject): KubeObject;
  update(object: KubeObject): KubeObject;
  updateStatus(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    status: unknown,
  ): KubeObject;
  delete(apiVersion: string, kind: string, namespace: string | undefined, name: string): void;
  removeFinalizer(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    finalizer: string,
  ): void;
  watch(listener: (event: { type: WatchEventType; object: KubeObject }) => void): () => void;
  recordEvent(involved: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

/** How a write is made: who (the field manager), where (the status subresource) and how strictly. */
export interface WriteContext {
  manager: string;
  subresource?: 'status';
  dryRun?: boolean;
  /** `Strict` rejects fields the schema does not declare; `Warn` (the default) and `Ignore` drop them. */
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  /** Collects `unknown field` warnings for the Warning header. */
  warnings?: string[];
  /** The apiVersion the request used (managedFields record it). */
  apiVersion?: string;
}

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface StoreOptions {
  kinds: readonly KindInfo[];
  crdSchemas: boolean;
  /** How many events watches can resume from; older resourceVersions answer 410 Gone. */
  watchWindow?: number;
  now?: () => Date;
}

/** The manager in-process writes are recorded under (kubebuilder controllers' default name). */
export const CONTROLLER_MANAGER = 'manager';

const DEFAULT_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Kinds whose metadata.generation the apiserver maintains (spec changes bump it). */
const GENERATION_KINDS = new Set([
  'apps/Deployment',
  'apps/DaemonSet',
  'apiextensions.k8s.io/CustomResourceDefinition',
]);

const keyOf = (info: KindInfo, namespace: string | undefined, name: string) =>
  `${info.group}/${info.plural}/${info.namespaced ? (namespace ?? '') : ''}/${name}`;

const kindKey = (group: string, kind: string) => `${group}/${kind}`;

const GENERATE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export class Store implements KubeStore {
  private readonly kinds = new Map<string, KindInfo>();
  private readonly resources = new Map<string, KindInfo>();
  private readonly objects = new Map<string, KubeObject>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  private readonly queue: StoreEvent[] = [];
  private delivering = false;
  private readonly podLogs = new Map<string, string>();
  private gcTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private rv = 0;
  private serviceIps = 0;
  /** Highest resourceVersion no longer in the history: watching from below it answers 410. */
  compactedRv = 0;
  /** How many events are kept for watches to resume from. */
  watchWindow: number;
  /** Delay before the garbage collector and namespace controller act (scaled, milliseconds). */
  gcDelayMs = 5;
  readonly crdSchemas: boolean;
  private readonly now: () => Date;

  constructor(options: StoreOptions) {
    this.crdSchemas = options.crdSchemas;
    this.watchWindow = options.watchWindow ?? 1000;
    this.now = options.now ?? (() => new Date());
    for (const info of options.kinds) if (!info.crd) this.register(info);
    for (const ns of DEFAULT_NAMESPACES)
      this.createIn(
        this.kindOf('v1', 'Namespace'),
        undefined,
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
        { manager: 'kube-apiserver' },
      );
    for (const info of options.kinds)
      if (info.crd)
        this.createIn(
          this.kindOf('apiextensions.k8s.io/v1', 'CustomResourceDefinition'),
          undefined,
          crdObjectFor(info, this.crdSchemas) as KubeObject,
          {
            manager: 'clusterctl',
          },
        );
  }

  close(): void {
    this.closed = true;
    if (this.gcTimer) clearTimeout(this.gcTimer);
    this.listeners.clear();
  }

  // ---- kinds -------------------------------------------------------------------------------

  private register(info: KindInfo): void {
    this.kinds.set(kindKey(info.group, info.kind), info);
    this.resources.set(`${info.group}/${info.plural}`, info);
  }

  private unregister(info: KindInfo): void {
    this.kinds.delete(kindKey(info.group, info.kind));
    this.resources.delete(`${info.group}/${info.plural}`);
  }

  /** Every kind served now (built-ins and established CRDs). */
  servedKinds(): KindInfo[] {
    return [...this.kinds.values()];
  }

  /** The kind behind `<group>/<version>/<plural>`, when that version serves it. */
  resource(group: string, version: string, plural: string): KindInfo | undefined {
    const info = this.resources.get(`${group}/${plural}`);
    return info?.versions.includes(version) ? info : undefined;
  }

  kindOf(apiVersion: string, kind: string): KindInfo {
    const { group, version } = splitApiVersion(apiVersion);
    const info = this.kinds.get(kindKey(group, kind));
    if (!info?.versions.includes(version))
      throw new KubeApiError(
        statusBody(
          404,
          'NotFound',
          `the server could not find the requested resource (no kind "${kind}" is registered for version "${apiVersion}")`,
        ),
      );
    return info;
  }

  private shapeOf(info: KindInfo, version: string): Shape {
    const schema = info.crd?.schemas?.[version];
    return schema ? schemaShape(schema) : builtinShape(info.kind);
  }

  // ---- reads -------------------------------------------------------------------------------

  currentRv(): number {
    return this.rv;
  }

  /** A copy of an object as the given version serves it. */
  present(object: KubeObject, info: KindInfo, version = info.versions[0] ?? 'v1'): KubeObject {
    const out = structuredClone(object);
    out.apiVersion = apiVersionOf(info, version);
    return out;
  }

  getIn(info: KindInfo, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.objects.get(keyOf(info, namespace, name));
  }

  /** Stored objects of a kind (all namespaces when `namespace` is undefined), in key order as etcd lists them. */
  listIn(info: KindInfo, namespace: string | undefined): KubeObject[] {
    const prefix = `${info.group}/${info.plural}/${info.namespaced && namespace !== undefined ? `${namespace}/` : ''}`;
    return [...this.objects.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => o);
  }

  get(apiVersion: string, kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const info = this.kindOf(apiVersion, kind);
    const found = this.getIn(info, namespace, name);
    return found && this.present(found, info, splitApiVersion(apiVersion).version);
  }

  list(apiVersion: string, kind: string, namespace?: string): KubeObject[] {
    const info = this.kindOf(apiVersion, kind);
    const version = splitApiVersion(apiVersion).version;
    return this.listIn(info, namespace).map((o) => this.present(o, info, version));
  }

  /** Events after `rv` still in the window, or `expired` when `rv` is older than the window. */
  eventsSince(rv: number): StoreEvent[] | 'expired' {
    if (rv < this.compactedRv) return 'expired';
    return this.history.filter((e) => e.rv > rv);
  }

  /** Listens to every change, with the kind and the previous object (the HTTP watch uses it). */
  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  watch(listener: (event: { type: WatchEventType; object: KubeObject }) => void): () => void {
    return this.subscribe((e) =>
      listener({
        type: e.type,
        object: this.present(e.object, e.info, splitApiVersion(e.object.apiVersion).version),
      }),
    );
  }

  // ---- in-process writes (as a controller makes them) --------------------------------------

  private ctx(apiVersion: string): WriteContext {
    return { manager: CONTROLLER_MANAGER, apiVersion };
  }

  create(object: KubeObject): KubeObject {
    const info = this.kindOf(object.apiVersion, object.kind);
    return this.createIn(info, object.metadata.namespace, object, this.ctx(object.apiVersion));
  }

  update(object: KubeObject): KubeObject {
    const info = this.kindOf(object.apiVersion, object.kind);
    return this.updateIn(
      info,
      object.metadata.namespace,
      object.metadata.name,
      object,
      this.ctx(object.apiVersion),
    );
  }

  updateStatus(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    status: unknown,
  ): KubeObject {
    const info = this.kindOf(apiVersion, kind);
    const existing = this.getIn(info, namespace, name);
    if (!existing) throw notFound(info, name);
    const next = { ...structuredClone(existing), apiVersion, status: structuredClone(status) } as KubeObject;
    delete next.metadata.resourceVersion;
    return this.updateIn(info, namespace, name, next, {
      ...this.ctx(apiVersion),
      subresource: info.statusSubresource ? 'status' : undefined,
    });
  }

  delete(apiVersion: string, kind: string, namespace: string | undefined, name: string): void {
    this.deleteIn(this.kindOf(apiVersion, kind), namespace, name, {});
  }

  removeFinalizer(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    finalizer: string,
  ): void {
    const info = this.kindOf(apiVersion, kind);
    const existing = this.getIn(info, namespace, name);
    if (!existing) throw notFound(info, name);
    if (!existing.metadata.finalizers?.includes(finalizer)) return;
    const next = structuredClone(existing);
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    this.updateIn(info, namespace, name, next, this.ctx(existing.apiVersion));
  }

  recordEvent(involved: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const namespace = involved.metadata.namespace ?? 'default';
    const eventInfo = this.kindOf('v1', 'Event');
    const ts = this.timestamp();
    // The client-go event recorder aggregates repeats into one Event with a count (tools/record/events_cache.go).
    const same = this.listIn(eventInfo, namespace).find((e) => {
      const io = e.involvedObject as Record<string, unknown>;
      return (
        io.uid === involved.metadata.uid &&
        io.name === involved.metadata.name &&
        e.reason === reason &&
        e.message === message &&
        e.type === type
      );
    });
    if (same) {
      const next = structuredClone(same);
      next.count = ((same.count as number | undefined) ?? 1) + 1;
      next.lastTimestamp = ts;
      this.updateIn(eventInfo, namespace, same.metadata.name, next, this.ctx('v1'));
      return;
    }
    this.createIn(
      eventInfo,
      namespace,
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `${involved.metadata.name}.${randomBytes(8).toString('hex')}`, namespace },
        involvedObject: {
          apiVersion: involved.apiVersion,
          kind: involved.kind,
          name: involved.metadata.name,
          ...(involved.metadata.namespace ? { namespace: involved.metadata.namespace } : {}),
          ...(involved.metadata.uid ? { uid: involved.metadata.uid } : {}),
          ...(involved.metadata.resourceVersion
            ? { resourceVersion: involved.metadata.resourceVersion }
            : {}),
        },
        reason,
        message,
        type,
        count: 1,
        firstTimestamp: ts,
        lastTimestamp: ts,
        source: { component: 'fake-controller' },
        reportingComponent: 'fake-controller',
        reportingInstance: '',
      },
      this.ctx('v1'),
    );
  }

  /** Sets the text `GET …/pods/<name>/log` answers (per container; `undefined` is the default container). */
  setPodLog(namespace: string, name: string, text: string, container?: string): void {
    this.podLogs.set(`${namespace}/${name}/${container ?? ''}`, text);
  }

  podLog(namespace: string, name: string, container: string | undefined): string | undefined {
    return (
      this.podLogs.get(`${namespace}/${name}/${container ?? ''}`) ??
      (container ? this.podLogs.get(`${namespace}/${name}/`) : undefined)
    );
  }

  // ---- writes ------------------------------------------------------------------------------

  private timestamp(): string {
    return this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  private versionOf(info: KindInfo, apiVersion: string | undefined): string {
    const version = apiVersion ? splitApiVersion(apiVersion).version : undefined;
    return version && info.versions.includes(version) ? version : (info.versions[0] ?? 'v1');
  }

  private checkIdentity(info: KindInfo, object: KubeObject): void {
    if (!isObject(object) || !isObject(object.metadata))
      throw badRequest(`Object 'metadata' is missing in '${JSON.stringify(object).slice(0, 200)}'`);
    if (object.kind !== info.kind)
      throw badRequest(
        `the kind "${shown(object.kind)}" of the body does not match the resource ${info.plural}, which serves "${info.kind}"`,
      );
    const { group, version } = splitApiVersion(shown(object.apiVersion));
    if (group !== info.group || !info.versions.includes(version))
      throw badRequest(
        `the API version in the data (${shown(object.apiVersion)}) does not match the expected API version (${apiVersionOf(info, info.versions[0] ?? 'v1')})`,
      );
  }

  /** Creates an object (POST). `namespace` is the request's; the body's must match it. */
  createIn(
    info: KindInfo,
    namespace: string | undefined,
    body: KubeObject,
    ctx: WriteContext,
    applied?: FieldSet,
  ): KubeObject {
    const object = structuredClone(body);
    this.checkIdentity(info, object);
    const meta = object.metadata;
    if (info.namespaced) {
      const ns = namespace ?? meta.namespace ?? 'default';
      if (meta.namespace && meta.namespace !== ns)
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      meta.namespace = ns;
    } else delete meta.namespace;
    if (!meta.name && meta.generateName)
      meta.name = `${meta.generateName}${Array.from(randomBytes(5), (b) => GENERATE_ALPHABET[b % GENERATE_ALPHABET.length]).join('')}`;
    this.validateMetadata(info, object);
    if (info.namespaced) this.checkNamespaceOpen(info, meta.namespace ?? '', meta.name);
    if (this.getIn(info, meta.namespace, meta.name)) throw alreadyExists(info, meta.name);
    const version = this.versionOf(info, ctx.apiVersion ?? object.apiVersion);
    if (info.statusSubresource && !applied) delete object.status;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    this.defaults(info, object, undefined);
    this.validateSchema(info, version, object, ctx);
    meta.uid = randomUUID();
    meta.creationTimestamp = this.timestamp();
    if (this.hasGeneration(info)) meta.generation = 1;
    else delete meta.generation;
    const shape = this.shapeOf(info, version);
    const fields = applied ?? fieldsOf(object, shape, { skipStatus: info.statusSubresource });
    meta.managedFields = fields.paths.size
      ? [
          this.entry(
            ctx.manager,
            applied ? 'Apply' : 'Update',
            ctx.apiVersion ?? object.apiVersion,
            fields,
            undefined,
          ),
        ]
      : [];
    if (!meta.managedFields.length) delete meta.managedFields;
    if (ctx.dryRun) return this.present(object, info, version);
    if (info.kind === 'CustomResourceDefinition') this.establishCrd(object);
    this.commit(info, 'ADDED', object, undefined);
    return this.present(object, info, version);
  }

  /**
   * Replaces an object (PUT, or the result of a patch). A resourceVersion in the body must match;
   * on the status subresource only `status` changes, on the main resource `status` is kept when
   * the kind has the subresource.
   */
  updateIn(
    info: KindInfo,
    namespace: string | undefined,
    name: string,
    body: KubeObject,
    ctx: WriteContext,
  ): KubeObject {
    const existing = this.getIn(info, namespace, name);
    if (!existing) throw notFound(info, name);
    const incoming = structuredClone(body);
    this.checkIdentity(info, incoming);
    if (incoming.metadata.name && incoming.metadata.name !== name)
      throw badRequest(
        `the name of the object (${incoming.metadata.name}) does not match the name on the URL (${name})`,
      );
    const rv = incoming.metadata.resourceVersion;
    if (rv && rv !== existing.metadata.resourceVersion) throw conflict(info, name, STALE);
    let next: KubeObject;
    if (ctx.subresource === 'status') {
      next = structuredClone(existing);
      if (incoming.status === undefined) delete next.status;
      else next.status = incoming.status;
    } else {
      next = incoming;
      next.metadata = {
        ...incoming.metadata,
        name,
        uid: existing.metadata.uid,
        creationTimestamp: existing.metadata.creationTimestamp,
      };
      if (info.namespaced) next.metadata.namespace = existing.metadata.namespace;
      else delete next.metadata.namespace;
      if (existing.metadata.deletionTimestamp) {
        next.metadata.deletionTimestamp = existing.metadata.deletionTimestamp;
        next.metadata.deletionGracePeriodSeconds = existing.metadata.deletionGracePeriodSeconds ?? 0;
      } else {
        delete next.metadata.deletionTimestamp;
        delete next.metadata.deletionGracePeriodSeconds;
      }
      if (info.statusSubresource) {
        if (existing.status === undefined) delete next.status;
        else next.status = structuredClone(existing.status);
      }
      if (existing.metadata.deletionTimestamp) {
        // Once deleting, finalizers may only be removed (apiserver: "no new finalizers can be added if the object is being deleted").
        const added = (next.metadata.finalizers ?? []).filter(
          (f) => !existing.metadata.finalizers?.includes(f),
        );
        if (added.length)
          throw forbidden(
            info,
            name,
            `no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`,
          );
      }
    }
    next.metadata.managedFields = existing.metadata.managedFields ?? [];
    const version = this.versionOf(info, ctx.apiVersion ?? incoming.apiVersion);
    this.validateMetadata(info, next);
    this.defaults(info, next, existing);
    this.validateSchema(info, version, next, ctx);
    this.recordUpdate(info, version, existing, next, ctx);
    return this.finishWrite(info, version, existing, next, ctx);
  }

  /**
   * Server-side apply (PATCH with application/apply-patch+yaml): merges the configuration, checks
   * conflicts with other managers' fields (409 unless forced), removes fields this manager applied
   * before and no longer does (unless another manager owns them), and records its field set.
   */
  applyIn(
    info: KindInfo,
    namespace: string | undefined,
    name: string,
    config: KubeObject,
    ctx: WriteContext & { force: boolean },
  ): { object: KubeObject; created: boolean } {
    const body = structuredClone(config);
    this.checkIdentity(info, body);
    if (body.metadata.name !== name)
      throw badRequest(
        `the name of the object (${shown(body.metadata.name)}) does not match the name on the URL (${name})`,
      );
    if (info.namespaced && body.metadata.namespace && body.metadata.namespace !== namespace)
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    // k8s.io/apimachinery pkg/util/managedfields/internal/structuredmerge.go (Apply): the version must be the URL's, no managedFields.
    if (ctx.apiVersion && body.apiVersion !== ctx.apiVersion)
      throw badRequest(
        `Incorrect version specified in apply patch. Specified patch version: ${body.apiVersion}, expected: ${ctx.apiVersion}`,
      );
    if (body.metadata.managedFields !== undefined) throw badRequest('metadata.managedFields must be nil');
    const version = this.versionOf(info, body.apiVersion);
    const shape = this.shapeOf(info, version);
    const onlyStatus = ctx.subresource === 'status';
    if (info.statusSubresource && !onlyStatus) delete body.status;
    if (onlyStatus) {
      for (const k of Object.keys(body))
        if (!['apiVersion', 'kind', 'metadata', 'status'].includes(k)) delete body[k];
      body.metadata = {
        name: body.metadata.name,
        ...(body.metadata.namespace ? { namespace: body.metadata.namespace } : {}),
      };
    }
    // Pruning first, so the field set matches what is stored.
    this.validateSchema(info, version, body, { ...ctx, warnings: ctx.warnings }, true);
    const applied = fieldsOf(body, shape, { skipStatus: info.statusSubresource && !onlyStatus, onlyStatus });
    const existing = this.getIn(info, namespace, name);
    if (!existing) {
      if (onlyStatus) throw notFound(info, name);
      return {
        object: this.createIn(
          info,
          namespace,
          { ...body, metadata: { ...body.metadata, namespace } },
          { ...ctx, apiVersion: body.apiVersion },
          applied,
        ),
        created: true,
      };
    }
    const rv = body.metadata.resourceVersion;
    if (rv && rv !== existing.metadata.resourceVersion) throw conflict(info, name, STALE);
    delete body.metadata.resourceVersion;

    const subresource = onlyStatus ? 'status' : undefined;
    const entries = (existing.metadata.managedFields ?? []).map((e) => ({
      entry: e,
      set: fromFieldsV1(e.fieldsV1),
    }));
    const mineIndex = entries.findIndex(
      (e) =>
        e.entry.manager === ctx.manager &&
        e.entry.operation === 'Apply' &&
        e.entry.subresource === subresource,
    );
    const conflicts: { entry: ManagedFieldsEntry; path: FieldPath }[] = [];
    entries.forEach((e, i) => {
      if (i === mineIndex) return;
      for (const leaf of applied.leaves) {
        if (!e.set.paths.has(leaf)) continue;
        const path = applied.paths.get(leaf) ?? [];
        const live = valueAt(existing, path);
        const wanted = valueAt(body, path);
        if (!live.found || !isDeepStrictEqual(live.value, wanted.value))
          conflicts.push({ entry: e.entry, path });
      }
    });
    if (conflicts.length && !ctx.force) throw applyConflict(conflicts);
    if (conflicts.length)
      entries.forEach((e, i) => {
        if (i === mineIndex) return;
        const lost = conflicts.filter((c) => c.entry === e.entry).map((c) => JSON.stringify(c.path));
        if (lost.length) e.set = without(e.set, lost);
      });

    const merged = applyMerge(existing, body, shape) as KubeObject;
    const previous = mineIndex >= 0 ? (entries[mineIndex]?.set ?? emptySet()) : emptySet();
    const others = union(...entries.filter((_, i) => i !== mineIndex).map((e) => e.set));
    const dropped = [...previous.paths]
      .filter(([k]) => !applied.paths.has(k) && !others.paths.has(k))
      .sort(([, a], [, b]) => b.length - a.length);
    // Deepest first: leaves go; a parent goes only once nothing is left under it.
    for (const [k, path] of dropped) {
      const current = valueAt(merged, path);
      if (!current.found) continue;
      const empty =
        (isObject(current.value) && !Object.keys(current.value).length) ||
        (Array.isArray(current.value) && !current.value.length);
      if (previous.leaves.has(k) || empty) removeAt(merged, path);
    }

    const now = this.timestamp();
    const mine = this.entry(ctx.manager, 'Apply', body.apiVersion, applied, subresource, now);
    const kept = entries
      .map((e, i) =>
        i === mineIndex
          ? undefined
          : e.set.paths.size
            ? { ...e.entry, fieldsV1: toFieldsV1(e.set) }
            : undefined,
      )
      .filter((e): e is ManagedFieldsEntry => e !== undefined);
    if (mineIndex >= 0) kept.splice(mineIndex, 0, mine);
    else kept.push(mine);
    merged.metadata.managedFields = kept;
    merged.metadata.resourceVersion = existing.metadata.resourceVersion;
    this.validateMetadata(info, merged);
    this.defaults(info, merged, existing);
    this.validateSchema(info, version, merged, ctx);
    return { object: this.finishWrite(info, version, existing, merged, ctx), created: false };
  }

  /** Marks or removes an object (DELETE): finalizers defer removal behind a deletionTimestamp. */
  deleteIn(
    info: KindInfo,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions,
  ): { object: KubeObject; deleted: boolean } {
    const existing = this.getIn(info, namespace, name);
    if (!existing) throw notFound(info, name);
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== existing.metadata.uid)
      throw conflict(
        info,
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${existing.metadata.uid ?? ''}`,
      );
    if (pre?.resourceVersion && pre.resourceVersion !== existing.metadata.resourceVersion)
      throw conflict(
        info,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${existing.metadata.resourceVersion ?? ''}`,
      );
    const next = structuredClone(existing);
    const finalizers = new Set(next.metadata.finalizers ?? []);
    if (options.propagationPolicy === 'Foreground') finalizers.add('foregroundDeletion');
    if (options.propagationPolicy === 'Orphan') finalizers.add('orphan');
    if (info.kind === 'Namespace' && !info.group) {
      next.status = { ...(isObject(next.status) ? next.status : {}), phase: 'Terminating' };
    }
    const pending =
      finalizers.size > 0 || (info.kind === 'Namespace' && namespaceFinalizers(next).length > 0);
    const version = info.versions[0] ?? 'v1';
    if (existing.metadata.deletionTimestamp && !pending)
      return { object: this.present(existing, info), deleted: false };
    if (pending) {
      next.metadata.finalizers = [...finalizers];
      if (!next.metadata.finalizers.length) delete next.metadata.finalizers;
      next.metadata.deletionTimestamp ??= this.timestamp();
      next.metadata.deletionGracePeriodSeconds ??= 0;
      if (isDeepStrictEqual(next, existing)) return { object: this.present(existing, info), deleted: false };
      if (this.hasGeneration(info) && !existing.metadata.deletionTimestamp)
        next.metadata.generation = (existing.metadata.generation ?? 0) + 1;
      if (options.dryRun) return { object: this.present(next, info), deleted: false };
      this.commit(info, 'MODIFIED', next, existing);
      this.scheduleGc();
      return { object: this.present(next, info, version), deleted: false };
    }
    if (options.dryRun) return { object: this.present(existing, info), deleted: true };
    const gone = this.commit(info, 'DELETED', next, existing);
    return { object: this.present(gone, info, version), deleted: true };
  }

  private finishWrite(
    info: KindInfo,
    version: string,
    existing: KubeObject,
    next: KubeObject,
    ctx: WriteContext,
  ): KubeObject {
    const comparable = (o: KubeObject) => {
      const c = structuredClone(o);
      delete c.metadata.resourceVersion;
      for (const e of c.metadata.managedFields ?? []) e.time = '';
      return c;
    };
    // A write that changes nothing keeps the resourceVersion and sends no event, as the apiserver skips no-op updates.
    if (isDeepStrictEqual(comparable(existing), comparable(next)))
      return this.present(existing, info, version);
    if (this.hasGeneration(info) && !isDeepStrictEqual(specOf(existing), specOf(next)))
      next.metadata.generation = (existing.metadata.generation ?? 0) + 1;
    else if (this.hasGeneration(info)) next.metadata.generation = existing.metadata.generation ?? 1;
    else delete next.metadata.generation;
    if (ctx.dryRun) return this.present(next, info, version);
    if (info.kind === 'CustomResourceDefinition') this.establishCrd(next);
    const removable =
      next.metadata.deletionTimestamp !== undefined &&
      !next.metadata.finalizers?.length &&
      !(info.kind === 'Namespace' && namespaceFinalizers(next).length);
    if (!next.metadata.finalizers?.length) delete next.metadata.finalizers;
    if (removable) return this.present(this.commit(info, 'DELETED', next, existing), info, version);
    this.commit(info, 'MODIFIED', next, existing);
    if (next.metadata.deletionTimestamp) this.scheduleGc();
    return this.present(next, info, version);
  }

  /** Gives the fields a non-apply write changed to its manager, taking them from the others. */
  private recordUpdate(
    info: KindInfo,
    version: string,
    existing: KubeObject,
    next: KubeObject,
    ctx: WriteContext,
  ): void {
    const shape = this.shapeOf(info, version);
    const scope =
      ctx.subresource === 'status' ? { onlyStatus: true } : { skipStatus: info.statusSubresource };
    const before = fieldsOf(existing, shape, scope);
    const after = fieldsOf(next, shape, scope);
    const changed: string[] = [];
    for (const leaf of after.leaves) {
      const path = after.paths.get(leaf) ?? [];
      const old = valueAt(existing, path);
      if (!old.found || !isDeepStrictEqual(old.value, valueAt(next, path).value)) changed.push(leaf);
    }
    const removed = [...before.paths.keys()].filter((k) => !after.paths.has(k));
    if (!changed.length && !removed.length) return;
    const entries = (existing.metadata.managedFields ?? []).map((e) => ({
      entry: e,
      set: fromFieldsV1(e.fieldsV1),
    }));
    const subresource = ctx.subresource;
    let mine = entries.find(
      (e) =>
        e.entry.manager === ctx.manager &&
        e.entry.operation === 'Update' &&
        e.entry.subresource === subresource,
    );
    if (!mine) {
      mine = {
        entry: this.entry(ctx.manager, 'Update', ctx.apiVersion ?? next.apiVersion, emptySet(), subresource),
        set: emptySet(),
      };
      entries.push(mine);
    }
    const gained = emptySet();
    for (const leaf of changed) {
      const path = after.paths.get(leaf) ?? [];
      for (let i = 1; i <= path.length; i++) {
        const p = path.slice(0, i);
        gained.paths.set(JSON.stringify(p), p);
      }
      gained.leaves.add(leaf);
    }
    for (const e of entries) {
      if (e === mine) continue;
      e.set = without(e.set, [...changed, ...removed]);
    }
    mine.set = without(union(mine.set, gained), removed);
    const now = this.timestamp();
    next.metadata.managedFields = entries
      .filter((e) => e.set.paths.size > 0)
      .map((e) =>
        e === mine
          ? {
              ...e.entry,
              time: now,
              apiVersion: ctx.apiVersion ?? e.entry.apiVersion,
              fieldsV1: toFieldsV1(e.set),
            }
          : { ...e.entry, fieldsV1: toFieldsV1(e.set) },
      );
    if (!next.metadata.managedFields.length) delete next.metadata.managedFields;
  }

  private entry(
    manager: string,
    operation: 'Apply' | 'Update',
    apiVersion: string,
    set: FieldSet,
    subresource: string | undefined,
    time = this.timestamp(),
  ): ManagedFieldsEntry {
    return {
      manager,
      operation,
      apiVersion,
      time,
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1(set),
      ...(subresource ? { subresource } : {}),
    };
  }

  private hasGeneration(info: KindInfo): boolean {
    return info.crd !== undefined || GENERATION_KINDS.has(`${info.group}/${info.kind}`);
  }

  private validateMetadata(info: KindInfo, object: KubeObject): void {
    const causes = metadataCauses(object.metadata, info.kind === 'Namespace' && !info.group);
    if (info.kind === 'CustomResourceDefinition' && isObject(object.spec)) {
      const spec = object.spec as { group?: string; names?: { plural?: string } };
      const want = `${spec.names?.plural ?? ''}.${spec.group ?? ''}`;
      if (object.metadata.name !== want)
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: "${object.metadata.name}": must be spec.names.plural+"."+spec.group`,
          field: 'metadata.name',
        });
    }
    if (causes.length)
      throw invalid(
        info,
        shown((object.metadata as Record<string, unknown>).name ?? object.metadata.generateName ?? ''),
        causes,
      );
  }

  private checkNamespaceOpen(info: KindInfo, namespace: string, name: string): void {
    const nsInfo = this.kindOf('v1', 'Namespace');
    const ns = this.getIn(nsInfo, undefined, namespace);
    if (!ns) throw notFound(nsInfo, namespace);
    if (ns.metadata.deletionTimestamp)
      throw forbidden(
        info,
        name,
        `unable to create new content in namespace ${namespace} because it is being terminated`,
        [
          {
            reason: 'NamespaceTerminating',
            message: `namespace ${namespace} is being terminated`,
            field: 'metadata.namespace',
          },
        ],
      );
  }

  /** Defaults and conversions the built-in registries make. */
  private defaults(info: KindInfo, object: KubeObject, existing: KubeObject | undefined): void {
    if (info.group === '' && info.kind === 'Secret') {
      const data: Record<string, unknown> = isObject(object.data) ? { ...object.data } : {};
      for (const [k, v] of Object.entries(data))
        if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0)
          throw badRequest(
            `Secret in version "v1" cannot be handled as a Secret: illegal base64 data in data["${k}"]`,
          );
      if (isObject(object.stringData))
        for (const [k, v] of Object.entries(object.stringData))
          data[k] = Buffer.from(String(v)).toString('base64');
      delete object.stringData;
      if (Object.keys(data).length) object.data = data;
      object.type ??= 'Opaque';
    }
    if (info.group === '' && info.kind === 'Namespace') {
      const spec = isObject(object.spec) ? object.spec : {};
      if (!existing) spec.finalizers ??= ['kubernetes'];
      else spec.finalizers = isObject(existing.spec) ? existing.spec.finalizers : undefined;
      if (spec.finalizers === undefined) delete spec.finalizers;
      object.spec = spec;
      if (!existing) object.status = { phase: 'Active' };
    }
    if (info.group === '' && info.kind === 'Service') {
      const spec: Record<string, unknown> = isObject(object.spec) ? object.spec : {};
      spec.type ??= 'ClusterIP';
      const previous = existing && isObject(existing.spec) ? existing.spec.clusterIP : undefined;
      if (spec.type !== 'ExternalName' && spec.clusterIP === undefined) {
        spec.clusterIP =
          previous ?? `10.96.${Math.floor(++this.serviceIps / 250)}.${(this.serviceIps % 250) + 1}`;
        spec.clusterIPs = [spec.clusterIP];
      }
      object.spec = spec;
    }
    if (info.group === '' && info.kind === 'Pod' && !existing)
      object.status = { phase: 'Pending', qosClass: 'BestEffort' };
    if (info.group === 'apps' && info.kind === 'Deployment' && isObject(object.spec))
      object.spec.replicas ??= 1;
    if (info.group === '' && info.kind === 'Event') object.count ??= 1;
  }

  /** Prunes unknown fields and validates a custom resource against its version's schema. */
  private validateSchema(
    info: KindInfo,
    version: string,
    object: KubeObject,
    ctx: WriteContext,
    pruneOnly = false,
  ): void {
    const schema = info.crd?.schemas?.[version];
    if (!schema) return;
    const unknown = prune(schema, object);
    if (unknown.length && ctx.fieldValidation === 'Strict')
      throw badRequest(`strict decoding error: ${unknown.map((u) => `unknown field "${u}"`).join(', ')}`);
    if (unknown.length && ctx.fieldValidation !== 'Ignore')
      for (const u of unknown)
        if (!ctx.warnings?.includes(`unknown field "${u}"`)) ctx.warnings?.push(`unknown field "${u}"`);
    if (pruneOnly) return;
    const checked = structuredClone(object);
    delete checked.metadata.managedFields;
    const causes: StatusCause[] = schemaCauses(schema, checked);
    if (causes.length) throw invalid(info, object.metadata.name, causes);
  }

  private establishCrd(object: KubeObject): void {
    const spec = object.spec as Parameters<typeof kindFromCrd>[0];
    const info = kindFromCrd(spec);
    const storage = spec.versions.find((v) => v.storage)?.name;
    object.metadata.finalizers ??= ['customresourcecleanup.apiextensions.k8s.io'];
    if (object.metadata.deletionTimestamp) return;
    const ts = this.timestamp();
    object.status = {
      conditions: [
        {
          type: 'NamesAccepted',
          status: 'True',
          reason: 'NoConflicts',
          message: 'no conflicts found',
          lastTransitionTime: ts,
        },
        {
          type: 'Established',
          status: 'True',
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
          lastTransitionTime: ts,
        },
      ],
      acceptedNames: spec.names,
      storedVersions: storage ? [storage] : [],
    };
    this.register(info);
  }

  private commit(
    info: KindInfo,
    type: WatchEventType,
    object: KubeObject,
    old: KubeObject | undefined,
  ): KubeObject {
    this.rv++;
    object.metadata.resourceVersion = String(this.rv);
    const key = keyOf(info, object.metadata.namespace, object.metadata.name);
    if (type === 'DELETED') {
      this.objects.delete(key);
      this.scheduleGc();
    } else this.objects.set(key, object);
    const event: StoreEvent = {
      type,
      object: structuredClone(object),
      ...(old ? { old } : {}),
      rv: this.rv,
      info,
    };
    this.history.push(event);
    while (this.history.length > this.watchWindow) {
      const dropped = this.history.shift();
      if (dropped) this.compactedRv = dropped.rv;
    }
    this.queue.push(event);
    if (!this.delivering) {
      this.delivering = true;
      try {
        while (this.queue.length) {
          const next = this.queue.shift() as StoreEvent;
          for (const l of [...this.listeners]) l(next);
        }
      } finally {
        this.delivering = false;
      }
    }
    return object;
  }

  /** Drops history so watches from before now answer 410 (as after an etcd compaction). */
  compact(): void {
    const last = this.history[this.history.length - 1];
    if (last) this.compactedRv = last.rv;
    this.history.length = 0;
  }

  // ---- controllers: garbage collector, namespace and CRD cleanup -----------------------------

  private scheduleGc(): void {
    if (this.gcTimer || this.closed) return;
    this.gcTimer = setTimeout(() => {
      this.gcTimer = undefined;
      this.collect();
    }, this.gcDelayMs);
    this.gcTimer.unref();
  }

  private collect(): void {
    if (this.closed) return;
    const all = () => [...this.objects.values()];
    const infoOf = (o: KubeObject) => this.kinds.get(kindKey(splitApiVersion(o.apiVersion).group, o.kind));
    const uids = new Set(all().map((o) => o.metadata.uid));
    const dependentsOf = (uid: string | undefined) =>
      all().filter((o) => o.metadata.ownerReferences?.some((r) => r.uid === uid));
    const quietly = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        if (!(error instanceof KubeApiError)) throw error;
      }
    };
    for (const owner of all()) {
      const info = infoOf(owner);
      if (!info || !owner.metadata.deletionTimestamp) continue;
      const { namespace, name } = owner.metadata;
      const finalizers = owner.metadata.finalizers ?? [];
      if (finalizers.includes('orphan')) {
        for (const d of dependentsOf(owner.metadata.uid)) {
          const dInfo = infoOf(d);
          if (!dInfo) continue;
          const next = structuredClone(d);
          next.metadata.ownerReferences = (d.metadata.ownerReferences ?? []).filter(
            (r) => r.uid !== owner.metadata.uid,
          );
          if (!next.metadata.ownerReferences.length) delete next.metadata.ownerReferences;
          quietly(() =>
            this.updateIn(dInfo, d.metadata.namespace, d.metadata.name, next, {
              manager: 'generic-garbage-collector',
            }),
          );
        }
        quietly(() => this.removeFinalizerIn(info, namespace, name, 'orphan'));
      }
      if (finalizers.includes('foregroundDeletion')) {
        const dependents = dependentsOf(owner.metadata.uid);
        for (const d of dependents) {
          const dInfo = infoOf(d);
          if (dInfo && !d.metadata.deletionTimestamp)
            quietly(() =>
              this.deleteIn(dInfo, d.metadata.namespace, d.metadata.name, {
                propagationPolicy: 'Foreground',
              }),
            );
        }
        if (!dependents.length)
          quietly(() => this.removeFinalizerIn(info, namespace, name, 'foregroundDeletion'));
      }
      if (info.kind === 'Namespace' && !info.group && namespaceFinalizers(owner).includes('kubernetes')) {
        const inside = all().filter((o) => o.metadata.namespace === name && infoOf(o)?.namespaced);
        for (const o of inside) {
          const oInfo = infoOf(o);
          if (oInfo && !o.metadata.deletionTimestamp)
            quietly(() => this.deleteIn(oInfo, o.metadata.namespace, o.metadata.name, {}));
        }
        if (!inside.length) {
          const next = structuredClone(owner);
          (next.spec as Record<string, unknown>).finalizers = namespaceFinalizers(owner).filter(
            (f) => f !== 'kubernetes',
          );
          quietly(() => this.finalizeNamespace(info, owner, next));
        }
      }
      if (
        info.kind === 'CustomResourceDefinition' &&
        finalizers.includes('customresourcecleanup.apiextensions.k8s.io')
      ) {
        const served = kindFromCrd(owner.spec as Parameters<typeof kindFromCrd>[0]);
        const registered = this.kinds.get(kindKey(served.group, served.kind));
        const instances = registered ? this.listIn(registered, undefined) : [];
        if (registered)
          for (const o of instances)
            if (!o.metadata.deletionTimestamp)
              quietly(() => this.deleteIn(registered, o.metadata.namespace, o.metadata.name, {}));
        if (!instances.length) {
          if (registered) this.unregister(registered);
          quietly(() =>
            this.removeFinalizerIn(info, namespace, name, 'customresourcecleanup.apiextensions.k8s.io'),
          );
        }
      }
    }
    // Background propagation: dependents whose owners are all gone are deleted; dangling references to a gone owner are dropped.
    for (const d of all()) {
      const refs = d.metadata.ownerReferences;
      const dInfo = infoOf(d);
      if (!refs?.length || !dInfo || d.metadata.deletionTimestamp) continue;
      const living = refs.filter((r) => uids.has(r.uid));
      if (living.length === refs.length) continue;
      if (!living.length) quietly(() => this.deleteIn(dInfo, d.metadata.namespace, d.metadata.name, {}));
      else {
        const next = structuredClone(d);
        next.metadata.ownerReferences = living;
        quietly(() =>
          this.updateIn(dInfo, d.metadata.namespace, d.metadata.name, next, {
            manager: 'generic-garbage-collector',
          }),
        );
      }
    }
  }

  private removeFinalizerIn(
    info: KindInfo,
    namespace: string | undefined,
    name: string,
    finalizer: string,
  ): void {
    const existing = this.getIn(info, namespace, name);
    if (!existing?.metadata.finalizers?.includes(finalizer)) return;
    const next = structuredClone(existing);
    next.metadata.finalizers = existing.metadata.finalizers.filter((f) => f !== finalizer);
    this.updateIn(info, namespace, name, next, {
      manager:
        finalizer === 'customresourcecleanup.apiextensions.k8s.io'
          ? 'kube-apiserver'
          : 'generic-garbage-collector',
    });
  }

  private finalizeNamespace(info: KindInfo, existing: KubeObject, next: KubeObject): void {
    if (!namespaceFinalizers(next).length && !next.metadata.finalizers?.length) {
      this.commit(info, 'DELETED', next, existing);
      return;
    }
    this.commit(info, 'MODIFIED', next, existing);
  }
}

/** Text of a value from a request body, whatever its type. */
const shown = (value: unknown): string => String(value);

function namespaceFinalizers(object: KubeObject): string[] {
  const spec = object.spec;
  return isObject(spec) && Array.isArray(spec.finalizers) ? (spec.finalizers as string[]) : [];
}

function specOf(object: KubeObject): unknown {
  const rest: Record<string, unknown> = { ...object };
  delete rest.metadata;
  delete rest.status;
  delete rest.apiVersion;
  return rest;
}

/**
 * The 409 of a conflicting apply, worded as k8s.io/apimachinery
 * pkg/util/managedfields/internal/conflict.go (NewConflictError, getConflictMessage, printManager)
 * and pkg/api/errors NewApplyConflict (details carry only the causes).
 */
function applyConflict(conflicts: { entry: ManagedFieldsEntry; path: FieldPath }[]): KubeApiError {
  const printManager = (e: ManagedFieldsEntry) => {
    const base = `"${e.manager}"${e.subresource ? ` with subresource "${e.subresource}"` : ''}`;
    return e.operation === 'Update' ? `${base} using ${e.apiVersion} at ${e.time}` : base;
  };
  let message: string;
  const first = conflicts[0];
  if (conflicts.length === 1 && first)
    message = `Apply failed with 1 conflict: conflict with ${printManager(first.entry)}: ${describePath(first.path)}`;
  else {
    const byManager = new Map<string, { entry: ManagedFieldsEntry; paths: string[] }>();
    for (const c of conflicts) {
      const key = JSON.stringify([c.entry.manager, c.entry.operation, c.entry.subresource ?? '']);
      const group = byManager.get(key) ?? { entry: c.entry, paths: [] };
      group.paths.push(describePath(c.path));
      byManager.set(key, group);
    }
    const lines = [...byManager.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap(([, g]) => [`conflicts with ${printManager(g.entry)}:`, ...g.paths.map((p) => `- ${p}`)]);
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new KubeApiError(
    statusBody(409, 'Conflict', message, {
      causes: conflicts.map((c) => ({
        reason: 'FieldManagerConflict',
        message: `conflict with ${printManager(c.entry)}`,
        field: describePath(c.path),
      })),
    }),
  );
}
