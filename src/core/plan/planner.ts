import { parseCidr, type Cidr } from '../fleet/cidr.js';
import { diskTypeFor, type DiskType } from '../fleet/disk-type.js';
import { parseDurationSeconds } from '../fleet/duration.js';
import { regionZones } from '../fleet/gcp-regions.js';
import { parseFleetSpec } from '../fleet/parse.js';
import { type FleetSpec, MAX_TTL_SECONDS } from '../fleet/schema.js';
import type { SpecError } from '../fleet/spec-error.js';
import { fleetLabels } from '../gcp-names.js';
import { allocate, type ClusterRequest } from '../fleet/allocate.js';
import { renderClusterObjects } from './capi.js';
import { CA_SECRET, CLUSTERMESH_DOMAIN, renderCiliumValues } from './cilium-values.js';
import { resolveImage, type ImageChoice } from '../fleet/image.js';
import type { MachinePool, ResolvedCluster, ResolvedFleet, WorkerDeployment } from './model.js';
import { capiClusterName, networkName, objectNames, subnetName } from '../fleet/names.js';
import { renderNetworkPlan, type NetworkPlan } from './network.js';
import { renderTalosPatches } from './talos-patches.js';
import {
  DEFAULT_VERSIONS,
  TALOS_SUPPORT,
  ciliumKubernetesWarning,
  talosMinor,
  type Versions,
} from '../fleet/versions.js';
import { yamlDoc, yamlDocs } from './yaml.js';

export const PLAN_KIND = 'FleetPlan';
export const DEFAULT_TTL = '6h';
type PoolSettings = Omit<MachinePool, 'diskType'>;
type PoolOverride = Partial<PoolSettings> & { diskType?: DiskType };

export const DEFAULT_CONTROL_PLANE: PoolSettings = {
  replicas: 1,
  machineType: 'n2-standard-2',
  diskSizeGb: 30,
};
export const DEFAULT_WORKERS: PoolSettings = { replicas: 2, machineType: 'n2-standard-2', diskSizeGb: 30 };
/**
 * No scopes: Talos and the Talos CCM call no Google API, so a pod reaching the metadata server
 * gets no usable token. Without `serviceAccounts` CAPG would attach the default account with the
 * cloud-platform scope (cluster-api-provider-gcp `cloud/scope/machine.go`
 * instanceServiceAccountsSpec).
 */
export const DEFAULT_NODE_SERVICE_ACCOUNT = { email: 'default', scopes: [] as string[] };
export const DEFAULT_NODE_PORT = 32379;

export interface PlanOptions {
  /** The planning time in unix seconds (the core has no clock); expires-at = now + ttl. */
  now: number;
  /**
   * The expiry of the plan already in the output directory (see `previousExpiry`). Kept when it
   * is for the same fleet and ttl and still in the future, so re-planning (a preview growing by a
   * cluster) leaves the existing clusters' immutable machine templates byte-identical. Entries
   * pass it only when the planning time was not given explicitly.
   */
  previous?: PreviousExpiry;
  /** Image override, e.g. the image action's `image-name` output. */
  image?: string;
  /** Ranges already used in a shared network, from outside the spec. */
  usedRanges?: readonly string[];
}

export interface PlannedCluster {
  name: string;
  capiName: string;
  id: number;
  region: string;
  zones: string[];
  podCidr: string;
  serviceCidr: string;
  nodeCidr: string;
  /** Which of id/podCidr/serviceCidr/nodeCidr the planner chose (the rest were given). */
  allocated: ResolvedCluster['allocated'];
  controlPlane: MachinePool;
  workers: MachinePool;
  /** The worker MachineDeployments, one per zone. */
  workerDeployments: WorkerDeployment[];
  subnet: string;
  peers: string[];
  /** Paths relative to the plan directory. */
  files: { manifests: string; ciliumValues: string };
}

