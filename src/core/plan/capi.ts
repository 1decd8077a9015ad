import { NAMESPACE, type ResolvedCluster, type ResolvedFleet } from './model.js';
import { objectNames } from '../fleet/names.js';
import { datapathNeeds } from './network.js';
import type { TalosPatches } from './talos-patches.js';

/**
 * Cluster API objects for one cluster, against the pinned API versions: CAPI v1beta2 (Cluster,
 * MachineDeployment, MachineHealthCheck), CAPG v1beta1 (GCPCluster, GCPMachineTemplate), and the
 * Talos providers at v1alpha3 (TalosControlPlane, TalosConfigTemplate). Unlike the stale upstream
 * Talos GCP template it uses a served MachineHealthCheck API, disables the default CNI and
 * kube-proxy, and installs a cloud controller manager.
 */

export const API = {
  capi: 'cluster.x-k8s.io/v1beta2',
  capg: 'infrastructure.cluster.x-k8s.io/v1beta1',
  controlPlane: 'controlplane.cluster.x-k8s.io/v1alpha3',
  bootstrap: 'bootstrap.cluster.x-k8s.io/v1alpha3',
} as const;

const GROUP = {
  infrastructure: 'infrastructure.cluster.x-k8s.io',
  controlPlane: 'controlplane.cluster.x-k8s.io',
  bootstrap: 'bootstrap.cluster.x-k8s.io',
} as const;

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: Record<string, unknown>;
}

