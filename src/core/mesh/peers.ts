import { UserError } from '../user-error.js';

/**
 * Where each cluster's clustermesh-apiserver is reached: the InternalIPs of its Machines, read
 * from the management cluster, and the NodePort. CAPG fills Machine `status.addresses` with
 * InternalIP (the NIC's networkIP) and ExternalIP before any CNI runs
 * (kubernetes-sigs/cluster-api-provider-gcp cloud/services/compute/instances/reconcile.go); CAPI
 * labels every Machine with `cluster.x-k8s.io/cluster-name` (kubernetes-sigs/cluster-api
 * api/core/v1beta2/common_types.go ClusterNameLabel). The service's traffic policies default to
 * Cluster, so any node's IP serves the NodePort; listing every node survives a replaced node.
 */

export const CLUSTER_NAME_LABEL = 'cluster.x-k8s.io/cluster-name';

export interface MachineView {
  name: string;
  /** The CAPI Cluster it belongs to (its label). */
  capiCluster: string | undefined;
  internalIps: string[];
  deleting: boolean;
}

export interface Peer {
  name: string;
  port: number;
  ips: string[];
}

interface MachineLike {
  metadata?: { name?: unknown; labels?: Record<string, unknown>; deletionTimestamp?: unknown };
  status?: { addresses?: unknown };
}

/** The parts of CAPI Machine objects the mesh needs. */
export function machineViews(objects: readonly unknown[]): MachineView[] {
  return objects.map((o) => {
    const m = o as MachineLike;
    const addresses = Array.isArray(m.status?.addresses) ? (m.status.addresses as unknown[]) : [];
    const internalIps = addresses.flatMap((a) => {
      const { type, address } = (a ?? {}) as { type?: unknown; address?: unknown };
      return type === 'InternalIP' && typeof address === 'string' && address !== '' ? [address] : [];
    });
    const cluster = m.metadata?.labels?.[CLUSTER_NAME_LABEL];
    return {
      name: typeof m.metadata?.name === 'string' ? m.metadata.name : '?',
      capiCluster: typeof cluster === 'string' ? cluster : undefined,
      internalIps,
      deleting: m.metadata?.deletionTimestamp !== undefined,
    };
  });
}

/**
 * Every planned cluster's endpoint: its Machines' InternalIPs (sorted, deduplicated, Machines
 * being deleted left out) and the NodePort. One UserError names every cluster without any
 * address, before anything is installed: the chart cannot render a peer without `ips` or
 * `address`.
 */
export function clusterEndpoints(
  clusters: readonly { name: string; capiName: string }[],
  machines: readonly MachineView[],
  port: number,
): Map<string, Peer> {
  const out = new Map<string, Peer>();
  const missing: UserError[] = [];
  for (const c of clusters) {
    const own = machines.filter((m) => m.capiCluster === c.capiName && !m.deleting);
    const ips = [...new Set(own.flatMap((m) => m.internalIps))].sort(compareIps);
    if (ips.length === 0)
      missing.push(
        new UserError(
          `cluster '${c.name}' has no Machine with an InternalIP in the management cluster (${own.length} Machine(s) labelled ${CLUSTER_NAME_LABEL}=${c.capiName})`,
          {
            fix: 'run the cluster action first (it waits until every Machine has its addresses), with the same plan and management cluster',
            title: 'Mesh peers without addresses',
          },
        ),
      );
    out.set(c.name, { name: c.name, port, ips });
  }
  const error = UserError.combine(
    missing,
    `${missing.length} clusters have no Machine addresses yet`,
    'Mesh peers without addresses',
  );
  if (error) throw error;
  return out;
}

/** The peers one cluster lists, in plan order. */
export function peersOf(cluster: { peers: readonly string[] }, endpoints: ReadonlyMap<string, Peer>): Peer[] {
  return cluster.peers.flatMap((name) => {
    const p = endpoints.get(name);
    return p ? [p] : [];
  });
}

function compareIps(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  if (pa.length === 4 && pb.length === 4 && [...pa, ...pb].every(Number.isInteger))
    for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return a < b ? -1 : a > b ? 1 : 0;
}