/** plan.json: everything later steps execute or report; documented in docs/fleet-spec.md. */
export interface FleetPlan {
  apiVersion: string;
  kind: typeof PLAN_KIND;
  fleet: {
    name: string;
    project: string;
    ttl: string;
    expiresAt: number;
    expiresAtIso: string;
    labels: Record<string, string>;
  };
  versions: Versions;
  image: ImageChoice;
  access: { talosApiSourceRanges: string[] };
  nodeServiceAccount: { email: string; scopes: string[] };
  mesh: {
    enabled: boolean;
    datapath: 'vxlan' | 'geneve';
    apiserverNodePort: number;
    domain: string;
    /** Applied at install time from this secret; never written into the plan. */
    caSecret: { namespace: string; name: string; keys: readonly string[] };
  };
  warnings: string[];
  clusters: PlannedCluster[];
  network: NetworkPlan;
  files: { plan: string; network: string };
}

export interface PreviousExpiry {
  fleet: string;
  ttl: string;
  expiresAt: number;
}

/** The fleet, ttl and expiry of a previous plan.json; undefined when it is missing or not a plan. */
export function previousExpiry(planJson: string | undefined): PreviousExpiry | undefined {
  if (planJson === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(planJson);
  } catch {
    return undefined;
  }
  const p = parsed as { kind?: unknown; fleet?: { name?: unknown; ttl?: unknown; expiresAt?: unknown } };
  const f = p.fleet;
  if (p.kind !== PLAN_KIND || typeof f?.name !== 'string' || typeof f.ttl !== 'string') return undefined;
  if (typeof f.expiresAt !== 'number' || !Number.isSafeInteger(f.expiresAt)) return undefined;
  return { fleet: f.name, ttl: f.ttl, expiresAt: f.expiresAt };
}

/**
 * now + ttl, or the previous plan's expiry when it is the same fleet and ttl, not yet past, and
 * no later than now + ttl: plan.json sits in the out-dir, which a pull request can commit, so a
 * planted expiry (year 2100) must not carry into every expires-at label. The ttl is capped at
 * MAX_TTL_SECONDS here too, whatever the spec said.
 */
export function expiryFor(
  fleet: string,
  ttl: string,
  now: number,
  previous?: PreviousExpiry,
): { expiresAt: number; kept: boolean } {
  const floorNow = Math.floor(now);
  const latest = floorNow + Math.min(parseDurationSeconds(ttl) ?? 0, MAX_TTL_SECONDS);
  if (
    previous?.fleet === fleet &&
    previous.ttl === ttl &&
    previous.expiresAt > floorNow &&
    previous.expiresAt <= latest
  )
    return { expiresAt: previous.expiresAt, kept: true };
  return { expiresAt: latest, kept: false };
}

export interface PlanFile {
  path: string;
  content: string;
}

export type PlanResult =
  { ok: true; plan: FleetPlan; files: PlanFile[] } | { ok: false; errors: SpecError[] };

function pool(defaults: PoolSettings, ...overrides: (PoolOverride | undefined)[]): MachinePool {
  const out = { ...defaults };
  let asked: DiskType | undefined;
  for (const o of overrides) {
    if (o?.replicas !== undefined) out.replicas = o.replicas;
    if (o?.machineType !== undefined) out.machineType = o.machineType;
    if (o?.diskSizeGb !== undefined) out.diskSizeGb = o.diskSizeGb;
    if (o?.diskType !== undefined) asked = o.diskType;
  }
  const disk = diskTypeFor(out.machineType, asked);
  // parseFleetSpec refuses every combination diskTypeFor refuses.
  if (!disk.ok) throw new Error(`unchecked disk type: ${disk.problem}`);
  return { ...out, diskType: disk.diskType };
}

/**
 * One MachineDeployment per zone (the spec's zones, or every zone of the region), the replicas
 * dealt out in zone order: zone i gets one more while i < replicas mod zones. CAPG otherwise
 * puts every Machine without a failure domain in the first zone (`cloud/scope/machine.go` Zone).
 * Depends only on the cluster, so appending a cluster leaves the others unchanged.
 */
export function workerDeployments(
  capiName: string,
  zones: readonly string[],
  replicas: number,
): WorkerDeployment[] {
  const base = objectNames(capiName).workers;
  return zones.map((zone, i) => ({
    name: `${base}-${zone.slice(zone.lastIndexOf('-') + 1)}`,
    zone,
    replicas: Math.floor(replicas / zones.length) + (i < replicas % zones.length ? 1 : 0),
  }));
}

function cidrOf(text: string | undefined): Cidr | undefined {
  if (text === undefined) return undefined;
  const r = parseCidr(text);
  return r.ok ? r.cidr : undefined;
}

