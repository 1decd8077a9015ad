import { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { namespaceWatch } from '../../src/adapters/kubernetes/cluster-watch.js';
import type { ClusterWatch } from '../../src/core/cluster/ports.js';
import { FakeKubeApi, type KubeObject } from '../fakes/kubernetes/fake-kube.js';

/** The watches behind the cluster flow, with the real client-node, against the fake API server. */

let api: FakeKubeApi;
let watch: ClusterWatch | undefined;

beforeEach(async () => {
  api = await FakeKubeApi.start({ name: 'management', secondMs: 50, bookmarkIntervalMs: 20, watchWindow: 5 });
});
afterEach(async () => {
  await watch?.stop();
  watch = undefined;
  await api.close();
});

const machine = (name: string, ip?: string): KubeObject => ({
  apiVersion: 'cluster.x-k8s.io/v1beta2',
  kind: 'Machine',
  metadata: { name, namespace: 'default', labels: { 'cluster.x-k8s.io/cluster-name': 'c1' } },
  spec: {
    clusterName: 'c1',
    bootstrap: { configRef: { apiGroup: 'bootstrap.cluster.x-k8s.io', kind: 'TalosConfig', name } },
    infrastructureRef: { apiGroup: 'infrastructure.cluster.x-k8s.io', kind: 'GCPMachine', name },
  },
  ...(ip ? { status: { addresses: [{ type: 'InternalIP', address: ip }] } } : {}),
});

async function start(timeoutSeconds = 1) {
  const config = new KubeConfig();
  config.loadFromString(api.kubeconfig());
  const errors: string[] = [];
  watch = await namespaceWatch(config, KubernetesObjectApi.makeApiClient(config), 'default', {
    timeoutSeconds,
    restartDelayMs: 10,
    onError: (m) => errors.push(m),
  });
  return { watch, errors };
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const names = (w: ClusterWatch) =>
  w
    .objects('c1')
    .machines.map((m) => m.metadata.name)
    .sort();

describe('cluster watch', () => {
  it('lists, then follows changes of every kind', async () => {
    api.store.create(machine('m1'));
    const { watch: w } = await start();
    expect(names(w)).toEqual(['m1']);
    let changes = 0;
    w.onChange(() => changes++);
    api.store.create(machine('m2', '10.0.0.3'));
    await until(() => names(w).length === 2);
    expect(changes).toBeGreaterThan(0);
  });

  it('resumes from the last resourceVersion after a dropped stream, without relisting', async () => {
    const { watch: w } = await start(20);
    await until(() => api.openWatches() === 4);
    const lists = api.countRequests({ verb: 'list' });
    expect(api.dropWatches((r) => r.endsWith('machines'))).toBe(1);
    api.store.create(machine('m3'));
    await until(() => names(w).includes('m3'));
    expect(api.countRequests({ verb: 'list' })).toBe(lists);
  });

  it('relists after 410 Gone, as an ERROR event and as an HTTP 410', async () => {
    for (const as of ['event', 'http'] as const) {
      api.expiredWatchAs = as;
      const { watch: w } = await start(20);
      await until(() => api.openWatches() >= 4);
      const lists = api.countRequests({ verb: 'list', resource: 'cluster.x-k8s.io/machines' });
      // Push the window past the watch's resourceVersion while the stream is down.
      api.dropWatches((r) => r.endsWith('machines'));
      for (let i = 0; i < 12; i++) api.store.create(machine(`${as}-${i}`));
      await until(() => names(w).filter((n) => n?.startsWith(as)).length === 12);
      expect(api.countRequests({ verb: 'list', resource: 'cluster.x-k8s.io/machines' })).toBeGreaterThan(
        lists,
      );
      await w.stop();
    }
  });

  it('asks the server to end idle watches before the client times out, then resumes', async () => {
    const { watch: w } = await start(1);
    await new Promise((r) => setTimeout(r, 400));
    // timeoutSeconds=1 at 50 ms per second: several restarts in 400 ms, each from the last version.
    expect(api.countRequests({ verb: 'watch', resource: 'cluster.x-k8s.io/machines' })).toBeGreaterThan(2);
    expect(api.countRequests({ verb: 'list', resource: 'cluster.x-k8s.io/machines' })).toBe(1);
    api.store.create(machine('late'));
    await until(() => names(w).includes('late'));
  });
});
