import {
  type KubeConfig,
  type KubernetesObject,
  type KubernetesObjectApi,
  ListWatch,
  Watch,
} from '@kubernetes/client-node';
import type { KubeObject } from '../../core/cluster/kube-object.js';
import type { ClusterWatch } from '../../core/cluster/ports.js';

/**
 * The Cluster API objects of one namespace, kept by client-node's ListWatch informers (one per
 * kind, shared by every cluster of the fleet, so requests do not grow with the cluster count).
 * ListWatch already relists after 410 Gone (an HTTP 410, or an ERROR event with code 410 as the
 * watch cache sends it) and resumes from the last resourceVersion when a stream ends; two
 * things are added here:
 * - every watch asks for bookmarks and for `timeoutSeconds` below client-node's 30 s idle
 *   timeout (Watch.requestTimeoutMs), so the server ends idle streams cleanly and ListWatch
 *   resumes them, instead of the client aborting them;
 * - a stream that fails (a dropped connection) makes ListWatch stop and report an error; it is
 *   started again after a backoff, from the resourceVersion it last saw.
 */

export interface WatchTuning {
  /** Server-side timeout of each watch request, in seconds (< 30, client-node's idle timeout). */
  timeoutSeconds: number;
  /** First delay before restarting a failed watch; doubles up to 16×. */
  restartDelayMs: number;
  onError?: (message: string) => void;
}

export const DEFAULT_WATCH_TUNING: WatchTuning = { timeoutSeconds: 25, restartDelayMs: 1000 };

class TunedWatch extends Watch {
  constructor(
    config: KubeConfig,
    private readonly timeoutSeconds: number,
  ) {
    super(config);
  }

  override watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: unknown, watchObj?: unknown) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController> {
    return super.watch(
      path,
      { ...queryParams, allowWatchBookmarks: true, timeoutSeconds: this.timeoutSeconds },
      callback,
      done,
    );
  }
}

const KINDS = [
  { apiVersion: 'cluster.x-k8s.io/v1beta2', kind: 'Cluster', plural: 'clusters' },
  {
    apiVersion: 'controlplane.cluster.x-k8s.io/v1alpha3',
    kind: 'TalosControlPlane',
    plural: 'taloscontrolplanes',
  },
  { apiVersion: 'cluster.x-k8s.io/v1beta2', kind: 'MachineDeployment', plural: 'machinedeployments' },
  { apiVersion: 'cluster.x-k8s.io/v1beta2', kind: 'Machine', plural: 'machines' },
] as const;

const CLUSTER_LABEL = 'cluster.x-k8s.io/cluster-name';

export async function namespaceWatch(
  config: KubeConfig,
  objects: KubernetesObjectApi,
  namespace: string,
  tuning: WatchTuning,
): Promise<ClusterWatch> {
  const listeners: (() => void)[] = [];
  const changed = () => {
    for (const l of listeners) l();
  };
  const watch = new TunedWatch(config, tuning.timeoutSeconds);
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const informers = KINDS.map((k) => {
    const path = `/apis/${k.apiVersion}/namespaces/${namespace}/${k.plural}`;
    const informer = new ListWatch<KubernetesObject>(
      path,
      watch,
      () => objects.list(k.apiVersion, k.kind, namespace),
      false,
    );
    let failures = 0;
    informer.on('add', changed);
    informer.on('update', changed);
    informer.on('delete', changed);
    informer.on('connect', () => {
      failures = 0;
    });
    informer.on('error', (error: unknown) => {
      if (stopped) return;
      failures++;
      const delay = tuning.restartDelayMs * 2 ** Math.min(4, failures - 1);
      tuning.onError?.(
        `watch of ${k.kind} objects failed (${error instanceof Error ? error.message : String(error)}); restarting in ${delay} ms`,
      );
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopped) void informer.start();
      }, delay);
      timers.add(timer);
    });
    return { kind: k.kind, informer };
  });
  await Promise.all(informers.map((i) => i.informer.start()));

  const ofCluster = (kind: string, capiName: string): KubeObject[] =>
    (informers.find((i) => i.kind === kind)?.informer.list(namespace) ?? []).filter(
      (o) =>
        (o as KubeObject).metadata.labels?.[CLUSTER_LABEL] === capiName ||
        (kind === 'Cluster' && o.metadata?.name === capiName),
    ) as KubeObject[];

  return {
    objects(capiName) {
      const cluster = ofCluster('Cluster', capiName).find((o) => o.metadata.name === capiName);
      const cpName = (cluster?.spec as { controlPlaneRef?: { name?: string } } | undefined)?.controlPlaneRef
        ?.name;
      const controlPlane = (
        informers.find((i) => i.kind === 'TalosControlPlane')?.informer.list(namespace) ?? []
      ).find((o) => o.metadata?.name === cpName) as KubeObject | undefined;
      return {
        cluster,
        controlPlane,
        machineDeployments: ofCluster('MachineDeployment', capiName),
        machines: ofCluster('Machine', capiName),
      };
    },
    onChange(listener) {
      listeners.push(listener);
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      await Promise.all(informers.map((i) => i.informer.stop()));
    },
  };
}
