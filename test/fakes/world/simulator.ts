import { randomBytes } from 'node:crypto';
import type { ComputeEngine } from '../compute/engine.js';
import type { KubeObject, KubeStore } from '../kubernetes/fake-kube.js';

/**
 * A controller simulator: plays CAPI, CAPG, CABPT and CACPPT against the management fake's store
 * with scaled delays, in the order the real controllers act, and creates CAPG's GCP resources in
 * the Compute fake with CAPG's names and labels. What each step mirrors (upstream paths):
 * - CAPG GCPCluster (controllers/gcpcluster_controller.go, cloud/scope/cluster.go,
 *   cloud/services/compute/loadbalancers/reconcile.go): firewall rules `allow-<c>-healthchecks`
 *   and `allow-<c>-cluster`, the API load balancer `<c>-apiserver` (global address, health check
 *   reused when it exists, backend service, target TCP proxy, forwarding rule labelled with the
 *   additionalLabels), instance groups `<c>-apiserver-<zone>`; then `status.ready`,
 *   `spec.controlPlaneEndpoint` (the address, port 443) and Normal/Warning `GCPClusterReconcile`
 *   events ("Reconcile error - …" on failure: v1.12 has no conditions on GCPCluster).
 * - CAPI Cluster (core/reconcilers/cluster): InfrastructureReady, then
 *   `status.initialization.infrastructureProvisioned`, the endpoint copied; ControlPlaneInitialized
 *   False/NotInitialized until the control plane says so, then True/Initialized.
 * - CACPPT (controllers/taloscontrolplane_controller.go): Machines `<tcp>-<random5>` (SimpleNameGenerator),
 *   each with a TalosConfig and a GCPMachine of the same name; the `<c>-kubeconfig` Secret once the
 *   endpoint is known; `MachinesBootstrapped` False/WaitingForTalosBoot until the first machine
 *   answers, then `status.initialized`/`bootstrapped`.
 * - CABPT (controllers/secrets.go): `<machine>-bootstrap-data` (key value), `<c>-talosconfig`
 *   (key talosconfig); worker configs wait for ControlPlaneInitialized.
 * - CAPG GCPMachine (cloud/scope/machine.go, cloud/services/compute/instances/reconcile.go):
 *   instance = GCPMachine name, labels `capg-cluster-<c>=owned`, `capg-role`, additionalLabels;
 *   tags `<c>-<role>`, `<c>`; boot disk autoDelete with the merged additionalLabels; providerID
 *   `gce://<project>/<zone>/<name>` (providerid.go); addresses InternalIP (networkIP) and
 *   ExternalIP (natIP, publicIP only); zone = first zone of the region when no failure domain.
 * - CAPI MachineDeployment/MachineSet (core/reconcilers/machinedeployment, machineset): MachineSet
 *   `<md>-<random>`, Machines `<ms>-<random>`, infra and bootstrap objects named as the Machine.
 */

export interface SimulatorDelays {
  /** GCPCluster: network pieces and the load balancer. */
  infrastructureMs: number;
  /** A TalosConfig's bootstrap data. */
  bootstrapMs: number;
  /** An instance, from the GCPMachine to RUNNING with addresses. */
  instanceMs: number;
  /** From the first control-plane address to the control plane answering (bootstrap). */
  controlPlaneMs: number;
}

export const DEFAULT_DELAYS: SimulatorDelays = {
  infrastructureMs: 150,
  bootstrapMs: 60,
  instanceMs: 200,
  controlPlaneMs: 250,
};

export interface SimulatorFaults {
  /** CAPI cluster names whose GCPCluster hits a quota error and never becomes ready. */
  quota: Set<string>;
  /** CAPI cluster names whose control plane never initialises. */
  neverInitialize: Set<string>;
  /** Predicate on Machine names (or pools): that machine's instance is never created, so it gets no providerID. */
  noProviderId: (machine: KubeObject) => boolean;
}

export interface WorkloadApis {
  /** Starts (or returns) the fake workload API of a CAPI cluster; its kubeconfig goes into `<c>-kubeconfig`. */
  kubeconfigFor(capiName: string): Promise<string>;
  /** Called once a cluster's control plane is up, with its machines, to create Nodes there. */
  nodesFor(capiName: string, machines: readonly KubeObject[]): Promise<void>;
}

const CLUSTER_LABEL = 'cluster.x-k8s.io/cluster-name';
const CP_LABEL = 'cluster.x-k8s.io/control-plane';
const CP_NAME_LABEL = 'cluster.x-k8s.io/control-plane-name';
const CAPI = 'cluster.x-k8s.io/v1beta2';
const CAPG = 'infrastructure.cluster.x-k8s.io/v1beta1';
const CABPT = 'bootstrap.cluster.x-k8s.io/v1alpha3';
const CACPPT = 'controlplane.cluster.x-k8s.io/v1alpha3';

