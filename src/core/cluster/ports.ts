import type { KubeObject } from './kube-object.js';

/** The small interfaces the cluster flow drives; src/adapters implements them. */

export interface ObjectRef {
  kind: string;
  name: string;
}

/** The Cluster API objects of one namespace, kept current by watches. */
export interface ClusterWatch {
  /** The objects of one Cluster API cluster (by its CAPI name) as last seen. */
  objects(capiName: string): {
    cluster: KubeObject | undefined;
    controlPlane: KubeObject | undefined;
    machineDeployments: KubeObject[];
    machines: KubeObject[];
  };
  /** Called after every change the watches see. */
  onChange(listener: () => void): void;
  stop(): Promise<void>;
}

export interface ManagementApi {
  /** The API server URL, for messages. */
  readonly server: string;
  /** `GET /version`: the gitVersion. UserError naming the server and its answer when unreachable or unauthorised. */
  version(): Promise<string>;
  /** clusterctl's provider inventory; empty when clusterctl never ran there. */
  providers(): Promise<KubeObject[]>;
  /** Server-side apply, field manager talos-fleet. */
  apply(objects: readonly KubeObject[]): Promise<void>;
  watchClusters(namespace: string): Promise<ClusterWatch>;
  /** One key of a Secret, decoded; undefined when the Secret or key does not exist yet. */
  secretValue(namespace: string, name: string, key: string): Promise<string | undefined>;
  /** Warning events of these objects, one line each (`GCPCluster x: Reason: message`). */
  warningEvents(namespace: string, objects: readonly ObjectRef[]): Promise<string[]>;
  /** Every event of the namespace, oldest first, one line each. */
  events(namespace: string): Promise<string[]>;
  /** The last lines of a controller's log (its Deployment's pods, container `manager`). */
  controllerLog(namespace: string, deployment: string, tailLines: number): Promise<string>;
}

export interface ClusterTools {
  /** Fails with a UserError naming the setup step when `tool` is not on PATH. */
  require(tool: 'kind' | 'clusterctl' | 'talosctl'): Promise<void>;
  kindClusters(): Promise<string[]>;
  kindCreate(name: string): Promise<void>;
  kindKubeconfig(name: string): Promise<string>;
  /** `clusterctl <args>` with these extra environment variables; output lines go to `onLine`. */
  clusterctl(
    args: readonly string[],
    env: Record<string, string>,
    onLine: (line: string) => void,
  ): Promise<string>;
  talosctl(args: readonly string[]): Promise<string>;
}

export interface FilesPort {
  read(path: string): Promise<string>;
  /** Writes with mode 0600 (kubeconfigs, talosconfigs), creating directories. */
  writeSecret(path: string, content: string): Promise<void>;
  writeText(path: string, content: string): Promise<void>;
}

export interface ArtifactPort {
  /** Uploads `files` (under `root`) as one workflow artifact; returns its id, or undefined when not on a runner. */
  upload(name: string, root: string, files: readonly string[]): Promise<string | undefined>;
}

export type { StatusSink } from '../status/sink.js';

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}
