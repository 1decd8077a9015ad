import {
  ApiextensionsV1Api,
  ApisApi,
  CoreApi,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  VersionApi,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILTIN_KINDS } from '../fakes/kubernetes/fake-kube.js';
import { apply, closeAll, cluster, eventually, statusOf } from './helpers.js';

afterEach(closeAll);

const cm = (name: string, data: Record<string, string> = {}, labels?: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', ...(labels ? { labels } : {}) },
  data,
});

describe('discovery and auth', () => {
  it('serves /api, /apis, group versions and /version to the real client', async () => {
    const { kc } = await cluster({ version: 'v1.36.1' });
    const versions = await kc.makeApiClient(CoreApi).getAPIVersions();
    expect(versions.versions).toEqual(['v1']);
    const groups = await kc.makeApiClient(ApisApi).getAPIVersions();
    const capi = groups.groups.find((g) => g.name === 'cluster.x-k8s.io');
    expect(capi?.preferredVersion?.version).toBe('v1beta2');
    expect(capi?.versions.map((v) => v.version)).toEqual(['v1beta2', 'v1beta1']);
    expect(groups.groups.map((g) => g.name)).toEqual(
      expect.arrayContaining([
        'apps',
        'apiextensions.k8s.io',
        'infrastructure.cluster.x-k8s.io',
        'bootstrap.cluster.x-k8s.io',
        'controlplane.cluster.x-k8s.io',
        'clusterctl.cluster.x-k8s.io',
      ]),
    );
    const core = await kc.makeApiClient(CoreV1Api).getAPIResources();
    const pods = core.resources.find((r) => r.name === 'pods');
    expect(pods).toMatchObject({ kind: 'Pod', namespaced: true, shortNames: ['po'] });
    expect(core.resources.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'pods/log',
        'pods/status',
        'namespaces',
        'secrets',
        'events',
        'nodes',
        'serviceaccounts',
      ]),
    );
    const version = await kc.makeApiClient(VersionApi).getCode();
    expect(version).toMatchObject({ major: '1', minor: '36', gitVersion: 'v1.36.1' });
  });

  it('lists the Cluster API kinds with the plurals and versions of the CRD files', async () => {
    const { api } = await cluster();
    const res = await fetch(`${api.url}/apis/cluster.x-k8s.io/v1beta2`, {
      headers: { authorization: `Bearer ${api.token}` },
    });
    const list = (await res.json()) as { resources: { name: string; kind: string }[] };
    expect(list.resources.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'clusters',
        'clusters/status',
        'machines',
        'machinedeployments',
        'machinesets',
        'machinehealthchecks',
      ]),
    );
    for (const path of [
      '/apis/infrastructure.cluster.x-k8s.io/v1beta1',
      '/apis/bootstrap.cluster.x-k8s.io/v1alpha3',
      '/apis/controlplane.cluster.x-k8s.io/v1alpha3',
      '/apis/clusterctl.cluster.x-k8s.io/v1alpha3',
    ]) {
      const r = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${api.token}` } });
      expect(r.status, path).toBe(200);
    }
    const unknown = await fetch(`${api.url}/apis/cluster.x-k8s.io/v1alpha1`, {
      headers: { authorization: `Bearer ${api.token}` },
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404 });
  });

  it('answers 401 with a Status body without the bearer token', async () => {
    const { api } = await cluster();
    const kc = new KubeConfig();
    kc.loadFromString(api.kubeconfig().replace(api.token, 'wrong-token'));
    // The generated client drops the body of a 401; the wire carries the Status.
    await expect(kc.makeApiClient(CoreV1Api).listNamespace()).rejects.toMatchObject({ code: 401 });
    const bare = await fetch(`${api.url}/api/v1/namespaces`);
    expect(bare.status).toBe(401);
    expect(await bare.json()).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Unauthorized',
      code: 401,
    });
  });

  it('writes a kubeconfig whose context, server and token the client uses', async () => {
    const { api } = await cluster({ name: 'mgmt', token: 'secret-token' });
    const kc = new KubeConfig();
    kc.loadFromString(api.kubeconfig({ context: 'admin@mgmt' }));
    expect(kc.getCurrentContext()).toBe('admin@mgmt');
    expect(kc.getCurrentCluster()?.server).toBe(api.url);
    expect(kc.getCurrentUser()?.token).toBe('secret-token');
    const ns = await kc.makeApiClient(CoreV1Api).listNamespace();
    expect(ns.items.map((n) => n.metadata?.name)).toEqual([
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
    ]);
  });

  it('can serve only the built-in kinds (a workload cluster)', async () => {
    const { kc } = await cluster({ kinds: BUILTIN_KINDS });
    const groups = await kc.makeApiClient(ApisApi).getAPIVersions();
    expect(groups.groups.map((g) => g.name).sort()).toEqual(['apiextensions.k8s.io', 'apps']);
  });
});

describe('CRUD, resourceVersion and lists', () => {
  it('creates, reads, replaces and deletes with Kubernetes status codes and Status bodies', async () => {
    const { core } = await cluster();
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body: cm('a', { k: 'v' }) });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(created.metadata?.managedFields?.[0]).toMatchObject({
      operation: 'Update',
      fieldsType: 'FieldsV1',
    });

    const dup = await statusOf(core.createNamespacedConfigMap({ namespace: 'default', body: cm('a') }));
    expect(dup).toMatchObject({
      reason: 'AlreadyExists',
      code: 409,
      message: 'configmaps "a" already exists',
      details: { name: 'a', kind: 'configmaps' },
    });

    const read = await core.readNamespacedConfigMap({ name: 'a', namespace: 'default' });
    const updated = await core.replaceNamespacedConfigMap({
      name: 'a',
      namespace: 'default',
      body: { ...read, data: { k: 'w' } },
    });
    expect(Number(updated.metadata?.resourceVersion)).toBeGreaterThan(Number(read.metadata?.resourceVersion));

    const stale = await statusOf(
      core.replaceNamespacedConfigMap({
        name: 'a',
        namespace: 'default',
        body: { ...read, data: { k: 'x' } },
      }),
    );
    expect(stale).toMatchObject({ reason: 'Conflict', code: 409 });
    expect(stale.message).toContain(
      'the object has been modified; please apply your changes to the latest version and try again',
    );

    await core.deleteNamespacedConfigMap({ name: 'a', namespace: 'default' });
    const gone = await statusOf(core.readNamespacedConfigMap({ name: 'a', namespace: 'default' }));
    expect(gone).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      code: 404,
      message: 'configmaps "a" not found',
    });
    expect(await statusOf(core.deleteNamespacedConfigMap({ name: 'a', namespace: 'default' }))).toMatchObject(
      { code: 404 },
    );
  });

  it('keeps one resourceVersion sequence across kinds, as etcd does', async () => {
    const { core } = await cluster();
    const a = await core.createNamespacedConfigMap({ namespace: 'default', body: cm('a') });
    const s = await core.createNamespacedSecret({
      namespace: 'default',
      body: { metadata: { name: 's' }, stringData: { token: 'x' } },
    });
    const b = await core.createNamespacedConfigMap({ namespace: 'default', body: cm('b') });
    const rvs = [a, s, b].map((o) => Number(o.metadata?.resourceVersion));
    expect(rvs[1]).toBe((rvs[0] ?? 0) + 1);
    expect(rvs[2]).toBe((rvs[1] ?? 0) + 1);
    expect(s.data).toEqual({ token: Buffer.from('x').toString('base64') });
    expect(s.type).toBe('Opaque');
  });

  it('rejects invalid names and missing namespaces the way the apiserver does', async () => {
    const { core } = await cluster();
    const bad = await statusOf(
      core.createNamespacedConfigMap({ namespace: 'default', body: cm('Bad_Name') }),
    );
    expect(bad).toMatchObject({ reason: 'Invalid', code: 422 });
    expect(bad.details?.causes?.[0]).toMatchObject({ reason: 'FieldValueInvalid', field: 'metadata.name' });
    const noNs = await statusOf(
      core.createNamespacedConfigMap({ namespace: 'nope', body: { ...cm('a'), metadata: { name: 'a' } } }),
    );
    expect(noNs).toMatchObject({ reason: 'NotFound', code: 404, message: 'namespaces "nope" not found' });
  });

  it('lists with labelSelector, fieldSelector and limit/continue', async () => {
    const { core, api } = await cluster();
    for (let i = 0; i < 5; i++)
      await core.createNamespacedConfigMap({
        namespace: 'default',
        body: cm(`c${i}`, {}, { tier: i % 2 ? 'odd' : 'even' }),
      });
    const odd = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'tier=odd' });
    expect(odd.items.map((i) => i.metadata?.name)).toEqual(['c1', 'c3']);
    const notOdd = await core.listNamespacedConfigMap({
      namespace: 'default',
      labelSelector: 'tier notin (odd),tier',
    });
    expect(notOdd.items.map((i) => i.metadata?.name)).toEqual(['c0', 'c2', 'c4']);
    const byName = await core.listNamespacedConfigMap({
      namespace: 'default',
      fieldSelector: 'metadata.name=c2',
    });
    expect(byName.items.map((i) => i.metadata?.name)).toEqual(['c2']);
    const unsupported = await statusOf(
      core.listNamespacedConfigMap({ namespace: 'default', fieldSelector: 'data.x=1' }),
    );
    expect(unsupported).toMatchObject({
      reason: 'BadRequest',
      code: 400,
      message: 'field label not supported: data.x',
    });

    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await core.listNamespacedConfigMap({
        namespace: 'default',
        limit: 2,
        ...(token ? { _continue: token } : {}),
      });
      names.push(...page.items.map((i) => i.metadata?.name ?? ''));
      token = page.metadata?._continue;
      if (token) expect(page.metadata?.remainingItemCount).toBeGreaterThan(0);
      pages++;
      // A write between pages does not change the list: continued pages read at the first page's version.
      if (pages === 1) await core.createNamespacedConfigMap({ namespace: 'default', body: cm('c9') });
    } while (token);
    expect(pages).toBe(3);
    expect(names).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);

    const all = await core.listConfigMapForAllNamespaces();
    expect(all.items.length).toBe(6);
    // Items of built-in lists carry no kind on the wire (the list does).
    const raw = (await (
      await fetch(`${api.url}/api/v1/namespaces/default/configmaps`, {
        headers: { authorization: `Bearer ${api.token}` },
      })
    ).json()) as { kind: string; items: Record<string, unknown>[] };
    expect(raw.kind).toBe('ConfigMapList');
    expect(raw.items[0]?.kind).toBeUndefined();
  });

  it('answers events by involvedObject field selectors', async () => {
    const { api, core } = await cluster();
    const c = await core.createNamespacedConfigMap({ namespace: 'default', body: cm('target') });
    const other = await core.createNamespacedConfigMap({ namespace: 'default', body: cm('other') });
    const obj = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'target', namespace: 'default', uid: c.metadata?.uid ?? '' },
    };
    api.store.recordEvent(obj, 'Warning', 'QuotaExceeded', 'Quota CPUS exceeded');
    api.store.recordEvent(obj, 'Warning', 'QuotaExceeded', 'Quota CPUS exceeded');
    api.store.recordEvent(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'other', namespace: 'default', uid: other.metadata?.uid ?? '' },
      },
      'Normal',
      'Fine',
      'ok',
    );
    const events = await core.listNamespacedEvent({
      namespace: 'default',
      fieldSelector: 'involvedObject.name=target,type=Warning',
    });
    expect(events.items).toHaveLength(1);
    expect(events.items[0]).toMatchObject({
      reason: 'QuotaExceeded',
      count: 2,
      involvedObject: { kind: 'ConfigMap', name: 'target', uid: c.metadata?.uid },
    });
  });
});

describe('patches', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            { name: 'app', image: 'nginx:1', env: [{ name: 'A', value: '1' }] },
            { name: 'side', image: 'busybox' },
          ],
        },
      },
    },
  };

  it('applies merge, JSON and strategic merge patches', async () => {
    const { apps } = await cluster();
    const created = await apps.createNamespacedDeployment({ namespace: 'default', body: deployment });
    expect(created.spec?.replicas).toBe(1);
    expect(created.metadata?.generation).toBe(1);

    const merged = await apps.patchNamespacedDeployment(
      { name: 'web', namespace: 'default', body: { metadata: { labels: { tier: 'front', app: null } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(merged.metadata?.labels).toEqual({ tier: 'front' });
    expect(merged.metadata?.generation).toBe(1);

    const json = await apps.patchNamespacedDeployment(
      { name: 'web', namespace: 'default', body: [{ op: 'replace', path: '/spec/replicas', value: 3 }] },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    expect(json.spec?.replicas).toBe(3);
    expect(json.metadata?.generation).toBe(2);

    const strategic = await apps.patchNamespacedDeployment(
      {
        name: 'web',
        namespace: 'default',
        body: {
          spec: {
            template: {
              spec: {
                containers: [
                  { name: 'app', image: 'nginx:2', env: [{ name: 'B', value: '2' }] },
                  { name: 'side', $patch: 'delete' },
                ],
              },
            },
          },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    const containers = strategic.spec?.template.spec?.containers ?? [];
    expect(containers.map((c) => c.name)).toEqual(['app']);
    expect(containers[0]?.image).toBe('nginx:2');
    expect(containers[0]?.env?.map((e) => e.name)).toEqual(['A', 'B']);

    const failedTest = await statusOf(
      apps.patchNamespacedDeployment(
        { name: 'web', namespace: 'default', body: [{ op: 'test', path: '/spec/replicas', value: 9 }] },
        setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
      ),
    );
    expect(failedTest.code).toBe(422);
  });

  it('refuses strategic merge on custom resources (415), as apiextensions does', async () => {
    const { objects, api } = await cluster({ crdSchemas: false });
    await objects.create({
      apiVersion: 'cluster.x-k8s.io/v1beta2',
      kind: 'Machine',
      metadata: { name: 'm', namespace: 'default' },
      spec: { clusterName: 'c' },
    });
    const res = await fetch(`${api.url}/apis/cluster.x-k8s.io/v1beta2/namespaces/default/machines/m`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${api.token}`, 'content-type': PatchStrategy.StrategicMergePatch },
      body: JSON.stringify({ spec: { clusterName: 'd' } }),
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ kind: 'Status', reason: 'UnsupportedMediaType', code: 415 });
  });
});