const random = (n: number) => [...randomBytes(n)].map((b) => 'bcdfghjklmnpqrstvwxz2456789'[b % 27]).join('');

const EMPTY: Record<string, unknown> = {};

function spec(o: KubeObject | undefined): Record<string, unknown> {
  return (o?.spec ?? EMPTY) as Record<string, unknown>;
}
function status(o: KubeObject | undefined): Record<string, unknown> {
  return (o?.status ?? EMPTY) as Record<string, unknown>;
}

export class ControllerSimulator {
  delays: SimulatorDelays;
  readonly faults: SimulatorFaults = {
    quota: new Set(),
    neverInitialize: new Set(),
    noProviderId: () => false,
  };
  /** Lines each controller logged, by its Deployment name (the Pod logs serve them). */
  readonly logs = new Map<string, string[]>();
  private readonly dueAt = new Map<string, number>();
  private readonly busy = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private unwatch: (() => void) | undefined;
  private reconciling = false;
  private externalIps = 0;
  private again = false;
  /** Called after every controller log line (the world serves them as Pod logs). */
  onLog: (() => void) | undefined;
  /** Set by the stand-in `clusterctl init`: the controllers only act once installed. */
  installed = false;

  constructor(
    private readonly store: KubeStore,
    private readonly compute: ComputeEngine,
    private readonly workloads: WorkloadApis,
    options: { delays?: Partial<SimulatorDelays>; tickMs?: number } = {},
  ) {
    this.delays = { ...DEFAULT_DELAYS, ...options.delays };
    this.unwatch = store.watch(() => this.kick());
    this.timer = setInterval(() => this.kick(), options.tickMs ?? 20);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.unwatch?.();
    this.timer = undefined;
  }

  log(deployment: string, line: string): void {
    const lines = this.logs.get(deployment) ?? [];
    lines.push(`${new Date().toISOString()} ${line}`);
    this.logs.set(deployment, lines);
    this.onLog?.();
  }

