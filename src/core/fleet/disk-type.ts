/**
 * The boot disk type for a GCE machine type. CAPG's default root disk is `pd-standard`
 * (cluster-api-provider-gcp `cloud/scope/machine.go`, `infrav1.PdStandardDiskType` unless
 * `rootDeviceType` is set), which the newer series do not take. Facts from Google's "Machine
 * families resource and comparison guide" (cloud.google.com/compute/docs/machine-resource,
 * supported disk types per series): the series below take only Hyperdisk; C3, C3D, H3, M3, Z3,
 * A3 (but A3 Ultra), G2 take Persistent Disk but not pd-standard; the older series take every
 * Persistent Disk type (E2 no Hyperdisk at all). So `pd-balanced` where Persistent Disk works and
 * `hyperdisk-balanced` where only Hyperdisk does; an unknown series is refused with the fix.
 */

export const DISK_TYPES = ['pd-balanced', 'pd-ssd', 'pd-standard', 'hyperdisk-balanced'] as const;
export type DiskType = (typeof DISK_TYPES)[number];

const HYPERDISK_ONLY = new Set(['c4', 'c4a', 'c4d', 'n4', 'n4a', 'n4d', 'h4d', 'm4', 'x4', 'a4', 'a4x']);
const PD_NOT_STANDARD = new Set(['c3', 'c3d', 'h3', 'm3', 'z3', 'a3', 'g2']);
const PD_ONLY = new Set(['e2', 'n1', 'n2', 'n2d', 't2d', 't2a', 'c2', 'c2d', 'm1', 'm2', 'a2']);

/** `n2-standard-2` → `n2`; `custom-2-4096` (no series) is N1; `a3-ultragpu-8g` → `a3-ultragpu`. */
function seriesOf(machineType: string): string {
  if (machineType.startsWith('custom-')) return 'n1';
  const [series = '', kind = ''] = machineType.split('-');
  return series === 'a3' && kind === 'ultragpu' ? 'a3-ultragpu' : series;
}

export type DiskChoice = { ok: true; diskType: DiskType } | { ok: false; problem: string };

/** The disk type to use: the one asked for when the series takes it, else the series' default. */
export function diskTypeFor(machineType: string, asked?: DiskType): DiskChoice {
  const series = seriesOf(machineType);
  const hyperdiskOnly = HYPERDISK_ONLY.has(series) || series === 'a3-ultragpu';
  const known = hyperdiskOnly || PD_NOT_STANDARD.has(series) || PD_ONLY.has(series);
  const fallback: DiskType = hyperdiskOnly ? 'hyperdisk-balanced' : 'pd-balanced';
  if (asked === undefined) {
    if (known) return { ok: true, diskType: fallback };
    return {
      ok: false,
      problem: `'${machineType}' is of a machine series (${series}) whose boot disk types are not known here; set diskType (pd-balanced, pd-ssd, pd-standard or hyperdisk-balanced) to one the series supports`,
    };
  }
  if (hyperdiskOnly && asked !== 'hyperdisk-balanced')
    return {
      ok: false,
      problem: `'${asked}' cannot boot ${machineType}, whose series (${series}) takes only Hyperdisk; set diskType: hyperdisk-balanced (or leave it out)`,
    };
  if (PD_NOT_STANDARD.has(series) && asked === 'pd-standard')
    return {
      ok: false,
      problem: `'pd-standard' cannot boot ${machineType}, whose series (${series}) does not take it; set diskType: pd-balanced (or leave it out)`,
    };
  if (series === 'e2' && asked === 'hyperdisk-balanced')
    return {
      ok: false,
      problem: `'hyperdisk-balanced' cannot boot ${machineType}: E2 takes no Hyperdisk; set diskType: pd-balanced (or leave it out)`,
    };
  return { ok: true, diskType: asked };
}
