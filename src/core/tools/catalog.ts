import { UserError } from '../user-error.js';
import type { OsName, Platform } from './platform.js';

/**
 * Every tool the toolkit installs: where its release assets live for each platform, how each is
 * packed, where its upstream checksum is, how its `latest` is found and how it reports its version.
 * Sources: ../shared/reference/tools.md for all but kind. kind (kubernetes-sigs/kind) publishes
 * raw binaries `kind-{os}-{arch}[.exe]` on its GitHub releases with a per-asset `.sha256sum`
 * (`hash  kind-{os}-{arch}`), and `kind version` prints `kind v0.31.0 go1.25.5 linux/amd64`.
 * A kind windows/arm64 asset could not be confirmed, so that platform falls back to amd64.
 */

export const TOOL_NAMES = [
  'task',
  'kubectl',
  'clusterctl',
  'talosctl',
  'gcloud',
  'yq',
  'helm',
  'cilium',
  'kind',
] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

export function isToolName(name: string): name is ToolName {
  return (TOOL_NAMES as readonly string[]).includes(name);
}

export type ArchiveKind = 'raw' | 'tar.gz' | 'zip';

/** Where the upstream sha256 for an asset comes from. */
export type ChecksumSource =
  /** One file over all assets, `hash  filename` lines (goreleaser, talos sha256sum.txt). */
  | { kind: 'combined'; url: string; assetName: string }
  /** One file per asset: a bare hash (kubectl `.sha256`) or `hash  filename` (`.sha256sum`). */
  | { kind: 'per-asset'; url: string; assetName: string }
  /** yq: `checksums` rows of every rhash algorithm, columns named by `checksums_hashes_order`. */
  | { kind: 'yq'; url: string; orderUrl: string; assetName: string }
  /** No checksum file: the GitHub releases API `assets[].digest`. */
  | { kind: 'github-digest'; repo: string; tag: string; assetName: string }
  /** Nothing published per version (gcloud): a lock-file pin or a loud notice. */
  | { kind: 'none' };

export interface Asset {
  tool: ToolName;
  version: string;
  /** The platform asked for, and the one whose build is downloaded (differs on a fallback). */
  platform: Platform;
  buildPlatform: Platform;
  /** Set when the build is for another arch than asked for. */
  fallbackNotice?: string;
  url: string;
  assetName: string;
  archive: ArchiveKind;
  /** Relative to the installed tool directory: the executable, and the directory to put on PATH. */
  binary: string;
  binDir: string;
  checksum: ChecksumSource;
}

/** How `latest` or a partial version is found. */
export type ResolutionStep =
  /** A text file holding one version, e.g. kubectl stable.txt, helm helm-latest-version. */
  | { kind: 'channel'; url: string }
  /** gcloud's components-2.json, whose top-level `version` is the newest release. */
  | { kind: 'gcloud-components'; url: string }
  /** List every release, drop drafts and prereleases, take the highest matching semver. */
  | { kind: 'github-releases'; repo: string }
  /** No lookup needed: the answer follows from the spec (gcloud `583` is always 583.0.0). */
  | { kind: 'fixed'; version: string };

export interface VersionCheck {
  args: readonly string[];
  /** The first capture group is the version. */
  pattern: RegExp;
  env?: Record<string, string>;
}

export interface ToolDefinition {
  name: ToolName;
  /** The version the toolkit pins (used when no version is asked for). */
  pinned: string;
  /** Where releases are listed (for `latest` and partial versions without a channel). */
  githubRepo: string;
  versionCheck: VersionCheck;
  /** Rough download size in MB, to start the biggest downloads first. */
  approxMb: number;
  summary: string;
}

