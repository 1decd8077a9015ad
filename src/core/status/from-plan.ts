import { createHash } from 'node:crypto';
import { parseDurationSeconds } from '../fleet/duration.js';
import { type FleetPlan, planJson } from '../plan/planner.js';
import { type ClusterStatus, type MeshPair, STATUS_SCHEMA_VERSION, type StatusDocument } from './schema.js';

/**
 * The status document the plan step writes: stage `planned`, every cluster of the plan at
 * `planned` with 0 of its nodes ready, every mesh direction `pending`, the TTL and the plan
 * summary. Pure: the time and the run context are parameters.
 *
 * When a document already exists (docs/status.md, "Re-planning"), it is a new life of the fleet
 * if it names another fleet or is `destroyed`; otherwise the plan step keeps the history it
 * cannot know itself: `startedAt`, the `source` fields this run does not provide, and clusters
 * that left the plan but may still have cloud resources. Everything the plan decides (clusters,
 * versions, desired nodes, mesh, TTL, summary) is replaced, and the observed state of planned
 * clusters is reset: the next step observes it again. Errors of the previous attempt are cleared.
 */

export interface PlanRunContext {
  source?: StatusDocument['source'];
  run?: NonNullable<StatusDocument['run']>;
}

export interface PlannedStatusOptions extends PlanRunContext {
  now: Date;
  /** The document already at the status path, if any. */
  previous?: StatusDocument | undefined;
}

export interface PlannedStatus {
  document: StatusDocument;
  /** What was kept from or dropped of the previous document, one sentence each, for the log. */
  notes: string[];
}

/** States in which a cluster may own cloud resources. */
const MAY_EXIST: ReadonlySet<ClusterStatus['state']> = new Set([
  'provisioning',
  'ready',
  'failed',
  'deleting',
]);

/** RFC 3339 without the `.000` of whole seconds. */
const iso = (date: Date) => date.toISOString().replace(/\.000Z$/, 'Z');

/** sha256 of plan.json (byte-identical for the same spec, time and image). */
function planDigest(plan: FleetPlan): string {
  return `sha256:${createHash('sha256').update(planJson(plan)).digest('hex')}`;
}

/** Every direction between every two meshed clusters, in plan order. */
export function plannedMeshPairs(plan: FleetPlan): MeshPair[] {
  if (!plan.mesh.enabled) return [];
  return plan.clusters.flatMap((from) =>
    plan.clusters
      .filter((to) => to.name !== from.name)
      .map((to) => ({
        from: from.name,
        to: to.name,
        state: 'pending' as const,
      })),
  );
}

function plannedCluster(plan: FleetPlan, c: FleetPlan['clusters'][number]): ClusterStatus {
  return {
    name: c.name,
    region: c.region,
    talosVersion: plan.versions.talos,
    kubernetesVersion: plan.versions.kubernetes,
    nodes: { ready: 0, desired: c.controlPlane.replicas + c.workers.replicas },
    conditions: [],
    state: 'planned',
    timings: {},
  };
}

function planSummary(plan: FleetPlan): NonNullable<StatusDocument['plan']> {
  const sum = (pick: (c: FleetPlan['clusters'][number]) => number) =>
    plan.clusters.reduce((total, c) => total + pick(c), 0);
  return {
    clusters: plan.clusters.length,
    controlPlaneNodes: sum((c) => c.controlPlane.replicas),
    workerNodes: sum((c) => c.workers.replicas),
    regions: [...new Set(plan.clusters.map((c) => c.region))],
    digest: planDigest(plan),
  };
}

export function statusFromPlan(plan: FleetPlan, options: PlannedStatusOptions): PlannedStatus {
  const now = iso(options.now);
  const notes: string[] = [];
  const fleet = plan.fleet.name;
  let previous = options.previous;
  if (previous && previous.fleet !== fleet) {
    notes.push(`replaced the status of fleet '${previous.fleet}': this plan is for fleet '${fleet}'`);
    previous = undefined;
  } else if (previous?.stage === 'destroyed') {
    notes.push(`fleet '${fleet}' was destroyed; this plan starts a new status`);
    previous = undefined;
  }

  const clusters = plan.clusters.map((c) => plannedCluster(plan, c));
  if (previous) {
    notes.push(`kept startedAt ${previous.startedAt} of fleet '${fleet}' (was ${previous.stage})`);
    const planned = new Set(clusters.map((c) => c.name));
    for (const old of previous.clusters) {
      if (planned.has(old.name) || !MAY_EXIST.has(old.state)) continue;
      clusters.push(old);
      notes.push(
        `kept cluster '${old.name}' (${old.state}): it left the plan but may still have cloud resources until teardown`,
      );
    }
    if (previous.errors.length)
      notes.push(`cleared ${previous.errors.length} error(s) of the previous attempt`);
  }

  const ttlSeconds = parseDurationSeconds(plan.fleet.ttl);
  const run = options.run;
  return {
    document: {
      schemaVersion: STATUS_SCHEMA_VERSION,
      fleet,
      stage: 'planned',
      startedAt: previous?.startedAt ?? now,
      updatedAt: now,
      source: { ...previous?.source, ...options.source },
      ...(run ? { run } : {}),
      ttl: {
        ...(ttlSeconds === undefined ? {} : { seconds: ttlSeconds }),
        expiresAt: iso(new Date(plan.fleet.expiresAt * 1000)),
      },
      clusters,
      mesh: { enabled: plan.mesh.enabled, pairs: plannedMeshPairs(plan) },
      errors: [],
      plan: planSummary(plan),
    },
    notes,
  };
}
