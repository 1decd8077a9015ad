import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, cluster, collectWatch, eventually, sleep } from './helpers.js';

afterEach(closeAll);

const cm = (name: string, labels?: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', ...(labels ? { labels } : {}) },
  data: { k: name },
});

const PATH = '/api/v1/namespaces/default/configmaps';

describe('watch', () => {
  it('streams ADDED, MODIFIED and DELETED as newline-delimited JSON to the real client', async () => {
    const { core, watch } = await cluster();
    await core.createNamespacedConfigMap({ namespace: 'default', body: cm('before') });
    const w = await collectWatch(watch, PATH, {});
    await w.until(1);
    expect(w.events[0]).toMatchObject({
      type: 'ADDED',
      object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'before' } },
    });
    await core.createNamespacedConfigMap({ namespace: 'default', body: cm('x') });
    await core.patchNamespacedConfigMap({
      name: 'x',
      namespace: 'default',
      body: [{ op: 'replace', path: '/data/k', value: 'y' }],
    });
    await core.deleteNamespacedConfigMap({ name: 'x', namespace: 'default' });
    await w.until(4);
    expect(w.events.slice(1).map((e) => [e.type, e.object.metadata?.name])).toEqual([
      ['ADDED', 'x'],
      ['MODIFIED', 'x'],
      ['DELETED', 'x'],
    ]);
    const rvs = w.events.map((e) => Number(e.object.metadata?.resourceVersion));
    expect([...rvs].sort((a, b) => a - b)).toEqual(rvs);
    w.abort();
  });

  it('resumes from a resourceVersion without repeating or losing events', async () => {
    const { core, watch } = await cluster();
    const a = await core.createNamespacedConfigMap({ namespace: 'default', body: cm('a') });
    await core.createNamespacedConfigMap({ namespace: 'default', body: cm('b') });
    await core.deleteNamespacedConfigMap({ name: 'a', namespace: 'default' });
    const w = await collectWatch(watch, PATH, { resourceVersion: a.metadata?.resourceVersion });
    await w.until(2);
    expect(w.events.map((e) => [e.type, e.object.metadata?.name])).toEqual([
      ['ADDED', 'b'],
      ['DELETED', 'a'],
    ]);
    w.abort();
  });

  it('filters by label selector, turning objects leaving the selection into DELETED', async () => {
    const { core, watch } = await cluster();
    const list = await core.listNamespacedConfigMap({ namespace: 'default' });
    const w = await collectWatch(watch, PATH, {
      labelSelector: 'app=x',
      resourceVersion: list.metadata?.resourceVersion,
    });
    await core.createNamespacedConfigMap({ namespace: 'default', body: cm('no') });
    await core.createNamespacedConfigMap({ namespace: 'default', body: cm('yes', { app: 'x' }) });
    await core.patchNamespacedConfigMap({
      name: 'yes',
      namespace: 'default',
      body: [{ op: 'replace', path: '/metadata/labels/app', value: 'z' }],
    });
    await w.until(2);
    expect(w.events.map((e) => [e.type, e.object.metadata?.name])).toEqual([
      ['ADDED', 'yes'],
      ['DELETED', 'yes'],
    ]);
    w.abort();
  });

  it('sends BOOKMARK events with the current resourceVersion when allowed', async () => {
    const { core, watch } = await cluster({ bookmarkIntervalMs: 20 });
    const list = await core.listNamespacedConfigMap({ namespace: 'default' });
    const w = await collectWatch(watch, PATH, {
      allowWatchBookmarks: true,
      resourceVersion: list.metadata?.resourceVersion,
    });
    await core.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 's' } } });
    const after = await eventually(() =>
      w.events.find(
        (e) => Number(e.object.metadata?.resourceVersion) > Number(list.metadata?.resourceVersion),
      ),
    );
    expect(after).toMatchObject({ type: 'BOOKMARK', object: { kind: 'ConfigMap', apiVersion: 'v1' } });
    expect(w.events.every((e) => e.type === 'BOOKMARK')).toBe(true);
    w.abort();
  });

  it('closes the stream at timeoutSeconds (scaled)', async () => {
    const { watch, api } = await cluster({ secondMs: 10 });
    const started = Date.now();
    const w = await collectWatch(watch, PATH, { timeoutSeconds: 5, resourceVersion: '1' });
    expect(await w.done).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(api.openWatches()).toBe(0);
  });

  it('answers an ERROR event with a 410 Expired Status for a version older than the window', async () => {
    const { core, watch, api } = await cluster({ watchWindow: 3 });
    const first = await core.createNamespacedConfigMap({ namespace: 'default', body: cm('a') });
    for (const n of ['b', 'c', 'd', 'e'])
      await core.createNamespacedConfigMap({ namespace: 'default', body: cm(n) });
    const w = await collectWatch(watch, PATH, { resourceVersion: first.metadata?.resourceVersion });
    expect(await w.done).toBeNull();
    expect(w.events).toHaveLength(1);
    expect(w.events[0]).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', status: 'Failure', reason: 'Expired', code: 410 },
    });
    expect(String(w.events[0]?.object.message)).toMatch(/^too old resource version: \d+ \(\d+\)$/);

    api.expiredWatchAs = 'http';
    const http = await collectWatch(watch, PATH, { resourceVersion: first.metadata?.resourceVersion });
    expect(await http.done).toMatchObject({ statusCode: 410 });

    // Within the window, the same request resumes.
    const recent = await core.listNamespacedConfigMap({ namespace: 'default' });
    const ok = await collectWatch(watch, PATH, { resourceVersion: recent.metadata?.resourceVersion });
    await core.createNamespacedConfigMap({ namespace: 'default', body: cm('f') });
    await ok.until(1);
    expect(ok.events[0]?.type).toBe('ADDED');
    ok.abort();
  });

  it('a stream dropped mid-way ends the client watch, which resumes from its last resourceVersion', async () => {
    const { core, watch, api } = await cluster();
    const list = await core.listNamespacedConfigMap({ namespace: 'default' });
    api.injectWatchDrop({ afterEvents: 2, match: (resource) => resource === 'configmaps' });
    const w = await collectWatch(watch, PATH, { resourceVersion: list.metadata?.resourceVersion });
    for (const n of ['a', 'b', 'c'])
      await core.createNamespacedConfigMap({ namespace: 'default', body: cm(n) });
    const err = await w.done;
    expect(err).not.toBeNull();
    expect(w.events.map((e) => e.object.metadata?.name)).toEqual(['a', 'b']);
    const last = w.events[1]?.object.metadata?.resourceVersion;
    const resumed = await collectWatch(watch, PATH, { resourceVersion: last });
    await resumed.until(1);
    expect(resumed.events.map((e) => e.object.metadata?.name)).toEqual(['c']);
    resumed.abort();
    expect(api.countRequests({ verb: 'watch', resource: 'configmaps' })).toBe(2);
  });

  it('dropWatches cuts every open stream at once', async () => {
    const { watch, api } = await cluster();
    const a = await collectWatch(watch, PATH, { resourceVersion: '1' });
    const b = await collectWatch(watch, '/apis/cluster.x-k8s.io/v1beta2/namespaces/default/machines', {
      resourceVersion: '1',
    });
    await sleep(20);
    expect(api.openWatches()).toBe(2);
    expect(api.dropWatches()).toBe(2);
    expect(await a.done).not.toBeNull();
    expect(await b.done).not.toBeNull();
  });

  it('in-process watchers see every kind in order', async () => {
    const { core, api } = await cluster();
    const seen: string[] = [];
    const stop = api.store.watch((e) => seen.push(`${e.type} ${e.object.kind} ${e.object.metadata.name}`));
    await core.createNamespacedConfigMap({ namespace: 'default', body: cm('a') });
    api.store.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' } });
    api.store.delete('v1', 'Secret', 'default', 's');
    stop();
    expect(seen).toEqual(['ADDED ConfigMap a', 'ADDED Secret s', 'DELETED Secret s']);
  });
});
