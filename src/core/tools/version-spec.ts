import semver from 'semver';
import { UserError } from '../user-error.js';
import type { ResolutionStep, ToolName } from './catalog.js';
import { TOOLS } from './catalog.js';

/** What a user may ask for: an exact version, the newest release, or the newest of a major or minor line. */
export type VersionSpec =
  | { kind: 'exact'; version: string }
  | { kind: 'latest' }
  | { kind: 'partial'; major: number; minor?: number };

const EXACT = /^v?(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/;
const PARTIAL = /^v?(\d+)(?:\.(\d+))?(?:\.[x*])?$/;

/** Parses `1.34.1`, `v1.34.1`, `latest`, `1.34`, `1.34.x`, `1`. Throws a UserError naming the tool and the fix. */
export function parseVersionSpec(tool: ToolName, text: string, where: string): VersionSpec {
  const s = text.trim();
  if (s.toLowerCase() === 'latest') return { kind: 'latest' };
  const exact = EXACT.exec(s);
  if (exact) {
    const version = s.replace(/^v/, '');
    if (semver.valid(version)) return { kind: 'exact', version };
  }
  const partial = PARTIAL.exec(s);
  if (partial) {
    const major = Number(partial[1]);
    return partial[2] === undefined
      ? { kind: 'partial', major }
      : { kind: 'partial', major, minor: Number(partial[2]) };
  }
  throw new UserError(`Malformed version '${text}' for ${tool} in ${where}.`, {
    fix: `write an exact version (${TOOLS[tool].pinned} or v${TOOLS[tool].pinned}), 'latest', or a partial version such as ${TOOLS[tool].pinned.split('.').slice(0, 2).join('.')} for its newest patch release`,
    title: 'Malformed version',
  });
}

export function formatSpec(spec: VersionSpec): string {
  switch (spec.kind) {
    case 'exact':
      return spec.version;
    case 'latest':
      return 'latest';
    case 'partial':
      return spec.minor === undefined ? `${spec.major}` : `${spec.major}.${spec.minor}`;
  }
}

/** Whether a stable version satisfies the spec. */
export function satisfies(version: string, spec: VersionSpec): boolean {
  const v = semver.parse(version);
  if (!v) return false;
  switch (spec.kind) {
    case 'exact':
      return semver.eq(v, spec.version);
    case 'latest':
      return v.prerelease.length === 0;
    case 'partial':
      return (
        v.prerelease.length === 0 &&
        v.major === spec.major &&
        (spec.minor === undefined || v.minor === spec.minor)
      );
  }
}

/**
 * Where to look up a non-exact spec: the project's own channel file where one exists
 * (kubectl stable[-X.Y].txt, helm helm[N]-latest-version, cilium stable.txt, gcloud
 * components-2.json), otherwise the GitHub releases list.
 */
export function resolutionStep(
  tool: ToolName,
  spec: Exclude<VersionSpec, { kind: 'exact' }>,
): ResolutionStep {
  const releases: ResolutionStep = { kind: 'github-releases', repo: TOOLS[tool].githubRepo };
  switch (tool) {
    case 'kubectl':
      if (spec.kind === 'latest') return { kind: 'channel', url: 'https://dl.k8s.io/release/stable.txt' };
      if (spec.minor !== undefined)
        return { kind: 'channel', url: `https://dl.k8s.io/release/stable-${spec.major}.${spec.minor}.txt` };
      return releases;
    case 'helm':
      if (spec.kind === 'latest') return { kind: 'channel', url: 'https://get.helm.sh/helm-latest-version' };
      if (spec.minor === undefined)
        return { kind: 'channel', url: `https://get.helm.sh/helm${spec.major}-latest-version` };
      return releases;
    case 'cilium':
      if (spec.kind === 'latest')
        return {
          kind: 'channel',
          url: 'https://raw.githubusercontent.com/cilium/cilium-cli/main/stable.txt',
        };
      return releases;
    case 'gcloud':
      // gcloud releases are always N.0.0, so `583` or `583.0` names exactly one release.
      if (spec.kind === 'partial') return { kind: 'fixed', version: `${spec.major}.${spec.minor ?? 0}.0` };
      return {
        kind: 'gcloud-components',
        url: 'https://dl.google.com/dl/cloudsdk/channels/rapid/components-2.json',
      };
    default:
      return releases;
  }
}

/** A channel file's body (`v1.37.1\n`) as a version without the v, or undefined when it holds no version. */
export function parseChannelVersion(body: string): string | undefined {
  const line = body.trim().split(/\s+/)[0] ?? '';
  const version = line.replace(/^v/, '');
  return semver.valid(version) ? version : undefined;
}

/** gcloud's components-2.json: the SDK version is the top-level `version`. */
export function parseGcloudComponentsVersion(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null || !('version' in json)) return undefined;
  const { version } = json;
  return typeof version === 'string' && semver.valid(version) ? version : undefined;
}

export interface ReleaseInfo {
  tag_name: string;
  draft: boolean;
  prerelease: boolean;
}

/**
 * The highest stable semver among `releases` that satisfies `spec`; drafts (tags whose assets may
 * not be public yet) and prereleases are skipped, whatever order GitHub lists them in.
 */
export function highestRelease(releases: readonly ReleaseInfo[], spec: VersionSpec): string | undefined {
  let best: string | undefined;
  for (const r of releases) {
    if (r.draft || r.prerelease) continue;
    const version = semver.valid(r.tag_name.replace(/^v/, ''));
    if (!version || !satisfies(version, spec)) continue;
    if (!best || semver.gt(version, best)) best = version;
  }
  return best;
}
