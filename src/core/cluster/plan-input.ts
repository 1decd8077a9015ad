import { z } from 'zod';
import { didYouMean } from '../fleet/did-you-mean.js';
import { UserError } from '../user-error.js';
import { parseOrThrow } from '../zod-issues.js';

/**
 * The part of plan.json the cluster flow executes (src/core/plan/planner.ts FleetPlan writes it).
 * Parsed, not trusted: a hand-edited or older plan fails here, naming the field.
 */
const versionsSchema = z.object({
  talos: z.string(),
  kubernetes: z.string(),
  capi: z.string(),
  capg: z.string(),
  cabpt: z.string(),
  cacppt: z.string(),
});

const poolSchema = z.object({ replicas: z.int().min(0) });

export const clusterPlanSchema = z.object({
  kind: z.literal('FleetPlan', { error: "is not 'FleetPlan': this is not a talos-fleet plan.json" }),
  fleet: z.object({ name: z.string().min(1), project: z.string().min(1) }),
  versions: versionsSchema,
  clusters: z
    .array(
      z.object({
        name: z.string().min(1),
        capiName: z.string().min(1),
        region: z.string(),
        controlPlane: poolSchema,
        workers: poolSchema,
        files: z.object({ manifests: z.string().min(1) }),
      }),
    )
    .min(1),
});

export type ClusterPlan = z.output<typeof clusterPlanSchema>;
export type PlannedCluster = ClusterPlan['clusters'][number];

export function parseClusterPlan(text: string, path: string): ClusterPlan {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`, {
      fix: "point 'plan' at the plan.json the plan step wrote",
      title: "Invalid input 'plan'",
    });
  }
  return parseOrThrow(clusterPlanSchema, json, {
    where: (p) => `${path}: ${p}`,
    plural: 'fields',
    fix: 'run the plan step again with this version of talos-fleet',
    title: "Invalid input 'plan'",
  });
}

/** The clusters to provision: all, or the named subset (each name must be in the plan). */
export function selectClusters(plan: ClusterPlan, names: readonly string[]): PlannedCluster[] {
  if (names.length === 0) return plan.clusters;
  const known = plan.clusters.map((c) => c.name);
  const unknown = names.filter((n) => !known.includes(n));
  const refused = UserError.combine(
    unknown.map((n) => {
      const hint = didYouMean(n, known);
      return new UserError(`input 'clusters': '${n}' is not a cluster of fleet ${plan.fleet.name}`, {
        fix: `${hint ? `did you mean '${hint}'? ` : ''}use names from the plan: ${known.join(', ')}`,
        title: "Invalid input 'clusters'",
      });
    }),
    "input 'clusters' names clusters that are not in the plan",
    "Invalid input 'clusters'",
  );
  if (refused) throw refused;
  return plan.clusters.filter((c) => names.includes(c.name));
}