describe('server-side apply', () => {
  const config = (data: Record<string, string>, labels?: Record<string, string>) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'applied', namespace: 'default', ...(labels ? { labels } : {}) },
    data,
  });

  it('creates, records managedFields per manager, and is a no-op when nothing changes', async () => {
    const { objects, api } = await cluster();
    const first = await apply(objects, config({ a: '1', b: '2' }), 'talos-fleet', false);
    expect(first.metadata.managedFields).toEqual([
      expect.objectContaining({
        manager: 'talos-fleet',
        operation: 'Apply',
        apiVersion: 'v1',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { 'f:a': {}, 'f:b': {} } },
      }),
    ]);
    const patchRequest = api.requests.find((r) => r.method === 'PATCH');
    expect(patchRequest?.headers['content-type']).toBe('application/apply-patch+yaml');
    expect(patchRequest?.search).toContain('fieldManager=talos-fleet');
    const again = await apply(objects, config({ a: '1', b: '2' }), 'talos-fleet', false);
    expect(again.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
  });

  it('answers 409 naming the field and manager on a conflict, and force takes the field over', async () => {
    const { objects } = await cluster();
    await apply(objects, config({ a: '1', b: '2' }), 'talos-fleet', false);
    const conflict = await statusOf(apply(objects, config({ a: 'other' }), 'someone', false));
    expect(conflict).toMatchObject({ kind: 'Status', reason: 'Conflict', code: 409 });
    expect(conflict.message).toBe('Apply failed with 1 conflict: conflict with "talos-fleet": .data.a');
    expect(conflict.details?.causes).toEqual([
      { reason: 'FieldManagerConflict', message: 'conflict with "talos-fleet"', field: '.data.a' },
    ]);
    // The same value is shared ownership, not a conflict.
    await apply(objects, config({ b: '2' }), 'someone', false);
    const forced = await apply(objects, config({ a: 'other', b: '2' }), 'someone', true);
    expect(forced.data).toEqual({ a: 'other', b: '2' });
    const owners = Object.fromEntries(
      (forced.metadata.managedFields ?? []).map((m) => [m.manager, m.fieldsV1]),
    );
    expect(owners).toEqual({
      'talos-fleet': { 'f:data': { 'f:b': {} } },
      someone: { 'f:data': { 'f:a': {}, 'f:b': {} } },
    });
  });

  it('removes fields a manager stops applying unless another manager owns them', async () => {
    const { objects } = await cluster();
    await apply(objects, config({ a: '1', b: '2', c: '3' }, { x: 'y' }), 'talos-fleet', false);
    await apply(objects, config({ c: '3' }), 'other', false);
    const after = await apply(objects, config({ a: '1' }), 'talos-fleet', false);
    expect(after.data).toEqual({ a: '1', c: '3' });
    expect(after.metadata.labels).toBeUndefined();
  });

  it('merges list items by key and conflicts with a non-apply update of the same field', async () => {
    const { objects, apps } = await cluster();
    const dep = (image: string) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'd' } },
        template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'app', image }] } },
      },
    });
    await apply(objects, dep('a:1'), 'talos-fleet', false);
    await apps.patchNamespacedDeployment(
      { name: 'd', namespace: 'default', fieldManager: 'kubectl-edit', body: { spec: { replicas: 5 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const conflict = await statusOf(
      apply(objects, { ...dep('a:1'), spec: { ...dep('a:1').spec, replicas: 2 } }, 'talos-fleet', false),
    );
    expect(conflict.message).toContain('conflict with "kubectl-edit" using apps/v1 at ');
    const bumped = await apply(objects, dep('a:2'), 'talos-fleet', false);
    expect((bumped.spec as { replicas: number }).replicas).toBe(5);
    const fields = bumped.metadata.managedFields?.find((m) => m.manager === 'talos-fleet')
      ?.fieldsV1 as Record<string, Record<string, Record<string, Record<string, Record<string, unknown>>>>>;
    expect(fields['f:spec']?.['f:template']?.['f:spec']?.['f:containers']).toHaveProperty([
      'k:{"name":"app"}',
      '.',
    ]);
  });

  it('requires a fieldManager for apply', async () => {
    const { api } = await cluster();
    const res = await fetch(`${api.url}/api/v1/namespaces/default/configmaps/x`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/apply-patch+yaml' },
      body: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      reason: 'Invalid',
      details: { causes: [{ field: 'fieldManager' }] },
    });
  });
});

