import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { parse } from 'yaml';
import { FakeCompute } from '../compute/server.js';
import { FakeGcs } from '../gcs/server.js';
import { FakeServer, sendJson } from '../http/fake-server.js';
import { FakeKubeApi, type KubeObject } from '../kubernetes/fake-kube.js';
import type { FleetPlan } from '../../../src/core/plan/planner.js';
import { repoRoot } from '../../support/paths.js';

// Benchmarks load this module bundled elsewhere (bench/stats.mjs importTypeScript): they point
// TALOS_FLEET_REPO_ROOT at the checkout so the stand-ins and Node 24 are found there.
const root = process.env.TALOS_FLEET_REPO_ROOT ?? repoRoot;
const node24 = join(root, 'node_modules', '.bin', 'node');
import { ControllerSimulator, type SimulatorDelays } from './simulator.js';
import { describeCluster } from './describe.js';

/**
 * The fake world the cluster, mesh, teardown and preview tests share: a management Kubernetes
 * API, one workload API per cluster (started when its control plane comes up), the Compute and
 * GCS fakes, the controller simulator, and stand-in `kind`, `clusterctl` and `talosctl`
 * binaries on a PATH that act on those fakes and record every call. `env()` is what runDist
 * needs to run an action against it.
 */

export interface StandInCall {
  tool: 'kind' | 'clusterctl' | 'talosctl';
  args: string[];
  /** The variables the real tool reads (KUBECONFIG, GCP_B64ENCODED_CREDENTIALS, TALOSCONFIG, …). */
  env: Record<string, string>;
  /** Names of every variable the process had. */
  envNames: string[];
  cwd: string;
}

export interface WorldOptions {
  project?: string;
  delays?: Partial<SimulatorDelays>;
  /** The providers are already installed (a management cluster from an earlier run). */
  providersInstalled?: boolean | { versions: Partial<Record<'capi' | 'capg' | 'cabpt' | 'cacppt', string>> };
  /** kind clusters that exist already (their API is the management fake). */
  kindClusters?: string[];
}

interface Answer {
  code: number;
  stdout?: string;
  stderr?: string;
}

const PROVIDERS = [
  {
    key: 'capi',
    name: 'cluster-api',
    providerName: 'cluster-api',
    type: 'CoreProvider',
    namespace: 'capi-system',
    deployment: 'capi-controller-manager',
    flag: 'core',
  },
  {
    key: 'capg',
    name: 'infrastructure-gcp',
    providerName: 'gcp',
    type: 'InfrastructureProvider',
    namespace: 'capg-system',
    deployment: 'capg-controller-manager',
    flag: 'infrastructure',
  },
  {
    key: 'cabpt',
    name: 'bootstrap-talos',
    providerName: 'talos',
    type: 'BootstrapProvider',
    namespace: 'cabpt-system',
    deployment: 'cabpt-controller-manager',
    flag: 'bootstrap',
  },
  {
    key: 'cacppt',
    name: 'control-plane-talos',
    providerName: 'talos',
    type: 'ControlPlaneProvider',
    namespace: 'cacppt-system',
    deployment: 'cacppt-controller-manager',
    flag: 'control-plane',
  },
] as const;

export const PINNED = { capi: 'v1.14.0', capg: 'v1.12.0', cabpt: 'v0.6.12', cacppt: 'v0.5.13' } as const;

export class FakeWorld {
  readonly calls: StandInCall[] = [];
  readonly kindClusters = new Set<string>();
  readonly workloads = new Map<string, FakeKubeApi>();
  simulator!: ControllerSimulator;
  binDir = '';
  /** Answers talosctl health with success only for clusters whose control plane is up. */
  private readonly control = new FakeServer();

  private constructor(
    readonly dir: string,
    readonly management: FakeKubeApi,
    readonly compute: FakeCompute,
    readonly gcs: FakeGcs,
  ) {}

  static async start(options: WorldOptions = {}): Promise<FakeWorld> {
    const dir = await mkdtemp(join(tmpdir(), 'tf-world-'));
    const [management, compute, gcs] = await Promise.all([
      FakeKubeApi.start({ name: 'management' }),
      new FakeCompute(options.project ?? 'my-project').start(),
      new FakeGcs().start(),
    ]);
    compute.operationMs = 5;
    const world = new FakeWorld(dir, management, compute, gcs);
    world.simulator = new ControllerSimulator(
      management.store,
      compute.engine,
      {
        kubeconfigFor: async (c) => (await world.workload(c)).kubeconfig({ context: c }),
        nodesFor: (c, machines) => world.createNodes(c, machines),
      },
      options.delays ? { delays: options.delays } : {},
    );
    world.simulator.onLog = () => world.refreshLogs();
    for (const k of options.kindClusters ?? []) world.kindClusters.add(k);
    if (options.providersInstalled)
      world.installProviders(
        options.providersInstalled === true ? {} : options.providersInstalled.versions,
        undefined,
      );
    await world.startStandIns();
    return world;
  }

