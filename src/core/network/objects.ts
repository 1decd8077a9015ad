import type { NetworkPlanInput } from './plan-input.js';

/**
 * The network plan as a list of Compute objects, each with where it lives and which other
 * objects it refers to, so create, update and delete can run in dependency order.
 */

export type NetworkKind = 'network' | 'subnetwork' | 'router' | 'firewall' | 'healthCheck';

export interface NetworkObject {
  kind: NetworkKind;
  name: string;
  /** `global` or `regions/<region>`. */
  scope: string;
  /** The insert body (desired), or the resource as the API returned it (observed). */
  body: Record<string, unknown>;
}

export const COLLECTION: Record<NetworkKind, string> = {
  network: 'networks',
  subnetwork: 'subnetworks',
  router: 'routers',
  firewall: 'firewalls',
  healthCheck: 'healthChecks',
};

/** `<kind>/<name>`, as the `changes` output lists objects. */
export function objectId(o: Pick<NetworkObject, 'kind' | 'name'>): string {
  return `${o.kind}/${o.name}`;
}

/** The partial URL, `projects/<p>/<scope>/<collection>/<name>`. */
export function partialUrl(project: string, o: Pick<NetworkObject, 'kind' | 'name' | 'scope'>): string {
  return `projects/${project}/${o.scope}/${COLLECTION[o.kind]}/${o.name}`;
}

/** A reference in any form the API accepts or returns (full URL, partial, `global/...`), as a partial URL. */
export function normalizeRef(ref: string, project: string): string {
  const at = ref.indexOf('projects/');
  if (at >= 0) return ref.slice(at);
  if (/^(global|regions|zones)\//.test(ref)) return `projects/${project}/${ref}`;
  return ref;
}

export function desiredObjects(plan: NetworkPlanInput): NetworkObject[] {
  const n = plan.network;
  const out: NetworkObject[] = [];
  if (n.create && n.network)
    out.push({ kind: 'network', name: n.network.name, scope: 'global', body: n.network });
  for (const s of n.subnetworks)
    out.push({ kind: 'subnetwork', name: s.name, scope: `regions/${s.region}`, body: s });
  for (const r of n.routers)
    out.push({ kind: 'router', name: r.router.name, scope: `regions/${r.region}`, body: r.router });
  for (const f of n.firewalls) out.push({ kind: 'firewall', name: f.name, scope: 'global', body: f });
  for (const h of n.healthChecks ?? [])
    out.push({ kind: 'healthCheck', name: h.name, scope: 'global', body: h });
  return out;
}

/** Partial URLs of the objects a body refers to: its network, and the subnets its NATs serve. */
export function referencesOf(o: NetworkObject, project: string): string[] {
  const refs: string[] = [];
  if (o.kind !== 'network' && typeof o.body.network === 'string')
    refs.push(normalizeRef(o.body.network, project));
  if (o.kind === 'router' && Array.isArray(o.body.nats))
    for (const nat of o.body.nats as { subnetworks?: { name?: unknown }[] }[])
      for (const s of nat.subnetworks ?? [])
        if (typeof s.name === 'string') refs.push(normalizeRef(s.name, project));
  return refs;
}