/** Defaults applied, ranges allocated; errors only if allocation fails (parseFleetSpec already checks). */
export function resolveFleet(
  spec: FleetSpec,
  options: PlanOptions,
): { ok: true; fleet: ResolvedFleet } | { ok: false; errors: SpecError[] } {
  const s = spec.spec;
  const fleetName = spec.metadata.name;
  const versions: Versions = { ...DEFAULT_VERSIONS, ...s.versions };
  const existing = [...(s.gcp.usedRanges ?? []), ...(options.usedRanges ?? [])]
    .map(cidrOf)
    .filter((c): c is Cidr => c !== undefined);
  const requests: ClusterRequest[] = s.clusters.map((c, index) => {
    const r: ClusterRequest = { index };
    if (c.id !== undefined) r.id = c.id;
    const pod = cidrOf(c.podCidr);
    const service = cidrOf(c.serviceCidr);
    const node = cidrOf(c.nodeCidr);
    if (pod) r.podCidr = pod;
    if (service) r.serviceCidr = service;
    if (node) r.nodeCidr = node;
    return r;
  });
  const allocation = allocate(requests, existing);
  if (allocation.errors.length > 0)
    return {
      ok: false,
      errors: allocation.errors.map((e) => ({ path: `clusters[${e.index}].${e.field}`, message: e.message })),
    };
  const ttl = s.ttl ?? DEFAULT_TTL;
  const { expiresAt } = expiryFor(fleetName, ttl, options.now, options.previous);
  const meshEnabled = s.mesh?.enabled ?? false;
  const network = s.gcp.network ?? 'auto';
  const netName = network === 'auto' ? networkName(fleetName) : network;
  const names = s.clusters.map((c) => c.name);
  const clusters: ResolvedCluster[] = allocation.clusters.flatMap((a) => {
    const c = s.clusters[a.index];
    if (!c) return [];
    const capiName = capiClusterName(fleetName, c.name);
    const workers = pool(DEFAULT_WORKERS, s.defaults?.workers, c.workers);
    const zones = c.zones ?? regionZones(c.region);
    return {
      index: a.index,
      name: c.name,
      capiName,
      region: c.region,
      zones,
      id: a.id,
      podCidr: a.podCidr.text,
      serviceCidr: a.serviceCidr.text,
      nodeCidr: a.nodeCidr.text,
      allocated: a.allocated,
      controlPlane: pool(DEFAULT_CONTROL_PLANE, s.defaults?.controlPlane, c.controlPlane),
      workers,
      workerDeployments: workerDeployments(capiName, zones, workers.replicas),
      subnetName: subnetName(fleetName, c.name),
      peers: meshEnabled ? names.filter((n) => n !== c.name) : [],
    };
  });
  return {
    ok: true,
    fleet: {
      name: fleetName,
      project: s.gcp.project,
      network: {
        name: netName,
        create: network === 'auto',
        selfLink: `projects/${s.gcp.project}/global/networks/${netName}`,
      },
      ttl,
      expiresAt,
      labels: fleetLabels(fleetName, expiresAt),
      versions,
      image: resolveImage(s.gcp.project, versions.talos, s.image, options.image),
      talosApiSourceRanges: s.access?.talosApiSourceRanges ??
        s.access?.bootstrapSourceRanges ?? ['0.0.0.0/0'],
      deprecatedKeys:
        s.access?.bootstrapSourceRanges === undefined
          ? []
          : [{ key: 'access.bootstrapSourceRanges', replacement: 'access.talosApiSourceRanges' }],
      mesh: {
        enabled: meshEnabled,
        datapath: s.mesh?.datapath ?? 'vxlan',
        apiserverNodePort: s.mesh?.apiserverNodePort ?? DEFAULT_NODE_PORT,
      },
      nodeServiceAccount: {
        email: s.gcp.nodeServiceAccount?.email ?? DEFAULT_NODE_SERVICE_ACCOUNT.email,
        scopes: s.gcp.nodeServiceAccount?.scopes ?? DEFAULT_NODE_SERVICE_ACCOUNT.scopes,
      },
      clusters,
    },
  };
}

