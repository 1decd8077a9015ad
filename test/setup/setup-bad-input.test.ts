import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunDistResult } from '../support/run-dist.js';
import { cachedEntries, newRunnerDir, runSetupAction, startFakes, useFakes } from './harness.js';

/**
 * Every bad input of the issue: exactly one error annotation, titled (runAction sets the exit code
 * itself rather than calling setFailed, which would add a second one), a failed step, and nothing
 * in the tool cache.
 */

const fakes = useFakes((f) => {
  f.mirror.publish('kubectl', '1.36.5', { platforms: ['linux/amd64'] });
  f.mirror.publish('talosctl', '1.13.9', { platforms: ['linux/amd64', 'darwin/arm64'] });
});
beforeEach(() => fakes.mirror.clearFaults());

async function expectFailure(r: RunDistResult, pattern: RegExp, title: string) {
  expect(r.code, r.stdout).not.toBe(0);
  const errors = r.annotations.filter((a) => a.level === 'error');
  expect(errors, r.stdout).toHaveLength(1);
  expect(errors[0]?.properties).toContain(`title=${title}`);
  expect(errors[0]?.message).toMatch(pattern);
  expect(await cachedEntries(r.runnerDir)).toEqual([]);
  expect(r.outputs.versions).toBeUndefined();
}

/** A lock file pinning kubectl 1.37.1 on linux/amd64 to a sha256 no download has. */
async function writeKubectlLock(runnerDir: string): Promise<string> {
  const lock = join(runnerDir, 'tools.lock.json');
  await writeFile(
    lock,
    JSON.stringify({
      lockfileVersion: 1,
      tools: {
        kubectl: {
          version: '1.37.1',
          assets: {
            'linux/amd64': {
              url: 'https://dl.k8s.io/release/v1.37.1/bin/linux/amd64/kubectl',
              sha256: 'a'.repeat(64),
              source: 'kubectl.sha256',
            },
          },
        },
      },
    }),
  );
  return lock;
}

