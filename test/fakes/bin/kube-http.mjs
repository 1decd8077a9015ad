// Shared by the helm and cilium stand-ins: the cluster named by $KUBECONFIG (current context, or
// --context), spoken to over HTTP like the real CLIs' client-go does, and a call log.
import { appendFileSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

export function kubeconfigTarget(context) {
  const file = process.env.KUBECONFIG;
  if (!file) throw new Error('KUBECONFIG is not set');
  const kc = parse(readFileSync(file, 'utf8'));
  const name = context ?? kc['current-context'];
  const ctx = (kc.contexts ?? []).find((c) => c.name === name)?.context;
  if (!ctx) throw new Error(`context "${name}" does not exist`);
  const cluster = (kc.clusters ?? []).find((c) => c.name === ctx.cluster)?.cluster;
  const user = (kc.users ?? []).find((u) => u.name === ctx.user)?.user;
  return { server: cluster.server.replace(/\/+$/, ''), token: user?.token };
}

export function kube(target) {
  const call = async (method, path, body) => {
    const res = await fetch(`${target.server}${path}`, {
      method,
      headers: {
        ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
        accept: 'application/json',
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    if (res.status === 404) return undefined;
    if (res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status} ${json?.message ?? text}`);
    return json;
  };
  const base = (apiVersion) => (apiVersion === 'v1' ? '/api/v1' : `/apis/${apiVersion}`);
  const path = (apiVersion, plural, namespace, name) =>
    `${base(apiVersion)}${namespace ? `/namespaces/${namespace}` : ''}/${plural}${name ? `/${name}` : ''}`;
  return {
    get: (apiVersion, plural, namespace, name) => call('GET', path(apiVersion, plural, namespace, name)),
    list: async (apiVersion, plural, namespace, labelSelector) =>
      (
        await call(
          'GET',
          `${path(apiVersion, plural, namespace)}${labelSelector ? `?labelSelector=${encodeURIComponent(labelSelector)}` : ''}`,
        )
      )?.items ?? [],
    replace: (apiVersion, plural, namespace, object) =>
      call('PUT', path(apiVersion, plural, namespace, object.metadata.name), object),
    replaceStatus: (apiVersion, plural, namespace, object) =>
      call('PUT', `${path(apiVersion, plural, namespace, object.metadata.name)}/status`, object),
    /** Creates, or replaces keeping the stored resourceVersion (what `helm upgrade` does with a three-way patch). */
    async upsert(apiVersion, plural, namespace, object) {
      const current = await call('GET', path(apiVersion, plural, namespace, object.metadata.name));
      if (!current) return call('POST', path(apiVersion, plural, namespace), object);
      return call('PUT', path(apiVersion, plural, namespace, object.metadata.name), {
        ...object,
        metadata: { ...object.metadata, resourceVersion: current.metadata.resourceVersion },
      });
    },
  };
}

/** Appends one line per call to $FAKE_BIN_LOG: the tool, its argv and the cluster it talked to. */
export function record(tool, argv, extra = {}) {
  const file = process.env.FAKE_BIN_LOG;
  if (file) appendFileSync(file, `${JSON.stringify({ tool, argv, ...extra })}\n`);
}

export function flag(argv, name) {
  const i = argv.indexOf(name);
  return i === -1 ? undefined : argv[i + 1];
}

export function listed(envName) {
  return new Set((process.env[envName] ?? '').split(',').filter(Boolean));
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function fail(message, code = 1) {
  process.stderr.write(`Error: ${message}\n`);
  process.exit(code);
}
