import type { ClusterState, Condition, ConditionType } from './schema.js';

/**
 * A cluster's state from its conditions, most final first: Destroyed, Deleting, Stalled (a
 * failure waiting will not heal), then ready when the infrastructure, the control plane and the
 * nodes are all ready; any other observation means provisioning. Without conditions nothing has
 * been observed: `fallback` (a document written before conditions existed keeps its own state).
 */
export function clusterStateOf(
  conditions: readonly Condition[],
  fallback: ClusterState = 'planned',
): ClusterState {
  if (conditions.length === 0) return fallback;
  const is = (type: ConditionType) => conditions.some((c) => c.type === type && c.status === 'True');
  if (is('Destroyed')) return 'destroyed';
  if (is('Deleting')) return 'deleting';
  if (is('Stalled')) return 'failed';
  if (is('InfrastructureReady') && is('ControlPlaneReady') && is('NodesReady')) return 'ready';
  return 'provisioning';
}
