import type { ResolvedCluster, ResolvedFleet } from './model.js';

/**
 * Cilium Helm values for one cluster on Talos (ipam kubernetes, kube-proxy replacement through
 * KubePrism on localhost:7445, Talos's capability lists, cgroup v2 already mounted) plus
 * ClusterMesh. The shared CA (`tls.ca.cert`/`tls.ca.key`) is never in the plan: the mesh step
 * reads it from a secret at apply time. Peers are added at apply time too, with each peer's
 * node addresses, which are only known once machines exist.
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
  values.clustermesh = {
    useAPIServer: true,
    maxConnectedClusters: 255,
    apiserver: {
      service: { type: 'NodePort', nodePort: fleet.mesh.apiserverNodePort },
      kvstoremesh: { enabled: true },
      tls: { auto: { enabled: true, method: 'helm' } },
    },
    // No peers here: the chart's clustermesh-config helper `required`s `address` for every peer
    // whose `ips` is empty (cilium/cilium
    // `install/kubernetes/cilium/templates/clustermesh-config/_helpers.tpl`), and peer addresses
    // exist only once machines do. The mesh step adds each peer (plan.json `clusters[].peers`,
    // `mesh.apiserverNodePort`) with its node addresses; an empty list installs as it is.
    config: { enabled: true, domain: CLUSTERMESH_DOMAIN, clusters: [] },
  };
  return values;
}
