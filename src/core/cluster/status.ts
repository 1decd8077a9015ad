import type { ClusterStatus, StatusDocument } from '../status/schema.js';
import type { PlannedCluster, ClusterPlan } from './plan-input.js';
import type { ClusterProgress } from './progress.js';

/** Pure changes the cluster flow makes to the status document; each takes the time. */

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

function upsertCluster(
  doc: StatusDocument,
  plan: ClusterPlan,
  c: PlannedCluster,
  change: (s: ClusterStatus) => ClusterStatus,
): StatusDocument {
  const existing = doc.clusters.find((s) => s.name === c.name);
  const base: ClusterStatus = existing ?? {
    name: c.name,
    region: c.region,
    talosVersion: plan.versions.talos,
    kubernetesVersion: plan.versions.kubernetes,
    nodes: { ready: 0, desired: c.controlPlane.replicas + c.workers.replicas },
    state: 'planned',
    timings: {},
  };
  const next = change(base);
  return {
    ...doc,
    clusters: existing ? doc.clusters.map((s) => (s.name === c.name ? next : s)) : [...doc.clusters, next],
  };
}

export function startProvisioning(
  doc: StatusDocument,
  plan: ClusterPlan,
  clusters: readonly PlannedCluster[],
  now: number,
): StatusDocument {
  let out: StatusDocument = {
    ...doc,
    stage: doc.stage === 'ready' ? doc.stage : 'provisioning',
    updatedAt: iso(now),
  };
  for (const c of clusters)
    out = upsertCluster(out, plan, c, (s) => ({
      ...s,
      state: s.state === 'ready' ? 'ready' : 'provisioning',
      timings: { ...s.timings, startedAt: s.timings.startedAt ?? iso(now) },
    }));
  // A re-run clears this step's errors of the previous attempt for these clusters.
  const names = new Set(clusters.map((c) => c.name));
  return {
    ...out,
    errors: out.errors.filter(
      (e) => e.step !== 'cluster' || (e.cluster !== undefined && !names.has(e.cluster)),
    ),
  };
}

export function recordProgress(
  doc: StatusDocument,
  plan: ClusterPlan,
  c: PlannedCluster,
  progress: ClusterProgress,
  now: number,
): StatusDocument {
  return {
    ...upsertCluster(doc, plan, c, (s) => ({
      ...s,
      ...(progress.endpoint ? { controlPlaneEndpoint: progress.endpoint } : {}),
      // Nodes turn Ready only once the mesh step has installed the CNI: the cluster stays
      // provisioning here, with its endpoint known.
      state: s.state === 'ready' ? 'ready' : 'provisioning',
    })),
    updatedAt: iso(now),
  };
}

export function recordFailure(
  doc: StatusDocument,
  plan: ClusterPlan,
  c: PlannedCluster,
  failure: { message: string; diagnostics: string },
  now: number,
): StatusDocument {
  const out = upsertCluster(doc, plan, c, (s) => ({ ...s, state: 'failed' }));
  return {
    ...out,
    stage: 'failed',
    updatedAt: iso(now),
    errors: [
      ...out.errors,
      {
        step: 'cluster',
        cluster: c.name,
        message: failure.message.slice(0, 4000),
        diagnostics: failure.diagnostics.slice(0, 100_000),
        at: iso(now),
      },
    ],
  };
}
