/**
 * The Compute collections the fake serves, with what the real API does per kind: where they
 * live (global, regional, zonal: the URL paths of @googleapis/compute v1), their `kind` string,
 * whether they carry labels (with `labelFingerprint` and `setLabels`) or a `fingerprint` that
 * PATCH must quote, a lifecycle `status`, which fields PATCH may not change, the defaults the
 * server fills in, and which other resources they use (what makes a delete answer
 * `resourceInUseByAnotherResource`).
 */

export type ScopeType = 'global' | 'regions' | 'zones';

export interface KindSpec {
  collection: string;
  /** Where the collection exists, e.g. addresses both globally and per region. */
  scopes: readonly ScopeType[];
  /** The `kind` field, e.g. compute#network. */
  kind: string;
  /** Labels with labelFingerprint and a setLabels method. */
  labels: boolean;
  /** A whole-resource `fingerprint` that PATCH must carry and match (412 conditionNotMet otherwise). */
  fingerprint?: 'required' | 'optional';
  /** Statuses while creating, once ready, while deleting; kinds without one are invisible until created. */
  status?: { creating: string; ready: string; deleting?: string; failed?: string };
  /** Whether PATCH (JSON merge patch) is supported; PUT (update) replaces the whole resource. */
  patch: boolean;
  update: boolean;
  /** Fields a PATCH or PUT may not change (400 invalid when it tries). */
  immutable: readonly string[];
  /** Server-side defaults, applied on insert when the field is absent. */
  defaults?: (body: Record<string, unknown>) => Record<string, unknown>;
  /** URLs of the resources this one uses (references are stored as full URLs). */
  uses: (body: Record<string, unknown>) => string[];
  /**
   * Where a delete of a resource still in use is refused: in the request (400) or in the
   * operation. GCE refuses a network in use in its delete operation ("Error waiting for Deleting
   * Network: The network resource ... is already being used by ...", see
   * GoogleCloudPlatform/terraform-google-three-tier-web-app#167 and genevieve/leftovers#6) and a
   * subnetwork in the request ("googleapi: Error 400: The subnetwork resource ... is already being
   * used by ..., resourceInUseByAnotherResource", genevieve/leftovers#6).
   */
  inUseRefusedIn: 'request' | 'operation';
  /** Body fields holding references that the server stores as full URLs. */
  referenceFields: readonly string[];
}

const str = (v: unknown): string[] => (typeof v === 'string' && v ? [v] : []);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);
const field = (o: unknown, k: string): unknown =>
  o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined;

const OUTPUT_ONLY = ['name', 'kind', 'id', 'selfLink', 'creationTimestamp', 'region', 'zone'];

function spec(s: Partial<KindSpec> & Pick<KindSpec, 'collection' | 'scopes' | 'kind'>): KindSpec {
  return {
    labels: false,
    patch: false,
    update: false,
    immutable: OUTPUT_ONLY,
    uses: () => [],
    inUseRefusedIn: 'request',
    referenceFields: [],
    ...s,
  };
}