  /** The fleet's VPC and subnets as the network step leaves them (instances reference them). */
  seedNetwork(plan: FleetPlan): void {
    const engine = this.compute.engine;
    const net = plan.network;
    for (const c of plan.clusters) if (!engine.regions.includes(c.region)) engine.regions.push(c.region);
    if (!engine.find('networks', 'global', net.name)) engine.seed('networks', 'global', { ...net.network });
    for (const subnet of net.subnetworks) {
      const scope = `regions/${subnet.region ?? ''}`;
      if (!engine.find('subnetworks', scope, String(subnet.name)))
        engine.seed('subnetworks', scope, { ...subnet });
    }
  }

  /** The management kubeconfig (YAML, bearer token). */
  managementKubeconfig(): string {
    return this.management.kubeconfig({ context: 'kind-management' });
  }

  /** The workload API of a CAPI cluster, started on first use. */
  async workload(capiName: string): Promise<FakeKubeApi> {
    let api = this.workloads.get(capiName);
    if (!api) {
      api = await FakeKubeApi.start({ name: capiName });
      this.workloads.set(capiName, api);
    }
    return api;
  }

  /** Environment for runDist: the stand-ins first on PATH, the fakes' endpoints, fast timings. */
  env(): Record<string, string> {
    return {
      PATH: `${this.binDir}${delimiter}${dirname(node24)}${delimiter}${process.env.PATH ?? ''}`,
      TALOS_FLEET_WORLD_URL: this.control.url,
      TALOS_FLEET_COMPUTE_ENDPOINT: `${this.compute.url}/compute/v1/`,
      TALOS_FLEET_GCS_ENDPOINT: this.gcs.url,
      TALOS_FLEET_RETRY_BASE_MS: '5',
      TALOS_FLEET_RETRY_MAX_MS: '20',
      TALOS_FLEET_PROGRESS_INTERVAL_MS: '100',
      TALOS_FLEET_WATCH_TIMEOUT_SECONDS: '2',
      TALOS_FLEET_WATCH_RESTART_MS: '20',
    };
  }

  async close(): Promise<void> {
    this.simulator.stop();
    await Promise.all([
      this.management.close(),
      this.compute.close(),
      this.gcs.close(),
      this.control.close(),
      ...[...this.workloads.values()].map((w) => w.close()),
    ]);
    await rm(this.dir, { recursive: true, force: true });
  }