describe('status subresource', () => {
  it('ignores status on the main resource and everything but status on /status', async () => {
    const { objects, api, custom } = await cluster({ crdSchemas: false });
    const created = await objects.create({
      apiVersion: 'cluster.x-k8s.io/v1beta2',
      kind: 'Machine',
      metadata: { name: 'm0', namespace: 'default' },
      spec: { clusterName: 'c1' },
      status: { phase: 'Running' },
    });
    expect(created).not.toHaveProperty('status');
    const withStatus = api.store.updateStatus('cluster.x-k8s.io/v1beta2', 'Machine', 'default', 'm0', {
      phase: 'Provisioning',
      addresses: [],
    });
    expect(withStatus.status).toEqual({ phase: 'Provisioning', addresses: [] });
    expect(withStatus.metadata.generation).toBe(1);

    const viaHttp = (await custom.patchNamespacedCustomObjectStatus(
      {
        group: 'cluster.x-k8s.io',
        version: 'v1beta2',
        namespace: 'default',
        plural: 'machines',
        name: 'm0',
        body: { spec: { clusterName: 'ignored' }, status: { phase: 'Running' } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    )) as { spec: { clusterName: string }; status: { phase: string } };
    expect(viaHttp.spec.clusterName).toBe('c1');
    expect(viaHttp.status.phase).toBe('Running');

    const main = (await custom.patchNamespacedCustomObject(
      {
        group: 'cluster.x-k8s.io',
        version: 'v1beta2',
        namespace: 'default',
        plural: 'machines',
        name: 'm0',
        body: { spec: { clusterName: 'c2' }, status: { phase: 'Failed' } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    )) as { spec: { clusterName: string }; status: { phase: string }; metadata: { generation: number } };
    expect(main.status.phase).toBe('Running');
    expect(main.spec.clusterName).toBe('c2');
    expect(main.metadata.generation).toBe(2);
  });
});

describe('deletion', () => {
  it('defers removal behind finalizers with a deletionTimestamp', async () => {
    const { core, api } = await cluster();
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { ...cm('f'), metadata: { name: 'f', finalizers: ['example.com/hold'] } },
    });
    await core.deleteNamespacedConfigMap({ name: 'f', namespace: 'default' });
    const held = await core.readNamespacedConfigMap({ name: 'f', namespace: 'default' });
    expect(held.metadata?.deletionTimestamp).toBeInstanceOf(Date);
    const addMore = await statusOf(
      core.replaceNamespacedConfigMap({
        name: 'f',
        namespace: 'default',
        body: { ...held, metadata: { ...held.metadata, finalizers: ['example.com/hold', 'x.io/new'] } },
      }),
    );
    expect(addMore).toMatchObject({ code: 403, reason: 'Forbidden' });
    api.store.removeFinalizer('v1', 'ConfigMap', 'default', 'f', 'example.com/hold');
    expect(api.store.get('v1', 'ConfigMap', 'default', 'f')).toBeUndefined();
  });

  it('collects dependents in the background, waits for them in the foreground, and orphans on request', async () => {
    const { core, api } = await cluster();
    const ownerRef = (o: { metadata?: { name?: string; uid?: string } }) => [
      { apiVersion: 'v1', kind: 'ConfigMap', name: o.metadata?.name ?? '', uid: o.metadata?.uid ?? '' },
    ];
    const owner = await core.createNamespacedConfigMap({ namespace: 'default', body: cm('owner') });
    await core.createNamespacedSecret({
      namespace: 'default',
      body: { metadata: { name: 'dep', ownerReferences: ownerRef(owner) } },
    });
    await core.deleteNamespacedConfigMap({ name: 'owner', namespace: 'default' });
    await eventually(() => !api.store.get('v1', 'Secret', 'default', 'dep'));

    const fg = await core.createNamespacedConfigMap({ namespace: 'default', body: cm('fg') });
    await core.createNamespacedSecret({
      namespace: 'default',
      body: { metadata: { name: 'fg-dep', finalizers: ['x.io/slow'], ownerReferences: ownerRef(fg) } },
    });
    await core.deleteNamespacedConfigMap({
      name: 'fg',
      namespace: 'default',
      propagationPolicy: 'Foreground',
    });
    const waiting = await eventually(() => {
      const o = api.store.get('v1', 'ConfigMap', 'default', 'fg');
      const d = api.store.get('v1', 'Secret', 'default', 'fg-dep');
      return o?.metadata.finalizers?.includes('foregroundDeletion') && d?.metadata.deletionTimestamp
        ? o
        : undefined;
    });
    expect(waiting.metadata.deletionTimestamp).toBeDefined();
    api.store.removeFinalizer('v1', 'Secret', 'default', 'fg-dep', 'x.io/slow');
    await eventually(() => !api.store.get('v1', 'ConfigMap', 'default', 'fg'));

    const orphaner = await core.createNamespacedConfigMap({ namespace: 'default', body: cm('orph') });
    await core.createNamespacedSecret({
      namespace: 'default',
      body: { metadata: { name: 'kept', ownerReferences: ownerRef(orphaner) } },
    });
    await core.deleteNamespacedConfigMap({ name: 'orph', namespace: 'default', propagationPolicy: 'Orphan' });
    await eventually(() => !api.store.get('v1', 'ConfigMap', 'default', 'orph'));
    await new Promise((r) => setTimeout(r, 30));
    expect(api.store.get('v1', 'Secret', 'default', 'kept')?.metadata.ownerReferences).toBeUndefined();
  });

  it('terminates a namespace: refuses new content, deletes what is inside, then goes', async () => {
    const { core, api } = await cluster();
    await core.createNamespace({ body: { metadata: { name: 'team' } } });
    await core.createNamespacedConfigMap({
      namespace: 'team',
      body: { ...cm('x'), metadata: { name: 'x', finalizers: ['x.io/hold'] } },
    });
    await core.deleteNamespace({ name: 'team' });
    const ns = await core.readNamespace({ name: 'team' });
    expect(ns.status?.phase).toBe('Terminating');
    const refused = await statusOf(
      core.createNamespacedConfigMap({ namespace: 'team', body: { ...cm('y'), metadata: { name: 'y' } } }),
    );
    expect(refused).toMatchObject({ code: 403, reason: 'Forbidden' });
    expect(refused.message).toContain('because it is being terminated');
    await eventually(() => api.store.get('v1', 'ConfigMap', 'team', 'x')?.metadata.deletionTimestamp);
    api.store.removeFinalizer('v1', 'ConfigMap', 'team', 'x', 'x.io/hold');
    await eventually(() => !api.store.get('v1', 'Namespace', undefined, 'team'));
  });
});

describe('custom resource definitions', () => {
  it('serves a kind once its CRD is posted, and stops when it is deleted', async () => {
    const { kc, api, custom } = await cluster({ kinds: BUILTIN_KINDS });
    const ext = kc.makeApiClient(ApiextensionsV1Api);
    const crd = await ext.createCustomResourceDefinition({
      body: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'widgets.example.com' },
        spec: {
          group: 'example.com',
          names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
          scope: 'Namespaced',
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              subresources: { status: {} },
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: {
                    spec: {
                      type: 'object',
                      required: ['size'],
                      properties: {
                        size: { type: 'integer', minimum: 1 },
                        color: { type: 'string', _enum: ['red', 'blue'] },
                      },
                    },
                    status: { type: 'object', x_kubernetes_preserve_unknown_fields: true },
                  },
                },
              },
            },
          ],
        },
      },
    });
    expect(crd.status?.conditions?.find((c) => c.type === 'Established')?.status).toBe('True');
    const discovery = await fetch(`${api.url}/apis/example.com/v1`, {
      headers: { authorization: `Bearer ${api.token}` },
    });
    expect(
      ((await discovery.json()) as { resources: { name: string }[] }).resources.map((r) => r.name),
    ).toEqual(['widgets', 'widgets/status']);

    const widget = (spec: unknown) => ({
      group: 'example.com',
      version: 'v1',
      namespace: 'default',
      plural: 'widgets',
      body: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec },
    });
    const invalid = await statusOf(custom.createNamespacedCustomObject(widget({ size: 0, color: 'green' })));
    expect(invalid).toMatchObject({
      kind: 'Status',
      reason: 'Invalid',
      code: 422,
      details: { name: 'w', group: 'example.com', kind: 'Widget' },
    });
    expect(invalid.details?.causes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ reason: 'FieldValueInvalid', field: 'spec.size' }),
        expect.objectContaining({
          reason: 'FieldValueNotSupported',
          field: 'spec.color',
          message: 'Unsupported value: "green": supported values: "red", "blue"',
        }),
      ]),
    );
    const missing = await statusOf(custom.createNamespacedCustomObject(widget({})));
    expect(missing.details?.causes).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.size' },
    ]);
    const ok = (await custom.createNamespacedCustomObject(widget({ size: 2, shape: 'round' }))) as {
      spec: Record<string, unknown>;
    };
    expect(ok.spec).toEqual({ size: 2 });

    await ext.deleteCustomResourceDefinition({ name: 'widgets.example.com' });
    await eventually(() => !api.store.servedKinds().some((k) => k.kind === 'Widget'));
    const after = await fetch(`${api.url}/apis/example.com/v1/namespaces/default/widgets`, {
      headers: { authorization: `Bearer ${api.token}` },
    });
    expect(after.status).toBe(404);
  });

  it('holds the Cluster API CRDs as CustomResourceDefinition objects', async () => {
    const { kc } = await cluster();
    const crds = await kc.makeApiClient(ApiextensionsV1Api).listCustomResourceDefinition();
    expect(crds.items.map((c) => c.metadata?.name).sort()).toEqual([
      'clusters.cluster.x-k8s.io',
      'gcpclusters.infrastructure.cluster.x-k8s.io',
      'gcpmachines.infrastructure.cluster.x-k8s.io',
      'gcpmachinetemplates.infrastructure.cluster.x-k8s.io',
      'machinedeployments.cluster.x-k8s.io',
      'machinehealthchecks.cluster.x-k8s.io',
      'machines.cluster.x-k8s.io',
      'machinesets.cluster.x-k8s.io',
      'providers.clusterctl.cluster.x-k8s.io',
      'talosconfigs.bootstrap.cluster.x-k8s.io',
      'talosconfigtemplates.bootstrap.cluster.x-k8s.io',
      'taloscontrolplanes.controlplane.cluster.x-k8s.io',
    ]);
  });
});

