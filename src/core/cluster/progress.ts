import {
  condition,
  conditionsOf,
  describeCondition,
  field,
  type KubeObject,
  nameOf,
  numberField,
} from './kube-object.js';

/**
 * Where one Cluster API cluster is, from the objects its controllers write. The gates, in order
 * (shared/reference/orchestration.md §4; kubernetes-sigs/cluster-api api/core/v1beta2/cluster_types.go):
 * infrastructure provisioned (`status.initialization.infrastructureProvisioned`, condition
 * InfrastructureReady) → ControlPlaneInitialized (never flips back) → the `<cluster>-kubeconfig`
 * Secret (key `value`, util/secret/consts.go) and `<cluster>-talosconfig` (key `talosconfig`,
 * written by CABPT controllers/secrets.go) → every Machine with an InternalIP (CAPG copies the
 * instance's networkIP into GCPMachine, CAPI into Machine `status.addresses`).
 */

export const PHASES = ['infrastructure', 'control-plane', 'secrets', 'addresses'] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_TITLES: Record<Phase, string> = {
  infrastructure: 'infrastructure provisioned',
  'control-plane': 'control plane initialized',
  secrets: 'kubeconfig and talosconfig secrets',
  addresses: 'every machine with an InternalIP',
};

/** Cumulative share of `timeout` by which each phase must be done (infra is quick, the control plane slow). */
export const PHASE_DEADLINE_SHARE: Record<Phase, number> = {
  infrastructure: 0.25,
  'control-plane': 0.75,
  secrets: 0.8,
  addresses: 1,
};

export interface ClusterObjects {
  cluster: KubeObject | undefined;
  controlPlane: KubeObject | undefined;
  machineDeployments: readonly KubeObject[];
  machines: readonly KubeObject[];
  secrets: { kubeconfig: boolean; talosconfig: boolean };
}

export interface MachineCounts {
  desired: number;
  created: number;
  /** Infrastructure provisioned: the instance exists and runs. */
  running: number;
  withAddresses: number;
}

export interface MachineItem {
  name: string;
  role: 'control-plane' | 'worker';
  zone?: string;
  internalIp?: string;
  externalIp?: string;
}

export interface ClusterProgress {
  /** The first gate not yet passed; undefined when all are. */
  phase: Phase | undefined;
  machines: MachineCounts;
  /** Each machine with its zone and addresses, for the status document. */
  items: MachineItem[];
  /** The API endpoint, once CAPG has set it. */
  endpoint: string | undefined;
  /** Why the current phase is not done: the False conditions of the objects behind it. */
  evidence: string[];
  /** Objects whose Warning events explain the current phase (kind/name). */
  culprits: { kind: string; name: string }[];
}

function address(machine: KubeObject, type: 'InternalIP' | 'ExternalIP'): string | undefined {
  const addresses = field(machine, 'status', 'addresses');
  if (!Array.isArray(addresses)) return undefined;
  for (const a of addresses as unknown[]) {
    if (field(a, 'type') === type && typeof field(a, 'address') === 'string')
      return field(a, 'address') as string;
  }
  return undefined;
}

export function internalIp(machine: KubeObject): string | undefined {
  return address(machine, 'InternalIP');
}

/** A machine for the status document; the zone comes from CAPG's providerID `gce://<project>/<zone>/<name>`. */
export function machineItem(machine: KubeObject): MachineItem {
  const providerId = field(machine, 'spec', 'providerID');
  const zone = typeof providerId === 'string' ? /^gce:\/\/[^/]+\/([^/]+)\//.exec(providerId)?.[1] : undefined;
  const internal = internalIp(machine);
  const external = address(machine, 'ExternalIP');
  return {
    name: nameOf(machine),
    role:
      machine.metadata.labels?.['cluster.x-k8s.io/control-plane'] !== undefined ? 'control-plane' : 'worker',
    ...(zone ? { zone } : {}),
    ...(internal ? { internalIp: internal } : {}),
    ...(external ? { externalIp: external } : {}),
  };
}

function truthy(object: KubeObject | undefined, ...path: string[]): boolean {
  return field(object, ...path) === true;
}

function isTrue(object: KubeObject | undefined, type: string): boolean {
  return condition(object, type)?.status === 'True';
}

function notTrue(object: KubeObject | undefined, label: string): string[] {
  return conditionsOf(object)
    .filter((c) => c.status !== 'True' && c.type !== 'Deleting' && c.type !== 'Paused')
    .filter(
      (c) =>
        !/^(ScalingDown|RollingOut|Remediating|ScalingUp|UpToDate)/.test(c.type) || c.status === 'Unknown',
    )
    .map((c) => `${label}: ${describeCondition(c)}`);
}

export function endpointOf(cluster: KubeObject | undefined): string | undefined {
  const host = field(cluster, 'spec', 'controlPlaneEndpoint', 'host');
  const port = numberField(cluster, 'spec', 'controlPlaneEndpoint', 'port');
  if (typeof host !== 'string' || host === '') return undefined;
  return `https://${host}:${port ?? 6443}`;
}

export function machineCounts(objects: ClusterObjects, desired: number): MachineCounts {
  const machines = objects.machines.filter((m) => field(m, 'metadata', 'deletionTimestamp') === undefined);
  return {
    desired,
    created: machines.length,
    running: machines.filter(
      (m) =>
        truthy(m, 'status', 'initialization', 'infrastructureProvisioned') ||
        field(m, 'status', 'phase') === 'Running',
    ).length,
    withAddresses: machines.filter((m) => internalIp(m) !== undefined).length,
  };
}

