import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { changedPaths } from '../../src/core/mesh/values.js';
import { meshWorld, type MeshWorld } from '../fakes/mesh/mesh-world.js';
import type { FakeKubeApi } from '../fakes/kubernetes/fake-kube.js';
import { runDist, type RunDistResult } from '../support/run-dist.js';

const worlds: MeshWorld[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

async function world(options: Parameters<typeof meshWorld>[0]): Promise<MeshWorld> {
  const w = await meshWorld(options);
  worlds.push(w);
  return w;
}

function runMesh(w: MeshWorld, inputs: Record<string, string> = {}, env: Record<string, string> = {}) {
  return runDist('mesh', {
    inputs: { ...w.inputs, ...inputs },
    env: { ...w.env, ...env },
    timeoutMs: 60_000,
  });
}

interface Release {
  version: number;
  chart: { metadata: { version: string } };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the installed values freely
  config: Record<string, any>;
}

/** The helm releases of cilium in a cluster, oldest first, decoded as helm's Secret driver stores them. */
function releases(api: FakeKubeApi): Release[] {
  return api.store
    .list('v1', 'Secret', 'kube-system')
    .filter((s) => s.metadata.labels?.owner === 'helm')
    .map(
      (s) =>
        JSON.parse(
          gunzipSync(
            Buffer.from(
              Buffer.from(String((s.data as Record<string, string>).release), 'base64').toString(),
              'base64',
            ),
          ).toString(),
        ) as Release,
    )
    .sort((a, b) => a.version - b.version);
}

async function calls(w: MeshWorld): Promise<{ tool: string; argv: string[]; server?: string }[]> {
  return (await readFile(w.binLog, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

async function statusDoc(w: MeshWorld) {
  return JSON.parse(await readFile(w.statusFile, 'utf8'));
}

function expectFailure(r: RunDistResult, pattern: RegExp) {
  expect(r.code, r.stdout + r.stderr).toBe(1);
  const errors = r.annotations.filter((a) => a.level === 'error').map((a) => a.message);
  expect(errors.join('\n')).toMatch(pattern);
  return errors.join('\n');
}

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out;
}

describe('mesh action: three clusters', () => {
  it('installs Cilium everywhere with one CA and every peer, and fills the whole matrix', async () => {
    const w = await world({ fixture: 'three-region-mesh' });
    const r = await runMesh(w);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs.ready).toBe('true');
    const matrix = JSON.parse(r.outputs.matrix ?? '{}');
    expect(matrix).toEqual({
      eu: { us: 'ok', asia: 'ok' },
      us: { eu: 'ok', asia: 'ok' },
      asia: { eu: 'ok', us: 'ok' },
    });
    const cas = new Set<string>();
    for (const [name, api] of w.workloads) {
      const [release] = releases(api);
      expect(release?.chart.metadata.version).toBe(w.plan.versions.cilium);
      const peers = release?.config.clustermesh.config.clusters as {
        name: string;
        ips: string[];
        port: number;
      }[];
      expect(peers.map((p) => p.name).sort()).toEqual(
        [...w.workloads.keys()].filter((n) => n !== name).sort(),
      );
      for (const p of peers) expect(p.ips.length).toBeGreaterThan(0);
      cas.add(`${release?.config.tls.ca.cert}|${release?.config.tls.ca.key}`);
      // The chart's cilium-ca Secret carries the same CA in every cluster.
      expect(
        (api.store.get('v1', 'Secret', 'kube-system', 'cilium-ca')?.data as Record<string, string>)['ca.crt'],
      ).toBe(release?.config.tls.ca.cert);
      for (const node of api.store.list('v1', 'Node')) {
        expect((node.spec as { providerID?: string }).providerID).toMatch(/^gce:\/\//);
        expect(JSON.stringify(node.spec)).not.toContain('uninitialized');
      }
      // Probe namespace: restricted, nothing broader.
      expect(
        api.store.get('v1', 'Namespace', undefined, 'talos-fleet-mesh')?.metadata.labels?.[
          'pod-security.kubernetes.io/enforce'
        ],
      ).toBe('restricted');
    }
    expect(cas.size).toBe(1);
    // The CA is kept in the first cluster as the toolkit's own Secret, not the chart's.
    expect(
      w.workloads.get('eu')?.store.get('v1', 'Secret', 'kube-system', 'talos-fleet-mesh-ca'),
    ).toBeDefined();
    const doc = await statusDoc(w);
    expect(doc.stage).toBe('ready');
    expect(doc.mesh.pairs).toHaveLength(6);
    expect(doc.mesh.pairs.every((p: { state: string }) => p.state === 'ready')).toBe(true);
    expect(r.summary).toContain('Mesh ready');
    // Installs ran at the same time: each upgrade call came before any status --wait.
    const log = await calls(w);
    const lastUpgrade = log.findLastIndex((c) => c.tool === 'helm' && c.argv[0] === 'upgrade');
    const firstTemplate = log.findIndex((c) => c.tool === 'helm' && c.argv[0] === 'template');
    const firstUpgrade = log.findIndex((c) => c.tool === 'helm' && c.argv[0] === 'upgrade');
    expect(firstTemplate).toBeLessThan(firstUpgrade);
    expect(log.filter((c) => c.tool === 'helm' && c.argv[0] === 'upgrade')).toHaveLength(3);
    expect(lastUpgrade).toBeGreaterThan(0);

    // The CA key never appears in any output, log, summary, status document, artifact or argv.
    const key = (release: Release | undefined) =>
      Buffer.from(String(release?.config.tls.ca.key), 'base64').toString();
    const pem = key(releases(w.workloads.get('eu') as FakeKubeApi)[0]);
    const body = pem.split('\n')[1] ?? '';
    expect(body.length).toBeGreaterThan(20);
    const b64 = String(releases(w.workloads.get('eu') as FakeKubeApi)[0]?.config.tls.ca.key);
    // `::add-mask::` lines are the runner's masking commands; the runner never shows them.
    const shown = r.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
    const texts = [
      shown,
      r.stderr,
      JSON.stringify(r.outputs),
      r.summary,
      await readFile(w.statusFile, 'utf8'),
      await readFile(w.binLog, 'utf8'),
    ];
    for (const f of await filesUnder(join(r.runnerDir, 'temp'))) texts.push(await readFile(f, 'utf8'));
    for (const t of texts) {
      expect(t).not.toContain(body);
      expect(t).not.toContain(b64.slice(0, 40));
    }
    // The private values files (which held the key) are gone.
    expect((await filesUnder(join(r.runnerDir, 'temp'))).filter((f) => f.endsWith('.values.json'))).toEqual(
      [],
    );

    // A re-run on the ready mesh changes nothing and installs nothing.
    await writeFile(w.binLog, '');
    const again = await runMesh(w);
    expect(again.code, again.stderr).toBe(0);
    expect(again.outputs.ready).toBe('true');
    expect((await calls(w)).filter((c) => c.argv[0] === 'upgrade')).toEqual([]);
    for (const api of w.workloads.values()) expect(releases(api)).toHaveLength(1);
    expect(again.stdout).toContain('no upgrade');
  });

  it("one cluster's agents never connect: its row and the pairs towards it name it, with diagnostics", async () => {
    const w = await world({ fixture: 'three-region-mesh', disconnected: ['us'] });
    const r = await runMesh(w);
    expectFailure(r, /Mesh not ready: 2\/3 clusters ready/);
    expect(r.outputs.ready).toBe('false');
    const matrix = JSON.parse(r.outputs.matrix ?? '{}');
    expect(matrix.eu.asia).toBe('ok');
    expect(matrix.asia.eu).toBe('ok');
    for (const [from, to] of [
      ['us', 'eu'],
      ['us', 'asia'],
      ['eu', 'us'],
      ['asia', 'us'],
    ] as const)
      expect(matrix[from][to]).toMatch(/^us: us: cilium clustermesh status --wait did not succeed/);
    const doc = await statusDoc(w);
    expect(doc.stage).toBe('failed');
    const error = doc.errors.find((e: { cluster?: string }) => e.cluster === 'us');
    expect(error.step).toBe('mesh');
    expect(error.diagnostics).toContain('cilium clustermesh status');
    expect(error.diagnostics).toContain('Unable to establish etcd connection to remote cluster');
    expect(doc.mesh.pairs.filter((p: { state: string }) => p.state === 'failed')).toHaveLength(4);
    const artifact = await readFile(
      join(r.runnerDir, 'temp', 'talos-fleet-mesh-artifacts', 'diagnostics', 'us.txt'),
      'utf8',
    );
    expect(artifact).toContain('agents are not connected');
    expect(artifact.split('\n').filter((l) => l.trimStart().startsWith('::'))).toEqual([]);
  });

  it('a cluster added (and a node replaced): only the peers lists of the others change', async () => {
    const w = await world({ fixture: 'three-region-mesh' });
    const full = await readFile(w.planPath, 'utf8');
    const plan = JSON.parse(full);
    const two = {
      ...plan,
      clusters: plan.clusters
        .filter((c: { name: string }) => c.name !== 'asia')
        .map((c: { peers: string[] }) => ({ ...c, peers: c.peers.filter((p) => p !== 'asia') })),
    };
    await writeFile(w.planPath, JSON.stringify(two));
    const first = await runMesh(w);
    expect(first.code, first.stdout).toBe(0);
    expect(JSON.parse(first.outputs.matrix ?? '{}')).toEqual({ eu: { us: 'ok' }, us: { eu: 'ok' } });

    await writeFile(w.planPath, full);
    w.addNode('eu', 'mesh3--eu-md-9', '192.168.1.99');
    const second = await runMesh(w);
    expect(second.code, second.stdout).toBe(0);
    for (const name of ['eu', 'us']) {
      const [before, after] = releases(w.workloads.get(name) as FakeKubeApi);
      expect(after, name).toBeDefined();
      expect(changedPaths(before?.config, after?.config), name).toEqual(['clustermesh.config.clusters']);
    }
    const us = releases(w.workloads.get('us') as FakeKubeApi).at(-1);
    expect(
      us?.config.clustermesh.config.clusters.find((p: { name: string }) => p.name === 'eu').ips,
    ).toContain('192.168.1.99');
    expect(releases(w.workloads.get('asia') as FakeKubeApi)).toHaveLength(1);
    expect(JSON.parse(second.outputs.matrix ?? '{}').asia).toEqual({ eu: 'ok', us: 'ok' });
  });
});

describe('mesh action: bad input fails before anything is installed', () => {
  const noInstall = async (w: MeshWorld) => {
    expect((await calls(w)).filter((c) => c.argv[0] === 'upgrade')).toEqual([]);
    for (const api of w.workloads.values()) expect(releases(api)).toEqual([]);
  };

  it('a missing kubeconfig for a planned cluster', async () => {
    const w = await world({ fixture: 'three-region-mesh', withoutKubeconfig: ['asia'] });
    const r = await runMesh(w);
    expectFailure(
      r,
      /no kubeconfig for the planned cluster 'asia'[\s\S]*Fix: pass the kubeconfig-dir output/,
    );
    await noInstall(w);
  });

  it('a kubeconfig for the wrong cluster', async () => {
    const w = await world({ fixture: 'three-region-mesh' });
    const eu = await readFile(join(w.kubeconfigDir, 'eu.kubeconfig'), 'utf8');
    await writeFile(
      join(w.kubeconfigDir, 'eu.kubeconfig'),
      await readFile(join(w.kubeconfigDir, 'us.kubeconfig'), 'utf8'),
    );
    await writeFile(join(w.kubeconfigDir, 'us.kubeconfig'), eu);
    const r = await runMesh(w);
    const text = expectFailure(r, /2 clusters cannot be meshed as given; nothing was installed/);
    expect(text).toMatch(
      /kubeconfig for cluster 'eu' .* points at http:\/\/127\.0\.0\.1:\d+, but the management cluster says 'eu' is served at https:\/\/127\.0\.0\.1:\d+/,
    );
    await noInstall(w);
  });

  it('a Cilium chart version that does not exist', async () => {
    const w = await world({ fixture: 'three-region-mesh', env: { FAKE_HELM_CHART_VERSIONS: '1.19.1' } });
    const v = w.plan.versions.cilium.replace(/\./g, '\\.');
    const r = await runMesh(w);
    expectFailure(
      r,
      new RegExp(
        `The Cilium chart version ${v} does not exist in https://helm\\.cilium\\.io[\\s\\S]*Fix: set versions\\.cilium`,
      ),
    );
    await noInstall(w);
  });

  it("values the chart's schema rejects, naming the cluster", async () => {
    const w = await world({ fixture: 'three-region-mesh' });
    const file = join(w.dir, 'plan', 'us', 'cilium-values.yaml');
    const values = parse(await readFile(file, 'utf8'));
    values.kubeProxyReplacement = { enabled: 'yes' };
    await writeFile(file, stringify(values));
    const r = await runMesh(w);
    expectFailure(r, /The Cilium chart [\d.]+ rejects the values of cluster 'us': .*kubeProxyReplacement/);
    await noInstall(w);
  });
});

describe('mesh action: other modes', () => {
  it('with the mesh disabled it still installs Cilium, so a single cluster comes up', async () => {
    const w = await world({ fixture: 'single-cluster' });
    const r = await runMesh(w);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs).toMatchObject({ ready: 'true', matrix: '{"solo":{}}' });
    const [release] = releases(w.workloads.get('solo') as FakeKubeApi);
    expect(release?.config.tls).toBeUndefined();
    expect((await calls(w)).some((c) => c.argv[0] === 'clustermesh')).toBe(false);
  });

  it('verify: connectivity runs the multi-cluster test per pair in a privileged namespace and keeps the JUnit files', async () => {
    const w = await world({ fixture: 'two-region-mesh' });
    const r = await runMesh(w, { verify: 'connectivity' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const tests = (await calls(w)).filter((c) => c.argv[0] === 'connectivity');
    expect(tests.map((c) => `${c.argv[3]}>${c.argv[5]}`).sort()).toEqual(['eu>us', 'us>eu']);
    expect(tests[0]?.argv).toEqual(
      expect.arrayContaining(['--test', 'no-policies', '--test-namespace', 'talos-fleet-cilium-test']),
    );
    const junit = await readFile(
      join(r.runnerDir, 'temp', 'talos-fleet-mesh-artifacts', 'junit', 'eu-us.xml'),
      'utf8',
    );
    expect(junit).toContain('<testsuites');
    for (const api of w.workloads.values())
      expect(
        api.store.get('v1', 'Namespace', undefined, 'talos-fleet-cilium-test')?.metadata.labels?.[
          'pod-security.kubernetes.io/enforce'
        ],
      ).toBe('privileged');
  });

  it('talos-fleet mesh up runs the same flow from a terminal', async () => {
    const w = await world({ fixture: 'two-region-mesh' });
    const r = await runDist('cli', {
      args: [
        'mesh',
        'up',
        w.planPath,
        '--management-kubeconfig',
        w.managementKubeconfig,
        '--kubeconfig-dir',
        w.kubeconfigDir,
        '--status-file',
        w.statusFile,
        '--timeout',
        '60s',
      ],
      env: { ...w.env, GITHUB_ACTIONS: undefined },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      matrix: JSON.stringify({ eu: { us: 'ok' }, us: { eu: 'ok' } }),
      ready: 'true',
    });
    expect(r.stderr).toContain('Mesh ready');
  });
});
