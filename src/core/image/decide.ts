import { LABEL_MANAGED_BY, MANAGED_BY_VALUE } from '../gcp-names.js';
import { UserError } from '../user-error.js';
import {
  identityMatches,
  type ImageIdentity,
  LABEL_ARCH,
  LABEL_SCHEMATIC,
  LABEL_TALOS_VERSION,
} from './labels.js';

/** The decisions of the image pipeline, separate from the calls that act on them. */

export interface FoundImage {
  name: string;
  /** PENDING, READY, FAILED or DELETING. */
  status: string;
  labels: Record<string, string>;
  selfLink: string;
  family: string | undefined;
  /** The GCS object the image was made from (`rawDisk.source`), when Compute reports one. */
  rawDiskSource: string | undefined;
}

export type ImageDecision =
  /** It is this build and usable: output it, download nothing. */
  | { kind: 'reuse' }
  /** It is this build but another job is still creating it: wait for READY. */
  | { kind: 'wait' }
  | { kind: 'create' }
  /** Delete what is there (a failed attempt, or with `replace`, another build), then create. */
  | { kind: 'recreate'; reason: string };

export function decideImage(
  found: FoundImage | undefined,
  id: ImageIdentity,
  replace: boolean,
): ImageDecision {
  if (!found) return { kind: 'create' };
  if (identityMatches(found.labels, id)) {
    if (found.status === 'READY') return { kind: 'reuse' };
    if (found.status === 'PENDING') return { kind: 'wait' };
    return { kind: 'recreate', reason: `image '${found.name}' is ${found.status}` };
  }
  if (replace)
    return { kind: 'recreate', reason: `image '${found.name}' is another build and replace is true` };
  const had = [LABEL_TALOS_VERSION, LABEL_SCHEMATIC, LABEL_ARCH]
    .map((k) => `${k}=${found.labels[k] ?? '(none)'}`)
    .join(', ');
  throw new UserError(
    `Image '${found.name}' already exists and is not Talos ${id.version} ${id.arch} with schematic ${id.schematicId.slice(0, 8)}… (its labels: ${had}).`,
    {
      fix: 'choose another image-name (or leave it empty for the derived name), or set replace: true to delete and recreate it',
      title: 'Image exists with different labels',
    },
  );
}

export interface FoundObject {
  size: number;
  generation: string;
  metadata: Record<string, string>;
  crc32c: string | undefined;
}

export type ObjectDecision =
  | { kind: 'skip' }
  /** Upload; `ifGenerationMatch` 0 means "only if absent", else "only if still that generation". */
  | { kind: 'upload'; ifGenerationMatch: string; reason: string };

/**
 * Skip the upload only when the object says this toolkit wrote it, for this build, and has the
 * size the factory reports. The caller has verified that the bucket belongs to the target project,
 * so only someone with access to that project could have written it.
 */
export function decideObject(
  found: FoundObject | undefined,
  id: ImageIdentity,
  size: number,
): ObjectDecision {
  if (!found) return { kind: 'upload', ifGenerationMatch: '0', reason: 'the object does not exist' };
  const m = found.metadata;
  const same =
    m[LABEL_MANAGED_BY] === MANAGED_BY_VALUE &&
    m['talos-version'] === id.version &&
    m['talos-schematic'] === id.schematicId &&
    m['talos-arch'] === id.arch &&
    found.size === size;
  if (same) return { kind: 'skip' };
  return {
    kind: 'upload',
    ifGenerationMatch: found.generation,
    reason: `the object exists but is not this build at ${size} bytes (it has ${found.size} bytes)`,
  };
}

/**
 * Why an image of this build cannot be trusted as it is, or undefined when it can: it must have
 * been made from this run's object in the bucket the caller verified (`expectedSource`), since an
 * image made from an object in someone else's bucket carries whatever they put there.
 */
export function imageSourceDistrust(found: FoundImage, expectedSource: string): string | undefined {
  if (found.rawDiskSource === expectedSource) return undefined;
  return found.rawDiskSource
    ? `image '${found.name}' was made from ${found.rawDiskSource}, not from ${expectedSource}`
    : `image '${found.name}' does not say which object it was made from`;
}