/** `desired`: machines the plan asks for (control plane + workers). */
export function clusterProgress(objects: ClusterObjects, desired: number): ClusterProgress {
  const { cluster, controlPlane } = objects;
  const machines = machineCounts(objects, desired);
  const endpoint = endpointOf(cluster);
  const done = (
    phase: Phase | undefined,
    evidence: string[],
    culprits: ClusterProgress['culprits'],
  ): ClusterProgress => ({
    phase,
    machines,
    items: objects.machines.map(machineItem),
    endpoint,
    evidence,
    culprits,
  });
  const clusterName = cluster ? nameOf(cluster) : '';
  const infraRef = field(cluster, 'spec', 'infrastructureRef', 'name');
  const cpRef = field(cluster, 'spec', 'controlPlaneRef', 'name');

  if (
    !cluster ||
    !(
      truthy(cluster, 'status', 'initialization', 'infrastructureProvisioned') ||
      isTrue(cluster, 'InfrastructureReady')
    )
  ) {
    const evidence = cluster
      ? notTrue(cluster, `Cluster ${clusterName}`).filter((e) => e.includes('InfrastructureReady'))
      : ['the Cluster object does not exist yet'];
    return done('infrastructure', evidence, [
      { kind: 'GCPCluster', name: typeof infraRef === 'string' ? infraRef : clusterName },
      { kind: 'Cluster', name: clusterName },
    ]);
  }
  if (!(
    isTrue(cluster, 'ControlPlaneInitialized') ||
    truthy(cluster, 'status', 'initialization', 'controlPlaneInitialized')
  )) {
    const cpName = typeof cpRef === 'string' ? cpRef : '';
    const evidence = [
      ...notTrue(cluster, `Cluster ${clusterName}`).filter((e) => e.includes('ControlPlaneInitialized')),
      ...notTrue(controlPlane, `TalosControlPlane ${cpName}`),
      ...machineEvidence(
        objects.machines.filter((m) => m.metadata.labels?.['cluster.x-k8s.io/control-plane'] !== undefined),
      ),
    ];
    return done('control-plane', evidence, [
      { kind: 'TalosControlPlane', name: cpName },
      ...objects.machines
        .filter((m) => m.metadata.labels?.['cluster.x-k8s.io/control-plane'] !== undefined)
        .flatMap((m) => [
          { kind: 'Machine', name: nameOf(m) },
          { kind: 'GCPMachine', name: nameOf(m) },
        ]),
    ]);
  }
  if (!objects.secrets.kubeconfig || !objects.secrets.talosconfig) {
    const missing = [
      ...(objects.secrets.kubeconfig ? [] : [`Secret ${clusterName}-kubeconfig (key value)`]),
      ...(objects.secrets.talosconfig ? [] : [`Secret ${clusterName}-talosconfig (key talosconfig)`]),
    ];
    return done(
      'secrets',
      [`missing ${missing.join(' and ')}`],
      [{ kind: 'TalosControlPlane', name: typeof cpRef === 'string' ? cpRef : '' }],
    );
  }
  const pending = objects.machines.filter((m) => internalIp(m) === undefined);
  if (machines.created < desired || pending.length > 0) {
    const evidence = [
      ...(machines.created < desired ? [`${machines.created} of ${desired} machines created`] : []),
      ...machineEvidence(pending),
      ...objects.machineDeployments.flatMap((md) =>
        notTrue(md, `MachineDeployment ${nameOf(md)}`).filter((e) => /Available|MachinesReady/.test(e)),
      ),
    ];
    return done('addresses', evidence, [
      ...pending.flatMap((m) => [
        { kind: 'Machine', name: nameOf(m) },
        { kind: 'GCPMachine', name: nameOf(m) },
      ]),
      ...objects.machineDeployments.map((md) => ({ kind: 'MachineDeployment', name: nameOf(md) })),
    ]);
  }
  return done(undefined, [], []);
}

function machineEvidence(machines: readonly KubeObject[]): string[] {
  return machines.flatMap((m) => {
    const phase = field(m, 'status', 'phase');
    const why = conditionsOf(m)
      .filter((c) => c.status !== 'True' && /InfrastructureReady|BootstrapConfigReady/.test(c.type))
      .map(describeCondition);
    const noProvider = field(m, 'spec', 'providerID') === undefined ? 'no providerID' : undefined;
    const parts = [typeof phase === 'string' ? `phase ${phase}` : undefined, noProvider, ...why].filter(
      (p): p is string => p !== undefined,
    );
    return internalIp(m) === undefined
      ? [`Machine ${nameOf(m)}: no InternalIP yet${parts.length ? ` (${parts.join('; ')})` : ''}`]
      : parts.length && why.length
        ? [`Machine ${nameOf(m)}: ${why.join('; ')}`]
        : [];
  });
}

/** One progress line: `us: control plane initialized · machines 2/4 created, 1 running, 1 with addresses`. */
export function progressLine(name: string, progress: ClusterProgress): string {
  const m = progress.machines;
  const state = progress.phase === undefined ? 'ready' : `waiting for ${PHASE_TITLES[progress.phase]}`;
  return `${name}: ${state} · machines ${m.created}/${m.desired} created, ${m.running} running, ${m.withAddresses} with addresses`;
}

/** Milliseconds from the start by which `phase` must be done. */
export function phaseDeadlineMs(phase: Phase, timeoutMs: number): number {
  return Math.round(timeoutMs * PHASE_DEADLINE_SHARE[phase]);
}
