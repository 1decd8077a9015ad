import type { ClusterResult } from './result.js';

/** Outputs of the cluster action and `talos-fleet cluster up` (paths only: never the files' content). */
export function clusterOutputs(result: ClusterResult): Record<string, string> {
  return {
    'kubeconfig-dir': result.kubeconfigDir,
    'talosconfig-dir': result.talosconfigDir,
    'management-kubeconfig': result.managementKubeconfig,
    endpoints: JSON.stringify(result.endpoints),
  };
}

export function clusterSummaryRows(result: ClusterResult): string[][] {
  return result.clusters.map((c) => [
    c.name,
    c.endpoint,
    `${c.machines.withAddresses}/${c.machines.desired} with addresses`,
    c.waitedMs === 0 ? 'already up' : `${Math.round(c.waitedMs / 1000)} s`,
  ]);
}
