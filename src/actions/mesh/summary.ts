import type { MeshResult } from '../../flows/mesh.js';

/** The action's outputs and job-summary table, shared with the CLI's JSON. */

export function meshOutputs(result: MeshResult): Record<'matrix' | 'ready', string> {
  return { matrix: JSON.stringify(result.matrix), ready: String(result.ready) };
}

export function meshSummaryRows(result: MeshResult): { headers: string[]; rows: string[][] } {
  const names = result.clusters.map((c) => c.name);
  return {
    headers: ['Cluster', 'Cilium', 'Nodes', ...names.map((n) => `→ ${n}`)],
    rows: result.clusters.map((c) => [
      c.name,
      c.failure ? `${c.install}: ${c.failure}` : c.install,
      c.nodes,
      ...names.map((to) => (to === c.name ? '—' : (result.matrix[c.name]?.[to] ?? ''))),
    ]),
  };
}