describe('pods', () => {
  it('answers pod logs as text, with tailLines', async () => {
    const { core, api } = await cluster();
    await core.createNamespace({ body: { metadata: { name: 'capg-system' } } });
    await core.createNamespacedPod({
      namespace: 'capg-system',
      body: {
        metadata: { name: 'capg-controller-manager-0' },
        spec: { containers: [{ name: 'manager', image: 'capg' }] },
      },
    });
    api.store.setPodLog(
      'capg-system',
      'capg-controller-manager-0',
      'line 1\nline 2\nerror: quota CPUS exceeded\n',
    );
    const log = await core.readNamespacedPodLog({
      name: 'capg-controller-manager-0',
      namespace: 'capg-system',
      container: 'manager',
      tailLines: 2,
    });
    expect(log).toBe('line 2\nerror: quota CPUS exceeded\n');
    const head = await core.readNamespacedPodLog({
      name: 'capg-controller-manager-0',
      namespace: 'capg-system',
      limitBytes: 6,
    });
    expect(head).toBe('line 1');
    const pod = await core.readNamespacedPod({ name: 'capg-controller-manager-0', namespace: 'capg-system' });
    expect(pod.status?.phase).toBe('Pending');
  });
});

describe('request counting', () => {
  it('counts requests per verb and resource', async () => {
    const { core, api } = await cluster();
    api.resetRequestCounts();
    await core.createNamespacedConfigMap({ namespace: 'default', body: cm('a') });
    await core.readNamespacedConfigMap({ name: 'a', namespace: 'default' });
    await core.listNamespacedConfigMap({ namespace: 'default' });
    await core.listNamespacedConfigMap({ namespace: 'default' });
    expect(api.requestCounts()).toEqual({
      'create configmaps': 1,
      'get configmaps': 1,
      'list configmaps': 2,
    });
    expect(api.countRequests({ verb: 'list' })).toBe(2);
    expect(api.countRequests({ resource: 'configmaps' })).toBe(4);
  });
});

