import { beforeEach, describe, expect, it } from 'vitest';
import { FakeServer } from '../fakes/http/fake-server.js';
import { cachedEntries, errors, newRunnerDir, runSetupAction, useFakes, TOKEN } from './harness.js';

const fakes = useFakes((f) => {
  const m = f.mirror;
  const one = { platforms: ['linux/amd64'] as const };
  m.publish('kubectl', '1.36.5', one).publish('helm', '3.21.4', one).publish('talosctl', '1.13.9', one);
  m.channels({ kubectl: '1.37.1', helm: '4.3.0', cilium: '0.20.1', gcloud: '583.0.0' });
  m.put('dl.k8s.io/release/stable-1.36.txt', 'v1.36.5\n');
  m.put('get.helm.sh/helm3-latest-version', 'v3.21.4\n');
  // cluster-api: a draft and a prerelease above the newest stable release, an older branch's patch
  // released after it (so listed first), and enough old releases to need a second page.
  for (let i = 0; i < 120; i++)
    f.api.release('kubernetes-sigs/cluster-api', `v0.${Math.floor(i / 10)}.${i % 10}`);
  f.api.release('kubernetes-sigs/cluster-api', 'v1.15.0-rc.1', { prerelease: true });
  f.api.release('kubernetes-sigs/cluster-api', 'v1.15.0', { draft: true });
  f.api.release('kubernetes-sigs/cluster-api', 'v1.12.11');
  f.api.release('siderolabs/talos', 'v1.14.0-rc.1', { prerelease: true });
});
beforeEach(() => {
  fakes.mirror.clearFaults();
  fakes.api.clearFaults();
});

describe('setup action: resolving latest and partial versions', () => {
  it('uses channel files where the project publishes one, and the releases API (paginated, no drafts or prereleases) elsewhere', async () => {
    const apiBefore = fakes.api.requests.length;
    const r = await runSetupAction(
      fakes,
      { tools: 'kubectl@latest, helm@3, clusterctl@latest, talosctl@v1.13, gcloud@latest, cilium@latest' },
      { runnerDir: await newRunnerDir() },
    );
    expect(errors(r), r.stdout).toEqual([]);
    expect(JSON.parse(r.outputs.versions ?? '{}')).toEqual({
      kubectl: '1.37.1',
      helm: '3.21.4',
      clusterctl: '1.14.2',
      talosctl: '1.13.9',
      gcloud: '583.0.0',
      cilium: '0.20.1',
    });
    expect(r.stdout).toContain(
      '[kubectl] latest resolved to 1.37.1 via https://dl.k8s.io/release/stable.txt',
    );
    expect(r.stdout).toContain('[helm] 3 resolved to 3.21.4 via https://get.helm.sh/helm3-latest-version');
    expect(r.stdout).toContain(
      '[clusterctl] latest resolved to 1.14.2 via GitHub releases of kubernetes-sigs/cluster-api',
    );
    expect(r.stdout).toContain(
      '[gcloud] latest resolved to 583.0.0 via https://dl.google.com/dl/cloudsdk/channels/rapid/components-2.json',
    );
    const api = fakes.api.requests.slice(apiBefore);
    // Two pages of cluster-api releases, one of talos; the clusterctl digest comes from the listing.
    expect(api.filter((q) => q.path === '/repos/kubernetes-sigs/cluster-api/releases').length).toBe(2);
    expect(
      api.filter((q) => q.path.startsWith('/repos/kubernetes-sigs/cluster-api/releases/tags')).length,
    ).toBe(0);
    expect(api.every((q) => q.headers.authorization === `token ${TOKEN}`)).toBe(true);
  });

  it('a partial kubectl version reads stable-X.Y.txt', async () => {
    const r = await runSetupAction(fakes, { tools: 'kubectl@1.36' }, { runnerDir: await newRunnerDir() });
    expect(r.outputs['kubectl-version']).toBe('1.36.5');
    expect(fakes.mirror.requests.some((q) => q.path === '/dl.k8s.io/release/stable-1.36.txt')).toBe(true);
  });

  it('never falls back silently: latest fails when its channel fails, even with a version cached', async () => {
    const runnerDir = await newRunnerDir();
    const warm = await runSetupAction(fakes, { tools: 'kubectl' }, { runnerDir });
    expect(warm.code).toBe(0);
    fakes.mirror.inject({ match: (q) => q.path.endsWith('/stable.txt'), status: 503, times: 100 });
    const r = await runSetupAction(fakes, { tools: 'kubectl@latest' }, { runnerDir });
    expect(r.code).not.toBe(0);
    const [e] = errors(r);
    expect(e?.message).toMatch(
      /^Could not resolve kubectl latest \(from input 'tools'\): .*\/dl\.k8s\.io\/release\/stable\.txt failed: HTTP 503\. Not falling back to an older version\./,
    );
    expect(r.outputs['kubectl-version']).toBeUndefined();
    expect(r.stdout.match(/retry: .*stable\.txt: HTTP 503/g)).toHaveLength(3);
  });

  it('a channel naming a version outside the asked line is an error, not a guess', async () => {
    fakes.mirror.put('dl.k8s.io/release/stable-1.35.txt', 'v1.36.5\n');
    const r = await runSetupAction(fakes, { tools: 'kubectl@1.35' }, { runnerDir: await newRunnerDir() });
    expect(errors(r)[0]?.message).toMatch(/names 1\.36\.5, which is not a 1\.35 release/);
  });

  it('a partial version no release matches names the repository', async () => {
    const r = await runSetupAction(fakes, { tools: 'clusterctl@1.15' }, { runnerDir: await newRunnerDir() });
    expect(errors(r)[0]?.message).toMatch(
      /no published, non-prerelease release of kubernetes-sigs\/cluster-api matches 1\.15 \(\d+ releases listed\)/,
    );
    expect(await cachedEntries(r.runnerDir)).toEqual([]);
  });

  it('pages the releases API by number at GITHUB_API_URL: a Link header naming another host gets no request and no token', async () => {
    const elsewhere = await new FakeServer().start();
    fakes.api.linkBase = elsewhere.url;
    try {
      const before = fakes.api.requests.length;
      const r = await runSetupAction(
        fakes,
        { tools: 'clusterctl@latest' },
        { runnerDir: await newRunnerDir() },
      );
      expect(errors(r), r.stdout).toEqual([]);
      expect(r.outputs['clusterctl-version']).toBe('1.14.2');
      expect(elsewhere.requests).toEqual([]);
      const pages = fakes.api.requests
        .slice(before)
        .filter((q) => q.path === '/repos/kubernetes-sigs/cluster-api/releases');
      expect(pages.map((q) => new URLSearchParams(q.search).get('page') ?? '1')).toEqual(['1', '2']);
    } finally {
      fakes.api.linkBase = undefined;
      await elsewhere.close();
    }
  });

  it('a GitHub API rate limit is reported as such', async () => {
    fakes.api.inject({
      status: 403,
      body: JSON.stringify({ message: 'API rate limit exceeded for installation.' }),
      headers: { 'x-ratelimit-remaining': '0' },
      times: 10,
    });
    const r = await runSetupAction(fakes, { tools: 'yq@latest' }, { runnerDir: await newRunnerDir() });
    expect(errors(r)[0]?.message).toMatch(
      /GitHub API rate limit was hit while listing mikefarah\/yq releases/,
    );
  });
});