  /** What `clusterctl init` leaves behind: namespaces, the inventory, the controllers and CAPG's credentials Secret. */
  installProviders(
    versions: Partial<Record<'capi' | 'capg' | 'cabpt' | 'cacppt', string>>,
    credentials: string | undefined,
  ): void {
    const store = this.management.store;
    for (const p of PROVIDERS) {
      const version = versions[p.key] ?? PINNED[p.key];
      if (!store.get('v1', 'Namespace', undefined, p.namespace))
        store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: p.namespace } });
      if (!store.get('clusterctl.cluster.x-k8s.io/v1alpha3', 'Provider', p.namespace, p.name))
        store.create({
          apiVersion: 'clusterctl.cluster.x-k8s.io/v1alpha3',
          kind: 'Provider',
          metadata: {
            name: p.name,
            namespace: p.namespace,
            labels: {
              'cluster.x-k8s.io/provider': p.name,
              'clusterctl.cluster.x-k8s.io': '',
              'clusterctl.cluster.x-k8s.io/core': 'inventory',
            },
          },
          providerName: p.providerName,
          type: p.type,
          version,
        });
      if (!store.get('apps/v1', 'Deployment', p.namespace, p.deployment)) {
        const labels = { 'cluster.x-k8s.io/provider': p.name, 'control-plane': 'controller-manager' };
        store.create({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: p.deployment, namespace: p.namespace, labels },
          spec: {
            replicas: 1,
            selector: { matchLabels: labels },
            template: {
              metadata: { labels },
              spec: {
                containers: [{ name: 'manager', image: `registry.k8s.io/${p.deployment}:${version}` }],
              },
            },
          },
        });
        store.create({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: `${p.deployment}-6d4f8b9c7-x2k4q`, namespace: p.namespace, labels },
          spec: { containers: [{ name: 'manager', image: `registry.k8s.io/${p.deployment}:${version}` }] },
        });
      }
    }
    if (
      credentials !== undefined &&
      !store.get('v1', 'Secret', 'capg-system', 'capg-manager-bootstrap-credentials')
    )
      store.create({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'capg-manager-bootstrap-credentials', namespace: 'capg-system' },
        type: 'Opaque',
        data: { 'credentials.json': credentials },
      });
    this.simulator.installed = true;
  }

  /** Serves the controllers' logs as their Pods' logs. */
  private refreshLogs(): void {
    const store = this.management.store as unknown as {
      setPodLog?: (ns: string, name: string, text: string, container?: string) => void;
    };
    for (const p of PROVIDERS) {
      const lines = this.simulator.logs.get(p.deployment) ?? [];
      store.setPodLog?.(p.namespace, `${p.deployment}-6d4f8b9c7-x2k4q`, `${lines.join('\n')}\n`, 'manager');
    }
  }

  private async createNodes(capiName: string, machines: readonly KubeObject[]): Promise<void> {
    const api = await this.workload(capiName);
    for (const m of machines) {
      const providerID = (m as { spec?: { providerID?: string } }).spec?.providerID;
      const addresses = (m as { status?: { addresses?: unknown[] } }).status?.addresses;
      const name = m.metadata.name;
      if (!providerID || !addresses) continue;
      if (!api.store.get('v1', 'Node', undefined, name)) {
        const controlPlane = m.metadata.labels?.['cluster.x-k8s.io/control-plane'] !== undefined;
        api.store.create({
          apiVersion: 'v1',
          kind: 'Node',
          metadata: {
            name,
            labels: {
              'kubernetes.io/hostname': name,
              ...(controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
            },
          },
          spec: { providerID, taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] },
        });
        api.store.updateStatus('v1', 'Node', undefined, name, {
          addresses: [...addresses, { type: 'Hostname', address: name }],
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'KubeletNotReady',
              message:
                'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
              lastHeartbeatTime: new Date().toISOString(),
              lastTransitionTime: new Date().toISOString(),
            },
          ],
        });
      }
      this.simulator.markNode(m, name);
    }
  }

  // ---- stand-in binaries ----------------------------------------------------------------------

  private async startStandIns(): Promise<void> {
    this.control.route('POST', '/run', async (req, res) => {
      const call = await req.json<StandInCall>();
      this.calls.push(call);
      let answer: Answer;
      try {
        answer = await this.run(call);
      } catch (error) {
        answer = {
          code: 1,
          stderr: `${call.tool}: ${error instanceof Error ? error.message : String(error)}\n`,
        };
      }
      sendJson(res, 200, answer);
    });
    await this.control.start();
    this.binDir = join(this.dir, 'bin');
    await mkdir(this.binDir, { recursive: true });
    const script = join(root, 'test/fakes/world/stand-in.mjs');
    for (const tool of ['kind', 'clusterctl', 'talosctl']) {
      const file = join(this.binDir, tool);
      await writeFile(file, `#!/bin/sh\nexec '${node24}' '${script}' ${tool} "$@"\n`);
      await chmod(file, 0o755);
    }
  }

  private flag(args: readonly string[], name: string): string | undefined {
    const i = args.indexOf(name);
    if (i >= 0) return args[i + 1];
    const eq = args.find((a) => a.startsWith(`${name}=`));
    return eq?.slice(name.length + 1);
  }

  /** The fake a kubeconfig file points at (the management API, or a workload API). */
  private async kubeTarget(call: StandInCall): Promise<FakeKubeApi | undefined> {
    const path = this.flag(call.args, '--kubeconfig') ?? call.env.KUBECONFIG;
    if (!path) return undefined;
    const doc = parse(await readFile(path, 'utf8')) as { clusters?: { cluster?: { server?: string } }[] };
    const server = doc.clusters?.[0]?.cluster?.server;
    if (server === this.management.url) return this.management;
    return [...this.workloads.values()].find((w) => w.url === server);
  }

  private async run(call: StandInCall): Promise<Answer> {
    const a = call.args;
    if (call.tool === 'kind') {
      if (a[0] === 'version') return { code: 0, stdout: 'kind v0.32.0 go1.25.5 linux/amd64\n' };
      if (a[0] === 'get' && a[1] === 'clusters')
        return this.kindClusters.size
          ? { code: 0, stdout: `${[...this.kindClusters].join('\n')}\n` }
          : { code: 0, stderr: 'No kind clusters found.\n' };
      if (a[0] === 'create' && a[1] === 'cluster') {
        const name = this.flag(a, '--name') ?? 'kind';
        if (this.kindClusters.has(name))
          return {
            code: 1,
            stderr: `ERROR: failed to create cluster: node(s) already exist for a cluster with the name "${name}"\n`,
          };
        this.kindClusters.add(name);
        const path = this.flag(a, '--kubeconfig');
        if (path) await writeFile(path, this.managementKubeconfig(), { mode: 0o600 });
        return {
          code: 0,
          stderr: `Creating cluster "${name}" ...\n ✓ Ensuring node image (kindest/node:v1.36.1) 🖼\n ✓ Preparing nodes 📦\n ✓ Starting control-plane 🕹️\n`,
        };
      }
      if (a[0] === 'get' && a[1] === 'kubeconfig') {
        const name = this.flag(a, '--name') ?? 'kind';
        if (!this.kindClusters.has(name))
          return {
            code: 1,
            stderr: `ERROR: could not locate any control plane nodes for cluster named '${name}'. Use the --name option to select a different cluster\n`,
          };
        return { code: 0, stdout: this.managementKubeconfig() };
      }
      return { code: 1, stderr: `kind stand-in: unsupported ${a.join(' ')}\n` };
    }
    if (call.tool === 'clusterctl') {
      if (a[0] === 'version') return { code: 0, stdout: 'v1.14.0\n' };
      const target = await this.kubeTarget(call);
      if (target !== this.management)
        return {
          code: 1,
          stderr: 'Error: failed to connect to the management cluster: the kubeconfig does not point at it\n',
        };
      if (a[0] === 'init') {
        const versions: Partial<Record<'capi' | 'capg' | 'cabpt' | 'cacppt', string>> = {};
        for (const p of PROVIDERS) {
          const value = this.flag(a, `--${p.flag}`);
          if (value) versions[p.key] = value.split(':')[1] ?? PINNED[p.key];
        }
        const needsGcp = versions.capg !== undefined;
        const b64 = call.env.GCP_B64ENCODED_CREDENTIALS;
        if (needsGcp && !b64)
          return {
            code: 1,
            stderr:
              'Error: value for variables [GCP_B64ENCODED_CREDENTIALS] is not set. Please set the value using os environment variables or the clusterctl config file\n',
          };
        await new Promise((r) => setTimeout(r, 20));
        this.installProviders(versions, b64);
        const lines = [
          'Fetching providers',
          'Installing cert-manager version="v1.21.1"',
          'Waiting for cert-manager to be available...',
        ];
        for (const p of PROVIDERS)
          if (versions[p.key])
            lines.push(
              `Installing provider="${p.name}" version="${versions[p.key] ?? ''}" targetNamespace="${p.namespace}"`,
            );
        lines.push('', 'Your management cluster has been initialized successfully!');
        return { code: 0, stdout: `${lines.join('\n')}\n` };
      }
      if (a[0] === 'describe' && a[1] === 'cluster') {
        const name = a[2] ?? '';
        const ns = this.flag(a, '-n') ?? this.flag(a, '--namespace') ?? 'default';
        const text = describeCluster(this.management.store, ns, name);
        return text === undefined
          ? { code: 1, stderr: `Error: clusters.cluster.x-k8s.io "${name}" not found\n` }
          : { code: 0, stdout: text };
      }
      return { code: 1, stderr: `clusterctl stand-in: unsupported ${a.join(' ')}\n` };
    }
    if (a[0] === 'version') return { code: 0, stdout: 'Client:\n\tTag:         v1.13.9\n' };
    if (a[0] === 'health') {
      const node = this.flag(a, '--nodes') ?? '';
      const machine = this.management.store
        .list('cluster.x-k8s.io/v1beta2', 'Machine')
        .find((m) =>
          ((m as { status?: { addresses?: { address: string }[] } }).status?.addresses ?? []).some(
            (x) => x.address === node,
          ),
        );
      const c = machine?.metadata.labels?.['cluster.x-k8s.io/cluster-name'];
      const cluster =
        c === undefined
          ? undefined
          : this.management.store.get('cluster.x-k8s.io/v1beta2', 'Cluster', machine?.metadata.namespace, c);
      const up =
        (cluster as { status?: { initialization?: { controlPlaneInitialized?: boolean } } } | undefined)
          ?.status?.initialization?.controlPlaneInitialized === true;
      return up
        ? {
            code: 0,
            stdout:
              'discovered nodes: ["' +
              node +
              '"]\nwaiting for etcd to be healthy: ...\nwaiting for etcd to be healthy: OK\nwaiting for all k8s nodes to report ready: ...\n',
          }
        : {
            code: 1,
            stderr: `healthcheck error: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp ${node}:50000: i/o timeout"\n`,
          };
    }
    return { code: 1, stderr: `talosctl stand-in: unsupported ${a.join(' ')}\n` };
  }
}
