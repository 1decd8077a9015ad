import { LABEL_MANAGED_BY, labelProblems, MANAGED_BY_VALUE } from '../gcp-names.js';
import { type Arch, versionSlug } from './names.js';

/**
 * What the image, the bucket and the object say about themselves, so a later run can tell whether
 * what it finds is what it would make. Images are a cache shared by many runs, so they carry no
 * `expires-at` unless the user adds one through `labels`.
 */

export const LABEL_TALOS_VERSION = 'talos-version';
export const LABEL_SCHEMATIC = 'talos-schematic';
export const LABEL_ARCH = 'talos-arch';

/**
 * Label values stop at 63 characters and a schematic ID has 64, so the label holds its first 32
 * hex digits (128 bits, as unique as a UUID). The full ID is in the object metadata and the image
 * description.
 */
export const SCHEMATIC_LABEL_LENGTH = 32;

export interface ImageIdentity {
  version: string;
  schematicId: string;
  arch: Arch;
}

/** The three labels that say which Talos build an image is. */
export function identityLabels(id: ImageIdentity): Record<string, string> {
  return {
    [LABEL_TALOS_VERSION]: versionSlug(id.version),
    [LABEL_SCHEMATIC]: id.schematicId.slice(0, SCHEMATIC_LABEL_LENGTH),
    [LABEL_ARCH]: id.arch,
  };
}

const RESERVED = new Set([LABEL_TALOS_VERSION, LABEL_SCHEMATIC, LABEL_ARCH, LABEL_MANAGED_BY]);

/** User labels, then ours (ours win: they are how later runs recognise the image). */
export function imageLabels(id: ImageIdentity, user: Record<string, string>): Record<string, string> {
  return { ...user, ...identityLabels(id), [LABEL_MANAGED_BY]: MANAGED_BY_VALUE };
}

/** The bucket holds many builds, so it carries only the user's labels and managed-by. */
export function bucketLabels(user: Record<string, string>): Record<string, string> {
  return { ...user, [LABEL_MANAGED_BY]: MANAGED_BY_VALUE };
}

/** Problems with user labels: GCP's rules, and no overriding the labels this action owns. */
export function userLabelProblems(user: Record<string, string>): string[] {
  const problems = labelProblems(user);
  for (const key of Object.keys(user)) {
    if (RESERVED.has(key)) problems.push(`label '${key}' is set by talos-fleet image and cannot be given`);
  }
  // Ours add four; GCP allows 64 in all.
  if (Object.keys(user).length > 60)
    problems.push('at most 60 user labels fit beside the 4 this action sets');
  return problems;
}

/** Whether labels found on an image say it is this build. Differences in other labels do not matter. */
export function identityMatches(found: Record<string, string> | undefined, id: ImageIdentity): boolean {
  const want = identityLabels(id);
  return Object.entries(want).every(([k, v]) => found?.[k] === v);
}

/** Custom object metadata (no length limits there, so the full schematic ID). */
export function objectMetadata(id: ImageIdentity, size: number): Record<string, string> {
  return {
    'talos-version': id.version,
    'talos-schematic': id.schematicId,
    'talos-arch': id.arch,
    'talos-size': String(size),
    [LABEL_MANAGED_BY]: MANAGED_BY_VALUE,
  };
}

/** Image description: the full facts, readable in the console. */
export function imageDescription(id: ImageIdentity, source: string): string {
  return `Talos ${id.version} ${id.arch}, Image Factory schematic ${id.schematicId}, from ${source}. Made by talos-fleet image.`;
}
