import type { KubeObject, KubeStore } from '../kubernetes/fake-kube.js';

/**
 * `clusterctl describe cluster <name> --show-conditions all --grouping=false` as the v1beta2 view
 * prints it (kubernetes-sigs/cluster-api internal/util/tree/tree.go: NAME, REPLICAS, AVAILABLE,
 * READY, UP TO DATE, STATUS, REASON, SINCE, MESSAGE), from the fake's objects.
 */
export function describeCluster(store: KubeStore, namespace: string, name: string): string | undefined {
  const cluster = store.get('cluster.x-k8s.io/v1beta2', 'Cluster', namespace, name);
  if (!cluster) return undefined;
  const rows: string[][] = [
    ['NAME', 'REPLICAS', 'AVAILABLE', 'READY', 'UP TO DATE', 'STATUS', 'REASON', 'SINCE', 'MESSAGE'],
  ];
  const add = (prefix: string, o: KubeObject | undefined, label: string) => {
    if (!o) return;
    const conditions = (o as { status?: { conditions?: Record<string, string>[] } }).status?.conditions ?? [];
    const first = conditions[0];
    rows.push([
      `${prefix}${label}`,
      '',
      '',
      '',
      '',
      first?.status ?? '',
      first?.reason ?? '',
      '1m',
      first?.message ?? '',
    ]);
    for (const c of conditions)
      rows.push([
        `${prefix}  ${c.type}`,
        '',
        '',
        '',
        '',
        c.status ?? '',
        c.reason ?? '',
        '1m',
        c.message ?? '',
      ]);
  };
  const spec = (
    cluster as { spec?: { infrastructureRef?: { name?: string }; controlPlaneRef?: { name?: string } } }
  ).spec;
  add('', cluster, `Cluster/${name}`);
  add(
    '├─',
    spec?.infrastructureRef?.name
      ? store.get(
          'infrastructure.cluster.x-k8s.io/v1beta1',
          'GCPCluster',
          namespace,
          spec.infrastructureRef.name,
        )
      : undefined,
    `ClusterInfrastructure - GCPCluster/${spec?.infrastructureRef?.name ?? ''}`,
  );
  add(
    '├─',
    spec?.controlPlaneRef?.name
      ? store.get(
          'controlplane.cluster.x-k8s.io/v1alpha3',
          'TalosControlPlane',
          namespace,
          spec.controlPlaneRef.name,
        )
      : undefined,
    `ControlPlane - TalosControlPlane/${spec?.controlPlaneRef?.name ?? ''}`,
  );
  for (const m of store
    .list('cluster.x-k8s.io/v1beta2', 'Machine', namespace)
    .filter((x) => x.metadata.labels?.['cluster.x-k8s.io/cluster-name'] === name))
    add('│ └─', m, `Machine/${m.metadata.name}`);
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return `${rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}
