import type { PlanFile } from './planner.js';

const PLAN_FILE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/(cluster\.yaml|cilium-values\.yaml)$/;

/**
 * Files a previous plan in the same directory wrote that the new plan does not (a cluster was
 * removed or renamed), so re-planning leaves no stale manifests for a later step to pick up.
 * Only paths of the exact shape the planner writes are returned, whatever plan.json claims.
 */
export function staleFiles(previousPlanJson: string | undefined, next: readonly PlanFile[]): string[] {
  if (previousPlanJson === undefined) return [];
  let previous: unknown;
  try {
    previous = JSON.parse(previousPlanJson);
  } catch {
    return [];
  }
  const p = previous as {
    kind?: unknown;
    clusters?: { files?: { manifests?: unknown; ciliumValues?: unknown } }[];
  };
  if (p.kind !== 'FleetPlan' || !Array.isArray(p.clusters)) return [];
  const keep = new Set(next.map((f) => f.path));
  return p.clusters
    .flatMap((c) => [c.files?.manifests, c.files?.ciliumValues])
    .filter((f): f is string => typeof f === 'string' && PLAN_FILE.test(f) && !keep.has(f))
    .sort();
}