  private kick(): void {
    if (!this.installed) return;
    if (this.reconciling) {
      this.again = true;
      return;
    }
    this.reconciling = true;
    void this.reconcileAll()
      .catch((error: unknown) => this.log('capi-controller-manager', `simulator error: ${String(error)}`))
      .finally(() => {
        this.reconciling = false;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** True once `delayMs` (as set now: tests change delays mid-way) has passed since this step was first asked about. */
  private due(key: string, delayMs: number): boolean {
    const now = Date.now();
    const since = this.dueAt.get(key);
    if (since === undefined) {
      this.dueAt.set(key, now);
      return delayMs <= 0;
    }
    return now >= since + delayMs;
  }

  /** Runs an async step once at a time per key. */
  private async once(key: string, step: () => Promise<void>): Promise<void> {
    if (this.busy.has(key)) return;
    this.busy.add(key);
    try {
      await step();
    } finally {
      this.busy.delete(key);
    }
  }

  private async reconcileAll(): Promise<void> {
    for (const cluster of this.store.list(CAPI, 'Cluster')) {
      if (cluster.metadata.deletionTimestamp) continue;
      await this.reconcileCluster(cluster);
    }
    for (const md of this.store.list(CAPI, 'MachineDeployment')) this.reconcileMachineDeployment(md);
    for (const config of this.store.list(CABPT, 'TalosConfig')) this.reconcileTalosConfig(config);
    for (const gm of this.store.list(CAPG, 'GCPMachine')) await this.reconcileGcpMachine(gm);
  }

  // ---- status helpers --------------------------------------------------------------------------

  private setStatus(
    o: KubeObject,
    change: (s: Record<string, unknown>) => Record<string, unknown>,
  ): KubeObject {
    const fresh = this.store.get(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name) ?? o;
    const next = change({ ...status(fresh) });
    if (JSON.stringify(next) === JSON.stringify(status(fresh))) return fresh;
    return this.store.updateStatus(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name, next);
  }

  private setSpec(
    o: KubeObject,
    change: (s: Record<string, unknown>) => Record<string, unknown>,
  ): KubeObject {
    const fresh = this.store.get(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name) ?? o;
    const next = change({ ...spec(fresh) });
    if (JSON.stringify(next) === JSON.stringify(spec(fresh))) return fresh;
    return this.store.update({ ...fresh, spec: next });
  }

  private static condition(type: string, ok: boolean, reason: string, message = '', v1beta1 = false) {
    const c: Record<string, unknown> = {
      type,
      status: ok ? 'True' : 'False',
      lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    };
    if (!ok || !v1beta1) c.reason = reason;
    if (!v1beta1 || message) c.message = message;
    if (v1beta1 && !ok) c.severity = 'Info';
    return c;
  }

  private static withConditions(
    s: Record<string, unknown>,
    conditions: Record<string, unknown>[],
  ): Record<string, unknown> {
    const old = Array.isArray(s.conditions) ? (s.conditions as Record<string, unknown>[]) : [];
    const merged = conditions.map((c) => {
      const prev = old.find((o) => o.type === c.type);
      // lastTransitionTime moves only when the status does.
      return prev && prev.status === c.status ? { ...c, lastTransitionTime: prev.lastTransitionTime } : c;
    });
    return {
      ...s,
      conditions: [...merged, ...old.filter((o) => !conditions.some((c) => c.type === o.type))],
    };
  }

  private event(o: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const key = `event:${o.kind}/${o.metadata.name}:${reason}:${message}`;
    if (this.dueAt.has(key)) return;
    this.dueAt.set(key, 0);
    this.store.recordEvent(o, type, reason, message);
  }

  private ownerRef(owner: KubeObject, controller = true) {
    return {
      apiVersion: owner.apiVersion,
      kind: owner.kind,
      name: owner.metadata.name,
      uid: owner.metadata.uid ?? '',
      controller,
      blockOwnerDeletion: true,
    };
  }

  private ensure(object: KubeObject): KubeObject {
    const found = this.store.get(
      object.apiVersion,
      object.kind,
      object.metadata.namespace,
      object.metadata.name,
    );
    return found ?? this.store.create(object);
  }

  // ---- CAPG: GCP resources -------------------------------------------------------------------

  private async gcp(collection: string, scope: string, body: Record<string, unknown>): Promise<void> {
    if (this.compute.find(collection, scope, String(body.name))) return;
    const op = this.compute.insert(collection, scope, body);
    await op.done;
    const done = this.compute.operation(op.scope, op.name);
    if (done.error) throw new Error(done.error.errors.map((e) => `${e.code}: ${e.message}`).join('; '));
  }

  private region(gcpCluster: KubeObject): string {
    return str(spec(gcpCluster).region, 'us-central1');
  }

  private async reconcileGcpCluster(cluster: KubeObject, gcpCluster: KubeObject): Promise<void> {
    const c = cluster.metadata.name;
    if (status(gcpCluster).ready === true) return;
    if (this.faults.quota.has(c)) {
      const message = `Reconcile error - googleapi: Error 403: Quota 'IN_USE_ADDRESSES' exceeded.  Limit: 8.0 in region ${this.region(gcpCluster)}., quotaExceeded`;
      this.event(gcpCluster, 'Warning', 'GCPClusterReconcile', message);
      if (this.due(`quota-log:${c}`, 0))
        this.log(
          'capg-controller-manager',
          `E Reconciler error controller=gcpcluster name=${gcpCluster.metadata.name} err="${message}"`,
        );
      return;
    }
    if (!this.due(`gcpcluster:${c}`, this.delays.infrastructureMs)) {
      this.event(gcpCluster, 'Normal', 'GCPClusterReconcile', 'Waiting for control-plane endpoint');
      return;
    }
    await this.once(`gcpcluster:${c}`, async () => {
      const region = this.region(gcpCluster);
      const zone = `${region}-a`;
      const project = str(spec(gcpCluster).project, this.compute.project);
      const network = (spec(gcpCluster).network ?? {}) as { name?: string };
      const networkName = network.name ?? 'default';
      const networkLink = `projects/${project}/global/networks/${networkName}`;
      const labels = (spec(gcpCluster).additionalLabels ?? {}) as Record<string, string>;
      try {
        await this.gcp('firewalls', 'global', {
          name: `allow-${c}-healthchecks`,
          network: networkLink,
          direction: 'INGRESS',
          sourceRanges: ['35.191.0.0/16', '130.211.0.0/22'],
          targetTags: [`${c}-control-plane`],
          allowed: [{ IPProtocol: 'TCP', ports: ['6443'] }],
        });
        await this.gcp('firewalls', 'global', {
          name: `allow-${c}-cluster`,
          network: networkLink,
          direction: 'INGRESS',
          sourceTags: [`${c}-control-plane`, `${c}-node`],
          targetTags: [`${c}-control-plane`, `${c}-node`],
          allowed: [{ IPProtocol: 'all' }],
        });
        await this.gcp('instanceGroups', `zones/${zone}`, {
          name: `${c}-apiserver-${zone}`,
          network: networkLink,
          namedPorts: [{ name: 'apiserver', port: 6443 }],
        });
        await this.gcp('healthChecks', 'global', {
          name: `${c}-apiserver`,
          type: 'HTTPS',
          httpsHealthCheck: { port: 6443, requestPath: '/readyz', portSpecification: 'USE_FIXED_PORT' },
          checkIntervalSec: 10,
          timeoutSec: 5,
          healthyThreshold: 5,
          unhealthyThreshold: 3,
        });
        await this.gcp('backendServices', 'global', {
          name: `${c}-apiserver`,
          loadBalancingScheme: 'EXTERNAL',
          protocol: 'TCP',
          portName: 'apiserver',
          timeoutSec: 600,
          healthChecks: [`projects/${project}/global/healthChecks/${c}-apiserver`],
          backends: [
            {
              group: `projects/${project}/zones/${zone}/instanceGroups/${c}-apiserver-${zone}`,
              balancingMode: 'UTILIZATION',
            },
          ],
        });
        await this.gcp('targetTcpProxies', 'global', {
          name: `${c}-apiserver`,
          service: `projects/${project}/global/backendServices/${c}-apiserver`,
        });
        await this.gcp('addresses', 'global', {
          name: `${c}-apiserver`,
          addressType: 'EXTERNAL',
          ipVersion: 'IPV4',
        });
        const address = str(
          this.compute.find('addresses', 'global', `${c}-apiserver`)?.body.address,
          '203.0.113.10',
        );
        await this.gcp('forwardingRules', 'global', {
          name: `${c}-apiserver`,
          IPAddress: address,
          IPProtocol: 'TCP',
          portRange: '443-443',
          loadBalancingScheme: 'EXTERNAL',
          target: `projects/${project}/global/targetTcpProxies/${c}-apiserver`,
          labels,
        });
        this.setSpec(gcpCluster, (s) => ({ ...s, controlPlaneEndpoint: { host: address, port: 443 } }));
        this.setStatus(gcpCluster, (s) => ({
          ...s,
          ready: true,
          network: {
            selfLink: `https://www.googleapis.com/compute/v1/${networkLink}`,
            firewallRules: {
              [`allow-${c}-healthchecks`]: `allow-${c}-healthchecks`,
              [`allow-${c}-cluster`]: `allow-${c}-cluster`,
            },
            apiServerIpAddress: `https://www.googleapis.com/compute/v1/projects/${project}/global/addresses/${c}-apiserver`,
            apiServerForwardingRule: `https://www.googleapis.com/compute/v1/projects/${project}/global/forwardingRules/${c}-apiserver`,
          },
          failureDomains: { [zone]: { controlPlane: true } },
        }));
        this.event(gcpCluster, 'Normal', 'GCPClusterReconcile', `Got control-plane endpoint - ${address}`);
        this.event(gcpCluster, 'Normal', 'GCPClusterReconcile', 'Reconciled');
        this.log(
          'capg-controller-manager',
          `I Reconciled GCPCluster ${gcpCluster.metadata.name} endpoint=${address}`,
        );
      } catch (error) {
        const message = `Reconcile error - ${error instanceof Error ? error.message : String(error)}`;
        this.event(gcpCluster, 'Warning', 'GCPClusterReconcile', message);
        this.log(
          'capg-controller-manager',
          `E Reconciler error controller=gcpcluster name=${gcpCluster.metadata.name} err="${message}"`,
        );
        this.dueAt.delete(`gcpcluster:${c}`);
      }
    });
  }

  // ---- CAPI Cluster + CACPPT -----------------------------------------------------------------

  private async reconcileCluster(cluster: KubeObject): Promise<void> {
    const ns = cluster.metadata.namespace;
    const infraRef = spec(cluster).infrastructureRef as { name?: string } | undefined;
    const cpRef = spec(cluster).controlPlaneRef as { name?: string } | undefined;
    const gcpCluster = infraRef?.name ? this.store.get(CAPG, 'GCPCluster', ns, infraRef.name) : undefined;
    const tcp = cpRef?.name ? this.store.get(CACPPT, 'TalosControlPlane', ns, cpRef.name) : undefined;
    if (gcpCluster) await this.reconcileGcpCluster(cluster, gcpCluster);
    const gcpFresh = gcpCluster
      ? this.store.get(CAPG, 'GCPCluster', ns, gcpCluster.metadata.name)
      : undefined;
    const infraReady = status(gcpFresh).ready === true;
    const endpoint = spec(gcpFresh).controlPlaneEndpoint as { host?: string; port?: number } | undefined;

    if (
      infraReady &&
      endpoint?.host &&
      !(spec(cluster).controlPlaneEndpoint as { host?: string } | undefined)?.host
    )
      this.setSpec(cluster, (s) => ({ ...s, controlPlaneEndpoint: endpoint }));

    const cpInitialized = status(tcp).initialized === true;
    this.setStatus(cluster, (s) => {
      const init: Record<string, boolean> = {};
      if (infraReady) init.infrastructureProvisioned = true;
      if (cpInitialized) init.controlPlaneInitialized = true;
      return {
        ...ControllerSimulator.withConditions(s, [
          infraReady
            ? ControllerSimulator.condition('InfrastructureReady', true, 'Ready')
            : ControllerSimulator.condition(
                'InfrastructureReady',
                false,
                gcpCluster ? 'NotReady' : 'ObjectDoesNotExist',
                gcpCluster ? 'GCPCluster status.ready is false' : 'GCPCluster does not exist',
              ),
          cpInitialized
            ? ControllerSimulator.condition('ControlPlaneInitialized', true, 'Initialized')
            : ControllerSimulator.condition(
                'ControlPlaneInitialized',
                false,
                'NotInitialized',
                'Control plane not yet initialized',
              ),
        ]),
        ...(Object.keys(init).length ? { initialization: init } : {}),
        phase: infraReady ? 'Provisioned' : 'Provisioning',
      };
    });
    if (!tcp || !infraReady) return;
    await this.reconcileControlPlane(cluster, tcp, endpoint);
  }

  private async reconcileControlPlane(
    cluster: KubeObject,
    tcp: KubeObject,
    endpoint: { host?: string; port?: number } | undefined,
  ): Promise<void> {
    const c = cluster.metadata.name;
    const ns = cluster.metadata.namespace;
    const tcpName = tcp.metadata.name;
    const replicas = Number(spec(tcp).replicas ?? 1);
    const machines = this.store
      .list(CAPI, 'Machine', ns)
      .filter((m) => m.metadata.labels?.[CP_NAME_LABEL] === tcpName);
    const template = spec(tcp).infrastructureTemplate as { name?: string } | undefined;
    const gmt = template?.name ? this.store.get(CAPG, 'GCPMachineTemplate', ns, template.name) : undefined;
    const cpConfig =
      (spec(tcp).controlPlaneConfig as { controlplane?: Record<string, unknown> } | undefined)
        ?.controlplane ?? {};
    for (let i = machines.length; i < replicas && gmt; i++) {
      const name = `${tcpName}-${random(5)}`;
      this.createMachine(
        cluster,
        tcp,
        name,
        { [CP_LABEL]: '', [CP_NAME_LABEL]: tcpName },
        gmt,
        cpConfig,
        str(spec(tcp).version, ''),
      );
    }

    // CACPPT writes the kubeconfig as soon as the endpoint is known (reconcileKubeconfig).
    if (endpoint?.host)
      await this.once(`kubeconfig:${c}`, async () => {
        if (this.store.get('v1', 'Secret', ns, `${c}-kubeconfig`)) return;
        const kubeconfig = await this.workloads.kubeconfigFor(c);
        this.ensure({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: {
            name: `${c}-kubeconfig`,
            namespace: ns,
            labels: { [CLUSTER_LABEL]: c },
            ownerReferences: [this.ownerRef(tcp)],
          },
          type: 'cluster.x-k8s.io/secret',
          data: { value: Buffer.from(kubeconfig).toString('base64') },
        });
      });

    const fresh = this.store
      .list(CAPI, 'Machine', ns)
      .filter((m) => m.metadata.labels?.[CP_NAME_LABEL] === tcpName);
    const withAddress = fresh.filter(
      (m) => Array.isArray(status(m).addresses) && (status(m).addresses as unknown[]).length > 0,
    );
    const initialized = status(tcp).initialized === true;
    let bootstrapped = initialized;
    const waiting = `rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp ${
      (withAddress[0]
        ? (status(withAddress[0]).addresses as { address: string }[])[0]?.address
        : undefined) ?? '10.0.0.2'
    }:50000: i/o timeout"`;
    if (
      !initialized &&
      withAddress.length > 0 &&
      !this.faults.neverInitialize.has(c) &&
      this.due(`bootstrap:${c}`, this.delays.controlPlaneMs)
    ) {
      bootstrapped = true;
      this.log(
        'cacppt-controller-manager',
        `I bootstrapping etcd on ${withAddress[0]?.metadata.name} cluster=${c}`,
      );
      await this.workloads.nodesFor(
        c,
        this.store.list(CAPI, 'Machine', ns).filter((m) => m.metadata.labels?.[CLUSTER_LABEL] === c),
      );
    }
    if (this.faults.neverInitialize.has(c) && withAddress.length > 0 && this.due(`never-log:${c}`, 0))
      this.log('cacppt-controller-manager', `E failed to bootstrap cluster=${c} err="${waiting}"`);
    this.setStatus(tcp, (s) => ({
      ...ControllerSimulator.withConditions(s, [
        ControllerSimulator.condition(
          'MachinesCreated',
          fresh.length >= replicas,
          'WaitingForMachines',
          '',
          true,
        ),
        bootstrapped
          ? ControllerSimulator.condition('MachinesBootstrapped', true, '', '', true)
          : ControllerSimulator.condition(
              'MachinesBootstrapped',
              false,
              'WaitingForTalosBoot',
              withAddress.length ? waiting : '',
              true,
            ),
        bootstrapped
          ? ControllerSimulator.condition('Available', true, '', '', true)
          : ControllerSimulator.condition('Available', false, 'WaitingForTalosBoot', '', true),
      ]),
      replicas: fresh.length,
      readyReplicas: 0,
      unavailableReplicas: fresh.length,
      initialized: bootstrapped,
      bootstrapped,
      ready: false,
      selector: `${CLUSTER_LABEL}=${c},${CP_LABEL}`,
    }));
    if (bootstrapped)
      await this.workloads.nodesFor(
        c,
        this.store.list(CAPI, 'Machine', ns).filter((m) => m.metadata.labels?.[CLUSTER_LABEL] === c),
      );
  }

  private createMachine(
    cluster: KubeObject,
    owner: KubeObject,
    name: string,
    labels: Record<string, string>,
    gmt: KubeObject,
    configSpec: Record<string, unknown>,
    version: string,
  ): void {
    const c = cluster.metadata.name;
    const ns = cluster.metadata.namespace;
    const allLabels = { [CLUSTER_LABEL]: c, ...labels };
    const machine = this.store.create({
      apiVersion: CAPI,
      kind: 'Machine',
      metadata: { name, namespace: ns, labels: allLabels, ownerReferences: [this.ownerRef(owner)] },
      spec: {
        clusterName: c,
        version,
        bootstrap: { configRef: { apiGroup: 'bootstrap.cluster.x-k8s.io', kind: 'TalosConfig', name } },
        infrastructureRef: { apiGroup: 'infrastructure.cluster.x-k8s.io', kind: 'GCPMachine', name },
      },
    });
    this.store.create({
      apiVersion: CABPT,
      kind: 'TalosConfig',
      metadata: { name, namespace: ns, labels: allLabels, ownerReferences: [this.ownerRef(machine)] },
      spec: configSpec,
    });
    const templateSpec = (spec(gmt).template as { spec?: Record<string, unknown> } | undefined)?.spec ?? {};
    this.store.create({
      apiVersion: CAPG,
      kind: 'GCPMachine',
      metadata: { name, namespace: ns, labels: allLabels, ownerReferences: [this.ownerRef(machine)] },
      spec: templateSpec,
    });
    this.setStatus(machine, (s) => ({
      ...ControllerSimulator.withConditions(s, [
        ControllerSimulator.condition(
          'BootstrapConfigReady',
          false,
          'NotReady',
          'TalosConfig status.ready is false',
        ),
        ControllerSimulator.condition(
          'InfrastructureReady',
          false,
          'NotReady',
          'GCPMachine status.ready is false',
        ),
      ]),
      phase: 'Pending',
    }));
  }

  // ---- CAPI MachineDeployment / MachineSet ---------------------------------------------------

  private reconcileMachineDeployment(md: KubeObject): void {
    const ns = md.metadata.namespace;
    const c = str(spec(md).clusterName, '');
    const cluster = this.store.get(CAPI, 'Cluster', ns, c);
    if (!cluster) return;
    const mdName = md.metadata.name;
    const replicas = Number(spec(md).replicas ?? 1);
    const template = (spec(md).template ?? {}) as {
      metadata?: { labels?: Record<string, string> };
      spec?: Record<string, unknown>;
    };
    let ms = this.store
      .list(CAPI, 'MachineSet', ns)
      .find((s) => s.metadata.labels?.['cluster.x-k8s.io/deployment-name'] === mdName);
    ms ??= this.store.create({
      apiVersion: CAPI,
      kind: 'MachineSet',
      metadata: {
        name: `${mdName}-${random(5)}`,
        namespace: ns,
        labels: {
          ...template.metadata?.labels,
          [CLUSTER_LABEL]: c,
          'cluster.x-k8s.io/deployment-name': mdName,
        },
        ownerReferences: [this.ownerRef(md)],
      },
      spec: { clusterName: c, replicas, selector: spec(md).selector, template },
    });
    const msName = ms.metadata.name;
    const machines = this.store
      .list(CAPI, 'Machine', ns)
      .filter((m) => m.metadata.labels?.['cluster.x-k8s.io/set-name'] === msName);
    const infra = (template.spec?.infrastructureRef ?? {}) as { name?: string };
    const bootstrap =
      (template.spec?.bootstrap as { configRef?: { name?: string } } | undefined)?.configRef ?? {};
    const gmt = infra.name ? this.store.get(CAPG, 'GCPMachineTemplate', ns, infra.name) : undefined;
    const tct = bootstrap.name ? this.store.get(CABPT, 'TalosConfigTemplate', ns, bootstrap.name) : undefined;
    const configSpec = (spec(tct).template as { spec?: Record<string, unknown> } | undefined)?.spec ?? {};
    for (let i = machines.length; i < replicas && gmt && tct; i++)
      this.createMachine(
        cluster,
        ms,
        `${msName}-${random(5)}`,
        {
          ...template.metadata?.labels,
          'cluster.x-k8s.io/deployment-name': mdName,
          'cluster.x-k8s.io/set-name': msName,
        },
        gmt,
        configSpec,
        str(template.spec?.version, ''),
      );
    const all = this.store
      .list(CAPI, 'Machine', ns)
      .filter((m) => m.metadata.labels?.['cluster.x-k8s.io/set-name'] === msName);
    const running = all.filter((m) => status(m).phase === 'Running').length;
    this.setStatus(md, (s) => ({
      ...ControllerSimulator.withConditions(s, [
        ControllerSimulator.condition(
          'Available',
          false,
          'NotAvailable',
          `${replicas} available replicas required, 0 available (nodes not Ready: no CNI yet)`,
        ),
      ]),
      replicas: all.length,
      readyReplicas: 0,
      availableReplicas: 0,
      upToDateReplicas: all.length,
      phase: running === replicas ? 'Running' : 'ScalingUp',
      selector: Object.entries(
        (spec(md).selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels ?? {},
      )
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    }));
  }

  // ---- CABPT -----------------------------------------------------------------------------------

  private reconcileTalosConfig(config: KubeObject): void {
    if (status(config).ready === true) return;
    const ns = config.metadata.namespace;
    const c = config.metadata.labels?.[CLUSTER_LABEL] ?? '';
    const name = config.metadata.name;
    const cluster = this.store.get(CAPI, 'Cluster', ns, c);
    const machine = this.store.get(CAPI, 'Machine', ns, name);
    if (!cluster || !machine) return;
    const isControlPlane = machine.metadata.labels?.[CP_LABEL] !== undefined;
    const cpInitialized =
      (status(cluster).initialization as { controlPlaneInitialized?: boolean } | undefined)
        ?.controlPlaneInitialized === true;
    // Workers join an initialised control plane; the first control-plane config is generated at once.
    if (!isControlPlane && !cpInitialized) return;
    if (!this.due(`talosconfig:${name}`, this.delays.bootstrapMs)) return;
    this.ensure({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: `${name}-bootstrap-data`,
        namespace: ns,
        labels: { [CLUSTER_LABEL]: c },
        ownerReferences: [this.ownerRef(config)],
      },
      type: 'cluster.x-k8s.io/secret',
      data: {
        value: Buffer.from(
          `version: v1alpha1\nmachine:\n  type: ${isControlPlane ? 'controlplane' : 'worker'}\n  token: ${random(6)}.${random(16)}\n`,
        ).toString('base64'),
      },
    });
    if (!this.store.get('v1', 'Secret', ns, `${c}-talosconfig`))
      this.ensure({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: `${c}-talosconfig`, namespace: ns, labels: { [CLUSTER_LABEL]: c } },
        data: {
          talosconfig: Buffer.from(
            `context: ${c}\ncontexts:\n  ${c}:\n    endpoints: []\n    ca: ${randomBytes(24).toString('base64')}\n    crt: ${randomBytes(24).toString('base64')}\n    key: ${randomBytes(24).toString('base64')}\n`,
          ).toString('base64'),
        },
      });
    this.setStatus(config, (s) => ({ ...s, ready: true, dataSecretName: `${name}-bootstrap-data` }));
    this.setSpec(machine, (s) => ({
      ...s,
      bootstrap: { ...(s.bootstrap as object), dataSecretName: `${name}-bootstrap-data` },
    }));
    this.setStatus(machine, (s) => ({
      ...ControllerSimulator.withConditions(s, [
        ControllerSimulator.condition('BootstrapConfigReady', true, 'Ready'),
      ]),
      initialization: { ...(s.initialization as object), bootstrapDataSecretCreated: true },
      phase: 'Provisioning',
    }));
    this.log(
      'cabpt-controller-manager',
      `I generated ${isControlPlane ? 'controlplane' : 'worker'} config for machine ${name}`,
    );
  }

  // ---- CAPG GCPMachine + CAPI Machine ----------------------------------------------------------

  private async reconcileGcpMachine(gm: KubeObject): Promise<void> {
    const ns = gm.metadata.namespace;
    const name = gm.metadata.name;
    const machine = this.store.get(CAPI, 'Machine', ns, name);
    if (!machine || status(gm).ready === true) return;
    const c = machine.metadata.labels?.[CLUSTER_LABEL] ?? '';
    const cluster = this.store.get(CAPI, 'Cluster', ns, c);
    const infraName = (spec(cluster).infrastructureRef as { name?: string } | undefined)?.name ?? c;
    const gcpCluster = this.store.get(CAPG, 'GCPCluster', ns, infraName);
    if (!cluster || !gcpCluster || status(gcpCluster).ready !== true) return;
    // CAPG waits for the bootstrap data before it creates the instance.
    if (!(spec(machine).bootstrap as { dataSecretName?: string } | undefined)?.dataSecretName) return;
    if (this.faults.noProviderId(machine)) {
      this.event(
        gm,
        'Warning',
        'GCPMachineReconcile',
        `Reconcile error - googleapi: Error 503: The zone '${this.region(gcpCluster)}-a' does not have enough resources available to fulfill the request., resourcePoolExhausted`,
      );
      return;
    }
    if (!this.due(`instance:${name}`, this.delays.instanceMs)) return;
    await this.once(`instance:${name}`, async () => {
      const region = this.region(gcpCluster);
      const zone = `${region}-a`;
      const project = str(spec(gcpCluster).project, this.compute.project);
      const role = machine.metadata.labels?.[CP_LABEL] !== undefined ? 'control-plane' : 'node';
      const g = spec(gm);
      const additional = {
        ...((spec(gcpCluster).additionalLabels ?? {}) as Record<string, string>),
        ...((g.additionalLabels ?? {}) as Record<string, string>),
      };
      const network = ((spec(gcpCluster).network ?? {}) as { name?: string }).name ?? 'default';
      try {
        await this.gcp('instances', `zones/${zone}`, {
          name,
          machineType: `zones/${zone}/machineTypes/${str(g.instanceType, 'n2-standard-2')}`,
          canIpForward: true,
          labels: { [`capg-cluster-${c}`]: 'owned', 'capg-role': role, ...lower(additional) },
          tags: { items: [`${c}-${role}`, c] },
          disks: [
            {
              boot: true,
              autoDelete: true,
              initializeParams: {
                diskSizeGb: str(g.rootDeviceSize, 30),
                diskType: `zones/${zone}/diskTypes/pd-standard`,
                sourceImage: g.image,
                labels: lower(additional),
              },
            },
          ],
          networkInterfaces: [
            {
              network: `projects/${project}/global/networks/${network}`,
              ...(typeof g.subnet === 'string'
                ? { subnetwork: `projects/${project}/regions/${region}/subnetworks/${g.subnet}` }
                : {}),
              ...(g.publicIP === true
                ? { accessConfigs: [{ type: 'ONE_TO_ONE_NAT', name: 'External NAT' }] }
                : {}),
            },
          ],
          serviceAccounts: [{ email: 'default', scopes: ['https://www.googleapis.com/auth/cloud-platform'] }],
        });
        const instance = this.compute.find('instances', `zones/${zone}`, name)?.body ?? {};
        const nic = ((instance.networkInterfaces as Record<string, unknown>[] | undefined) ?? [])[0] ?? {};
        const internal =
          typeof nic.networkIP === 'string'
            ? nic.networkIP
            : `10.0.0.${2 + this.store.list(CAPG, 'GCPMachine').indexOf(gm)}`;
        const natIP = ((nic.accessConfigs as { natIP?: string }[] | undefined) ?? [])[0]?.natIP;
        const addresses = [
          { type: 'InternalIP', address: internal },
          ...(g.publicIP === true
            ? [
                {
                  type: 'ExternalIP',
                  address: natIP ?? `203.0.113.${20 + (this.externalIps++ % 200)}`,
                },
              ]
            : []),
        ];
        if (role === 'control-plane') {
          const group = this.compute.find('instanceGroups', `zones/${zone}`, `${c}-apiserver-${zone}`);
          if (group)
            await this.compute.addInstances(`zones/${zone}`, `${c}-apiserver-${zone}`, [
              `projects/${project}/zones/${zone}/instances/${name}`,
            ]).done;
        }
        const providerID = `gce://${project}/${zone}/${name}`;
        this.setSpec(gm, (s) => ({ ...s, providerID }));
        this.setStatus(gm, (s) => ({ ...s, ready: true, instanceState: 'RUNNING', addresses }));
        this.event(
          gm,
          'Normal',
          'GCPMachineReconcile',
          `GCPMachine instance is running - instance-id: ${providerID}`,
        );
        this.setSpec(machine, (s) => ({ ...s, providerID }));
        this.setStatus(machine, (s) => ({
          ...ControllerSimulator.withConditions(s, [
            ControllerSimulator.condition('InfrastructureReady', true, 'Ready'),
          ]),
          initialization: { ...(s.initialization as object), infrastructureProvisioned: true },
          addresses,
          phase: 'Provisioned',
        }));
        this.log(
          'capg-controller-manager',
          `I instance ${name} is running zone=${zone} internalIP=${internal}`,
        );
      } catch (error) {
        const message = `Reconcile error - ${error instanceof Error ? error.message : String(error)}`;
        this.event(gm, 'Warning', 'GCPMachineReconcile', message);
        this.log(
          'capg-controller-manager',
          `E Reconciler error controller=gcpmachine name=${name} err="${message}"`,
        );
        this.dueAt.delete(`instance:${name}`);
      }
    });
  }

  /** CAPI: a Machine whose Node appeared in the workload cluster gets its nodeRef and turns Running. */
  markNode(machine: KubeObject, nodeName: string): void {
    this.setStatus(machine, (s) => ({ ...s, nodeRef: { name: nodeName }, phase: 'Running' }));
  }
}

function str(value: unknown, fallback: string | number): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : String(fallback);
}

function lower(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()]));
}
