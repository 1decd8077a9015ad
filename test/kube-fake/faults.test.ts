import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, cluster, statusOf } from './helpers.js';

afterEach(closeAll);

describe('fault injection', () => {
  it('answers 429 with Retry-After and a TooManyRequests Status', async () => {
    const { api, core } = await cluster();
    api.injectStatus(429, { retryAfterSeconds: 2, match: (r) => r.path.endsWith('/configmaps') });
    const res = await fetch(`${api.url}/api/v1/namespaces/default/configmaps`, {
      headers: { authorization: `Bearer ${api.token}` },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.json()).toMatchObject({
      kind: 'Status',
      reason: 'TooManyRequests',
      code: 429,
      details: { retryAfterSeconds: 2 },
    });
    // Only once: the next request is served.
    const list = await core.listNamespacedConfigMap({ namespace: 'default' });
    expect(list.items).toEqual([]);
  });

  it('answers 500 and 503 Status bodies the client reports with their codes', async () => {
    const { api, core } = await cluster();
    api.injectStatus(503, { times: 2 });
    const first = await statusOf(core.listNamespace());
    expect(first).toMatchObject({ reason: 'ServiceUnavailable', code: 503 });
    await expect(core.listNamespace()).rejects.toMatchObject({ code: 503 });
    api.injectStatus(500);
    expect(await statusOf(core.listNamespace())).toMatchObject({ reason: 'InternalError', code: 500 });
    expect((await core.listNamespace()).items.length).toBe(4);
  });

  it('drops connections and slows responses through FakeServer faults', async () => {
    const { api, core } = await cluster();
    api.inject({ drop: true });
    await expect(core.listNamespace()).rejects.toThrow();
    api.inject({ delayMs: 80 });
    const started = Date.now();
    await core.listNamespace();
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
  });
});

describe('HTTPS', () => {
  it('serves TLS with a cluster CA the kubeconfig carries, as real kubeconfigs do', async () => {
    const { api, core } = await cluster({ tls: true, name: 'wl-1' });
    expect(api.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const kubeconfig = api.kubeconfig();
    expect(kubeconfig).toContain('certificate-authority-data:');
    expect(kubeconfig).not.toContain('insecure-skip-tls-verify');
    const namespaces = await core.listNamespace();
    expect(namespaces.items.length).toBe(4);
    // Without the CA the certificate is not trusted.
    await expect(fetch(`${api.url}/version`)).rejects.toThrow();
  });
});
