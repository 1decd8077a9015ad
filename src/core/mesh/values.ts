import { UserError } from '../user-error.js';
import type { Peer } from './peers.js';

/**
 * The Helm values installed in one cluster: the plan's `cilium-values.yaml`, with the peers'
 * addresses and the fleet CA added. Pure: the caller reads the files, the Machines and the CA.
 */

export type Values = Record<string, unknown>;

/** The fleet CA as the chart takes it: `tls.ca.cert`/`tls.ca.key` are base64 of the PEM (cilium install/kubernetes/cilium/values.yaml). */
export interface ChartCa {
  cert: string;
  key: string;
}

export function chartCa(ca: { certPem: string; keyPem: string }): ChartCa {
  return { cert: Buffer.from(ca.certPem).toString('base64'), key: Buffer.from(ca.keyPem).toString('base64') };
}

export const REDACTED = '<redacted>';

/**
 * The values for one cluster. With the mesh on, `clustermesh.config.clusters` becomes exactly the
 * given peers (whatever the plan wrote there: an empty list, a list without addresses, or
 * nothing) and `tls.ca` the fleet CA; the rest is the plan's, untouched, so a re-run with the
 * same Machines yields byte-identical values and a new peer changes only that list.
 */
export function clusterValues(
  base: Values,
  options: { meshEnabled: boolean; peers: readonly Peer[]; ca: ChartCa | undefined },
): Values {
  const values = structuredClone(base);
  if (!options.meshEnabled) return values;
  const mesh = objectAt(values, 'clustermesh');
  const config = objectAt(mesh, 'config');
  config.enabled = true;
  config.clusters = options.peers.map((p) => ({ name: p.name, port: p.port, ips: [...p.ips] }));
  if (options.ca) {
    const tls = objectAt(values, 'tls');
    const ca = objectAt(tls, 'ca');
    ca.cert = options.ca.cert;
    ca.key = options.ca.key;
  }
  return values;
}

/**
 * The chart's rule for peers: with `clustermesh.config.enabled`, every entry of
 * `clustermesh.config.clusters` (a list, or a map of name to entry; entries with
 * `enabled: false` are skipped) needs `ips` or else an `address`, or rendering fails with
 * "missing clustermesh.apiserver.config.clusters.address" (cilium/cilium
 * install/kubernetes/cilium/templates/clustermesh-config/_helpers.tpl). Returns one line per
 * offending peer.
 */
export function chartPeerProblems(values: Values): string[] {
  const mesh = values.clustermesh as { config?: { enabled?: unknown; clusters?: unknown } } | undefined;
  if (mesh?.config?.enabled !== true) return [];
  const clusters = mesh.config.clusters;
  const entries: [string, Record<string, unknown>][] = Array.isArray(clusters)
    ? clusters.map((c, i) => {
        const e = (c ?? {}) as Record<string, unknown>;
        return [typeof e.name === 'string' ? e.name : `#${i}`, e];
      })
    : clusters && typeof clusters === 'object'
      ? Object.entries(clusters as Record<string, Record<string, unknown>>)
      : [];
  return entries.flatMap(([name, e]) => {
    if (e.enabled === false) return [];
    const ips = Array.isArray(e.ips) ? e.ips.filter((ip) => typeof ip === 'string' && ip !== '') : [];
    const address = typeof e.address === 'string' && e.address !== '';
    return ips.length > 0 || address ? [] : [`peer '${name}' has neither ips nor address`];
  });
}

/** Throws a UserError naming the cluster when its values break the chart's peer rule. */
export function assertChartPeers(cluster: string, values: Values): void {
  const problems = chartPeerProblems(values);
  if (problems.length === 0) return;
  throw new UserError(
    `The Cilium values for cluster '${cluster}' would not render: ${problems.join('; ')}.`,
    {
      fix: 'give every peer in clustermesh.config.clusters its node addresses (ips) or an address; the mesh action fills them from the Machines when the plan leaves the list empty',
      title: 'Cilium values',
    },
  );
}

/** The values with the CA key replaced, for logs, summaries and diffs. */
export function redactValues(values: Values): Values {
  const out = structuredClone(values);
  const ca = (out.tls as { ca?: Record<string, unknown> } | undefined)?.ca;
  if (ca && typeof ca.key === 'string') ca.key = REDACTED;
  return out;
}

/**
 * Dotted paths at which two values trees differ (lists compared whole), sorted: e.g.
 * `clustermesh.config.clusters` when only the peers changed. Empty: nothing to upgrade.
 */
export function changedPaths(before: unknown, after: unknown, prefix = ''): string[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => changedPaths(before[k], after[k], prefix ? `${prefix}.${k}` : k));
  }
  return canonical(before) === canonical(after) ? [] : [prefix || '.'];
}

/** JSON with object keys sorted, so equal trees compare equal whatever their key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    isPlainObject(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function objectAt(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  const current = parent[key];
  if (isPlainObject(current)) return current;
  const created: Record<string, unknown> = {};
  parent[key] = created;
  return created;
}
