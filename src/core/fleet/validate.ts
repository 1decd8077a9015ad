import { z } from 'zod';
import { allocate, type ClusterRequest, MAX_CLUSTERS } from './allocate.js';
import { FLEET_SEPARATOR, GCE_MAX, capiClusterName, derivedGceNames } from './names.js';
import { DEFAULT_VERSIONS, compatibilityProblems } from './versions.js';
import { overlaps, parseCidr, type Cidr } from './cidr.js';
import { diskTypeFor } from './disk-type.js';
import { ClusterSchema, ControlPlanePoolSchema, FleetSpecSchema } from './schema.js';
import { regionZones, zoneRegion } from './gcp-regions.js';

export interface CheckOptions {
  /** Ranges already used in a shared network, from outside the spec (CLI `--used-ranges`, action `used-ranges`). */
  usedRanges?: readonly string[];
}

export interface CrossError {
  /** Path below `spec:` (or `metadata.name`, `used-ranges[0]`). */
  segments: (string | number)[];
  message: string;
}

const specShape = FleetSpecSchema.shape.spec.shape;
const clusterShape = ClusterSchema.shape;

/** The value when it passes its own field schema, else undefined (that field already has an error). */
function pick<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const r = schema.safeParse(value);
  return r.success ? r.data : undefined;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

interface LabelledRange {
  label: string;
  segments: (string | number)[];
  cidr: Cidr;
  /** Existing ranges of a shared network may overlap each other; ours may not. */
  existing: boolean;
}

const poolShape = ControlPlanePoolSchema.shape;

/**
 * The boot disk type of a pool must suit its machine type (after `defaults` are applied); the
 * error sits on the key that decides it, in the cluster or in `defaults`.
 */
function diskTypeErrors(
  fromDefaults: Record<string, unknown>,
  fromCluster: Record<string, unknown>,
  clusterPath: (string | number)[],
  poolKey: string,
): CrossError[] {
  const source = (key: 'machineType' | 'diskType') =>
    fromCluster[key] !== undefined
      ? { value: fromCluster[key], segments: [...clusterPath, key] }
      : fromDefaults[key] !== undefined
        ? { value: fromDefaults[key], segments: ['defaults', poolKey, key] }
        : undefined;
  const machine = source('machineType');
  const disk = source('diskType');
  const machineType = machine === undefined ? undefined : pick(poolShape.machineType, machine.value);
  const asked = disk === undefined ? undefined : pick(poolShape.diskType, disk.value);
  if (machineType === undefined || (disk !== undefined && asked === undefined)) return [];
  const choice = diskTypeFor(machineType, asked);
  if (choice.ok) return [];
  return [{ segments: (disk ?? machine)?.segments ?? clusterPath, message: choice.problem }];
}

/**
 * Checks across fields, on whatever parts of the spec are individually valid, so one run reports
 * them together with the schema errors: duplicates, overlaps of any kind, GCP name lengths after
 * prefixing, zones outside the region, mesh size, version compatibility, and allocation.
 */
