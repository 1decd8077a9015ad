import type { ResolvedCluster, ResolvedFleet } from './model.js';
import { yamlDoc } from './yaml.js';

/**
 * Cilium Helm values for one cluster on Talos (ipam kubernetes, kube-proxy replacement through
 * KubePrism on localhost:7445, Talos's capability lists, cgroup v2 already mounted) plus
 * ClusterMesh. The shared CA (`tls.ca.cert`/`tls.ca.key`) is never in the plan: the mesh step
 * reads it from a secret at apply time. Peer `ips` are filled at apply time too, from each
 * peer's node InternalIPs, which are only known once machines exist.
 */

export const CLUSTERMESH_DOMAIN = 'mesh.cilium.io';
export const CA_SECRET = { namespace: 'kube-system', name: 'cilium-ca', keys: ['ca.crt', 'ca.key'] } as const;

export function renderCiliumValues(fleet: ResolvedFleet, c: ResolvedCluster): Record<string, unknown> {
  const values: Record<string, unknown> = {
    cluster: { name: c.name, id: c.id },
    ipam: { mode: 'kubernetes' },
    kubeProxyReplacement: true,
    k8sServiceHost: 'localhost',
    k8sServicePort: 7445,
    routingMode: 'tunnel',
    tunnelProtocol: fleet.mesh.datapath,
    securityContext: {
      capabilities: {
        ciliumAgent: [
          'CHOWN',
          'KILL',
          'NET_ADMIN',
          'NET_RAW',
          'IPC_LOCK',
          'SYS_ADMIN',
          'SYS_RESOURCE',
          'DAC_OVERRIDE',
          'FOWNER',
          'SETGID',
          'SETUID',
        ],
        cleanCiliumState: ['NET_ADMIN', 'SYS_ADMIN', 'SYS_RESOURCE'],
      },
    },
    cgroup: { autoMount: { enabled: false }, hostRoot: '/sys/fs/cgroup' },
  };
  if (!fleet.mesh.enabled) return values;
  const peerNames = new Set(c.peers);
  const peers = fleet.clusters.filter((p) => peerNames.has(p.name));
  values.clustermesh = {
    useAPIServer: true,
    maxConnectedClusters: 255,
    apiserver: {
      service: { type: 'NodePort', nodePort: fleet.mesh.apiserverNodePort },
      kvstoremesh: { enabled: true },
      tls: { auto: { enabled: true, method: 'helm' } },
    },
    config: {
      enabled: true,
      domain: CLUSTERMESH_DOMAIN,
      clusters: peers.map((p) => ({ name: p.name, port: fleet.mesh.apiserverNodePort, ips: [] as string[] })),
    },
  };
  return values;
}

/** Memoises emitting a peer name: each of up to 255 names is quoted once per plan, not once per file. */
export function nameEmitter(): (name: string) => string {
  const cache = new Map<string, string>();
  return (name) => {
    let out = cache.get(name);
    if (out === undefined) {
      out = yamlDoc(name).trimEnd();
      cache.set(name, out);
    }
    return out;
  };
}

/**
 * The values as YAML. `clustermesh.config.clusters` is the one part that grows with the square of
 * the fleet (every cluster lists every peer: 64,770 entries for 255 clusters), and emitting it
 * through the yaml library took 590 ms of a 700 ms 255-cluster plan (bench/plan.bench.mjs). So
 * the library emits everything else, with the list left empty, and the fixed-shape entries are
 * appended as text, each peer name quoted by the library once per plan. A test parses the result back
 * and compares it with the values object.
 */
export function ciliumValuesYaml(
  values: Record<string, unknown>,
  emitName: (name: string) => string = nameEmitter(),
): string {
  const mesh = values.clustermesh as
    { config?: { clusters?: { name: string; port: number; ips: string[] }[] } } | undefined;
  const peers = mesh?.config?.clusters;
  if (!mesh?.config || !peers?.length) return yamlDoc(values);
  const text = yamlDoc({ ...values, clustermesh: { ...mesh, config: { ...mesh.config, clusters: [] } } });
  const tail = '    clusters: []\n';
  if (!text.endsWith(tail))
    throw new Error('clustermesh.config.clusters must be the last key of the Cilium values');
  const lines = peers.map(
    (p) => `      - name: ${emitName(p.name)}\n        port: ${p.port}\n        ips: []\n`,
  );
  return `${text.slice(0, -tail.length)}    clusters:\n${lines.join('')}`;
}
