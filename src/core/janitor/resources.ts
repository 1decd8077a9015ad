/**
 * The Compute resources a fleet can leave behind, in the order they must be deleted: each kind
 * is only referenced by kinds before it, so deleting front to back never meets a reference that
 * is still there. The order is the one CAPG's own reconcileDelete and kubernetes-sigs/boskos
 * (cmd/janitor/gcp_janitor.py) follow, merged: load-balancer pieces from the front
 * (forwarding rule → proxy → backend service → health check → address), then instances and
 * their groups, disks an instance no longer holds, then the network pieces inside out.
 */
export const DELETION_ORDER = [
  'globalForwardingRule',
  'forwardingRule',
  'targetTcpProxy',
  'backendService',
  'regionBackendService',
  'healthCheck',
  'regionHealthCheck',
  'globalAddress',
  'address',
  'instance',
  'instanceGroup',
  'disk',
  'image',
  'firewall',
  'route',
  'router',
  'subnetwork',
  'network',
] as const;

export type ResourceKind = (typeof DELETION_ORDER)[number];

export type Scope = 'global' | 'regional' | 'zonal';

export const SCOPE: Record<ResourceKind, Scope> = {
  globalForwardingRule: 'global',
  forwardingRule: 'regional',
  targetTcpProxy: 'global',
  backendService: 'global',
  regionBackendService: 'regional',
  healthCheck: 'global',
  regionHealthCheck: 'regional',
  globalAddress: 'global',
  address: 'regional',
  instance: 'zonal',
  instanceGroup: 'zonal',
  disk: 'zonal',
  image: 'global',
  firewall: 'global',
  route: 'global',
  router: 'regional',
  subnetwork: 'regional',
  network: 'global',
};

/**
 * How a kind says who owns it. GCP gives labels to instances, disks, images, addresses and
 * forwarding rules; networks, subnets, routers, firewalls and routes carry only a description;
 * the rest of CAPG's load balancer (health check, backend service, proxy, instance groups) has
 * neither, and is known only by the names CAPG derives from the cluster name
 * (cloud/scope/cluster.go in kubernetes-sigs/cluster-api-provider-gcp).
 */
export const MARKER: Record<ResourceKind, 'labels' | 'description' | 'name'> = {
  globalForwardingRule: 'labels',
  forwardingRule: 'labels',
  targetTcpProxy: 'name',
  backendService: 'name',
  regionBackendService: 'name',
  healthCheck: 'name',
  regionHealthCheck: 'name',
  globalAddress: 'labels',
  address: 'labels',
  instance: 'labels',
  instanceGroup: 'name',
  disk: 'labels',
  image: 'labels',
  firewall: 'description',
  route: 'description',
  router: 'description',
  subnetwork: 'description',
  network: 'description',
};

/** One resource as a Compute list call returns it, reduced to what ownership and deletion need. */
export interface CloudResource {
  kind: ResourceKind;
  name: string;
  /** The project the list call was made in, taken from the resource's selfLink. */
  project: string;
  /** Zone for zonal kinds, region for regional kinds; absent for global ones. */
  location?: string;
  labels?: Record<string, string>;
  description?: string;
  /** Disks: the instances that hold it (`users`); an orphan disk has none. */
  users?: readonly string[];
}

/** `<kind>/<location>/<name>` or `<kind>/<name>`: how reports and the janitor's output name a resource. */
export function resourceId(r: Pick<CloudResource, 'kind' | 'name' | 'location'>): string {
  return r.location ? `${r.kind}/${r.location}/${r.name}` : `${r.kind}/${r.name}`;
}

const RANK = new Map<ResourceKind, number>(DELETION_ORDER.map((k, i) => [k, i]));

/** Resources sorted for deletion: by DELETION_ORDER, then by id, so a run is reproducible. */
export function inDeletionOrder<T extends CloudResource>(resources: readonly T[]): T[] {
  return [...resources].sort(
    (a, b) => (RANK.get(a.kind) ?? 0) - (RANK.get(b.kind) ?? 0) || resourceId(a).localeCompare(resourceId(b)),
  );
}
