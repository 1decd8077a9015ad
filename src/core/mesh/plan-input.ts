import { z } from 'zod';
import { UserError } from '../user-error.js';
import { parseOrThrow } from '../zod-issues.js';

/**
 * The part of plan.json the mesh step reads. Other keys are ignored, so the planner may add
 * fields without breaking this step.
 */

const name = z.string().min(1);

export const meshPlanSchema = z.object({
  kind: z.literal('FleetPlan'),
  fleet: z.object({ name, project: name, labels: z.record(z.string(), z.string()) }),
  versions: z.object({ cilium: name, kubernetes: name }),
  mesh: z.object({ enabled: z.boolean(), apiserverNodePort: z.int().min(1).max(65535) }),
  clusters: z
    .array(
      z.object({
        name,
        capiName: name,
        id: z.int(),
        peers: z.array(name),
        controlPlane: z.object({ replicas: z.int().min(0) }),
        workers: z.object({ replicas: z.int().min(0) }),
        files: z.object({ ciliumValues: name }),
      }),
    )
    .min(1),
});

export type MeshPlan = z.output<typeof meshPlanSchema>;
export type MeshPlanCluster = MeshPlan['clusters'][number];

/** The plan's namespace for every CAPI object (src/core/plan/model.ts NAMESPACE). */
export { NAMESPACE as PLAN_NAMESPACE } from '../plan/model.js';

export function parseMeshPlan(json: string, where: string): MeshPlan {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new UserError(`${where} is not JSON`, {
      fix: 'pass the plan.json the plan step wrote (talos-fleet plan)',
      title: 'plan',
    });
  }
  return parseOrThrow(meshPlanSchema, parsed, {
    where: (path) => `${where} ${path}`,
    plural: 'fields',
    title: 'plan',
    fix: 'pass the plan.json the plan step wrote (talos-fleet plan)',
  });
}

export function expectedNodes(c: MeshPlanCluster): number {
  return c.controlPlane.replicas + c.workers.replicas;
}