function warningsFor(fleet: ResolvedFleet): string[] {
  const warnings: string[] = [];
  for (const d of fleet.deprecatedKeys)
    warnings.push(
      `${d.key} is deprecated: rename it to ${d.replacement} (same meaning: who may reach Talos apid, TCP 50000, on control planes for the life of the cluster).`,
    );
  if (fleet.talosApiSourceRanges.includes('0.0.0.0/0'))
    warnings.push(
      "access.talosApiSourceRanges includes 0.0.0.0/0: Talos apid (TCP 50000) on every control plane is open to the internet. Narrow it to the management cluster's (runner's) egress range where you can.",
    );
  const support = TALOS_SUPPORT.find((t) => t.talos === talosMinor(fleet.versions.talos));
  if (support?.bootstrapRisk)
    warnings.push(
      `${support.bootstrapRisk}. versions.cabpt is pinned to ${fleet.versions.cabpt}: make sure that release decodes these documents before relying on this plan.`,
    );
  if (support?.inferred)
    warnings.push(`Compatibility of Talos ${support.talos} is partly inferred: ${support.source}.`);
  const cilium = ciliumKubernetesWarning(fleet.versions);
  if (cilium) warnings.push(cilium);
  return warnings;
}

/** plan.json as written, byte for byte (the status document's plan digest hashes this). */
export const planJson = (plan: FleetPlan) => `${JSON.stringify(plan, null, 2)}\n`;

/** Renders every artifact of a resolved fleet. Pure: same input, byte-identical output. */
export function renderPlan(fleet: ResolvedFleet): { plan: FleetPlan; files: PlanFile[] } {
  const patches = renderTalosPatches(fleet.versions.talos, fleet.versions.talosCcm);
  const network = renderNetworkPlan(fleet);
  const files: PlanFile[] = [];
  const clusters: PlannedCluster[] = fleet.clusters.map((c) => {
    const manifests = `${c.name}/cluster.yaml`;
    const ciliumValues = `${c.name}/cilium-values.yaml`;
    files.push({
      path: manifests,
      content: yamlDocs(renderClusterObjects(fleet, c, patches)),
    });
    files.push({
      path: ciliumValues,
      content: yamlDoc(renderCiliumValues(fleet, c)),
    });
    return {
      name: c.name,
      capiName: c.capiName,
      id: c.id,
      region: c.region,
      zones: c.zones,
      podCidr: c.podCidr,
      serviceCidr: c.serviceCidr,
      nodeCidr: c.nodeCidr,
      allocated: c.allocated,
      controlPlane: c.controlPlane,
      workers: c.workers,
      workerDeployments: c.workerDeployments,
      subnet: c.subnetName,
      peers: c.peers,
      files: { manifests, ciliumValues },
    };
  });
  const plan: FleetPlan = {
    apiVersion: 'talos-fleet.dev/v1alpha1',
    kind: PLAN_KIND,
    fleet: {
      name: fleet.name,
      project: fleet.project,
      ttl: fleet.ttl,
      expiresAt: fleet.expiresAt,
      expiresAtIso: new Date(fleet.expiresAt * 1000).toISOString(),
      labels: fleet.labels,
    },
    versions: fleet.versions,
    image: fleet.image,
    access: { talosApiSourceRanges: fleet.talosApiSourceRanges },
    nodeServiceAccount: fleet.nodeServiceAccount,
    mesh: { ...fleet.mesh, domain: CLUSTERMESH_DOMAIN, caSecret: CA_SECRET },
    warnings: warningsFor(fleet),
    clusters,
    network,
    files: { plan: 'plan.json', network: 'network.json' },
  };
  files.push({ path: 'network.json', content: `${JSON.stringify(network, null, 2)}\n` });
  files.unshift({ path: 'plan.json', content: planJson(plan) });
  return { plan, files };
}

/** Spec text in, plan and files out, or every error in the spec. */
export function planFleet(text: string, options: PlanOptions): PlanResult {
  const parsed = parseFleetSpec(text, options.usedRanges ? { usedRanges: options.usedRanges } : {});
  if (!parsed.ok) return parsed;
  const resolved = resolveFleet(parsed.spec, options);
  if (!resolved.ok) return resolved;
  return { ok: true, ...renderPlan(resolved.fleet) };
}
