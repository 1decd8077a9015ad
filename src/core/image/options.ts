import { parse } from 'yaml';
import { z } from 'zod';
import { booleanInput, keyValueInput } from '../input-parsers.js';
import { UserError } from '../user-error.js';
import type { ImageRequest } from './ensure-image.js';
import { userLabelProblems } from './labels.js';
import {
  ARCHES,
  type Arch,
  bucketProblem,
  defaultBucketName,
  imageFamilyProblem,
  imageNameProblem,
  projectProblem,
  TALOS_VERSION,
} from './names.js';

/** The image inputs, shared by the action (action.yml names) and the CLI (the same names as --flags). */

export const IMAGE_INPUT_NAMES = [
  'talos-version',
  'arch',
  'schematic',
  'factory-url',
  'project',
  'bucket',
  'bucket-location',
  'image-name',
  'image-family',
  'labels',
  'access-token',
  'replace',
] as const;

export const DEFAULT_FACTORY_URL = 'https://factory.talos.dev';
export const EMPTY_SCHEMATIC = 'customization: {}\n';

const problem =
  (check: (v: string) => string | undefined) => (v: string | undefined, ctx: z.RefinementCtx) => {
    if (v === undefined) return;
    const p = check(v);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  };

export const imageInputSchema = z
  .object({
    'talos-version': z
      .string({ error: 'is required (a Talos release such as v1.13.9)' })
      .transform((v) => (v.startsWith('v') ? v : `v${v}`))
      .refine((v) => TALOS_VERSION.test(v), { message: 'must be a Talos release such as v1.13.9' }),
    arch: z
      .string()
      .optional()
      .transform((v) => v ?? 'amd64')
      .refine((v): v is Arch => (ARCHES as readonly string[]).includes(v), {
        message: "must be 'amd64' or 'arm64'",
      }),
    schematic: z.string().optional(),
    'factory-url': z
      .string()
      .optional()
      .transform((v) => v ?? DEFAULT_FACTORY_URL)
      .refine((v) => /^https?:\/\/[^\s/]+/.test(v), { message: 'must be an http(s) URL' }),
    project: z
      .string({ error: 'is required: the GCP project that gets the image (and the bucket)' })
      .superRefine(problem(projectProblem)),
    bucket: z.string().optional().superRefine(problem(bucketProblem)),
    'bucket-location': z
      .string()
      .optional()
      .transform((v) => v ?? 'US'),
    'image-name': z.string().optional().superRefine(problem(imageNameProblem)),
    'image-family': z.string().optional().superRefine(problem(imageFamilyProblem)),
    labels: keyValueInput().superRefine((v, ctx) => {
      for (const p of userLabelProblems(v)) ctx.addIssue({ code: 'custom', message: p });
    }),
    'access-token': z.string().optional(),
    replace: booleanInput(false),
  })
  .superRefine((v, ctx) => {
    if (v.bucket === undefined && v.project) {
      const p = bucketProblem(defaultBucketName(v.project));
      if (p) ctx.addIssue({ code: 'custom', path: ['bucket'], message: `the derived ${p}; set bucket` });
    }
  });

export type ImageInputs = z.output<typeof imageInputSchema>;

/** Inline YAML (it has a newline or a `key:`) or else a path to a file holding it. */
export function isInlineSchematic(value: string): boolean {
  return value.includes('\n') || /^\s*[A-Za-z]+\s*:/.test(value) || value.trim().startsWith('{');
}

/** Checks the YAML parses before it goes to the factory (which judges the fields). */
export function checkSchematicYaml(text: string, where: string): string {
  try {
    parse(text);
  } catch (error) {
    throw new UserError(`${where} is not valid YAML: ${(error as Error).message.split('\n')[0] ?? ''}`, {
      fix: 'give an Image Factory schematic, e.g. "customization:\\n  systemExtensions:\\n    officialExtensions: [siderolabs/gvisor]"',
      title: 'Invalid schematic',
    });
  }
  return text.trim() === '' ? EMPTY_SCHEMATIC : text;
}

export function toImageRequest(inputs: ImageInputs, schematic: string): ImageRequest {
  return {
    version: inputs['talos-version'],
    arch: inputs.arch,
    schematic,
    project: inputs.project,
    bucket: inputs.bucket ?? defaultBucketName(inputs.project),
    bucketLocation: inputs['bucket-location'],
    imageName: inputs['image-name'],
    family: inputs['image-family'],
    userLabels: inputs.labels,
    replace: inputs.replace,
  };
}
