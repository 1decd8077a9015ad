// What the Cilium chart does with values, for the helm stand-in: the checks that make the real
// chart refuse to render (values.schema.json, then the clustermesh-config helper's `required`
// address for a peer without ips: cilium/cilium install/kubernetes/cilium/templates/
// clustermesh-config/_helpers.tpl) and the objects ClusterMesh relies on.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const shared = resolve(process.env.TALOS_FLEET_SHARED ?? join(here, '..', '..', '..', '..', 'shared'));
const schemaFile = join(shared, 'schemas', 'cilium', '1.20.0-dev-0079af0', 'values.schema.json');

/**
 * Compiling the 165 KB schema takes most of a second, and every helm call is a new process: the
 * compiled validator is kept as ajv standalone code in the temp folder, keyed by the schema's hash.
 */
async function schemaValidator() {
  const text = readFileSync(schemaFile, 'utf8');
  const cached = join(
    tmpdir(),
    `talos-fleet-cilium-values-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.cjs`,
  );
  if (!existsSync(cached)) {
    const ajv = new Ajv({ strict: false, allErrors: true, code: { source: true } });
    const code = standaloneCode.default(ajv, ajv.compile(JSON.parse(text)));
    const partial = `${cached}.${process.pid}`;
    writeFileSync(partial, code);
    renameSync(partial, cached);
  }
  return (await import(pathToFileURL(cached).href)).default;
}

export async function chartErrors(values) {
  if (existsSync(schemaFile)) {
    const validate = await schemaValidator();
    if (!validate(values))
      return `values don't meet the specifications of the schema(s) in the following chart(s):\ncilium:\n${validate.errors
        .map((e) => `- at '${e.instancePath || '/'}': ${e.message}`)
        .join('\n')}`;
  }
  const config = values.clustermesh?.config;
  if (values.clustermesh?.useAPIServer && config?.enabled) {
    const entries = Array.isArray(config.clusters)
      ? config.clusters
      : Object.entries(config.clusters ?? {}).map(([name, c]) => ({ ...c, name }));
    for (const c of entries)
      if (c.enabled !== false && !(c.ips?.length > 0) && !c.address)
        return 'execution error at (cilium/templates/clustermesh-config/clustermesh-secret.yaml:11:14): missing clustermesh.apiserver.config.clusters.address';
  }
  return undefined;
}

const b64 = (s) => Buffer.from(s).toString('base64');
const labels = { 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/part-of': 'cilium' };

/** The objects of the chart this stand-in models, in kube-system. */
export function chartObjects(values, namespace) {
  const name = values.cluster?.name ?? 'default';
  const out = [
    [
      'v1',
      'configmaps',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'cilium-config', namespace, labels },
        data: { 'cluster-name': name, 'cluster-id': String(values.cluster?.id ?? 0) },
      },
    ],
    ['apps/v1', 'daemonsets', workload('DaemonSet', 'cilium', namespace, { 'k8s-app': 'cilium' })],
    [
      'apps/v1',
      'deployments',
      workload('Deployment', 'cilium-operator', namespace, { 'io.cilium/app': 'operator' }),
    ],
  ];
  const mesh = values.clustermesh ?? {};
  if (mesh.useAPIServer) {
    out.push([
      'apps/v1',
      'deployments',
      workload('Deployment', 'clustermesh-apiserver', namespace, { 'k8s-app': 'clustermesh-apiserver' }),
    ]);
    out.push([
      'v1',
      'services',
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'clustermesh-apiserver', namespace, labels },
        spec: {
          type: mesh.apiserver?.service?.type ?? 'NodePort',
          selector: { 'k8s-app': 'clustermesh-apiserver' },
          ports: [
            {
              port: 2379,
              targetPort: 2379,
              nodePort: mesh.apiserver?.service?.nodePort ?? 32379,
              protocol: 'TCP',
            },
          ],
        },
      },
    ]);
    if (mesh.config?.enabled) {
      const peers = Array.isArray(mesh.config.clusters)
        ? mesh.config.clusters
        : Object.entries(mesh.config.clusters ?? {}).map(([n, c]) => ({ ...c, name: n }));
      const domain = mesh.config.domain ?? 'mesh.cilium.io';
      const data = Object.fromEntries(
        peers.map((p) => [
          p.name,
          b64(
            `endpoints:\n- https://${p.ips?.length ? `${p.name}.${domain}` : p.address}:${p.port}\ntrusted-ca-file: /var/lib/cilium/clustermesh/common-etcd-client-ca.crt\n` +
              (p.ips?.length
                ? `cilium-host-aliases:\n  ${p.name}.${domain}:\n    ips:\n${p.ips.map((ip) => `      - ${ip}`).join('\n')}\n`
                : ''),
          ),
        ]),
      );
      out.push([
        'v1',
        'secrets',
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'cilium-clustermesh', namespace, labels },
          data,
        },
      ]);
      if (mesh.apiserver?.kvstoremesh?.enabled !== false)
        out.push([
          'v1',
          'secrets',
          {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 'cilium-kvstoremesh', namespace, labels },
            data,
          },
        ]);
    }
  }
  if (values.tls?.ca?.cert && values.tls?.ca?.key)
    out.push([
      'v1',
      'secrets',
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'cilium-ca', namespace, labels },
        data: { 'ca.crt': values.tls.ca.cert, 'ca.key': values.tls.ca.key },
      },
    ]);
  return out;
}

function workload(kind, name, namespace, selector) {
  const template = {
    metadata: { labels: selector },
    spec: {
      containers: [
        { name: kind === 'DaemonSet' ? 'cilium-agent' : name, image: 'quay.io/cilium/cilium:stand-in' },
      ],
    },
  };
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace, labels },
    spec: { selector: { matchLabels: selector }, template },
  };
}
