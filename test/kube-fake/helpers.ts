import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  Watch,
} from '@kubernetes/client-node';
import { FakeKubeApi, type FakeKubeOptions, type KubeObject } from '../fakes/kubernetes/fake-kube.js';

export interface Clients {
  api: FakeKubeApi;
  kc: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  custom: CustomObjectsApi;
  objects: KubernetesObjectApi;
  watch: Watch;
}

const started: FakeKubeApi[] = [];

/** A fake cluster and the real client-node clients pointed at it through its kubeconfig. */
export async function cluster(options: FakeKubeOptions = {}): Promise<Clients> {
  const api = await FakeKubeApi.start(options);
  started.push(api);
  const kc = new KubeConfig();
  kc.loadFromString(api.kubeconfig());
  return {
    api,
    kc,
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
    objects: KubernetesObjectApi.makeApiClient(kc),
    watch: new Watch(kc),
  };
}

/** Server-side apply through the real client (KubernetesObjectApi.patch with apply-patch+yaml). */
export async function apply(
  objects: KubernetesObjectApi,
  object: object,
  fieldManager: string,
  force = false,
): Promise<KubeObject> {
  const applied = await objects.patch(
    object,
    undefined,
    undefined,
    fieldManager,
    force,
    PatchStrategy.ServerSideApply,
  );
  return applied as unknown as KubeObject;
}

export async function closeAll(): Promise<void> {
  await Promise.all(started.splice(0).map((a) => a.close()));
}

/** The Status body of a failed client call. */
export async function statusOf(promise: Promise<unknown>): Promise<{
  code: number;
  reason: string;
  message: string;
  details?: { causes?: { reason: string; message: string; field?: string }[] } & Record<string, unknown>;
}> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiException) {
      const body: unknown = typeof error.body === 'string' ? JSON.parse(error.body) : error.body;
      return body as never;
    }
    throw error;
  }
  throw new Error('expected the call to fail');
}

export interface Seen {
  type: string;
  object: { metadata?: { name?: string; resourceVersion?: string }; [k: string]: unknown };
}

/** Starts a watch with the real client and collects its events until `done`. */
export async function collectWatch(
  watch: Watch,
  path: string,
  query: Record<string, string | number | boolean | undefined>,
): Promise<{
  events: Seen[];
  done: Promise<unknown>;
  abort: () => void;
  until: (n: number, timeoutMs?: number) => Promise<Seen[]>;
}> {
  const events: Seen[] = [];
  let finish: (err: unknown) => void = () => undefined;
  const done = new Promise<unknown>((resolve) => (finish = resolve));
  const waiters: { n: number; resolve: () => void }[] = [];
  const controller = await watch.watch(
    path,
    query,
    (type, object: Seen['object']) => {
      events.push({ type, object });
      for (const w of waiters.filter((w) => events.length >= w.n)) w.resolve();
    },
    (err) => finish(err),
  );
  return {
    events,
    done,
    abort: () => controller.abort(),
    until: (n, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        if (events.length >= n) return resolve(events);
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `saw ${events.length} events, wanted ${n}: ${JSON.stringify(events.map((e) => e.type))}`,
              ),
            ),
          timeoutMs,
        );
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve(events);
          },
        });
      }),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function eventually<T>(check: () => T | undefined | false, timeoutMs = 3000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await sleep(5);
  }
}