export const KINDS: readonly KindSpec[] = [
  spec({
    collection: 'networks',
    scopes: ['global'],
    kind: 'compute#network',
    patch: true,
    immutable: [...OUTPUT_ONLY, 'autoCreateSubnetworks', 'IPv4Range'],
    inUseRefusedIn: 'operation',
    defaults: () => ({
      routingConfig: { routingMode: 'REGIONAL' },
      mtu: 1460,
      networkFirewallPolicyEnforcementOrder: 'AFTER_CLASSIC_FIREWALL',
    }),
  }),
  spec({
    collection: 'subnetworks',
    scopes: ['regions'],
    kind: 'compute#subnetwork',
    fingerprint: 'required',
    patch: true,
    // ipCidrRange only grows, through expandIpCidrRange.
    immutable: [...OUTPUT_ONLY, 'network', 'ipCidrRange', 'purpose'],
    referenceFields: ['network'],
    uses: (b) => str(b.network),
    defaults: () => ({ privateIpGoogleAccess: false, purpose: 'PRIVATE', stackType: 'IPV4_ONLY' }),
  }),
  spec({
    collection: 'routers',
    scopes: ['regions'],
    kind: 'compute#router',
    patch: true,
    update: true,
    immutable: [...OUTPUT_ONLY, 'network'],
    referenceFields: ['network'],
    uses: (b) => [
      ...str(b.network),
      ...arr(b.nats).flatMap((n) => arr(field(n, 'subnetworks')).flatMap((s) => str(field(s, 'name')))),
    ],
  }),
  spec({
    collection: 'firewalls',
    scopes: ['global'],
    kind: 'compute#firewall',
    patch: true,
    update: true,
    immutable: [...OUTPUT_ONLY, 'network', 'direction'],
    referenceFields: ['network'],
    uses: (b) => str(b.network),
    defaults: (b) => ({
      direction: 'INGRESS',
      priority: 1000,
      disabled: false,
      logConfig: { enable: false },
      ...((b.direction ?? 'INGRESS') === 'INGRESS' &&
      !b.sourceRanges &&
      !b.sourceTags &&
      !b.sourceServiceAccounts
        ? { sourceRanges: ['0.0.0.0/0'] }
        : {}),
      ...(b.direction === 'EGRESS' && !b.destinationRanges ? { destinationRanges: ['0.0.0.0/0'] } : {}),
    }),
  }),
  spec({
    collection: 'routes',
    scopes: ['global'],
    kind: 'compute#route',
    referenceFields: ['network'],
    uses: (b) => str(b.network),
    defaults: () => ({ priority: 1000, routeType: 'STATIC' }),
  }),
  spec({
    collection: 'instances',
    scopes: ['zones'],
    kind: 'compute#instance',
    labels: true,
    status: { creating: 'PROVISIONING', ready: 'RUNNING', deleting: 'STOPPING' },
    uses: (b) => [
      ...arr(b.networkInterfaces).flatMap((n) => [
        ...str(field(n, 'network')),
        ...str(field(n, 'subnetwork')),
      ]),
      ...arr(b.disks).flatMap((d) => str(field(d, 'source'))),
    ],
  }),
  spec({
    collection: 'disks',
    scopes: ['zones'],
    kind: 'compute#disk',
    labels: true,
    status: { creating: 'CREATING', ready: 'READY', deleting: 'DELETING' },
    defaults: () => ({ sizeGb: '10', type: 'pd-standard' }),
  }),
  spec({
    collection: 'instanceGroups',
    scopes: ['zones'],
    kind: 'compute#instanceGroup',
    referenceFields: ['network', 'subnetwork'],
    uses: (b) => [...str(b.network), ...str(b.subnetwork)],
    defaults: () => ({ size: 0 }),
  }),
  spec({
    collection: 'addresses',
    scopes: ['global', 'regions'],
    kind: 'compute#address',
    labels: true,
    status: { creating: 'RESERVING', ready: 'RESERVED' },
    referenceFields: ['network', 'subnetwork'],
    uses: (b) => [...str(b.network), ...str(b.subnetwork)],
    defaults: () => ({ addressType: 'EXTERNAL', networkTier: 'PREMIUM', ipVersion: 'IPV4' }),
  }),
  spec({
    collection: 'forwardingRules',
    scopes: ['global', 'regions'],
    kind: 'compute#forwardingRule',
    labels: true,
    fingerprint: 'optional',
    patch: true,
    immutable: [...OUTPUT_ONLY, 'IPAddress', 'IPProtocol', 'portRange', 'ports', 'loadBalancingScheme'],
    referenceFields: ['network', 'subnetwork', 'target', 'backendService'],
    uses: (b) => [
      ...str(b.network),
      ...str(b.subnetwork),
      ...str(b.target),
      ...str(b.backendService),
      ...(typeof b.IPAddress === 'string' && b.IPAddress.includes('/addresses/') ? [b.IPAddress] : []),
    ],
    defaults: () => ({ loadBalancingScheme: 'EXTERNAL', IPProtocol: 'TCP', networkTier: 'PREMIUM' }),
  }),
  spec({
    collection: 'targetTcpProxies',
    scopes: ['global', 'regions'],
    kind: 'compute#targetTcpProxy',
    referenceFields: ['service'],
    uses: (b) => str(b.service),
    defaults: () => ({ proxyHeader: 'NONE' }),
  }),
  spec({
    collection: 'backendServices',
    scopes: ['global', 'regions'],
    kind: 'compute#backendService',
    fingerprint: 'optional',
    patch: true,
    update: true,
    referenceFields: ['healthChecks', 'network'],
    uses: (b) => [
      ...arr(b.healthChecks).flatMap(str),
      ...arr(b.backends).flatMap((x) => str(field(x, 'group'))),
      ...str(b.network),
    ],
    defaults: () => ({
      protocol: 'TCP',
      loadBalancingScheme: 'EXTERNAL',
      timeoutSec: 30,
      sessionAffinity: 'NONE',
    }),
  }),
  spec({
    collection: 'healthChecks',
    scopes: ['global', 'regions'],
    kind: 'compute#healthCheck',
    patch: true,
    update: true,
    defaults: () => ({ checkIntervalSec: 5, timeoutSec: 5, healthyThreshold: 2, unhealthyThreshold: 2 }),
  }),
  spec({
    collection: 'images',
    scopes: ['global'],
    kind: 'compute#image',
    labels: true,
    patch: true,
    status: { creating: 'PENDING', ready: 'READY', deleting: 'DELETING', failed: 'FAILED' },
    defaults: () => ({ sourceType: 'RAW' }),
  }),
];

export const KIND_BY_COLLECTION = new Map(KINDS.map((k) => [k.collection, k]));

/** Turns a kind into the singular word GCE uses in its messages ("The network resource ..."). */
export function singular(collection: string): string {
  const words: Record<string, string> = {
    networks: 'network',
    subnetworks: 'subnetwork',
    routers: 'router',
    firewalls: 'firewall',
    routes: 'route',
    instances: 'instance',
    disks: 'disk',
    instanceGroups: 'instanceGroup',
    addresses: 'address',
    forwardingRules: 'forwardingRule',
    targetTcpProxies: 'targetTcpProxy',
    backendServices: 'backendService',
    healthChecks: 'healthCheck',
    images: 'image',
  };
  return words[collection] ?? collection;
}
