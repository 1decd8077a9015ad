import { describe, expect, it } from 'vitest';
import { assetFor, TOOL_NAMES, TOOLS } from '../../src/core/tools/catalog.js';
import { detectPlatform, parsePlatform, SUPPORTED_PLATFORMS } from '../../src/core/tools/platform.js';
import { isUserError } from '../../src/core/user-error.js';

const p = (s: string) => parsePlatform(s, 'test');

describe('platform detection', () => {
  const node = { nodePlatform: 'linux', nodeArch: 'x64' };
  it('prefers the override, then the runner variables, then Node', () => {
    expect(
      detectPlatform({ ...node, override: 'windows/arm64', runnerOs: 'Linux', runnerArch: 'X64' }),
    ).toEqual({ os: 'windows', arch: 'arm64' });
    expect(detectPlatform({ ...node, runnerOs: 'macOS', runnerArch: 'ARM64' })).toEqual({
      os: 'darwin',
      arch: 'arm64',
    });
    expect(detectPlatform({ ...node, runnerOs: 'Windows', runnerArch: 'X64' })).toEqual({
      os: 'windows',
      arch: 'amd64',
    });
    expect(detectPlatform({ nodePlatform: 'win32', nodeArch: 'arm64' })).toEqual({
      os: 'windows',
      arch: 'arm64',
    });
    expect(detectPlatform({ nodePlatform: 'darwin', nodeArch: 'x64' })).toEqual({
      os: 'darwin',
      arch: 'amd64',
    });
  });
  it('rejects anything outside the six supported platforms with a UserError', () => {
    for (const bad of ['Linux/X86', 'Linux/ARM', 'freebsd/amd64', 'linux/ppc64le', 'linux']) {
      let error: unknown;
      try {
        detectPlatform({ ...node, override: bad });
      } catch (e) {
        error = e;
      }
      expect(isUserError(error), bad).toBe(true);
      expect((error as Error).message).toContain(`Unsupported platform '${bad}'`);
    }
  });
});

describe('asset URLs for every tool on linux, darwin and windows, x64 and arm64', () => {
  it('builds the upstream URL, archive kind, binary path and checksum source', () => {
    const rows = SUPPORTED_PLATFORMS.flatMap((platform) =>
      TOOL_NAMES.map((tool) => {
        const a = assetFor(tool, TOOLS[tool].pinned, platform);
        const checksum =
          a.checksum.kind === 'none'
            ? 'none'
            : a.checksum.kind === 'github-digest'
              ? `digest ${a.checksum.assetName}`
              : a.checksum.url;
        return `${platform.os}/${platform.arch} ${tool}: ${a.url} [${a.archive}] ${a.binary} (PATH ${a.binDir}) ${checksum}`;
      }),
    );
    expect(rows).toMatchSnapshot();
  });

  it('spells each platform the way each project does', () => {
    expect(assetFor('kubectl', '1.34.1', p('windows/amd64')).url).toBe(
      'https://dl.k8s.io/release/v1.34.1/bin/windows/amd64/kubectl.exe',
    );
    expect(assetFor('gcloud', '583.0.0', p('darwin/arm64')).url).toBe(
      'https://dl.google.com/dl/cloudsdk/channels/rapid/downloads/google-cloud-sdk-583.0.0-darwin-arm.tar.gz',
    );
    expect(assetFor('gcloud', '583.0.0', p('linux/amd64')).url).toMatch(/-linux-x86_64\.tar\.gz$/);
    expect(assetFor('task', '3.54.0', p('windows/arm64')).url).toBe(
      'https://github.com/go-task/task/releases/download/v3.54.0/task_windows_arm64.zip',
    );
    expect(assetFor('helm', '4.3.0', p('darwin/amd64'))).toMatchObject({
      url: 'https://get.helm.sh/helm-v4.3.0-darwin-amd64.tar.gz',
      binary: 'darwin-amd64/helm',
      checksum: { kind: 'per-asset', url: 'https://get.helm.sh/helm-v4.3.0-darwin-amd64.tar.gz.sha256sum' },
    });
    expect(assetFor('yq', '4.54.1', p('linux/arm64'))).toMatchObject({
      assetName: 'yq_linux_arm64',
      binary: 'yq',
    });
    expect(assetFor('talosctl', '1.14.2', p('windows/arm64')).url).toMatch(/talosctl-windows-arm64\.exe$/);
    expect(assetFor('cilium', '0.20.1', p('windows/arm64')).url).toMatch(/cilium-windows-arm64\.zip$/);
  });

  it('falls back to amd64 where a project has no windows/arm64 build, and says so', () => {
    for (const tool of ['clusterctl', 'gcloud', 'kind'] as const) {
      const a = assetFor(tool, TOOLS[tool].pinned, p('windows/arm64'));
      expect(a.buildPlatform).toEqual({ os: 'windows', arch: 'amd64' });
      expect(a.fallbackNotice).toBe(
        `${tool} publishes no windows/arm64 build; installing the windows/amd64 build, which runs under emulation.`,
      );
    }
    expect(assetFor('clusterctl', '1.14.2', p('windows/arm64')).url).toMatch(
      /clusterctl-windows-amd64\.exe$/,
    );
    expect(assetFor('gcloud', '583.0.0', p('windows/arm64')).url).toMatch(
      /google-cloud-sdk-583\.0\.0-windows-x86_64\.zip$/,
    );
    for (const platform of SUPPORTED_PLATFORMS.filter((x) => !(x.os === 'windows' && x.arch === 'arm64'))) {
      for (const tool of TOOL_NAMES)
        expect(assetFor(tool, TOOLS[tool].pinned, platform).fallbackNotice).toBeUndefined();
    }
  });
});