export function renderClusterObjects(
  fleet: ResolvedFleet,
  c: ResolvedCluster,
  patches: TalosPatches,
): KubeObject[] {
  const n = objectNames(c.capiName);
  const labels = {
    'cluster.x-k8s.io/cluster-name': c.capiName,
    'talos-fleet.dev/fleet': fleet.name,
    'talos-fleet.dev/cluster': c.name,
  };
  const meta = (name: string) => ({
    name,
    namespace: NAMESPACE,
    labels,
    annotations: { 'talos-fleet.dev/expires-at': String(fleet.expiresAt) },
  });
  const gcpLabels = { ...fleet.labels, 'talos-fleet-cluster': c.name };
  const image = { [fleet.image.field]: fleet.image.value };
  const needs = datapathNeeds(fleet.mesh.datapath, fleet.mesh.apiserverNodePort);
  const machineSpec = (pool: ResolvedCluster['workers'], publicIP: boolean) => ({
    instanceType: pool.machineType,
    ...image,
    subnet: c.subnetName,
    rootDeviceSize: pool.diskSizeGb,
    rootDeviceType: pool.diskType,
    // Control planes need a public address: the management cluster (kind on the runner) calls
    // Talos apid on :50000 to bootstrap etcd. Workers leave through Cloud NAT.
    publicIP,
    // CAPG enables IP forwarding unless told otherwise (cloud/scope/machine.go), which the
    // compute.vmCanIpForward organisation policy refuses; a tunnel datapath never forwards
    // packets for addresses that are not the node's.
    ipForwarding: needs.tunnel ? 'Disabled' : 'Enabled',
    serviceAccounts: { email: fleet.nodeServiceAccount.email, scopes: fleet.nodeServiceAccount.scopes },
    additionalLabels: gcpLabels,
  });
  const workerSelector = { 'cluster.x-k8s.io/cluster-name': c.capiName, 'talos-fleet.dev/pool': 'workers' };

  return [
    {
      apiVersion: API.capi,
      kind: 'Cluster',
      metadata: meta(n.cluster),
      spec: {
        clusterNetwork: {
          pods: { cidrBlocks: [c.podCidr] },
          services: { cidrBlocks: [c.serviceCidr] },
        },
        infrastructureRef: { apiGroup: GROUP.infrastructure, kind: 'GCPCluster', name: n.gcpCluster },
        controlPlaneRef: { apiGroup: GROUP.controlPlane, kind: 'TalosControlPlane', name: n.controlPlane },
      },
    },
    {
      apiVersion: API.capg,
      kind: 'GCPCluster',
      metadata: meta(n.gcpCluster),
      spec: {
        project: fleet.project,
        region: c.region,
        ...(c.zones.length ? { failureDomains: c.zones } : {}),
        network: {
          name: fleet.network.name,
          autoCreateSubnetworks: false,
          subnets: [{ name: c.subnetName, cidrBlock: c.nodeCidr, region: c.region }],
        },
        additionalLabels: gcpLabels,
      },
    },
    {
      apiVersion: API.controlPlane,
      kind: 'TalosControlPlane',
      metadata: meta(n.controlPlane),
      spec: {
        version: fleet.versions.kubernetes,
        replicas: c.controlPlane.replicas,
        infrastructureTemplate: {
          apiVersion: API.capg,
          kind: 'GCPMachineTemplate',
          name: n.controlPlaneTemplate,
        },
        controlPlaneConfig: {
          controlplane: {
            generateType: 'controlplane',
            talosVersion: patches.talosVersion,
            strategicPatches: patches.controlPlane,
          },
        },
      },
    },
    {
      apiVersion: API.capg,
      kind: 'GCPMachineTemplate',
      metadata: meta(n.controlPlaneTemplate),
      spec: { template: { spec: machineSpec(c.controlPlane, true) } },
    },
    ...c.workerDeployments.map((md) => ({
      apiVersion: API.capi,
      kind: 'MachineDeployment',
      metadata: meta(md.name),
      spec: {
        clusterName: c.capiName,
        replicas: md.replicas,
        selector: { matchLabels: { ...workerSelector, 'talos-fleet.dev/zone': md.zone } },
        template: {
          metadata: { labels: { ...workerSelector, 'talos-fleet.dev/zone': md.zone } },
          spec: {
            clusterName: c.capiName,
            version: fleet.versions.kubernetes,
            failureDomain: md.zone,
            bootstrap: {
              configRef: { apiGroup: GROUP.bootstrap, kind: 'TalosConfigTemplate', name: n.workersConfig },
            },
            infrastructureRef: {
              apiGroup: GROUP.infrastructure,
              kind: 'GCPMachineTemplate',
              name: n.workersTemplate,
            },
          },
        },
      },
    })),
    {
      apiVersion: API.capg,
      kind: 'GCPMachineTemplate',
      metadata: meta(n.workersTemplate),
      spec: { template: { spec: machineSpec(c.workers, false) } },
    },
    {
      apiVersion: API.bootstrap,
      kind: 'TalosConfigTemplate',
      metadata: meta(n.workersConfig),
      spec: {
        template: {
          spec: {
            generateType: 'worker',
            talosVersion: patches.talosVersion,
            strategicPatches: patches.workers,
          },
        },
      },
    },
    {
      apiVersion: API.capi,
      kind: 'MachineHealthCheck',
      metadata: meta(n.healthCheck),
      spec: {
        clusterName: c.capiName,
        selector: { matchLabels: workerSelector },
        checks: {
          nodeStartupTimeoutSeconds: 1200,
          unhealthyNodeConditions: [
            { type: 'Ready', status: 'Unknown', timeoutSeconds: 300 },
            { type: 'Ready', status: 'False', timeoutSeconds: 300 },
          ],
        },
        // CAPI scales a percentage down (cluster-api `core/reconcilers/machinehealthcheck/
        // machinehealthcheck_controller.go` getMaxUnhealthy), so 40% of 1 or 2 workers is 0 and
        // nothing is ever remediated. A count keeps the 40% guard for large pools, and 1 lets any
        // pool replace one machine.
        remediation: {
          triggerIf: { unhealthyLessThanOrEqualTo: Math.max(1, Math.floor((c.workers.replicas * 2) / 5)) },
        },
      },
    },
  ];
}
