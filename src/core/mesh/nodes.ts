/**
 * Node readiness and the cloud controller manager's work, from Node objects. The Talos CCM can
 * only run once a CNI is up; it sets `spec.providerID` and removes the
 * `node.cloudprovider.kubernetes.io/uninitialized` taint, which the kubelet adds under
 * `cloud-provider: external` (kubernetes/cloud-provider api/well_known_taints.go
 * TaintExternalCloudProvider; siderolabs/talos-cloud-controller-manager pkg/talos/instances.go).
 */

export const UNINITIALIZED_TAINT = 'node.cloudprovider.kubernetes.io/uninitialized';

export interface NodeView {
  name: string;
  ready: boolean;
  providerId: string | undefined;
  uninitialized: boolean;
}

interface NodeLike {
  metadata?: { name?: unknown };
  spec?: { providerID?: unknown; taints?: unknown };
  status?: { conditions?: unknown };
}

export function nodeViews(objects: readonly unknown[]): NodeView[] {
  return objects.map((o) => {
    const n = o as NodeLike;
    const conditions = Array.isArray(n.status?.conditions) ? (n.status.conditions as unknown[]) : [];
    const ready = conditions.some((c) => {
      const { type, status } = (c ?? {}) as { type?: unknown; status?: unknown };
      return type === 'Ready' && status === 'True';
    });
    const taints = Array.isArray(n.spec?.taints) ? (n.spec.taints as unknown[]) : [];
    const providerId =
      typeof n.spec?.providerID === 'string' && n.spec.providerID !== '' ? n.spec.providerID : undefined;
    return {
      name: typeof n.metadata?.name === 'string' ? n.metadata.name : '?',
      ready,
      providerId,
      uninitialized: taints.some((t) => (t as { key?: unknown } | null)?.key === UNINITIALIZED_TAINT),
    };
  });
}

export interface NodeReport {
  total: number;
  ready: number;
  notReady: string[];
  /** Nodes the CCM has not initialised: no providerID, or the uninitialized taint still on. */
  uninitialized: string[];
  /** Every expected node is there, Ready and initialised. */
  done: boolean;
}

export function nodeReport(nodes: readonly NodeView[], expected: number): NodeReport {
  const notReady = nodes.filter((n) => !n.ready).map((n) => n.name);
  const uninitialized = nodes.filter((n) => n.providerId === undefined || n.uninitialized).map((n) => n.name);
  return {
    total: nodes.length,
    ready: nodes.length - notReady.length,
    notReady,
    uninitialized,
    done: nodes.length >= expected && notReady.length === 0 && uninitialized.length === 0,
  };
}

export function describeNodeReport(r: NodeReport, expected: number): string {
  const parts = [`${r.ready}/${expected} nodes Ready`];
  if (r.total < expected) parts.push(`${expected - r.total} not registered yet`);
  if (r.notReady.length) parts.push(`not Ready: ${r.notReady.join(', ')}`);
  if (r.uninitialized.length)
    parts.push(`not initialised by the cloud controller manager: ${r.uninitialized.join(', ')}`);
  return parts.join('; ');
}
