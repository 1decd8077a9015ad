import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { FleetPlan } from '../../../src/core/plan/planner.js';
import { silentLog } from '../../../src/core/log.js';
import { writePlanStatus } from '../../../src/runtime/plan-status.js';
import { repoRoot } from '../../support/paths.js';
import { FakeKubeApi } from '../kubernetes/fake-kube.js';

/**
 * A small world for the mesh action until (and beside) the cluster helper's fake world: a
 * management API holding the plan's CAPI Clusters (controlPlaneEndpoint = that cluster's fake
 * API) and Machines with InternalIPs, one workload API per cluster with NotReady, uninitialised
 * Nodes, the helm and cilium stand-ins on PATH, and a small pod simulator: the probe and agent
 * pods the Deployments and the DaemonSet would start, with the logs they would print.
 */

export const STAND_INS = join(repoRoot, 'test', 'fakes', 'bin');
const TAINT = 'node.cloudprovider.kubernetes.io/uninitialized';

export interface MeshWorld {
  dir: string;
  planPath: string;
  plan: FleetPlan;
  kubeconfigDir: string;
  managementKubeconfig: string;
  statusFile: string;
  binLog: string;
  management: FakeKubeApi;
  workloads: Map<string, FakeKubeApi>;
  /** For runDist: PATH with the stand-ins first, the call log, the knobs. */
  env: Record<string, string>;
  inputs: Record<string, string>;
  /** Clusters whose agents never connect (the cilium stand-in and the probes agree). */
  disconnected: Set<string>;
  /** Adds a Machine (and its Node) with this InternalIP to a cluster. */
  addNode(cluster: string, name: string, ip: string): void;
  close(): Promise<void>;
}

export interface MeshWorldOptions {
  /** A folder of test/golden/plan. */
  fixture: string;
  disconnected?: readonly string[];
  env?: Record<string, string>;
  /** Clusters to leave without a kubeconfig file. */
  withoutKubeconfig?: readonly string[];
  /** The repository (default: found from this file; a benchmark bundle passes it). */
  root?: string;
}

export async function meshWorld(options: MeshWorldOptions): Promise<MeshWorld> {
  const root = options.root ?? repoRoot;
  const dir = await mkdtemp(join(tmpdir(), 'tf-mesh-'));
  const planDir = join(dir, 'plan');
  await cp(join(root, 'test', 'golden', 'plan', options.fixture), planDir, { recursive: true });
  const planPath = join(planDir, 'plan.json');
  const plan = JSON.parse(await readFile(planPath, 'utf8')) as FleetPlan;
  const management = await FakeKubeApi.start({ name: 'management' });
  const workloads = new Map<string, FakeKubeApi>();
  for (const c of plan.clusters) workloads.set(c.name, await FakeKubeApi.start({ name: c.name }));
  const disconnected = new Set(options.disconnected ?? []);

  const addNode = (cluster: string, name: string, ip: string) => {
    const c = plan.clusters.find((x) => x.name === cluster);
    const api = workloads.get(cluster);
    if (!c || !api) throw new Error(`no cluster ${cluster}`);
    const machine = management.store.create({
      apiVersion: 'cluster.x-k8s.io/v1beta2',
      kind: 'Machine',
      metadata: { name, namespace: 'default', labels: { 'cluster.x-k8s.io/cluster-name': c.capiName } },
      spec: {
        clusterName: c.capiName,
        bootstrap: { dataSecretName: `${name}-bootstrap` },
        infrastructureRef: { apiGroup: 'infrastructure.cluster.x-k8s.io', kind: 'GCPMachine', name },
      },
    });
    management.store.updateStatus('cluster.x-k8s.io/v1beta2', 'Machine', 'default', machine.metadata.name, {
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'ExternalIP', address: `203.0.113.${ip.split('.').at(-1) ?? '1'}` },
      ],
      phase: 'Running',
    });
    const node = api.store.create({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/hostname': name } },
      spec: { taints: [{ key: TAINT, value: 'true', effect: 'NoSchedule' }] },
    });
    api.store.updateStatus('v1', 'Node', undefined, node.metadata.name, {
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          reason: 'KubeletNotReady',
          message:
            'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:cni plugin not initialized',
        },
      ],
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: name },
      ],
    });
  };

  plan.clusters.forEach((c, ci) => {
    const api = workloads.get(c.name);
    if (!api) return;
    const url = new URL(api.url);
    management.store.create({
      apiVersion: 'cluster.x-k8s.io/v1beta2',
      kind: 'Cluster',
      metadata: { name: c.capiName, namespace: 'default' },
      spec: { controlPlaneEndpoint: { host: url.hostname, port: Number(url.port) } },
    });
    const count = c.controlPlane.replicas + c.workers.replicas;
    for (let i = 0; i < count; i++)
      addNode(
        c.name,
        `${c.capiName}-${i < c.controlPlane.replicas ? 'cp' : 'md'}-${i}`,
        `192.168.${ci + 1}.${10 + i}`,
      );
  });

  const kubeconfigDir = join(dir, 'clusters');
  await mkdir(kubeconfigDir, { recursive: true });
  for (const [name, api] of workloads)
    if (!options.withoutKubeconfig?.includes(name))
      await writeFile(join(kubeconfigDir, `${name}.kubeconfig`), api.kubeconfig(), { mode: 0o600 });
  const managementKubeconfig = join(dir, 'management.kubeconfig');
  await writeFile(managementKubeconfig, management.kubeconfig(), { mode: 0o600 });
  const statusFile = join(dir, 'status.json');
  await writePlanStatus(statusFile, plan, { now: new Date(), context: {}, log: silentLog });
  const binLog = join(dir, 'bin.log');
  await writeFile(binLog, '');

  const stopPods = podSimulator(workloads, disconnected);
  return {
    dir,
    planPath,
    plan,
    kubeconfigDir,
    managementKubeconfig,
    statusFile,
    binLog,
    management,
    workloads,
    disconnected,
    addNode,
    env: {
      PATH: `${join(root, 'test', 'fakes', 'bin')}${delimiter}${process.env.PATH ?? ''}`,
      FAKE_BIN_LOG: binLog,
      FAKE_CILIUM_DISCONNECTED: [...disconnected].join(','),
      TALOS_FLEET_MESH_POLL_MS: '20',
      TALOS_FLEET_RETRY_BASE_MS: '5',
      TALOS_FLEET_RETRY_MAX_MS: '20',
      ...options.env,
    },
    inputs: {
      plan: planPath,
      'kubeconfig-dir': kubeconfigDir,
      'management-kubeconfig': managementKubeconfig,
      'status-file': statusFile,
      timeout: '60s',
    },
    async close() {
      stopPods();
      await Promise.all([management.close(), ...[...workloads.values()].map((w) => w.close())]);
    },
  };
}

