import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDist } from '../support/run-dist.js';
import { cachedEntries, errors, newRunnerDir, runSetupAction, TOKEN, useFakes } from './harness.js';

const hasUnzip = (() => {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const fakes = useFakes();

describe('talos-fleet tools lock, and setup with the lock file', () => {
  it('locks versions and sha256 for each platform, then installs from the lock (gcloud verified too)', async () => {
    const runnerDir = await newRunnerDir();
    const lockPath = join(runnerDir, 'talos-fleet-tools.lock.json');
    const mirrorBeforeLock = fakes.mirror.requests.length;
    const apiBeforeLock = fakes.api.requests.length;
    const cli = await runDist('cli', {
      args: [
        'tools',
        'lock',
        '--tools',
        'kubectl,gcloud,clusterctl,yq@4.54',
        '--platforms',
        'linux/amd64,windows/arm64',
        '--mirror-url',
        fakes.mirror.url,
        '--out',
        lockPath,
      ],
      env: { GITHUB_API_URL: fakes.api.url, GITHUB_TOKEN: TOKEN },
      runnerDir,
    });
    expect(cli.code, cli.stderr).toBe(0);
    const lock = JSON.parse(await readFile(lockPath, 'utf8'));
    expect(Object.keys(lock.tools)).toEqual(['kubectl', 'clusterctl', 'gcloud', 'yq']);
    expect(lock.tools.yq.version).toBe('4.54.1');
    expect(lock.tools.kubectl.assets['linux/amd64']).toEqual({
      url: 'https://dl.k8s.io/release/v1.37.1/bin/linux/amd64/kubectl',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      source: 'kubectl.sha256',
    });
    expect(lock.tools.clusterctl.assets['windows/arm64'].url).toMatch(/clusterctl-windows-amd64\.exe$/);
    expect(lock.tools.gcloud.assets['linux/amd64'].source).toBe('download (no upstream checksum)');
    // yq's checksum files and clusterctl's release cover both platforms: each is fetched once.
    const lockFetched = fakes.mirror.requests.slice(mirrorBeforeLock).map((q) => q.path);
    expect(lockFetched.filter((p) => p.includes('/v4.54.1/checksums')).sort()).toEqual([
      '/github.com/mikefarah/yq/releases/download/v4.54.1/checksums',
      '/github.com/mikefarah/yq/releases/download/v4.54.1/checksums_hashes_order',
    ]);
    const apiPaths = fakes.api.requests.slice(apiBeforeLock).map((q) => q.path);
    expect(apiPaths.filter((p) => p.endsWith('/releases/tags/v1.14.2'))).toHaveLength(1);

    const before = fakes.mirror.requests.length;
    const apiBefore = fakes.api.requests.length;
    const r = await runSetupAction(
      fakes,
      { tools: 'kubectl, gcloud, clusterctl, yq', 'lock-file': lockPath },
      { runnerDir },
    );
    expect(errors(r), r.stdout).toEqual([]);
    expect(r.summary.match(/sha256 \(lock file\)/g)).toHaveLength(4);
    expect(r.annotations.filter((a) => a.level === 'warning')).toEqual([]);
    // Verified from the lock: no checksum files fetched, no API call.
    const fetched = fakes.mirror.requests.slice(before).map((q) => q.path);
    expect(fetched.filter((p) => /sha256|checksums/.test(p))).toEqual([]);
    expect(fakes.api.requests.length).toBe(apiBefore);

    // Warm, with the lock: the recorded hashes match the lock, so not one request.
    const requestsBefore = fakes.mirror.requests.length + fakes.api.requests.length;
    const warm = await runSetupAction(
      fakes,
      { tools: 'kubectl, gcloud, clusterctl, yq', 'lock-file': lockPath },
      { runnerDir },
    );
    expect(warm.code).toBe(0);
    expect(fakes.mirror.requests.length + fakes.api.requests.length).toBe(requestsBefore);
    expect(warm.summary.match(/<td>yes<\/td>/g)).toHaveLength(4);

    // Tampering after the lock was written is caught even though upstream checksums would match a re-tag.
    const path = fakes.mirror.assetPath('yq', '4.54.1');
    const original = fakes.mirror.get(path) ?? Buffer.alloc(0);
    fakes.mirror.tamper(path);
    try {
      const again = await runSetupAction(
        fakes,
        { tools: 'yq', 'lock-file': lockPath },
        { runnerDir: await newRunnerDir() },
      );
      expect(errors(again)[0]?.message).toMatch(
        /^Lock-file mismatch for yq 4\.54\.1: .* has sha256 [0-9a-f]{64}, the lock file pins [0-9a-f]{64}/,
      );
    } finally {
      fakes.mirror.put(path, original);
    }
  });

  it('with a lock file, a cache hit re-hashes the cached executable: a swapped binary is refused, raw or unpacked', async () => {
    const runnerDir = await newRunnerDir();
    const lockPath = join(runnerDir, 'lock.json');
    const cli = await runDist('cli', {
      args: [
        'tools',
        'lock',
        '--tools',
        'kubectl,helm',
        '--platforms',
        'linux/amd64',
        '--mirror-url',
        fakes.mirror.url,
        '--out',
        lockPath,
      ],
      env: { GITHUB_API_URL: fakes.api.url, GITHUB_TOKEN: TOKEN },
      runnerDir,
    });
    expect(cli.code, cli.stderr).toBe(0);
    const inputs = { tools: 'kubectl, helm', 'lock-file': lockPath };
    const cold = await runSetupAction(fakes, inputs, { runnerDir });
    expect(errors(cold), cold.stdout).toEqual([]);
    const warm = await runSetupAction(fakes, inputs, { runnerDir });
    expect(warm.summary.match(/<td>yes<\/td>/g)).toHaveLength(2);
    expect(warm.stdout).toMatch(/\[kubectl\] 1\.37\.1: cached kubectl re-hashed, sha256 [0-9a-f]{64}/);

    // Another job on a shared runner swaps both executables but leaves the install records alone.
    for (const bin of [cold.outputs['kubectl-path'], cold.outputs['helm-path']])
      await writeFile(bin ?? '', '#!/bin/sh\necho pwned\n');
    const r = await runSetupAction(fakes, inputs, { runnerDir });
    expect(r.code).toBe(1);
    const messages = errors(r)
      .map((e) => e.message)
      .join('\n');
    expect(messages).toMatch(
      /The cached kubectl 1\.37\.1 in .* has changed since it was verified: kubectl has sha256 [0-9a-f]{64}, expected [0-9a-f]{64}\. Nothing was put on PATH\./,
    );
    expect(messages).toMatch(
      /The cached helm 4\.3\.0 in .* has changed since it was verified: linux-amd64\/helm has sha256/,
    );
    expect(r.path).toEqual([]);
  });

  it('a tool the lock does not hold is a lock-file mismatch', async () => {
    const runnerDir = await newRunnerDir();
    const lockPath = join(runnerDir, 'lock.json');
    await writeFile(lockPath, JSON.stringify({ lockfileVersion: 1, tools: {} }));
    const r = await runSetupAction(fakes, { tools: 'helm', 'lock-file': lockPath }, { runnerDir });
    expect(errors(r)[0]?.message).toMatch(/Lock-file mismatch[\s\S]*helm is not in the lock file/);
  });

  it('a lock without an asset for this platform is a mismatch, even with the tool cached', async () => {
    const runnerDir = await newRunnerDir();
    expect((await runSetupAction(fakes, { tools: 'kind' }, { runnerDir })).code).toBe(0);
    const lockPath = join(runnerDir, 'lock.json');
    const entry = { url: 'https://x/kind', sha256: 'a'.repeat(64), source: 'kind-darwin-arm64.sha256sum' };
    await writeFile(
      lockPath,
      JSON.stringify({
        lockfileVersion: 1,
        tools: { kind: { version: '0.31.0', assets: { 'darwin/arm64': entry } } },
      }),
    );
    const r = await runSetupAction(fakes, { tools: 'kind', 'lock-file': lockPath }, { runnerDir });
    expect(errors(r)[0]?.message).toMatch(
      /^Lock-file mismatch for kind 0\.31\.0: it has no kind asset for linux\/amd64\./,
    );
  });

  it('a locked asset URL that differs from the one this version downloads is a mismatch, before any download', async () => {
    const runnerDir = await newRunnerDir();
    const upstream = fakes.mirror.assetPath('kind', '0.31.0');
    const body = fakes.mirror.get(upstream) ?? Buffer.alloc(0);
    const entry = {
      url: `https://${upstream.replace('/v0.31.0/', '/v0.31.0-retagged/')}`,
      sha256: createHash('sha256').update(body).digest('hex'),
      source: 'kind-linux-amd64.sha256sum',
    };
    const lockPath = join(runnerDir, 'lock.json');
    await writeFile(
      lockPath,
      JSON.stringify({
        lockfileVersion: 1,
        tools: { kind: { version: '0.31.0', assets: { 'linux/amd64': entry } } },
      }),
    );
    const before = fakes.mirror.requests.length;
    const r = await runSetupAction(fakes, { tools: 'kind', 'lock-file': lockPath }, { runnerDir });
    expect(errors(r), r.stdout).toHaveLength(1);
    expect(errors(r)[0]?.message).toMatch(
      /^Lock-file mismatch for kind 0\.31\.0: it pins the asset URL .*\/v0\.31\.0-retagged\/kind-linux-amd64, but this version downloads .*\/v0\.31\.0\/kind-linux-amd64\. Nothing was cached\./,
    );
    expect(fakes.mirror.requests.length).toBe(before);
    expect(await cachedEntries(runnerDir)).toEqual([]);
  });

  it('tools lock rejects a bad platform before any request', async () => {
    const r = await runDist('cli', { args: ['tools', 'lock', '--platforms', 'linux/s390x'] });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Unsupported platform 'linux\/s390x' \(from --platforms\)/);
  });

  it('tools list prints every tool with its pin and how it is verified', async () => {
    const r = await runDist('cli', { args: ['tools', 'list'] });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^kubectl\s+1\.37\.1\s+kubectl\.sha256\s+https:\/\/dl\.k8s\.io\/release\/v1\.37\.1\/bin\/linux\/amd64\/kubectl$/m,
    );
    expect(r.stdout).toMatch(/^gcloud\s+583\.0\.0\s+lock-file pin only/m);
    expect(r.stdout).toMatch(/^clusterctl\s+1\.14\.2\s+GitHub asset digest/m);
  });
});

