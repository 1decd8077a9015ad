import { gceName, isGceName, PROJECT_ID } from '../gcp-names.js';

/** Naming rules for the image pipeline: GCE image, GCS bucket and object. */

export type Arch = 'amd64' | 'arm64';

export const ARCHES: readonly Arch[] = ['amd64', 'arm64'];

/** A Talos release tag: v1.13.9, v1.14.0-beta.1. */
export const TALOS_VERSION = /^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** An Image Factory schematic ID: the hex sha256 of its canonical YAML. */
export const SCHEMATIC_ID = /^[0-9a-f]{64}$/;

/** The file Image Factory serves for GCP (a tar.gz holding disk.raw). */
export function factoryFileName(arch: Arch): string {
  return `gcp-${arch}.raw.tar.gz`;
}

/** The GCE architecture enum for a Talos arch. */
export function gceArchitecture(arch: Arch): 'X86_64' | 'ARM64' {
  return arch === 'amd64' ? 'X86_64' : 'ARM64';
}

/** `v1.13.9` as a label value or name part: `v1-13-9` (dots are not allowed in either). */
export function versionSlug(version: string): string {
  return version.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

/**
 * The default image name: `talos-<version dashes>-<first 8 of schematic>-<arch>`, e.g.
 * `talos-v1-13-9-37656798-amd64`. Pre-release tags keep their suffix; anything too long is
 * shortened with a hash so it stays GCE-valid and distinct.
 */
export function defaultImageName(version: string, schematicId: string, arch: Arch): string {
  return gceName(['talos', versionSlug(version), schematicId.slice(0, 8), arch]);
}

/** The object the image is created from: one per version, schematic and arch, so images never share one. */
export function objectName(version: string, schematicId: string, arch: Arch): string {
  return `talos/${version}/${schematicId}/${factoryFileName(arch)}`;
}

/**
 * The default bucket: `<project>-talos-images`. Bucket names are global, so the project ID (itself
 * globally unique) keeps it from colliding with anyone else's, unlike the old fixed `talos-images-01`.
 */
export function defaultBucketName(project: string): string {
  return `${project}-talos-images`;
}

/** `https://storage.googleapis.com/<bucket>/<object>`, the form `rawDisk.source` takes (as Talos's uploader sends it). */
export function rawDiskSource(bucket: string, object: string): string {
  return `https://storage.googleapis.com/${bucket}/${object.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * Bucket names without dots: 3-63 chars of lowercase letters, digits, `-` and `_`, starting and
 * ending with a letter or digit, not starting with `goog` and not containing `google`. Dotted
 * (domain) names need domain verification, so they are refused here.
 */
const BUCKET = /^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/;

export function projectProblem(project: string): string | undefined {
  return PROJECT_ID.test(project)
    ? undefined
    : `'${project}' is not a GCP project ID (6-30 lowercase letters, digits and hyphens, starting with a letter)`;
}

export function bucketProblem(bucket: string): string | undefined {
  if (!BUCKET.test(bucket))
    return `'${bucket}' is not a valid bucket name (3-63 lowercase letters, digits, '-' and '_', starting and ending with a letter or digit; no dots)`;
  if (bucket.startsWith('goog') || bucket.includes('google'))
    return `'${bucket}' is not a valid bucket name (it may not start with 'goog' or contain 'google')`;
  return undefined;
}

/** Image names and image families follow the same GCE name rules. */
function gceNameProblem(what: string): (name: string) => string | undefined {
  return (name) =>
    isGceName(name)
      ? undefined
      : `'${name}' is not a valid ${what} (1-63 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen)`;
}

export const imageNameProblem = gceNameProblem('image name');
export const imageFamilyProblem = gceNameProblem('image family');
