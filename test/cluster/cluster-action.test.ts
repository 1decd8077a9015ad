import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fleetWorkspace, type FleetWorkspace } from '../fakes/world/workspace.js';
import { FakeServer } from '../fakes/http/fake-server.js';
import { FakeWorld } from '../fakes/world/world.js';
import { type RunDistResult, runDist } from '../support/run-dist.js';

/** The cluster action against the fake world, run as a runner runs dist/cluster.js. */

let world: FakeWorld;
let ws: FleetWorkspace;

beforeEach(async () => {
  world = await FakeWorld.start();
  ws = await fleetWorkspace(world);
});
afterEach(async () => {
  await world.close();
});

const run = (inputs: Record<string, string> = {}, env: Record<string, string> = {}, timeoutMs = 60_000) =>
  runDist('cluster', {
    cwd: ws.dir,
    inputs: { 'gcp-credentials': ws.credentialsPath, ...inputs },
    env: { ...world.env(), ...env },
    timeoutMs,
  });

const CAPI = 'cluster.x-k8s.io/v1beta2';

async function everythingVisible(result: RunDistResult): Promise<string> {
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (!/\.(kube|talos)config$/.test(e.name)) files.push(await readFile(p, 'utf8'));
    }
  };
  await walk(join(result.runnerDir, 'temp'));
  // ::add-mask:: lines are commands the runner consumes (they are how masking works), never shown.
  const shown = (text: string) =>
    text
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
  return [
    shown(result.stdout),
    shown(result.stderr),
    JSON.stringify(result.outputs),
    result.summary,
    await readFile(ws.statusPath, 'utf8'),
    ...files,
  ].join('\n');
}

/** Every credential the run handled: the management token, each workload token, each talosconfig key, the GCP key. */
async function secrets(): Promise<string[]> {
  const out = [
    ws.privateKey.split('\n')[1] ?? '',
    Buffer.from(await readFile(ws.credentialsPath, 'utf8'))
      .toString('base64')
      .slice(0, 40),
  ];
  const token = (yaml: string) =>
    (parse(yaml) as { users: { user: { token?: string } }[] }).users[0]?.user.token;
  out.push(token(world.managementKubeconfig()) ?? '');
  for (const s of world.management.store.list('v1', 'Secret', 'default')) {
    const data = (s as { data?: Record<string, string> }).data ?? {};
    if (s.metadata.name.endsWith('-kubeconfig'))
      out.push(token(Buffer.from(data.value ?? '', 'base64').toString()) ?? '');
    if (s.metadata.name.endsWith('-talosconfig')) {
      const talos = parse(Buffer.from(data.talosconfig ?? '', 'base64').toString()) as {
        contexts: Record<string, { key: string }>;
      };
      for (const ctx of Object.values(talos.contexts)) out.push(ctx.key);
    }
  }
  return out.filter((s) => s.length >= 8);
}

