import {
  ApiException,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  VersionApi,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { STATUS_CODES } from 'node:http';
import type { KubeObject } from '../../core/cluster/kube-object.js';
import type { ClusterWatch, ManagementApi, ObjectRef } from '../../core/cluster/ports.js';
import type { RetryPolicy } from '../../core/retry-policy.js';
import { UserError } from '../../core/user-error.js';
import { httpStatus, isTransient } from '../http-errors.js';
import { withRetry } from '../retry.js';
import { namespaceWatch, type WatchTuning } from './cluster-watch.js';

/**
 * The management cluster through @kubernetes/client-node: server-side apply, watches (informers),
 * secrets, events and controller logs. Transient failures (5xx, 429, dropped connections) are
 * retried with the shared policy; anything else becomes a UserError naming the server.
 */

export const FIELD_MANAGER = 'talos-fleet';

export interface KubeApiOptions {
  policy: RetryPolicy;
  watch: WatchTuning;
  onRetry?: (message: string) => void;
}

/** The Kubernetes `Status` message of an ApiException, else the error's own message. */
export function kubeMessage(error: unknown): string {
  if (error instanceof ApiException) {
    const body = error.body as unknown;
    const parsed = typeof body === 'string' ? safeJson(body) : body;
    const message = (parsed as { message?: unknown } | undefined)?.message;
    const status = `${error.code} ${STATUS_CODES[error.code] ?? ''}`.trim();
    return typeof message === 'string' ? `${status}: ${message}` : status;
  }
  // fetch wraps the socket error: "fetch failed", caused by ECONNREFUSED or a TLS failure.
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string') parts.push(code);
    else if (typeof message === 'string' && !parts.includes(message)) parts.push(message);
    e = (e as { cause?: unknown }).cause;
  }
  return parts.length ? parts.join(': ') : String(error);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function statusOf(error: unknown): number | undefined {
  if (error instanceof ApiException) return error.code;
  return httpStatus(error);
}

export function kubeApi(kubeconfig: string, options: KubeApiOptions): ManagementApi {
  const config = new KubeConfig();
  config.loadFromString(kubeconfig);
  const server = config.getCurrentCluster()?.server ?? '(no server)';
  const objects = KubernetesObjectApi.makeApiClient(config);
  const core = config.makeApiClient(CoreV1Api);
  const retry = <T>(what: string, fn: () => Promise<T>) =>
    withRetry(fn, {
      policy: options.policy,
      retryable: (e) => {
        const s = statusOf(e);
        return s === undefined ? isTransient(e) : s === 429 || s >= 500;
      },
      onRetry: ({ attempt, delayMs, error }) =>
        options.onRetry?.(
          `${what}: attempt ${attempt} failed (${kubeMessage(error)}); retrying in ${delayMs} ms`,
        ),
    });
  const failed = (what: string, error: unknown): never => {
    if (error instanceof UserError) throw error;
    const status = statusOf(error);
    const fix =
      status === 401 || status === 403
        ? 'the management kubeconfig is not authorised there: give a kubeconfig with cluster-admin on the management cluster'
        : status === undefined
          ? 'check that the management cluster is running and that this runner can reach its API server'
          : 'see the message; re-run once the management cluster answers';
    throw new UserError(`${what} on the management cluster ${server} failed: ${kubeMessage(error)}`, {
      fix,
      title: 'Management cluster',
      cause: error,
    });
  };

  return {
    server,
    async version() {
      try {
        const info = await retry('GET /version', () => config.makeApiClient(VersionApi).getCode());
        // /version is readable without credentials on most clusters: check that we are authorised too.
        await retry('GET /api/v1/namespaces', () => core.listNamespace({ limit: 1 }));
        return info.gitVersion;
      } catch (error) {
        return failed('connecting', error);
      }
    },
    async providers() {
      try {
        const list = await retry('list providers', () =>
          objects.list('clusterctl.cluster.x-k8s.io/v1alpha3', 'Provider'),
        );
        return list.items as KubeObject[];
      } catch (error) {
        // No inventory CRD yet: clusterctl never ran on this cluster.
        const s = statusOf(error);
        if (
          s === 404 ||
          (error instanceof Error &&
            /Unrecognized API version and kind|does not have a resource/i.test(error.message))
        )
          return [];
        return failed('reading the clusterctl inventory', error);
      }
    },
    async apply(list) {
      for (const object of list) {
        try {
          await retry(`apply ${object.kind} ${object.metadata.name ?? ''}`, () =>
            objects.patch(
              object as KubernetesObject,
              undefined,
              undefined,
              FIELD_MANAGER,
              // The plan is the source of truth for these fields: take them over from any other
              // manager (as Flux and clusterctl move do) instead of failing on a 409.
              true,
              PatchStrategy.ServerSideApply,
            ),
          );
        } catch (error) {
          const s = statusOf(error);
          if (s === 422 || s === 400)
            throw new UserError(
              `the management cluster refused ${object.kind} ${object.metadata.name ?? ''}: ${kubeMessage(error)}`,
              {
                fix: 'the plan and the installed provider CRDs disagree: re-plan with this talos-fleet version and check the provider versions',
                title: 'Apply refused',
              },
            );
          return failed(`applying ${object.kind} ${object.metadata.name ?? ''}`, error);
        }
      }
    },
    async watchClusters(namespace): Promise<ClusterWatch> {
      try {
        return await namespaceWatch(config, objects, namespace, options.watch);
      } catch (error) {
        return failed('watching the Cluster API objects', error);
      }
    },
    async secretValue(namespace, name, key) {
      try {
        const secret = await retry(`read Secret ${name}`, () =>
          core.readNamespacedSecret({ name, namespace }),
        );
        const data = secret.data?.[key];
        return data === undefined ? undefined : Buffer.from(data, 'base64').toString('utf8');
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        return failed(`reading Secret ${namespace}/${name}`, error);
      }
    },
    async warningEvents(namespace, refs: readonly ObjectRef[]) {
      const lines: string[] = [];
      for (const ref of refs) {
        if (!ref.name) continue;
        const list = await retry('list events', () =>
          core.listNamespacedEvent({
            namespace,
            fieldSelector: `involvedObject.kind=${ref.kind},involvedObject.name=${ref.name}`,
          }),
        );
        for (const e of list.items)
          if (e.type === 'Warning')
            lines.push(`${ref.kind} ${ref.name}: ${e.reason ?? ''}: ${e.message ?? ''}`);
      }
      return [...new Set(lines)];
    },
    async events(namespace) {
      const list = await retry('list events', () => core.listNamespacedEvent({ namespace }));
      return list.items.map(
        (e) =>
          `${String(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '')} ${e.type ?? ''} ${e.involvedObject.kind ?? ''}/${e.involvedObject.name ?? ''} ${e.reason ?? ''}: ${e.message ?? ''}`,
      );
    },
    async controllerLog(namespace, deployment, tailLines) {
      const pods = await retry('list pods', () => core.listNamespacedPod({ namespace }));
      const pod = pods.items.find((p) => p.metadata?.name?.startsWith(`${deployment}-`));
      if (!pod?.metadata?.name) return `(no pod of ${namespace}/${deployment})`;
      const name = pod.metadata.name;
      return retry(`log of ${name}`, () =>
        core.readNamespacedPodLog({ name, namespace, container: 'manager', tailLines }),
      );
    },
  };
}
