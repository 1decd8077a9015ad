import { z } from 'zod';
import { GCE_NAME, PROJECT_ID } from '../gcp-names.js';
import { UserError } from '../user-error.js';
import { parseOrThrow } from '../zod-issues.js';

/**
 * The part of plan.json the network step executes: the fleet's name, project and labels, and the
 * `network` section (Compute request bodies, see src/core/plan/network.ts). Checked before any
 * cloud call, so a hand-edited or foreign plan fails naming the field.
 */

export const PLAN_API_VERSION = 'talos-fleet.dev/v1alpha1';

const body = z.looseObject({ name: z.string().regex(GCE_NAME, 'must be a GCE name (RFC 1035, at most 63)') });

const planSchema = z.object({
  apiVersion: z.string().refine((v) => v === PLAN_API_VERSION, {
    message: `must be ${PLAN_API_VERSION}: re-run the plan step with this version of talos-fleet`,
  }),
  kind: z.literal('FleetPlan'),
  fleet: z.object({
    name: z.string().regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, 'must be a fleet name'),
    project: z.string().regex(PROJECT_ID, 'must be a GCP project ID'),
    labels: z.record(z.string(), z.string()),
  }),
  network: z.object({
    name: z.string().regex(GCE_NAME, 'must be a GCE name'),
    selfLink: z.string().min(1),
    create: z.boolean(),
    network: body.optional(),
    subnetworks: z.array(body.extend({ region: z.string().min(1), network: z.string().min(1) })),
    routers: z.array(z.object({ region: z.string().min(1), router: body })),
    firewalls: z.array(body.extend({ network: z.string().min(1) })),
    healthChecks: z.array(body).optional(),
  }),
});

export type NetworkPlanInput = z.output<typeof planSchema>;

/** Parses plan.json's text; the UserError names the plan path and each bad field. */
export function parseNetworkPlan(text: string, path: string): NetworkPlanInput {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`, {
      fix: 'point the plan input at the plan.json the plan step wrote',
      title: 'input plan',
    });
  }
  const plan = parseOrThrow(planSchema, raw, {
    where: (field) => `${path}: ${field}`,
    plural: `fields of ${path}`,
    fix: 'point the plan input at the plan.json the plan step wrote, from the same talos-fleet version',
    title: 'input plan',
  });
  if (plan.network.create && !plan.network.network)
    throw new UserError(`${path}: network.network is missing while network.create is true`, {
      fix: 're-run the plan step',
      title: 'input plan',
    });
  return plan;
}
