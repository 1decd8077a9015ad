import { clusterStateOf } from './state.js';
import type {
  ClusterStatus,
  Condition,
  FleetStage,
  MeshPair,
  NetworkStatus,
  StatusDocument,
  StatusError,
} from './schema.js';

/**
 * Pure changes to a status document, for `StatusSink.update`. Each takes `now` and stamps
 * `updatedAt` with it; none reads the clock. A cluster's `state` is always re-derived from its
 * conditions, so writers set conditions and never the state.
 */

/** RFC 3339 without the `.000` of whole seconds, as every writer stamps times. */
export const isoTime = (date: Date): string => date.toISOString().replace(/\.000Z$/, 'Z');

const stamped = (doc: StatusDocument, now: Date): StatusDocument => ({ ...doc, updatedAt: isoTime(now) });

export function setStage(doc: StatusDocument, stage: FleetStage, now: Date): StatusDocument {
  return stamped({ ...doc, stage }, now);
}

/** Replaces the named cluster by `change(cluster)`; a cluster that is not in the document is an error (a bug in the caller). */
export function updateCluster(
  doc: StatusDocument,
  name: string,
  change: (cluster: ClusterStatus) => ClusterStatus,
  now: Date,
): StatusDocument {
  const index = doc.clusters.findIndex((c) => c.name === name);
  const clusters = [...doc.clusters];
  const current = clusters[index];
  if (!current) throw new Error(`status document of fleet '${doc.fleet}' has no cluster '${name}'`);
  const changed = change(current);
  clusters[index] = { ...changed, state: clusterStateOf(changed.conditions, changed.state) };
  return stamped({ ...doc, clusters }, now);
}

export type ConditionChange = Omit<Condition, 'lastTransitionTime'>;

/**
 * Sets one condition, at most one per type. `lastTransitionTime` moves only when the status
 * changes, as Kubernetes' own helper does (kubernetes/apimachinery, pkg/api/meta/conditions.go,
 * SetStatusCondition); reason and message are replaced either way.
 */
export function withCondition(
  conditions: readonly Condition[],
  change: ConditionChange,
  now: Date,
): Condition[] {
  const old = conditions.find((c) => c.type === change.type);
  const next: Condition = {
    type: change.type,
    status: change.status,
    reason: change.reason,
    ...(change.message === undefined ? {} : { message: change.message }),
    lastTransitionTime: old?.status === change.status ? old.lastTransitionTime : isoTime(now),
  };
  return old ? conditions.map((c) => (c === old ? next : c)) : [...conditions, next];
}

export function setClusterCondition(
  doc: StatusDocument,
  cluster: string,
  change: ConditionChange,
  now: Date,
): StatusDocument {
  return updateCluster(
    doc,
    cluster,
    (c) => ({ ...c, conditions: withCondition(c.conditions, change, now) }),
    now,
  );
}

export function setNetwork(doc: StatusDocument, network: NetworkStatus, now: Date): StatusDocument {
  return stamped({ ...doc, network }, now);
}

/** Replaces the pairs given (matched by from and to) and keeps the others, in their order. */
export function setMeshPairs(doc: StatusDocument, pairs: readonly MeshPair[], now: Date): StatusDocument {
  const key = (p: MeshPair) => `${p.from}\u0000${p.to}`;
  const given = new Map(pairs.map((p) => [key(p), p]));
  const kept = doc.mesh.pairs.map((p) => given.get(key(p)) ?? p);
  const known = new Set(doc.mesh.pairs.map(key));
  const added = pairs.filter((p) => !known.has(key(p)));
  return stamped({ ...doc, mesh: { ...doc.mesh, pairs: [...kept, ...added] } }, now);
}

/** Records a failure (stamped with `now` unless it has its own time) and moves the fleet to `failed`. */
export function addError(doc: StatusDocument, error: StatusError, now: Date): StatusDocument {
  const entry: StatusError = { ...error, at: error.at ?? isoTime(now) };
  return stamped({ ...doc, stage: 'failed', errors: [...doc.errors, entry] }, now);
}
