import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import type { ManagementPort, WorkloadPort } from '../../core/mesh/ports.js';
import type { RetryPolicy } from '../../core/retry-policy.js';
import { UserError } from '../../core/user-error.js';
import { describeError } from '../../core/http-error.js';
import { httpStatus, isTransient } from '../http-errors.js';
import { retryingCall } from '../retry.js';

/**
 * The Kubernetes calls of the mesh flow, through @kubernetes/client-node (loaded after the entry's
 * first log line). Every credential in a kubeconfig is masked the moment the file is read.
 */

type ClientNode = typeof import('@kubernetes/client-node');
const FIELD_MANAGER = 'talos-fleet';
const CAPI_GROUP = 'cluster.x-k8s.io';
const CAPI_VERSION = 'v1beta2';

export interface KubeOptions {
  policy: RetryPolicy;
  mask: (secret: string) => void;
  onRetry: (message: string) => void;
}

/** Loads a kubeconfig's text, masking its tokens, keys and passwords first. */
export async function loadKubeconfig(
  text: string,
  where: string,
  mask: (s: string) => void,
): Promise<{ kc: KubeConfig; k8s: ClientNode }> {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  try {
    kc.loadFromString(text);
  } catch (error) {
    throw new UserError(
      `${where} is not a kubeconfig: ${error instanceof Error ? error.message : String(error)}`,
      {
        fix: 'pass the kubeconfig file the cluster action wrote',
      },
    );
  }
  for (const u of kc.getUsers()) for (const s of [u.token, u.keyData, u.password, u.certData]) if (s) mask(s);
  if (!kc.getCurrentCluster())
    throw new UserError(`${where} has no current cluster.`, {
      fix: 'pass the kubeconfig file the cluster action wrote',
    });
  return { kc, k8s };
}

function call<T>(what: string, fn: () => Promise<T>, o: KubeOptions): Promise<T> {
  return retryingCall(what, fn, {
    policy: o.policy,
    retryable: isTransient,
    describe: describeError,
    log: o.onRetry,
  });
}

function unreachable(server: string, what: string, error: unknown): UserError {
  const status = httpStatus(error);
  return new UserError(
    `${what} at ${server} failed: ${status === 401 || status === 403 ? `HTTP ${status} (the credentials are not accepted)` : error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    {
      fix: 'check that the kubeconfig is the one the cluster action wrote for this fleet, and that the cluster is up',
      cause: error,
    },
  );
}

export async function managementApi(text: string, where: string, o: KubeOptions): Promise<ManagementPort> {
  const { kc, k8s } = await loadKubeconfig(text, where, o.mask);
  const server = kc.getCurrentCluster()?.server ?? '?';
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  return {
    async listMachines(namespace) {
      try {
        const list = (await call(
          'listing Machines',
          () =>
            custom.listNamespacedCustomObject({
              group: CAPI_GROUP,
              version: CAPI_VERSION,
              namespace,
              plural: 'machines',
            }),
          o,
        )) as { items?: unknown[] };
        return list.items ?? [];
      } catch (error) {
        throw unreachable(server, 'Listing the Machines in the management cluster', error);
      }
    },
    async clusterEndpoint(namespace, capiName) {
      try {
        const cluster = (await call(
          `reading Cluster ${capiName}`,
          () =>
            custom.getNamespacedCustomObject({
              group: CAPI_GROUP,
              version: CAPI_VERSION,
              namespace,
              plural: 'clusters',
              name: capiName,
            }),
          o,
        )) as { spec?: { controlPlaneEndpoint?: { host?: unknown; port?: unknown } } };
        const ep = cluster.spec?.controlPlaneEndpoint;
        if (typeof ep?.host !== 'string' || ep.host === '') return undefined;
        return `https://${ep.host}:${typeof ep.port === 'number' && ep.port > 0 ? ep.port : 443}`;
      } catch (error) {
        if (httpStatus(error) === 404) return undefined;
        throw unreachable(
          server,
          `Reading Cluster ${namespace}/${capiName} in the management cluster`,
          error,
        );
      }
    },
  };
}

export async function workloadApi(text: string, where: string, o: KubeOptions): Promise<WorkloadPort> {
  const { kc, k8s } = await loadKubeconfig(text, where, o.mask);
  const server = kc.getCurrentCluster()?.server ?? '?';
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
  const guard = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await call(what, fn, o);
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw unreachable(server, what, error);
    }
  };
  return {
    server,
    async listNodes() {
      return (await guard('listing Nodes', () => core.listNode())).items;
    },
    async apply(list) {
      for (const object of list)
        await guard(
          `applying ${String(object.kind)} ${String((object.metadata as { name?: string } | undefined)?.name)}`,
          () =>
            objects.patch(
              object as KubernetesObject,
              undefined,
              undefined,
              FIELD_MANAGER,
              true,
              k8s.PatchStrategy.ServerSideApply,
            ),
        );
    },
    async podLogs(namespace, labelSelector, options) {
      const pods = await guard(`listing pods ${labelSelector}`, () =>
        core.listNamespacedPod({ namespace, labelSelector }),
      );
      const running = pods.items.filter((p) => p.status?.phase === 'Running' || p.status?.phase === 'Failed');
      return Promise.all(
        running.map(async (p) => {
          const name = p.metadata?.name ?? '?';
          try {
            const text = await call(
              `reading the log of ${name}`,
              () =>
                core.readNamespacedPodLog({
                  name,
                  namespace,
                  ...(options.container ? { container: options.container } : {}),
                  ...(options.tailLines ? { tailLines: options.tailLines } : {}),
                }),
              o,
            );
            return { pod: name, text };
          } catch (error) {
            if (httpStatus(error) === 400 || httpStatus(error) === 404) return { pod: name, text: '' };
            throw unreachable(server, `reading the log of ${namespace}/${name}`, error);
          }
        }),
      );
    },
    async readSecret(namespace, name) {
      try {
        const secret = await call(
          `reading Secret ${namespace}/${name}`,
          () => core.readNamespacedSecret({ name, namespace }),
          o,
        );
        const data: Record<string, string> = {};
        for (const [k, v] of Object.entries(secret.data ?? {}))
          data[k] = Buffer.from(v, 'base64').toString('utf8');
        return data;
      } catch (error) {
        if (httpStatus(error) === 404) return undefined;
        throw unreachable(server, `reading Secret ${namespace}/${name}`, error);
      }
    },
    async createSecret(namespace, name, data, labels) {
      const secret: Record<string, unknown> = {
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'Opaque',
        metadata: { name, namespace, labels },
        data: Object.fromEntries(
          Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
        ),
      };
      try {
        await call(
          `creating Secret ${namespace}/${name}`,
          () => objects.create(secret as KubernetesObject),
          o,
        );
        return 'created';
      } catch (error) {
        if (httpStatus(error) === 409) return 'exists';
        throw unreachable(server, `creating Secret ${namespace}/${name}`, error);
      }
    },
  };
}