export function crossCheck(raw: unknown, options: CheckOptions = {}): CrossError[] {
  const errors: CrossError[] = [];
  const root = record(raw);
  const spec = record(root.spec);
  const fleet = pick(FleetSpecSchema.shape.metadata.shape.name, record(root.metadata).name);
  const rawClusters = Array.isArray(spec.clusters) ? (spec.clusters as unknown[]) : [];
  const defaults = record(spec.defaults);

  const ranges: LabelledRange[] = [];
  const gcp = record(spec.gcp);
  const specUsed = Array.isArray(gcp.usedRanges) ? (gcp.usedRanges as unknown[]) : [];
  specUsed.forEach((text, k) => {
    const parsed = typeof text === 'string' ? parseCidr(text) : undefined;
    if (parsed?.ok)
      ranges.push({
        label: `gcp.usedRanges[${k}]`,
        segments: ['gcp', 'usedRanges', k],
        cidr: parsed.cidr,
        existing: true,
      });
  });
  (options.usedRanges ?? []).forEach((text, k) => {
    const parsed = parseCidr(text);
    if (parsed.ok)
      ranges.push({
        label: `used-ranges[${k}]`,
        segments: [`used-ranges[${k}]`],
        cidr: parsed.cidr,
        existing: true,
      });
    else errors.push({ segments: [`used-ranges[${k}]`], message: parsed.problem });
  });
  const existingRanges = ranges.map((r) => r.cidr);

  const names = new Map<string, number>();
  const ids = new Map<number, number>();
  let clustersComplete = rawClusters.length > 0;
  const requests: ClusterRequest[] = [];

  rawClusters.forEach((item, i) => {
    const c = record(item);
    const name = pick(clusterShape.name, c.name);
    const region = pick(clusterShape.region, c.region);
    const id = pick(clusterShape.id, c.id);
    const base = ['clusters', i];
    if (name !== undefined) {
      const first = names.get(name);
      if (first !== undefined)
        errors.push({ segments: [...base, 'name'], message: `'${name}' duplicates clusters[${first}].name` });
      else names.set(name, i);
      if (fleet !== undefined && region !== undefined) {
        const capi = capiClusterName(fleet, name);
        const tooLong = derivedGceNames(capi, region).find((n) => n.length > GCE_MAX);
        if (tooLong)
          errors.push({
            segments: [...base, 'name'],
            message: `makes the Cluster API name '${capi}' too long: CAPG would derive '${tooLong}' (${tooLong.length} > ${GCE_MAX} characters); shorten metadata.name or this cluster's name to at most ${capi.length - FLEET_SEPARATOR.length - (tooLong.length - GCE_MAX)} characters together`,
          });
      }
    }
    if (id !== undefined) {
      const first = ids.get(id);
      if (first !== undefined)
        errors.push({ segments: [...base, 'id'], message: `${id} duplicates clusters[${first}].id` });
      else ids.set(id, i);
    }
    const zones = Array.isArray(c.zones) ? (c.zones as unknown[]) : [];
    zones.forEach((zone, z) => {
      if (typeof zone !== 'string' || region === undefined) return;
      if (zoneRegion(zone) !== region)
        errors.push({ segments: [...base, 'zones', z], message: `'${zone}' is not a zone of ${region}` });
      else if (!regionZones(region).includes(zone))
        errors.push({
          segments: [...base, 'zones', z],
          message: `'${zone}' is not a zone of ${region}, whose zones are ${regionZones(region).join(', ')}`,
        });
    });
    for (const poolKey of ['controlPlane', 'workers'] as const)
      errors.push(
        ...diskTypeErrors(record(defaults[poolKey]), record(c[poolKey]), [...base, poolKey], poolKey),
      );
    const request: ClusterRequest = { index: i };
    if (id !== undefined) request.id = id;
    for (const field of ['podCidr', 'serviceCidr', 'nodeCidr'] as const) {
      if (c[field] === undefined) continue;
      const text = pick(clusterShape[field], c[field]);
      const parsed = text === undefined ? undefined : parseCidr(text);
      if (!parsed?.ok) {
        clustersComplete = false;
        continue;
      }
      request[field] = parsed.cidr;
      ranges.push({
        label: `clusters[${i}].${field}`,
        segments: [...base, field],
        cidr: parsed.cidr,
        existing: false,
      });
    }
    if (c.id !== undefined && id === undefined) clustersComplete = false;
    requests.push(request);
  });

  // CAPG tags instances `<capi>`, `<capi>-control-plane` and `<capi>-node`: a cluster named
  // `<other>-node` would share a tag with <other>'s nodes and receive its firewall rules.
  for (const [name, i] of names) {
    const m = /^(.+)-(control-plane|node)$/.exec(name);
    const other = m?.[1] === undefined ? undefined : names.get(m[1]);
    if (other !== undefined)
      errors.push({
        segments: ['clusters', i, 'name'],
        message: `'${name}' collides with the '${m?.[2] ?? ''}' network tag CAPG gives clusters[${other}] ('${m?.[1] ?? ''}'); rename it`,
      });
  }

  // Overlaps of any kind: the later range is at fault, pointing at the earlier one.
  ranges.forEach((later, b) => {
    if (later.existing) return;
    for (const earlier of ranges.slice(0, b)) {
      if (overlaps(earlier.cidr, later.cidr)) {
        errors.push({
          segments: later.segments,
          message: `${later.cidr.text} overlaps ${earlier.label} ${earlier.cidr.text}`,
        });
      }
    }
  });

  const access = record(spec.access);
  if (access.talosApiSourceRanges !== undefined && access.bootstrapSourceRanges !== undefined)
    errors.push({
      segments: ['access', 'bootstrapSourceRanges'],
      message:
        'is the deprecated name of access.talosApiSourceRanges, which is also set; keep only talosApiSourceRanges',
    });

  const mesh = record(spec.mesh);
  // Said here, where the mesh setting is known: the limit holds with the mesh off too, for its own reasons.
  if (rawClusters.length > MAX_CLUSTERS)
    errors.push({
      segments: ['clusters', MAX_CLUSTERS, 'id'],
      message:
        mesh.enabled === true
          ? `is one cluster too many: a mesh holds at most ${MAX_CLUSTERS} clusters (Cilium cluster IDs 1-255); the spec has ${rawClusters.length}`
          : `is one cluster too many: a fleet holds at most ${MAX_CLUSTERS} clusters, mesh or not, because each gets its own Cilium cluster ID (1-255) and its own /16 pod range in 10.0.0.0/8; the spec has ${rawClusters.length}. Split it into several fleets`,
    });
  if (mesh.enabled === true && rawClusters.length < 2)
    errors.push({
      segments: ['mesh', 'enabled'],
      message: `needs at least two clusters to mesh; the spec has ${rawClusters.length}. Add a cluster or set mesh.enabled: false`,
    });

  const versionsRaw = record(spec.versions);
  const versions = { ...DEFAULT_VERSIONS };
  let versionsValid = true;
  for (const key of Object.keys(DEFAULT_VERSIONS) as (keyof typeof DEFAULT_VERSIONS)[]) {
    if (versionsRaw[key] === undefined) continue;
    const v = pick(specShape.versions.unwrap().shape[key], versionsRaw[key]);
    if (v === undefined) versionsValid = false;
    else versions[key] = v;
  }
  if (versionsValid)
    for (const p of compatibilityProblems(versions, versionsRaw))
      errors.push({ segments: p.path.split('.'), message: p.message });

  // Allocation runs whatever else is wrong, so conflicts with allocated values (an ID or range a
  // cluster pinned that an earlier cluster was given) come out with the other errors. A field
  // the checks above already faulted (duplicate IDs, overlapping pinned ranges) is not repeated.
  if (clustersComplete) {
    const faulted = new Set(errors.map((e) => e.segments.join('.')));
    for (const e of allocate(requests, existingRanges).errors) {
      const segments = ['clusters', e.index, e.field];
      if (!faulted.has(segments.join('.'))) errors.push({ segments, message: e.message });
    }
  }
  return errors;
}
