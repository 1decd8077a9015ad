import picomatch from 'picomatch';
import { z } from 'zod';
import { parseDurationSeconds } from '../../core/fleet/duration.js';
import { PROJECT_ID } from '../../core/gcp-names.js';
import { booleanInput } from '../../core/input-parsers.js';

/** The janitor's inputs (keys = input names; defaults = action.yml's); the CLI parses its options with it too. */
export const inputsSchema = z.object({
  project: z
    .string({ message: 'is required: the GCP project to sweep' })
    .regex(PROJECT_ID, { message: 'must be a GCP project ID (6-30 lowercase letters, digits and hyphens)' }),
  'dry-run': booleanInput(true),
  fleet: z
    .string()
    .max(256)
    .optional()
    .transform((glob) => (glob === undefined ? undefined : { glob, matches: picomatch(glob) })),
  grace: z
    .string()
    .default('0')
    .transform((v, ctx) => {
      if (v.trim() === '0') return 0;
      const seconds = v.length <= 32 ? parseDurationSeconds(v.trim()) : undefined;
      if (seconds === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `'${v.slice(0, 32)}' is not 0 or a duration such as 30m, 6h, 1d`,
        });
        return z.NEVER;
      }
      return seconds;
    }),
  'access-token': z.string().optional(),
  'state-bucket': z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/, { message: 'must be a GCS bucket name' })
    .optional(),
});

export const INPUT_NAMES = Object.keys(inputsSchema.shape) as (keyof typeof inputsSchema.shape)[];
export type JanitorInputs = z.output<typeof inputsSchema>;
