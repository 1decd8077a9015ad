import type { FleetCaPem } from './ca.js';

/** The small interfaces the mesh flow drives; src/adapters implements them. */

/** The management cluster, read only. */
export interface ManagementPort {
  /** CAPI Machines (cluster.x-k8s.io) in the namespace, as raw objects. */
  listMachines(namespace: string): Promise<unknown[]>;
  /** `spec.controlPlaneEndpoint` of a CAPI Cluster as `https://host:port`; undefined when absent or not set yet. */
  clusterEndpoint(namespace: string, capiName: string): Promise<string | undefined>;
}

export interface PodLog {
  pod: string;
  text: string;
}

/** One workload cluster's API. */
export interface WorkloadPort {
  /** The `server` of the kubeconfig, for the wrong-cluster check. */
  readonly server: string;
  listNodes(): Promise<unknown[]>;
  /** Server-side apply, field manager talos-fleet; creates what is missing. */
  apply(objects: readonly Record<string, unknown>[]): Promise<void>;
  /** Last `tailLines` of each running pod's log matching the selector (a container's, when named). */
  podLogs(
    namespace: string,
    labelSelector: string,
    options: { tailLines?: number; container?: string },
  ): Promise<PodLog[]>;
  /** Reads a Secret's decoded data; undefined when it does not exist. */
  readSecret(namespace: string, name: string): Promise<Record<string, string> | undefined>;
  /** Creates the Secret when absent; 'exists' when someone made it first (nothing is overwritten). */
  createSecret(
    namespace: string,
    name: string,
    data: Record<string, string>,
    labels: Record<string, string>,
  ): Promise<'created' | 'exists'>;
}

/** The result of a CLI run; `output` is stdout and stderr interleaved as printed. */
export interface ToolRun {
  code: number;
  output: string;
}

/** A chart the helm runs use: a local archive or folder. */
export interface ChartRef {
  /** What helm is given: the path of the pulled archive, or the user's folder/archive. */
  path: string;
  version: string;
  /** For messages: where it came from. */
  source: string;
}

export interface HelmPort {
  /** Pulls the official chart at the version once (so every cluster installs the same bytes), or checks a local chart. */
  chart(version: string, local: string | undefined): Promise<ChartRef>;
  /** `helm template`: renders with the values, checking them against the chart's values.schema.json and its templates. */
  template(chart: ChartRef, valuesFile: string): Promise<ToolRun>;
  /** `helm get values --all`-free user values of the installed release; undefined when there is none. */
  installedValues(
    kubeconfig: string,
  ): Promise<{ values: Record<string, unknown>; chartVersion: string } | undefined>;
  upgradeInstall(
    kubeconfig: string,
    chart: ChartRef,
    valuesFile: string,
    timeoutSeconds: number,
  ): Promise<ToolRun>;
}

export interface CiliumPort {
  status(kubeconfig: string, options: { wait: boolean; timeoutSeconds: number }): Promise<ToolRun>;
  clustermeshStatus(kubeconfig: string, options: { wait: boolean; timeoutSeconds: number }): Promise<ToolRun>;
  /** `cilium connectivity test --context from --multi-cluster to` over a merged kubeconfig. */
  connectivity(options: {
    kubeconfig: string;
    context: string;
    multiCluster: string;
    tests: readonly string[];
    namespace: string;
    junitFile: string;
    timeoutSeconds: number;
  }): Promise<ToolRun>;
}

/** Where the fleet CA is kept between jobs. */
export interface CaStorePort {
  /** Where, for messages ("gs://bucket/path", "Secret kube-system/... in cluster eu"). */
  readonly where: string;
  load(): Promise<FleetCaPem | undefined>;
  /** Stores it unless one exists; 'exists' when another job stored one first (then load it). */
  create(ca: FleetCaPem): Promise<'created' | 'exists'>;
}

export interface CaMaker {
  generate(): Promise<FleetCaPem>;
  /** Throws a UserError when a stored CA is unusable. */
  check(ca: FleetCaPem, where: string): Promise<void>;
}
