import { UserError } from '../user-error.js';

/** The platforms the toolkit installs for: three operating systems on two architectures. */
export type OsName = 'linux' | 'darwin' | 'windows';
export type ArchName = 'amd64' | 'arm64';

export interface Platform {
  os: OsName;
  arch: ArchName;
}

export const SUPPORTED_PLATFORMS: readonly Platform[] = (['linux', 'darwin', 'windows'] as const).flatMap(
  (os) => (['amd64', 'arm64'] as const).map((arch) => ({ os, arch })),
);

export function platformKey(p: Platform): string {
  return `${p.os}/${p.arch}`;
}

/** Node's `os.arch()` name for a platform arch, as the tool cache keys entries (`x64`, `arm64`). */
export function nodeArch(arch: ArchName): string {
  return arch === 'amd64' ? 'x64' : 'arm64';
}

export interface PlatformSources {
  /** e.g. TALOS_FLEET_PLATFORM=windows/arm64: wins over everything else. */
  override?: string | undefined;
  /** RUNNER_OS (Linux, macOS, Windows) and RUNNER_ARCH (X64, ARM64, X86, ARM). */
  runnerOs?: string | undefined;
  runnerArch?: string | undefined;
  /** os.platform() and os.arch(), used when not on a runner. */
  nodePlatform: string;
  nodeArch: string;
}

const OS_ALIASES: Record<string, OsName> = {
  linux: 'linux',
  darwin: 'darwin',
  macos: 'darwin',
  windows: 'windows',
  win32: 'windows',
};
const ARCH_ALIASES: Record<string, ArchName> = {
  amd64: 'amd64',
  x64: 'amd64',
  x86_64: 'amd64',
  arm64: 'arm64',
  aarch64: 'arm64',
};

const supportedList = 'linux, darwin (macOS) and windows, each on amd64 (x64) or arm64';

/** Parses `os/arch` in any common spelling; throws a UserError for anything outside the supported six. */
export function parsePlatform(text: string, where: string): Platform {
  const [rawOs = '', rawArch = ''] = text.trim().toLowerCase().split('/');
  const os = OS_ALIASES[rawOs];
  const arch = ARCH_ALIASES[rawArch];
  if (!os || !arch) {
    throw new UserError(`Unsupported platform '${text}' (from ${where}).`, {
      fix: `the toolkit installs for ${supportedList}; run on one of those or pick another runner`,
      title: 'Unsupported platform',
    });
  }
  return { os, arch };
}

/** The platform to install for: the override, else the runner's variables, else Node's view of the host. */
export function detectPlatform(sources: PlatformSources): Platform {
  if (sources.override) return parsePlatform(sources.override, 'TALOS_FLEET_PLATFORM');
  if (sources.runnerOs && sources.runnerArch) {
    return parsePlatform(
      `${sources.runnerOs}/${sources.runnerArch}`,
      `RUNNER_OS=${sources.runnerOs}, RUNNER_ARCH=${sources.runnerArch}`,
    );
  }
  return parsePlatform(
    `${sources.nodePlatform}/${sources.nodeArch}`,
    `os.platform()=${sources.nodePlatform}, os.arch()=${sources.nodeArch}`,
  );
}