export const TOOLS: Readonly<Record<ToolName, ToolDefinition>> = {
  task: {
    name: 'task',
    pinned: '3.54.0',
    githubRepo: 'go-task/task',
    versionCheck: { args: ['--version'], pattern: /(\d+\.\d+\.\d+\S*)/ },
    approxMb: 10,
    summary: 'Task runner (go-task)',
  },
  kubectl: {
    name: 'kubectl',
    pinned: '1.37.1',
    githubRepo: 'kubernetes/kubernetes',
    versionCheck: { args: ['version', '--client'], pattern: /Client Version:\s*v?(\S+)/ },
    approxMb: 60,
    summary: 'Kubernetes CLI',
  },
  clusterctl: {
    name: 'clusterctl',
    pinned: '1.14.2',
    githubRepo: 'kubernetes-sigs/cluster-api',
    versionCheck: {
      args: ['version', '-o', 'short'],
      pattern: /v?(\d+\.\d+\.\d+\S*)/,
      env: { CLUSTERCTL_DISABLE_VERSIONCHECK: 'true' },
    },
    approxMb: 70,
    summary: 'Cluster API CLI',
  },
  talosctl: {
    name: 'talosctl',
    pinned: '1.14.2',
    githubRepo: 'siderolabs/talos',
    versionCheck: { args: ['version', '--client'], pattern: /Tag:\s*v?(\S+)/ },
    approxMb: 80,
    summary: 'Talos Linux CLI',
  },
  gcloud: {
    name: 'gcloud',
    pinned: '583.0.0',
    githubRepo: '',
    versionCheck: {
      args: ['version'],
      pattern: /Google Cloud SDK\s+(\S+)/,
      env: { CLOUDSDK_CORE_DISABLE_PROMPTS: '1', CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK: '1' },
    },
    approxMb: 160,
    summary: 'Google Cloud CLI (SDK tree)',
  },
  yq: {
    name: 'yq',
    pinned: '4.54.1',
    githubRepo: 'mikefarah/yq',
    versionCheck: { args: ['--version'], pattern: /version\s+v?(\S+)/ },
    approxMb: 10,
    summary: 'YAML processor',
  },
  helm: {
    name: 'helm',
    pinned: '4.3.0',
    githubRepo: 'helm/helm',
    versionCheck: { args: ['version', '--short'], pattern: /^v?(\d+\.\d+\.\d+[^+\s]*)/m },
    approxMb: 20,
    summary: 'Kubernetes package manager',
  },
  cilium: {
    name: 'cilium',
    pinned: '0.20.1',
    githubRepo: 'cilium/cilium-cli',
    versionCheck: { args: ['version', '--client'], pattern: /cilium-cli:\s*v?(\S+)/ },
    approxMb: 60,
    summary: 'Cilium CLI (ClusterMesh)',
  },
  kind: {
    name: 'kind',
    pinned: '0.31.0',
    githubRepo: 'kubernetes-sigs/kind',
    versionCheck: { args: ['version'], pattern: /^kind\s+v?(\S+)/m },
    approxMb: 10,
    summary: 'Kubernetes in Docker (management cluster)',
  },
};

const exe = (os: OsName) => (os === 'windows' ? '.exe' : '');
const archiveExt = (os: OsName): ArchiveKind => (os === 'windows' ? 'zip' : 'tar.gz');

/** Tools with no windows/arm64 build: they get the amd64 one, which Windows on Arm emulates. */
const NO_WINDOWS_ARM64: ReadonlySet<ToolName> = new Set(['clusterctl', 'gcloud', 'kind']);

const gh = (repo: string, version: string, name: string) =>
  `https://github.com/${repo}/releases/download/v${version}/${name}`;

