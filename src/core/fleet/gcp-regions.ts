/**
 * Compute Engine regions and their zone letters (Compute API `regions.list` and `zones.list`,
 * late 2026). The planner must stay offline, so the list is kept here; a region missing from it
 * is rejected with a suggestion. Most regions have zones a, b and c; europe-west1 and us-east1
 * have b, c and d, and us-central1 has a, b, c and f.
 */
const REGION_ZONES: Readonly<Record<string, readonly string[]>> = {
  'africa-south1': ['a', 'b', 'c'],
  'asia-east1': ['a', 'b', 'c'],
  'asia-east2': ['a', 'b', 'c'],
  'asia-northeast1': ['a', 'b', 'c'],
  'asia-northeast2': ['a', 'b', 'c'],
  'asia-northeast3': ['a', 'b', 'c'],
  'asia-south1': ['a', 'b', 'c'],
  'asia-south2': ['a', 'b', 'c'],
  'asia-southeast1': ['a', 'b', 'c'],
  'asia-southeast2': ['a', 'b', 'c'],
  'australia-southeast1': ['a', 'b', 'c'],
  'australia-southeast2': ['a', 'b', 'c'],
  'europe-central2': ['a', 'b', 'c'],
  'europe-north1': ['a', 'b', 'c'],
  'europe-north2': ['a', 'b', 'c'],
  'europe-southwest1': ['a', 'b', 'c'],
  'europe-west1': ['b', 'c', 'd'],
  'europe-west10': ['a', 'b', 'c'],
  'europe-west12': ['a', 'b', 'c'],
  'europe-west2': ['a', 'b', 'c'],
  'europe-west3': ['a', 'b', 'c'],
  'europe-west4': ['a', 'b', 'c'],
  'europe-west6': ['a', 'b', 'c'],
  'europe-west8': ['a', 'b', 'c'],
  'europe-west9': ['a', 'b', 'c'],
  'me-central1': ['a', 'b', 'c'],
  'me-central2': ['a', 'b', 'c'],
  'me-west1': ['a', 'b', 'c'],
  'northamerica-northeast1': ['a', 'b', 'c'],
  'northamerica-northeast2': ['a', 'b', 'c'],
  'northamerica-south1': ['a', 'b', 'c'],
  'southamerica-east1': ['a', 'b', 'c'],
  'southamerica-west1': ['a', 'b', 'c'],
  'us-central1': ['a', 'b', 'c', 'f'],
  'us-east1': ['b', 'c', 'd'],
  'us-east4': ['a', 'b', 'c'],
  'us-east5': ['a', 'b', 'c'],
  'us-south1': ['a', 'b', 'c'],
  'us-west1': ['a', 'b', 'c'],
  'us-west2': ['a', 'b', 'c'],
  'us-west3': ['a', 'b', 'c'],
  'us-west4': ['a', 'b', 'c'],
};

export const GCP_REGIONS: readonly string[] = Object.keys(REGION_ZONES);

/** The region's zones, e.g. `europe-west1-b`, in letter order. */
export function regionZones(region: string): string[] {
  return (REGION_ZONES[region] ?? []).map((letter) => `${region}-${letter}`);
}

const REGION_SET = new Set(GCP_REGIONS);

export function isKnownRegion(region: string): boolean {
  return REGION_SET.has(region);
}

/** Zones are `<region>-<letter>`; the longest zone name bounds CAPG's per-zone resource names. */
export function zoneRegion(zone: string): string | undefined {
  const m = /^(.+)-[a-z]$/.exec(zone);
  return m?.[1];
}
