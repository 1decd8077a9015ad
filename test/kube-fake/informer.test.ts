import {
  ADD,
  DELETE,
  UPDATE,
  makeInformer,
  type KubernetesObject,
  type V1ConfigMap,
} from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, cluster, collectWatch, eventually } from './helpers.js';

afterEach(closeAll);

describe('client-node informers and cluster-wide calls', () => {
  it('an informer lists, watches and relists after 410 Gone', async () => {
    const { core, kc, api } = await cluster({ watchWindow: 2 });
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'one' } } });
    const informer = makeInformer<V1ConfigMap>(kc, '/api/v1/namespaces/default/configmaps', () =>
      core.listNamespacedConfigMap({ namespace: 'default' }),
    );
    const seen: string[] = [];
    informer.on(ADD, (o: KubernetesObject) => seen.push(`add ${o.metadata?.name ?? ''}`));
    informer.on(UPDATE, (o: KubernetesObject) => seen.push(`update ${o.metadata?.name ?? ''}`));
    informer.on(DELETE, (o: KubernetesObject) => seen.push(`delete ${o.metadata?.name ?? ''}`));
    await informer.start();
    await eventually(() => seen.includes('add one'));
    await eventually(() => api.openWatches('configmaps') === 1);
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'two' } } });
    await eventually(() => seen.includes('add two'));
    // End the stream (as a server-side timeout does) with history past the informer's version: its resumed
    // watch gets an ERROR 410 event and it relists. (A dropped connection instead stops a client-node
    // informer with an error event: cache.ts doneHandler does not restart on errors.)
    // In-process and synchronous, so all of it happens before the informer reconnects.
    api.closeWatches();
    api.store.delete('v1', 'ConfigMap', 'default', 'one');
    api.store.compact();
    await eventually(() => seen.includes('delete one'), 10_000);
    expect(informer.list().map((o) => o.metadata?.name)).toEqual(['two']);
    await informer.stop();
    expect(api.countRequests({ verb: 'list', resource: 'configmaps' })).toBeGreaterThanOrEqual(2);
  });

  it('watches and deletes across namespaces', async () => {
    const { core, watch } = await cluster();
    await core.createNamespace({ body: { metadata: { name: 'a' } } });
    const w = await collectWatch(watch, '/api/v1/configmaps', { resourceVersion: '1' });
    await core.createNamespacedConfigMap({
      namespace: 'a',
      body: { metadata: { name: 'x', labels: { t: '1' } } },
    });
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'y', labels: { t: '1' } } },
    });
    await w.until(2);
    expect(
      w.events.map(
        (e) =>
          `${String((e.object.metadata as { namespace?: string }).namespace)}/${e.object.metadata?.name ?? ''}`,
      ),
    ).toEqual(['a/x', 'default/y']);
    w.abort();
    await core.deleteCollectionNamespacedConfigMap({ namespace: 'a', labelSelector: 't=1' });
    expect((await core.listConfigMapForAllNamespaces()).items.map((i) => i.metadata?.name)).toEqual(['y']);
  });
});