describe('setup action: platforms, versions files, cache off, gcloud components', () => {
  it('falls back to the amd64 clusterctl on windows/arm64, with a notice', async () => {
    const r = await runSetupAction(
      fakes,
      { tools: 'clusterctl, talosctl' },
      { runnerDir: await newRunnerDir(), env: { TALOS_FLEET_PLATFORM: 'windows/arm64' } },
    );
    expect(errors(r), r.stdout).toEqual([]);
    const notice = r.annotations.find((a) => a.level === 'notice');
    expect(notice?.message).toBe(
      'clusterctl publishes no windows/arm64 build; installing the windows/amd64 build, which runs under emulation.',
    );
    expect(r.outputs['clusterctl-path']).toMatch(/clusterctl\/1\.14\.2\/arm64\/clusterctl\.exe$/);
    expect(r.outputs['talosctl-path']).toMatch(/talosctl\.exe$/);
    expect(r.summary).toMatch(/clusterctl-windows-amd64\.exe/);
    expect(r.summary).toMatch(/talosctl-windows-arm64\.exe/);
  });

  it.skipIf(!hasUnzip)('installs the zip builds on windows/amd64 (task, helm, cilium, gcloud)', async () => {
    const r = await runSetupAction(
      fakes,
      { tools: 'task, helm, cilium, gcloud' },
      { runnerDir: await newRunnerDir(), env: { TALOS_FLEET_PLATFORM: 'windows/amd64' } },
    );
    expect(errors(r), r.stdout).toEqual([]);
    expect(r.outputs['helm-path']).toMatch(/windows-amd64\/helm\.exe$/);
    expect(r.outputs['gcloud-path']).toMatch(/google-cloud-sdk\/bin\/gcloud\.cmd$/);
    expect(r.summary).toContain('task_windows_amd64.zip');
  });

  it.runIf(!hasUnzip)('reports why the zip test was skipped', () => {
    console.warn(
      'skipped the windows zip install test: unzip (used by @actions/tool-cache on Linux) is not installed',
    );
  });

  it('reads versions from .tool-versions (asdf names) and the pin file; tools input versions win', async () => {
    const runnerDir = await newRunnerDir();
    fakes.mirror.publish('kubectl', '1.36.5', { platforms: ['linux/amd64'] });
    fakes.mirror.publish('cilium', '0.19.7', { platforms: ['linux/amd64'] });
    const toolVersions = join(runnerDir, '.tool-versions');
    await writeFile(
      toolVersions,
      'nodejs 24.1.0\nkubectl 1.36.5 # pinned for the cluster\ncilium-cli 0.19.7\nhelm 4.3.0\n',
    );
    const r = await runSetupAction(
      fakes,
      { tools: 'kubectl, cilium, helm@4.3.0', 'versions-file': toolVersions },
      { runnerDir },
    );
    expect(errors(r), r.stdout).toEqual([]);
    expect(JSON.parse(r.outputs.versions ?? '{}')).toEqual({
      kubectl: '1.36.5',
      cilium: '0.19.7',
      helm: '4.3.0',
    });

    const pinFile = join(runnerDir, 'tools.yaml');
    await writeFile(pinFile, 'tools:\n  kubectl: "1.36"\n');
    fakes.mirror.put('dl.k8s.io/release/stable-1.36.txt', 'v1.36.5\n');
    const p = await runSetupAction(fakes, { tools: 'kubectl', 'versions-file': pinFile }, { runnerDir });
    expect(p.outputs['kubectl-version']).toBe('1.36.5');
  });

  it('cache: false installs for this job only and leaves the tool cache empty', async () => {
    const r = await runSetupAction(
      fakes,
      { tools: 'kubectl, helm, gcloud', cache: 'false' },
      { runnerDir: await newRunnerDir() },
    );
    expect(errors(r), r.stdout).toEqual([]);
    expect(await cachedEntries(r.runnerDir)).toEqual([]);
    expect(r.outputs['helm-path']).toContain(join(r.runnerDir, 'temp'));
    expect(existsSync(r.outputs['gcloud-path'] ?? '')).toBe(true);
  });

  it('installs gcloud components once, into the cached tree, and only the missing ones later', async () => {
    const runnerDir = await newRunnerDir();
    const first = await runSetupAction(
      fakes,
      { tools: 'gcloud', 'gcloud-components': 'gke-gcloud-auth-plugin' },
      { runnerDir },
    );
    expect(errors(first), first.stdout).toEqual([]);
    const sdk = join(runnerDir, 'tool-cache', 'gcloud', '583.0.0', 'x64', 'google-cloud-sdk');
    expect(await readFile(join(sdk, '.installed-components'), 'utf8')).toBe('gke-gcloud-auth-plugin\n');
    const second = await runSetupAction(
      fakes,
      { tools: 'gcloud', 'gcloud-components': 'gke-gcloud-auth-plugin, kubectl' },
      { runnerDir },
    );
    expect(second.code).toBe(0);
    expect(await readFile(join(sdk, '.installed-components'), 'utf8')).toBe(
      'gke-gcloud-auth-plugin\nkubectl\n',
    );
    expect(await readdir(join(runnerDir, 'tool-cache', 'gcloud', '583.0.0'))).toEqual([
      'x64',
      'x64.complete',
    ]);
  });

  it('gcloud-components without gcloud is a bad input', async () => {
    const r = await runSetupAction(
      fakes,
      { tools: 'kubectl', 'gcloud-components': 'alpha' },
      { runnerDir: await newRunnerDir() },
    );
    expect(errors(r)[0]?.message).toMatch(
      /input 'gcloud-components' is set but gcloud is not among the tools/,
    );
  });
});