/** The release asset of `tool` at exact `version` (no leading v) for `platform`. Pure. */
export function assetFor(tool: ToolName, version: string, platform: Platform): Asset {
  const { os } = platform;
  const fallsBack = os === 'windows' && platform.arch === 'arm64' && NO_WINDOWS_ARM64.has(tool);
  const build: Platform = fallsBack ? { os, arch: 'amd64' } : platform;
  const finish = (a: Omit<Asset, 'tool' | 'version' | 'platform' | 'buildPlatform' | 'fallbackNotice'>) => ({
    tool,
    version,
    platform,
    buildPlatform: build,
    ...(fallsBack
      ? {
          fallbackNotice: `${tool} publishes no ${os}/${platform.arch} build; installing the ${os}/${build.arch} build, which runs under emulation.`,
        }
      : {}),
    ...a,
  });
  /** A plain executable on the project's GitHub releases, installed as `<tool>[.exe]`. */
  const rawGithubAsset = (repo: string, assetName: string, checksum: ChecksumSource) =>
    finish({
      url: gh(repo, version, assetName),
      assetName,
      archive: 'raw',
      binary: `${tool}${exe(os)}`,
      binDir: '.',
      checksum,
    });

  switch (tool) {
    case 'task': {
      const ext = archiveExt(os);
      const assetName = `task_${os}_${platform.arch}.${ext}`;
      return finish({
        url: gh('go-task/task', version, assetName),
        assetName,
        archive: ext,
        binary: `task${exe(os)}`,
        binDir: '.',
        checksum: { kind: 'combined', url: gh('go-task/task', version, 'task_checksums.txt'), assetName },
      });
    }
    case 'kubectl': {
      const assetName = `kubectl${exe(os)}`;
      const url = `https://dl.k8s.io/release/v${version}/bin/${os}/${platform.arch}/${assetName}`;
      return finish({
        url,
        assetName,
        archive: 'raw',
        binary: assetName,
        binDir: '.',
        checksum: { kind: 'per-asset', url: `${url}.sha256`, assetName },
      });
    }
    case 'clusterctl': {
      const assetName = `clusterctl-${os}-${build.arch}${exe(os)}`;
      const repo = 'kubernetes-sigs/cluster-api';
      return rawGithubAsset(repo, assetName, { kind: 'github-digest', repo, tag: `v${version}`, assetName });
    }
    case 'talosctl': {
      const assetName = `talosctl-${os}-${build.arch}${exe(os)}`;
      const url = gh('siderolabs/talos', version, 'sha256sum.txt');
      return rawGithubAsset('siderolabs/talos', assetName, { kind: 'combined', url, assetName });
    }
    case 'gcloud': {
      const garch = build.arch === 'amd64' ? 'x86_64' : 'arm';
      const ext = archiveExt(os);
      const assetName = `google-cloud-sdk-${version}-${os}-${garch}.${ext}`;
      return finish({
        url: `https://dl.google.com/dl/cloudsdk/channels/rapid/downloads/${assetName}`,
        assetName,
        archive: ext,
        binary: `google-cloud-sdk/bin/gcloud${os === 'windows' ? '.cmd' : ''}`,
        binDir: 'google-cloud-sdk/bin',
        checksum: { kind: 'none' },
      });
    }
    case 'yq': {
      // The raw asset is named for its platform; it is installed as plain `yq`.
      const assetName = `yq_${os}_${build.arch}${exe(os)}`;
      return rawGithubAsset('mikefarah/yq', assetName, {
        kind: 'yq',
        url: gh('mikefarah/yq', version, 'checksums'),
        orderUrl: gh('mikefarah/yq', version, 'checksums_hashes_order'),
        assetName,
      });
    }
    case 'helm': {
      const ext = archiveExt(os);
      const assetName = `helm-v${version}-${os}-${platform.arch}.${ext}`;
      const url = `https://get.helm.sh/${assetName}`;
      return finish({
        url,
        assetName,
        archive: ext,
        binary: `${os}-${platform.arch}/helm${exe(os)}`,
        binDir: `${os}-${platform.arch}`,
        checksum: { kind: 'per-asset', url: `${url}.sha256sum`, assetName },
      });
    }
    case 'cilium': {
      const ext = archiveExt(os);
      const assetName = `cilium-${os}-${platform.arch}.${ext}`;
      const url = gh('cilium/cilium-cli', version, assetName);
      return finish({
        url,
        assetName,
        archive: ext,
        binary: `cilium${exe(os)}`,
        binDir: '.',
        checksum: { kind: 'per-asset', url: `${url}.sha256sum`, assetName },
      });
    }
    case 'kind': {
      const assetName = `kind-${os}-${build.arch}${exe(os)}`;
      const url = gh('kubernetes-sigs/kind', version, `${assetName}.sha256sum`);
      return rawGithubAsset('kubernetes-sigs/kind', assetName, { kind: 'per-asset', url, assetName });
    }
  }
}

/** The unknown-tool error, listing the valid names. */
export function unknownToolError(name: string, where: string): UserError {
  return new UserError(`Unknown tool '${name}' in ${where}.`, {
    fix: `use one of: ${TOOL_NAMES.join(', ')}`,
    title: 'Unknown tool',
  });
}
