import type { StatusDocument } from '../status/schema.js';
import { addError, type ConditionChange, setStage, updateCluster, withCondition } from '../status/update.js';
import type { PlannedCluster } from './plan-input.js';
import type { ClusterProgress, Phase } from './progress.js';

/**
 * Pure changes the cluster flow makes to the status document (through a StatusSink), each taking
 * the time. The cluster step observes three conditions: InfrastructureReady (CAPG's network and
 * load balancer), ControlPlaneReady (ControlPlaneInitialized: the API answers) and NodesReady,
 * which stays False here: nodes turn Ready only once the mesh step has installed the CNI.
 */

const PHASE_ORDER: readonly (Phase | undefined)[] = [
  'infrastructure',
  'control-plane',
  'secrets',
  'addresses',
  undefined,
];
const passed = (progress: ClusterProgress, phase: Phase) =>
  PHASE_ORDER.indexOf(progress.phase) > PHASE_ORDER.indexOf(phase);

function conditionsFor(progress: ClusterProgress): ConditionChange[] {
  const m = progress.machines;
  return [
    passed(progress, 'infrastructure')
      ? {
          type: 'InfrastructureReady',
          status: 'True',
          reason: 'Provisioned',
          message: 'network, firewall rules and API load balancer are in place',
        }
      : {
          type: 'InfrastructureReady',
          status: 'False',
          reason: 'WaitingForInfrastructure',
          message: progress.evidence[0] ?? 'CAPG is creating the network pieces and the API load balancer',
        },
    passed(progress, 'control-plane')
      ? {
          type: 'ControlPlaneReady',
          status: 'True',
          reason: 'Initialized',
          message: `the API answers at ${progress.endpoint ?? 'its endpoint'}`,
        }
      : {
          type: 'ControlPlaneReady',
          status: 'False',
          reason: 'WaitingForControlPlane',
          message: progress.evidence[0] ?? 'waiting for ControlPlaneInitialized',
        },
    progress.phase === undefined
      ? {
          type: 'NodesReady',
          status: 'False',
          reason: 'WaitingForCni',
          message: `${m.withAddresses} of ${m.desired} machines have addresses; nodes turn Ready once the mesh step installs Cilium`,
        }
      : {
          type: 'NodesReady',
          status: 'False',
          reason: 'WaitingForMachines',
          message: `${m.created}/${m.desired} machines created, ${m.running} running, ${m.withAddresses} with addresses`,
        },
  ];
}

const has = (doc: StatusDocument, name: string) => doc.clusters.some((c) => c.name === name);

export function startProvisioning(
  doc: StatusDocument,
  clusters: readonly PlannedCluster[],
  now: Date,
): StatusDocument {
  const names = new Set(clusters.map((c) => c.name));
  // A re-run clears this step's errors of the previous attempt for these clusters.
  let out: StatusDocument = {
    ...doc,
    errors: doc.errors.filter(
      (e) => e.step !== 'cluster' || (e.cluster !== undefined && !names.has(e.cluster)),
    ),
  };
  out = setStage(out, 'provisioning', now);
  for (const c of clusters) {
    if (!has(out, c.name)) continue;
    out = updateCluster(
      out,
      c.name,
      (s) => ({
        ...s,
        conditions: s.conditions.filter((x) => x.type !== 'Stalled'),
        timings: {
          ...s.timings,
          startedAt: s.timings.startedAt ?? now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        },
      }),
      now,
    );
  }
  return out;
}

export function recordProgress(
  doc: StatusDocument,
  c: PlannedCluster,
  progress: ClusterProgress,
  now: Date,
): StatusDocument {
  if (!has(doc, c.name)) return doc;
  return updateCluster(
    doc,
    c.name,
    (s) => ({
      ...s,
      ...(progress.endpoint ? { controlPlaneEndpoint: progress.endpoint } : {}),
      machines: {
        desired: progress.machines.desired,
        created: progress.machines.created,
        running: progress.machines.running,
        items: progress.items,
      },
      conditions: conditionsFor(progress).reduce(
        (all, change) => withCondition(all, change, now),
        s.conditions,
      ),
    }),
    now,
  );
}

export function recordFailure(
  doc: StatusDocument,
  c: PlannedCluster,
  failure: { message: string; diagnostics: string },
  now: Date,
): StatusDocument {
  const marked = has(doc, c.name)
    ? updateCluster(
        doc,
        c.name,
        (s) => ({
          ...s,
          conditions: withCondition(
            s.conditions,
            { type: 'Stalled', status: 'True', reason: 'TimedOut', message: failure.message.slice(0, 1000) },
            now,
          ),
        }),
        now,
      )
    : doc;
  return addError(
    marked,
    {
      step: 'cluster',
      cluster: c.name,
      message: failure.message.slice(0, 4000),
      diagnostics: failure.diagnostics.slice(0, 100_000),
    },
    now,
  );
}
