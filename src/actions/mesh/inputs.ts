import { z } from 'zod';
import { parseDurationSeconds } from '../../core/fleet/duration.js';

/** The mesh inputs (keys = the action.yml names; defaults equal action.yml's), shared by the action and `talos-fleet mesh up`. */

export const VERIFY_MODES = ['global-service', 'connectivity', 'none'] as const;
export type VerifyMode = (typeof VERIFY_MODES)[number];

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const inputsSchema = z.object({
  plan: z
    .string()
    .optional()
    .transform((v) => v ?? '.talos-fleet/plan/plan.json'),
  'kubeconfig-dir': z
    .string()
    .optional()
    .transform((v) => v ?? '.talos-fleet/clusters'),
  'management-kubeconfig': z.string({
    error:
      "is required: the path of the management cluster's kubeconfig (the cluster action's management-kubeconfig output)",
  }),
  verify: z
    .string()
    .optional()
    .transform((v) => v ?? 'global-service')
    .refine((v): v is VerifyMode => (VERIFY_MODES as readonly string[]).includes(v), {
      message: `must be one of ${VERIFY_MODES.join(', ')}`,
    }),
  timeout: z
    .string()
    .optional()
    .transform((v) => v ?? '15m')
    .transform((v, ctx) => {
      const seconds = parseDurationSeconds(v);
      if (seconds === undefined) {
        ctx.addIssue({ code: 'custom', message: `'${v}' is not a duration such as 15m, 1h or 90s` });
        return z.NEVER;
      }
      return seconds;
    }),
  'status-file': z
    .string()
    .optional()
    .transform((v) => v ?? '.talos-fleet/status.json'),
  'state-bucket': optionalText,
  'cilium-chart': optionalText,
});

export const INPUT_NAMES = Object.keys(inputsSchema.shape) as readonly (keyof typeof inputsSchema.shape)[];
export type MeshInputs = z.output<typeof inputsSchema>;
