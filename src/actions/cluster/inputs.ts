import { z } from 'zod';
import { parseDurationSeconds } from '../../core/fleet/duration.js';
import { listInput } from '../../core/input-parsers.js';

/**
 * The cluster action's inputs (keys = cluster/action.yml names; defaults equal its defaults).
 * `talos-fleet cluster up` parses its options with the same schema.
 */
export const inputsSchema = z.object({
  plan: z.string().default('.talos-fleet/plan/plan.json'),
  clusters: listInput(),
  management: z
    .enum(['kind', 'kubeconfig'], {
      error: "must be 'kind' (an ephemeral cluster on the runner) or 'kubeconfig'",
    })
    .default('kind'),
  'management-kubeconfig': z.string().optional(),
  'gcp-credentials': z.string().optional(),
  timeout: z
    .string()
    .default('30m')
    .transform((v, ctx) => {
      const seconds = parseDurationSeconds(v.trim());
      if (seconds === undefined) {
        ctx.addIssue({ code: 'custom', message: `must be a duration such as 30m, 1h or 90s, got '${v}'` });
        return z.NEVER;
      }
      return seconds * 1000;
    }),
  'out-dir': z.string().default('.talos-fleet/clusters'),
  'status-file': z.string().default('.talos-fleet/status.json'),
});

export const INPUT_NAMES = Object.keys(inputsSchema.shape) as (keyof typeof inputsSchema.shape)[];
export const SECRET_INPUTS = ['management-kubeconfig'] as const;

export type ClusterInputs = z.output<typeof inputsSchema>;
