import { z } from 'zod';

/** The network action's inputs (keys = input names; defaults = action.yml's). */
export const inputsSchema = z.object({
  plan: z.string().default('.talos-fleet/plan/plan.json'),
  mode: z.enum(['up', 'diff', 'down'], { message: "must be 'up', 'diff' or 'down'" }).default('up'),
  'access-token': z.string().optional(),
  'status-file': z.string().default('.talos-fleet/status.json'),
});

export const INPUT_NAMES = Object.keys(inputsSchema.shape) as (keyof typeof inputsSchema.shape)[];
