import {
  LABEL_EXPIRES_AT,
  LABEL_FLEET,
  LABEL_MANAGED_BY,
  MANAGED_BY_VALUE,
  parseLabelsDescription,
} from '../gcp-names.js';
import { FLEET_SEPARATOR } from '../plan/names.js';
import { type CloudResource, MARKER } from './resources.js';

/** The label the plan puts on every GCP resource of one cluster, beside the fleet labels. */
export const LABEL_CLUSTER = 'talos-fleet-cluster';
/** CAPG's own ownership label on instances: `capg-cluster-<cluster>=owned` (api/v1beta1/labels.go). */
const CAPG_CLUSTER_LABEL = /^capg-cluster-(.+)$/;

/** Which fleet a marked resource says it belongs to, and the expiry it states. */
export interface Mark {
  fleet: string;
  /** Unix seconds from `expires-at`; undefined when it is missing or not a number. */
  expiresAt: number | undefined;
  /** The plan's cluster name (`talos-fleet-cluster`), where the resource carries it. */
  cluster?: string;
}

/**
 * Ours, and whose: labels carry `talos-fleet` with `managed-by=talos-fleet`; networks, subnets,
 * routers, firewalls and routes carry the same facts in the description the planner writes.
 * A resource with `managed-by=talos-fleet` but no `talos-fleet` label is the shared image cache
 * (bucket and images the image action labels for reuse across fleets): no fleet, never swept.
 */
export function markOf(r: CloudResource): Mark | undefined {
  // Kinds CAPG leaves unmarked still carry our description when the toolkit made them (the
  // network step pre-creates the API server's health check).
  const facts = MARKER[r.kind] === 'labels' ? r.labels : parseLabelsDescription(r.description);
  if (facts?.[LABEL_MANAGED_BY] !== MANAGED_BY_VALUE) return undefined;
  const fleet = facts[LABEL_FLEET];
  if (!fleet) return undefined;
  const raw = facts[LABEL_EXPIRES_AT];
  const expiresAt = raw !== undefined && /^\d{1,12}$/.test(raw) ? Number(raw) : undefined;
  const cluster = facts[LABEL_CLUSTER];
  return { fleet, expiresAt, ...(cluster ? { cluster } : {}) };
}

/**
 * The Cluster API cluster names (`<fleet>--<cluster>`) a fleet's marked resources reveal: the
 * plan's cluster label, CAPG's `capg-cluster-<name>` label key, and the fleet's own subnets, which
 * the planner names `<fleet>--<cluster>`. CAPG names the unlabelled load-balancer pieces after
 * them.
 */
export function clusterNamesOf(fleet: string, marked: readonly CloudResource[]): Set<string> {
  const prefix = `${fleet}${FLEET_SEPARATOR}`;
  const names = new Set<string>();
  for (const r of marked) {
    const cluster = markOf(r)?.cluster;
    if (cluster) names.add(`${prefix}${cluster}`);
    for (const key of Object.keys(r.labels ?? {})) {
      const m = CAPG_CLUSTER_LABEL.exec(key);
      if (m?.[1]?.startsWith(prefix)) names.add(m[1]);
    }
    if (r.kind === 'subnetwork' && r.name.startsWith(prefix)) names.add(r.name);
  }
  return names;
}

/**
 * Whether `r`, which carries no marker, has a name CAPG derives for one of `clusters`
 * (kubernetes-sigs/cluster-api-provider-gcp cloud/scope/cluster.go and firewall.go): the external
 * load balancer's `<c>-apiserver` health check, backend service, proxy and address, the internal
 * one's `<c>-api-internal`, the per-zone instance groups `<c>-apiserver-<zone>`, and the firewall
 * rules `allow-<c>-healthchecks` and `allow-<c>-cluster`.
 */
export function isCapgDerived(r: CloudResource, clusters: ReadonlySet<string>): boolean {
  for (const c of clusters) {
    switch (r.kind) {
      case 'healthCheck':
      case 'backendService':
      case 'targetTcpProxy':
      case 'globalAddress':
      case 'globalForwardingRule':
        if (r.name === `${c}-apiserver`) return true;
        break;
      case 'regionHealthCheck':
      case 'regionBackendService':
      case 'address':
      case 'forwardingRule':
        if (r.name === `${c}-api-internal`) return true;
        break;
      case 'instanceGroup':
        if (r.location && r.name === `${c}-apiserver-${r.location}`) return true;
        break;
      case 'firewall':
        if (r.name === `allow-${c}-healthchecks` || r.name === `allow-${c}-cluster`) return true;
        break;
      default:
        break;
    }
  }
  return false;
}