describe('setup action: bad input, one clear annotation, nothing cached', () => {
  it('an unknown tool name lists the valid names, before any request', async () => {
    const before = fakes.mirror.requests.length;
    const r = await runSetupAction(fakes, { tools: 'kubectl, kubectx' }, { runnerDir: await newRunnerDir() });
    await expectFailure(
      r,
      /Unknown tool 'kubectx' in input 'tools'\.\nFix: use one of: task, kubectl, clusterctl, talosctl, gcloud, yq, helm, cilium, kind/,
      'Unknown tool',
    );
    expect(fakes.mirror.requests.length).toBe(before);
  });

  it('a bad tuning variable names itself instead of falling back silently, before any request', async () => {
    const before = fakes.mirror.requests.length;
    const r = await runSetupAction(
      fakes,
      { tools: 'kubectl' },
      { runnerDir: await newRunnerDir(), env: { TALOS_FLEET_SETUP_CONCURRENCY: 'four' } },
    );
    await expectFailure(
      r,
      /environment variable TALOS_FLEET_SETUP_CONCURRENCY must be an integer ≥ 1, got 'four'/,
      'TALOS_FLEET_SETUP_CONCURRENCY',
    );
    expect(fakes.mirror.requests.length).toBe(before);
  });

  it('a malformed version names the tool and the accepted forms, before any request', async () => {
    const before = fakes.mirror.requests.length;
    const r = await runSetupAction(fakes, { tools: 'kubectl@1.x.3' }, { runnerDir: await newRunnerDir() });
    await expectFailure(
      r,
      /Malformed version '1\.x\.3' for kubectl in input 'tools'\.\nFix: .*'latest'/,
      'Malformed version',
    );
    expect(fakes.mirror.requests.length).toBe(before);
  });

  it('a version that does not exist: kubectl 1.99.0 not found at <url> (HTTP 404)', async () => {
    const r = await runSetupAction(fakes, { tools: 'kubectl@1.99.0' }, { runnerDir: await newRunnerDir() });
    await expectFailure(
      r,
      new RegExp(
        `^kubectl 1\\.99\\.0 not found at ${fakes.mirror.url.replace(/\./g, '\\.')}/dl\\.k8s\\.io/release/v1\\.99\\.0/bin/linux/amd64/kubectl \\(HTTP 404\\)\\.`,
      ),
      'Version not found',
    );
  });

  it('a missing checksum file', async () => {
    const path = fakes.mirror.assetPath('kubectl', '1.36.5');
    const saved = fakes.mirror.get(`${path}.sha256`);
    fakes.mirror.remove(`${path}.sha256`);
    try {
      const r = await runSetupAction(fakes, { tools: 'kubectl@1.36.5' }, { runnerDir: await newRunnerDir() });
      await expectFailure(
        r,
        /Checksum file for kubectl 1\.36\.5 is missing: .*kubectl\.sha256 \(HTTP 404\)/,
        'Checksum file missing',
      );
    } finally {
      if (saved) fakes.mirror.put(`${path}.sha256`, saved);
    }
  });

  it('a checksum file that lacks the asset', async () => {
    const sums = 'github.com/siderolabs/talos/releases/download/v1.13.9/sha256sum.txt';
    const saved = fakes.mirror.get(sums);
    fakes.mirror.put(
      sums,
      (saved?.toString() ?? '')
        .split('\n')
        .filter((l) => !l.includes('linux-amd64'))
        .join('\n'),
    );
    try {
      const r = await runSetupAction(
        fakes,
        { tools: 'talosctl@1.13.9' },
        { runnerDir: await newRunnerDir() },
      );
      await expectFailure(
        r,
        /sha256sum\.txt has no sha256 for talosctl-linux-amd64 \(talosctl 1\.13\.9\)/,
        'Checksum missing for asset',
      );
    } finally {
      if (saved) fakes.mirror.put(sums, saved);
    }
  });

  it('a corrupted download names the tool, the URL, the expected and the actual hash', async () => {
    const fresh = await startFakes({ pinned: false });
    try {
      fresh.mirror.publish('helm', '4.3.0', { platforms: ['linux/amd64'] });
      const path = fresh.mirror.assetPath('helm', '4.3.0');
      fresh.mirror.tamper(path);
      const r = await runSetupAction(fresh, { tools: 'helm@4.3.0' }, { runnerDir: await newRunnerDir() });
      await expectFailure(
        r,
        new RegExp(
          `^Checksum mismatch for helm 4\\.3\\.0: ${fresh.mirror.url.replace(/\./g, '\\.')}/${path.replace(/\./g, '\\.')} has sha256 [0-9a-f]{64}, but helm-v4\\.3\\.0-linux-amd64\\.tar\\.gz\\.sha256sum says [0-9a-f]{64}\\. Nothing was cached\\.`,
        ),
        'Checksum mismatch',
      );
    } finally {
      await fresh.close();
    }
  });

  it('an archive that tar cannot unpack (verified against its checksum file) is a user error, not a bug', async () => {
    fakes.mirror.publish('helm', '4.2.9', { platforms: ['linux/amd64'] });
    const path = fakes.mirror.assetPath('helm', '4.2.9');
    const garbage = Buffer.from('this is not a gzip archive\n');
    const sha = createHash('sha256').update(garbage).digest('hex');
    fakes.mirror.put(path, garbage);
    fakes.mirror.put(`${path}.sha256sum`, `${sha}  helm-v4.2.9-linux-amd64.tar.gz\n`);
    fakes.mirror.put(`${path}.sha256`, sha);
    const r = await runSetupAction(fakes, { tools: 'helm@4.2.9' }, { runnerDir: await newRunnerDir() });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/hit a bug|at .*\.js:\d+/);
    await expectFailure(
      r,
      /^helm 4\.2\.9: could not unpack .*helm-v4\.2\.9-linux-amd64\.tar\.gz \(tar\.gz\): .*\. Nothing was cached\./,
      'Unpack failed',
    );
  });

  it('a lock-file mismatch: a version the lock does not have', async () => {
    const runnerDir = await newRunnerDir();
    const lock = await writeKubectlLock(runnerDir);
    const r = await runSetupAction(fakes, { tools: 'kubectl@1.36', 'lock-file': lock }, { runnerDir });
    await expectFailure(
      r,
      /Lock-file mismatch: .* does not match[\s\S]*kubectl: input 'tools' asks for 1\.36 but the lock file has 1\.37\.1/,
      'Lock-file mismatch',
    );
  });

  it('a lock-file mismatch: the download has another sha256 than the lock pins', async () => {
    const runnerDir = await newRunnerDir();
    const lock = await writeKubectlLock(runnerDir);
    const r = await runSetupAction(fakes, { tools: 'kubectl', 'lock-file': lock }, { runnerDir });
    await expectFailure(
      r,
      /^Lock-file mismatch for kubectl 1\.37\.1: .*\/dl\.k8s\.io\/release\/v1\.37\.1\/bin\/linux\/amd64\/kubectl has sha256 [0-9a-f]{64}, the lock file pins a{64}\. Nothing was cached\./,
      'Lock-file mismatch',
    );
  });

  it('an unsupported platform, before any request', async () => {
    const before = fakes.mirror.requests.length;
    const r = await runSetupAction(
      fakes,
      { tools: 'kubectl' },
      { runnerDir: await newRunnerDir(), env: { RUNNER_OS: 'Linux', RUNNER_ARCH: 'ARM' } },
    );
    await expectFailure(
      r,
      /Unsupported platform 'Linux\/ARM' \(from RUNNER_OS=Linux, RUNNER_ARCH=ARM\)\.\nFix: the toolkit installs for linux, darwin \(macOS\) and windows/,
      'Unsupported platform',
    );
    expect(fakes.mirror.requests.length).toBe(before);
  });

  it('a build that reports another version than asked for fails the post-install check', async () => {
    const fresh = await startFakes({ pinned: false });
    try {
      fresh.mirror.publish('kind', '0.31.0', { platforms: ['linux/amd64'], reportVersion: '0.30.0' });
      const r = await runSetupAction(fresh, { tools: 'kind@0.31.0' }, { runnerDir: await newRunnerDir() });
      await expectFailure(
        r,
        /^kind from .*kind-linux-amd64 reports version 0\.30\.0 \('kind version'\), but 0\.31\.0 was requested\. Nothing was cached\./,
        'Post-install check failed',
      );
    } finally {
      await fresh.close();
    }
  });

  it('several bad items are reported together in one annotation', async () => {
    const r = await runSetupAction(
      fakes,
      { tools: 'kubectx\nhelm@three' },
      { runnerDir: await newRunnerDir() },
    );
    await expectFailure(
      r,
      /2 problems with the requested tools:\n {2}- Unknown tool 'kubectx'[\s\S]*\n {2}- Malformed version 'three' for helm/,
      'Invalid tools',
    );
  });
});