describe('cluster action', () => {
  it('brings three clusters up on a kind management cluster, in parallel', async () => {
    const result = await run();
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^talos-fleet cluster: provisioning/);

    // kind: created once, with the default node image, its kubeconfig out of ~/.kube/config.
    const kind = world.calls.filter((c) => c.tool === 'kind').map((c) => c.args.slice(0, 2).join(' '));
    expect(kind).toEqual(['version', 'get clusters', 'create cluster', 'get kubeconfig']);
    const create = world.calls.find((c) => c.tool === 'kind' && c.args[0] === 'create');
    expect(create?.args).toEqual(expect.arrayContaining(['--name', 'talos-fleet-mesh3']));
    expect(create?.args).not.toContain('--image');

    // clusterctl init: the plan's pins, credentials as GCP_B64ENCODED_CREDENTIALS, waiting for providers.
    const init = world.calls.find((c) => c.tool === 'clusterctl' && c.args[0] === 'init');
    expect(init?.args.slice(0, 10)).toEqual([
      'init',
      '--core',
      'cluster-api:v1.14.0',
      '--infrastructure',
      'gcp:v1.12.0',
      '--bootstrap',
      'talos:v0.6.12',
      '--control-plane',
      'talos:v0.5.13',
      '--wait-providers',
    ]);
    expect(init?.env.GCP_B64ENCODED_CREDENTIALS).toBe(
      Buffer.from(await readFile(ws.credentialsPath, 'utf8')).toString('base64'),
    );
    // The action's inputs and the runner's tokens never reach the tools.
    expect(init?.envNames.filter((n) => n.startsWith('INPUT_'))).toEqual([]);

    // Outputs: paths and endpoints only; files 0600.
    const endpoints = JSON.parse(result.outputs.endpoints ?? '{}') as Record<string, string>;
    expect(Object.keys(endpoints).sort()).toEqual(['asia', 'eu', 'us']);
    for (const url of Object.values(endpoints)) expect(url).toMatch(/^https:\/\/[\d.]+:443$/);
    for (const c of ['eu', 'us', 'asia']) {
      for (const [dir, ext] of [
        [result.outputs['kubeconfig-dir'], 'kubeconfig'],
        [result.outputs['talosconfig-dir'], 'talosconfig'],
      ] as const) {
        const file = join(dir ?? '', `${c}.${ext}`);
        expect((await stat(file)).mode & 0o777).toBe(0o600);
      }
      const kubeconfig = parse(
        await readFile(join(result.outputs['kubeconfig-dir'] ?? '', `${c}.kubeconfig`), 'utf8'),
      ) as { clusters: { cluster: { server: string } }[] };
      expect(kubeconfig.clusters[0]?.cluster.server).toBe((await world.workload(`mesh3--${c}`)).url);
    }
    expect((await stat(result.outputs['management-kubeconfig'] ?? '')).mode & 0o777).toBe(0o600);

    // Every Machine exists once, with an InternalIP; CAPG's instances carry its labels.
    const machines = world.management.store.list(CAPI, 'Machine', 'default');
    expect(machines).toHaveLength(9);
    const instances = world.compute.engine.all('instances');
    expect(instances).toHaveLength(9);
    expect(
      instances.every((i) =>
        Object.keys(i.body.labels as object).some((k) => k.startsWith('capg-cluster-mesh3--')),
      ),
    ).toBe(true);
    expect((instances[0]?.body.labels as Record<string, string>)['talos-fleet']).toBe('mesh3');
    expect(world.compute.engine.find('forwardingRules', 'global', 'mesh3--eu-apiserver')).toBeDefined();

    // Progress lines and the status document.
    expect(result.stdout).toMatch(/eu: waiting for (infrastructure provisioned|control plane initialized)/);
    expect(result.stdout).toMatch(/us: .*machines \d\/3 created/);
    const status = JSON.parse(await readFile(ws.statusPath, 'utf8')) as {
      clusters: { name: string; controlPlaneEndpoint?: string }[];
    };
    expect(status.clusters.map((c) => c.controlPlaneEndpoint)).toEqual([
      endpoints.eu,
      endpoints.us,
      endpoints.asia,
    ]);
    expect(result.summary).toMatch(/talos-fleet cluster/);

    const visible = await everythingVisible(result);
    for (const secret of await secrets()) expect(visible).not.toContain(secret);
  });

  it('continues after a run killed mid-way: the same objects, no duplicates, providers found', async () => {
    world.simulator.delays.controlPlaneMs = 60_000;
    const first = await run({}, {}, 8000);
    expect(first.code).not.toBe(0);
    expect(world.management.store.list(CAPI, 'Cluster', 'default')).toHaveLength(3);
    world.simulator.delays.controlPlaneMs = 100;
    const second = await run();
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).toMatch(/Reusing kind cluster talos-fleet-mesh3/);
    expect(second.stdout).toMatch(/Found cluster-api v1\.14\.0/);
    expect(world.calls.filter((c) => c.tool === 'clusterctl' && c.args[0] === 'init')).toHaveLength(1);
    expect(world.calls.filter((c) => c.tool === 'kind' && c.args[0] === 'create')).toHaveLength(1);
    expect(world.management.store.list(CAPI, 'Machine', 'default')).toHaveLength(9);
    expect(world.compute.engine.all('instances')).toHaveLength(9);

    // A third run finds everything ready and waits for nothing.
    const third = await run();
    expect(third.code).toBe(0);
    expect(third.summary).toMatch(/already up/);
  });

  it('times out naming the cluster, the phase and the False condition, with diagnostics', async () => {
    world.simulator.faults.neverInitialize.add('mesh3--us');
    const result = await run({ timeout: '4s', clusters: 'us' });
    expect(result.code).toBe(1);
    const error = result.annotations.find((a) => a.level === 'error');
    expect(error?.message).toMatch(/us \(mesh3--us\): control plane initialized did not happen within 3 s/);
    expect(error?.message).toMatch(
      /MachinesBootstrapped=False \(WaitingForTalosBoot\): rpc error: code = Unavailable/,
    );
    const dir = join(result.runnerDir, 'temp', 'talos-fleet-diagnostics-mesh3', 'us');
    expect((await readdir(dir)).sort()).toEqual([
      'cabpt-controller-manager.log',
      'cacppt-controller-manager.log',
      'capg-controller-manager.log',
      'describe.txt',
      'events.txt',
      'talosctl-health.txt',
    ]);
    expect(await readFile(join(dir, 'describe.txt'), 'utf8')).toMatch(
      /ControlPlaneInitialized\s+False\s+NotInitialized/,
    );
    expect(await readFile(join(dir, 'cacppt-controller-manager.log'), 'utf8')).toMatch(
      /failed to bootstrap cluster=mesh3--us/,
    );
    expect(await readFile(join(dir, 'talosctl-health.txt'), 'utf8')).toMatch(/50000: i\/o timeout/);
    const describeCall = world.calls.find((c) => c.tool === 'clusterctl' && c.args[0] === 'describe');
    expect(describeCall?.args).toEqual(
      expect.arrayContaining(['mesh3--us', '--show-conditions', 'all', '--grouping=false']),
    );
    const status = JSON.parse(await readFile(ws.statusPath, 'utf8')) as {
      stage: string;
      errors: { cluster: string; diagnostics: string }[];
    };
    expect(status.stage).toBe('failed');
    expect(status.errors[0]?.cluster).toBe('us');
    expect(status.errors[0]?.diagnostics).toMatch(/WaitingForTalosBoot/);
    const visible = await everythingVisible(result);
    for (const secret of await secrets()) expect(visible).not.toContain(secret);
  });

  it("shows CAPG's quota error (a Warning event on the GCPCluster) when the infrastructure times out", async () => {
    world.simulator.faults.quota.add('mesh3--eu');
    const result = await run({ timeout: '4s', clusters: 'eu' });
    expect(result.code).toBe(1);
    const error = result.annotations.find((a) => a.level === 'error')?.message ?? '';
    expect(error).toMatch(/eu \(mesh3--eu\): infrastructure provisioned did not happen/);
    expect(error).toMatch(
      /Warning event GCPCluster mesh3--eu: GCPClusterReconcile: Reconcile error - googleapi: Error 403: Quota 'IN_USE_ADDRESSES' exceeded/,
    );
  });

  it('names the machine that never gets a providerID', async () => {
    world.simulator.faults.noProviderId = (m) =>
      m.metadata.name.includes('workers') && m.metadata.name.startsWith('mesh3--eu');
    const result = await run({ timeout: '5s', clusters: 'eu' });
    expect(result.code).toBe(1);
    const error = result.annotations.find((a) => a.level === 'error')?.message ?? '';
    expect(error).toMatch(/every machine with an InternalIP did not happen/);
    expect(error).toMatch(/Machine mesh3--eu-workers-[\w-]+: no InternalIP yet \(.*no providerID/);
    expect(error).toMatch(/resourcePoolExhausted/);
  });

  it('refuses providers installed at other versions before applying anything', async () => {
    await world.close();
    world = await FakeWorld.start({
      providersInstalled: { versions: { capg: 'v1.11.0' } },
      kindClusters: ['talos-fleet-mesh3'],
    });
    ws = await fleetWorkspace(world);
    const result = await run();
    expect(result.code).toBe(1);
    const error = result.annotations.find((a) => a.level === 'error')?.message ?? '';
    expect(error).toMatch(
      /infrastructure-gcp is installed at v1\.11\.0 in namespace capg-system, the plan pins v1\.12\.0/,
    );
    expect(error).toMatch(/Fix: .*clusterctl upgrade apply/);
    expect(world.management.store.list(CAPI, 'Cluster', 'default')).toEqual([]);
    expect(world.calls.some((c) => c.tool === 'clusterctl' && c.args[0] === 'init')).toBe(false);
  });

  it('uses a given management cluster, saying whose it is', async () => {
    const kubeconfig = world.managementKubeconfig();
    const result = await run({
      management: 'kubeconfig',
      'management-kubeconfig': kubeconfig,
      clusters: 'eu',
    });
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain(`Management cluster: ${world.management.url} (Kubernetes v`);
    expect(world.calls.some((c) => c.tool === 'kind')).toBe(false);
    expect(world.management.store.list(CAPI, 'Cluster', 'default').map((c) => c.metadata.name)).toEqual([
      'mesh3--eu',
    ]);
    expect(
      result.stdout
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n'),
    ).not.toContain((parse(kubeconfig) as { users: { user: { token: string } }[] }).users[0]?.user.token);
  });

  describe('bad input fails before anything is applied', () => {
    const refused = async (
      inputs: Record<string, string>,
      pattern: RegExp,
      env: Record<string, string> = {},
    ) => {
      const result = await run(inputs, env);
      expect(result.code).toBe(1);
      expect(result.annotations.find((a) => a.level === 'error')?.message).toMatch(pattern);
      expect(world.management.store.list(CAPI, 'Cluster')).toEqual([]);
      return result;
    };
    it('kubeconfig mode without a kubeconfig', () =>
      refused(
        { management: 'kubeconfig' },
        /input 'management-kubeconfig' is required when 'management' is kubeconfig/,
      ));
    it('an unknown cluster name', () =>
      refused({ clusters: 'eu, mars' }, /'mars' is not a cluster of fleet mesh3/));
    it('an unauthorised management API, naming the server and its answer', () => {
      const bad = world.managementKubeconfig().replace(/token: .*/, 'token: not-the-token');
      return refused(
        { management: 'kubeconfig', 'management-kubeconfig': bad },
        new RegExp(`${world.management.url.replace(/[.:/]/g, '\\$&')} failed: 401 Unauthorized`),
      );
    });
    it('an unreachable management API', async () => {
      const closed = await new FakeServer().start();
      await closed.close();
      const bad = world.managementKubeconfig().replace(world.management.url, closed.url);
      await refused(
        { management: 'kubeconfig', 'management-kubeconfig': bad },
        new RegExp(`${closed.url.replace(/[.:/]/g, '\\$&')} failed: .*ECONNREFUSED`),
      );
    });
    it('missing credentials when the providers must be installed', () =>
      refused({ 'gcp-credentials': '' }, /clusterctl init needs the Google credentials/, {
        GOOGLE_APPLICATION_CREDENTIALS: '',
      }));
    it('a credentials file that is not one CAPG accepts', async () => {
      const { writeFile } = await import('node:fs/promises');
      await writeFile(join(ws.dir, 'adc.json'), '{"type":"authorized_user","refresh_token":"1//abcdefgh"}');
      await refused({ 'gcp-credentials': 'adc.json' }, /type 'authorized_user'/);
    });
    it('a missing tool, naming the setup step', () =>
      refused({}, /kind is not on PATH.*\n.*Fix: add the setup step/s, { PATH: '/usr/bin:/bin' }));
  });

  it('talos-fleet cluster up runs the same flow', async () => {
    const result = await runDist('cli', {
      cwd: ws.dir,
      args: [
        'cluster',
        'up',
        '.talos-fleet/plan/plan.json',
        '--clusters',
        'asia',
        '--gcp-credentials',
        ws.credentialsPath,
      ],
      env: { ...world.env(), GITHUB_ACTIONS: '' },
    });
    expect(result.code, result.stderr).toBe(0);
    const outputs = JSON.parse(result.stdout) as Record<string, string>;
    expect(Object.keys(JSON.parse(outputs.endpoints ?? '{}') as object)).toEqual(['asia']);
    expect(result.stderr).toMatch(/asia: ready for the mesh step/);
  });
});