describe('DELETE bodies', () => {
  it('answers a Success Status for most kinds and the object for pods, and the object while finalizers hold it', async () => {
    const { api, core, objects } = await cluster({ crdSchemas: false });
    const del = async (path: string) => {
      const res = await fetch(`${api.url}${path}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${api.token}` },
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const created = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'x' } },
    });
    expect(await del('/api/v1/namespaces/default/configmaps/x')).toEqual({
      status: 200,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name: 'x', kind: 'configmaps', uid: created.metadata?.uid },
      },
    });
    await core.createNamespacedPod({
      namespace: 'default',
      body: { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i' }] } },
    });
    expect((await del('/api/v1/namespaces/default/pods/p')).body).toMatchObject({
      kind: 'Pod',
      metadata: { name: 'p' },
    });
    await objects.create({
      apiVersion: 'cluster.x-k8s.io/v1beta2',
      kind: 'Machine',
      metadata: { name: 'm', namespace: 'default', finalizers: ['machine.cluster.x-k8s.io'] },
    });
    const held = await del('/apis/cluster.x-k8s.io/v1beta2/namespaces/default/machines/m');
    expect(held.body).toMatchObject({
      kind: 'Machine',
      metadata: { name: 'm', finalizers: ['machine.cluster.x-k8s.io'] },
    });
    expect((held.body.metadata as { deletionTimestamp?: string }).deletionTimestamp).toMatch(/Z$/);
    api.store.removeFinalizer(
      'cluster.x-k8s.io/v1beta2',
      'Machine',
      'default',
      'm',
      'machine.cluster.x-k8s.io',
    );
    await objects.create({
      apiVersion: 'cluster.x-k8s.io/v1beta2',
      kind: 'Machine',
      metadata: { name: 'n', namespace: 'default' },
    });
    expect((await del('/apis/cluster.x-k8s.io/v1beta2/namespaces/default/machines/n')).body).toMatchObject({
      kind: 'Status',
      status: 'Success',
      details: { name: 'n', group: 'cluster.x-k8s.io', kind: 'machines' },
    });
  });

  it('supports generateName and dryRun', async () => {
    const { api, core } = await cluster();
    const generated = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { generateName: 'diag-' } },
    });
    expect(generated.metadata?.name).toMatch(/^diag-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const dry = await core.createNamespacedConfigMap({
      namespace: 'default',
      dryRun: 'All',
      body: { metadata: { name: 'dry' } },
    });
    expect(dry.metadata?.name).toBe('dry');
    expect(api.store.get('v1', 'ConfigMap', 'default', 'dry')).toBeUndefined();
  });
});

describe('list continuation', () => {
  it('answers 410 Expired for a continue token older than the compacted history', async () => {
    const { api, core } = await cluster();
    for (const n of ['a', 'b', 'c'])
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: n } } });
    const first = await core.listNamespacedConfigMap({ namespace: 'default', limit: 1 });
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'd' } } });
    api.store.compact();
    const status = await statusOf(
      core.listNamespacedConfigMap({ namespace: 'default', limit: 1, _continue: first.metadata?._continue }),
    );
    expect(status).toMatchObject({ kind: 'Status', reason: 'Expired', code: 410 });
    expect(status.message).toContain('The provided continue parameter is too old');
  });
});
