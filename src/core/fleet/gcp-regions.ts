/**
 * Compute Engine regions (Compute API `regions.list`, late 2026). The planner must stay offline,
 * so the list is kept here; a region missing from it is rejected with a suggestion.
 */
export const GCP_REGIONS: readonly string[] = [
  'africa-south1',
  'asia-east1',
  'asia-east2',
  'asia-northeast1',
  'asia-northeast2',
  'asia-northeast3',
  'asia-south1',
  'asia-south2',
  'asia-southeast1',
  'asia-southeast2',
  'australia-southeast1',
  'australia-southeast2',
  'europe-central2',
  'europe-north1',
  'europe-north2',
  'europe-southwest1',
  'europe-west1',
  'europe-west10',
  'europe-west12',
  'europe-west2',
  'europe-west3',
  'europe-west4',
  'europe-west6',
  'europe-west8',
  'europe-west9',
  'me-central1',
  'me-central2',
  'me-west1',
  'northamerica-northeast1',
  'northamerica-northeast2',
  'northamerica-south1',
  'southamerica-east1',
  'southamerica-west1',
  'us-central1',
  'us-east1',
  'us-east4',
  'us-east5',
  'us-south1',
  'us-west1',
  'us-west2',
  'us-west3',
  'us-west4',
];

const REGION_SET = new Set(GCP_REGIONS);

export function isKnownRegion(region: string): boolean {
  return REGION_SET.has(region);
}

/** Zones are `<region>-<letter>`; the longest zone name bounds CAPG's per-zone resource names. */
export function zoneRegion(zone: string): string | undefined {
  const m = /^(.+)-[a-z]$/.exec(zone);
  return m?.[1];
}
