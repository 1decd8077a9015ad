import type { DiskType } from '../fleet/disk-type.js';
import type { ImageChoice } from '../fleet/image.js';
import type { Versions } from '../fleet/versions.js';

/** The fleet with every default applied and every range allocated: what the renderers read. */

export interface MachinePool {
  replicas: number;
  machineType: string;
  diskSizeGb: number;
  /** Boot disk type (GCPMachineTemplate `rootDeviceType`), chosen for the machine series. */
  diskType: DiskType;
}

/** One worker MachineDeployment: the pool is spread over the cluster's zones, one per zone. */
export interface WorkerDeployment {
  name: string;
  /** The zone, as the MachineDeployment's `failureDomain`. */
  zone: string;
  replicas: number;
}

export interface ResolvedCluster {
  index: number;
  name: string;
  /** Cluster API Cluster name, `<fleet>--<name>`; CAPG derives its GCP names from it. */
  capiName: string;
  region: string;
  zones: string[];
  id: number;
  podCidr: string;
  serviceCidr: string;
  nodeCidr: string;
  allocated: { id: boolean; podCidr: boolean; serviceCidr: boolean; nodeCidr: boolean };
  controlPlane: MachinePool;
  workers: MachinePool;
  workerDeployments: WorkerDeployment[];
  subnetName: string;
  /** Names of the other meshed clusters (empty without a mesh). */
  peers: string[];
}

export interface ResolvedFleet {
  name: string;
  project: string;
  network: { name: string; create: boolean; selfLink: string };
  ttl: string;
  expiresAt: number;
  labels: Record<string, string>;
  versions: Versions;
  image: ImageChoice;
  /** Who may reach Talos apid (TCP 50000) on control planes. */
  talosApiSourceRanges: string[];
  /** Spec keys still read under a deprecated name, each with its replacement. */
  deprecatedKeys: { key: string; replacement: string }[];
  mesh: { enabled: boolean; datapath: 'vxlan' | 'geneve'; apiserverNodePort: number };
  /** GCPMachineTemplate `serviceAccounts` of every machine. */
  nodeServiceAccount: { email: string; scopes: string[] };
  clusters: ResolvedCluster[];
}

export const NAMESPACE = 'default';