describe('setup action: retries', () => {
  it('retries 503s, dropped connections and slow responses, then installs', async () => {
    const m = fakes.mirror;
    m.inject({ match: (q) => q.path.endsWith('/kubectl'), status: 503, times: 2 });
    m.inject({ match: (q) => q.path.endsWith('.tar.gz') && q.path.includes('helm'), drop: true });
    m.inject({ match: (q) => q.path.endsWith('/yq_linux_amd64'), delayMs: 1500 });
    m.inject({
      match: (q) => q.path.endsWith('task_checksums.txt'),
      status: 429,
      headers: { 'retry-after': '0' },
    });
    const r = await runSetupAction(
      fakes,
      { tools: 'kubectl, helm, yq, task' },
      { runnerDir: await newRunnerDir(), env: { TALOS_FLEET_HTTP_TIMEOUT_MS: '500' } },
    );
    expect(errors(r), r.stdout).toEqual([]);
    expect(r.stdout).toMatch(/retry: .*\/kubectl: HTTP 503; retrying in/);
    expect(r.stdout).toMatch(/retry: .*helm-v4\.3\.0-linux-amd64\.tar\.gz: .*(socket hang up|ECONNRESET)/);
    expect(r.stdout).toMatch(/retry: .*yq_linux_amd64: Request timeout/);
    expect(r.stdout).toMatch(/retry: .*task_checksums\.txt: HTTP 429/);
    expect(r.outputs['yq-version']).toBe('4.54.1');
  });

  it('retries a checksum file and a channel file whose body is cut off mid-way, then installs', async () => {
    const m = fakes.mirror;
    m.cutBody({ match: (p) => p.endsWith('/kubectl.sha256'), afterBytes: 10 });
    m.cutBody({ match: (p) => p === '/dl.k8s.io/release/stable.txt', afterBytes: 3 });
    const r = await runSetupAction(fakes, { tools: 'kubectl@latest' }, { runnerDir: await newRunnerDir() });
    expect(errors(r), r.stdout).toEqual([]);
    expect(r.outputs['kubectl-version']).toBe('1.37.1');
    expect(r.stdout).toMatch(
      /retry: .*\/release\/stable\.txt: the connection closed after 3 bytes of the body.*; retrying in/,
    );
    expect(r.stdout).toMatch(
      /retry: .*\/kubectl\.sha256: the connection closed after 10 bytes of the body.*; retrying in/,
    );
  });

  it('gives one clear annotation and caches nothing when a checksum file is cut off every time', async () => {
    fakes.mirror.cutBody({ match: (p) => p.endsWith('/kubectl.sha256'), afterBytes: 10, times: 100 });
    const r = await runSetupAction(fakes, { tools: 'kubectl' }, { runnerDir: await newRunnerDir() });
    expect(errors(r), r.stdout).toHaveLength(1);
    expect(errors(r)[0]?.message).toMatch(
      /^Checksum file for kubectl [\d.]+ could not be fetched from .*\/kubectl\.sha256: the connection closed after 10 bytes of the body/,
    );
    expect(r.stdout.match(/retry: .*kubectl\.sha256/g)).toHaveLength(3);
    expect(await cachedEntries(r.runnerDir)).toEqual([]);
  });

  it('gives one clear annotation when a channel file is cut off every time', async () => {
    fakes.mirror.cutBody({ match: (p) => p === '/dl.k8s.io/release/stable.txt', afterBytes: 3, times: 100 });
    const r = await runSetupAction(fakes, { tools: 'kubectl@latest' }, { runnerDir: await newRunnerDir() });
    expect(errors(r), r.stdout).toHaveLength(1);
    expect(errors(r)[0]?.message).toMatch(
      /^Could not resolve kubectl latest .*stable\.txt failed: the connection closed after 3 bytes of the body/,
    );
    expect(await cachedEntries(r.runnerDir)).toEqual([]);
  });

  it('times out a response that stalls mid-body (checksum file and binary), then retries', async () => {
    const m = fakes.mirror;
    m.cutBody({ match: (p) => p.endsWith('/kubectl.sha256'), afterBytes: 10, stall: true });
    m.cutBody({ match: (p) => p.endsWith('/bin/linux/amd64/kubectl'), afterBytes: 100, stall: true });
    const r = await runSetupAction(
      fakes,
      { tools: 'kubectl' },
      { runnerDir: await newRunnerDir(), env: { TALOS_FLEET_HTTP_TIMEOUT_MS: '300' } },
    );
    expect(errors(r), r.stdout).toEqual([]);
    expect(r.stdout).toMatch(/retry: .*\/kubectl\.sha256: .*no data for 300 ms.*; retrying in/);
    expect(r.stdout).toMatch(/retry: .*\/amd64\/kubectl: .*(no data for 300 ms|aborted).*; retrying in/);
  });

  it('retries the GitHub API too, and sends no Authorization header without a token', async () => {
    fakes.api.inject({ status: 503, times: 1 });
    const before = fakes.api.requests.length;
    const r = await runSetupAction(
      fakes,
      { tools: 'clusterctl', 'github-token': '' },
      { runnerDir: await newRunnerDir() },
    );
    expect(errors(r), r.stdout).toEqual([]);
    expect(r.stdout).toMatch(/retry: GitHub API kubernetes-sigs\/cluster-api: .*; retrying in/);
    const api = fakes.api.requests.slice(before);
    expect(api).toHaveLength(2);
    expect(api.every((q) => q.headers.authorization === undefined)).toBe(true);
  });

  it('gives a clear final error when the retries run out, and caches nothing', async () => {
    fakes.mirror.inject({
      match: (q) => q.path.endsWith('/kind-linux-amd64'),
      status: 502,
      times: 100,
    });
    const r = await runSetupAction(fakes, { tools: 'kind' }, { runnerDir: await newRunnerDir() });
    expect(errors(r)[0]?.message).toMatch(
      /^Downloading kind 0\.31\.0 from .*kind-linux-amd64 failed: HTTP 502\.\nFix: the retries ran out/,
    );
    expect(r.stdout.match(/retry: .*kind-linux-amd64/g)).toHaveLength(3);
    expect(await cachedEntries(r.runnerDir)).toEqual([]);
  });
});