interface PodLogs {
  setPodLog(namespace: string, name: string, text: string, container?: string): void;
}

/**
 * Plays the kubelet and Cilium for the objects the mesh step creates: a Running probe pod for
 * the probe Deployment, whose log lists every cluster whose echo backend the global Service
 * reached (both ends connected to the mesh), and one agent pod per node for the DaemonSet.
 */
function podSimulator(workloads: Map<string, FakeKubeApi>, disconnected: Set<string>): () => void {
  const ensurePod = (
    api: FakeKubeApi,
    namespace: string,
    name: string,
    labels: Record<string, string>,
    container: string,
  ) => {
    if (api.store.get('v1', 'Pod', namespace, name)) return;
    api.store.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace, labels },
      spec: { containers: [{ name: container, image: 'stand-in' }] },
    });
    api.store.updateStatus('v1', 'Pod', namespace, name, { phase: 'Running' });
  };
  const tick = () => {
    for (const [name, api] of workloads) {
      const logs = api.store as unknown as PodLogs;
      if (api.store.get('apps/v1', 'DaemonSet', 'kube-system', 'cilium'))
        for (const node of api.store.list('v1', 'Node')) {
          const pod = `cilium-${node.metadata.name.slice(-6)}`;
          ensurePod(api, 'kube-system', pod, { 'k8s-app': 'cilium' }, 'cilium-agent');
          logs.setPodLog(
            'kube-system',
            pod,
            disconnected.has(name)
              ? 'level=info msg="Connecting to remote cluster"\nlevel=error msg="Unable to establish etcd connection to remote cluster" error="context deadline exceeded"\n'
              : 'level=info msg="Connection to remote cluster established"\n',
            'cilium-agent',
          );
        }
      if (!api.store.get('apps/v1', 'Deployment', 'talos-fleet-mesh', 'probe')) continue;
      ensurePod(api, 'talos-fleet-mesh', 'probe-7d9f8-x2x4k', { app: 'talos-fleet-probe' }, 'probe');
      const answered = [...workloads].flatMap(([other, o]) =>
        o.store.get('apps/v1', 'Deployment', 'talos-fleet-mesh', 'echo') &&
        !disconnected.has(other) &&
        !disconnected.has(name)
          ? [`answered-by=${other}`]
          : [],
      );
      logs.setPodLog('talos-fleet-mesh', 'probe-7d9f8-x2x4k', answered.map((l) => `${l}\n`).join(''));
    }
  };
  const timer = setInterval(tick, 15);
  return () => clearInterval(timer);
}
