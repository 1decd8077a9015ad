/**
 * The Cilium chart's rule for `clustermesh.config.clusters`, as its templates apply it
 * (cilium/cilium `install/kubernetes/cilium/templates/clustermesh-config/_helpers.tpl`):
 * `clustermesh-clusters` accepts a list or a map keyed by name and skips entries with
 * `enabled: false`; `clustermesh-config-generate-etcd-cfg` then writes the endpoint from `ips`
 * when they are non-empty and otherwise `required`s `address`, failing `helm install` with
 * "missing clustermesh.apiserver.config.clusters.address". A values schema cannot express this,
 * so the test applies the rule itself. Returns the messages Helm would fail with.
 */
export function clustermeshConfigProblems(values: unknown): string[] {
  const config = (values as { clustermesh?: { config?: { enabled?: unknown; clusters?: unknown } } })
    .clustermesh?.config;
  if (config?.enabled !== true) return [];
  const clusters: unknown = config.clusters ?? [];
  let entries: [string, Record<string, unknown>][];
  if (Array.isArray(clusters))
    entries = (clusters as Record<string, unknown>[]).map((c) => [String(c.name), c]);
  else if (typeof clusters === 'object' && clusters !== null)
    entries = Object.entries(clusters as Record<string, Record<string, unknown>>);
  else return [`unknown type ${typeof clusters} for clustermesh.config.clusters`];
  const problems: string[] = [];
  for (const [name, c] of entries) {
    if (c.enabled === false) continue;
    const ips = Array.isArray(c.ips) ? c.ips : c.ips ? [c.ips] : [];
    if (ips.length === 0 && (typeof c.address !== 'string' || c.address === ''))
      problems.push(`${name}: missing clustermesh.apiserver.config.clusters.address`);
  }
  return problems;
}
