import { createHash } from 'node:crypto';

/**
 * GCP naming and labelling rules, shared by every resource the toolkit creates, so teardown and
 * the janitor can find them all.
 */

/** Compute resource names: RFC 1035, 1-63 chars, lowercase letter first, no trailing hyphen. */
export const GCE_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** GCP project IDs: 6-30 chars, lowercase letter first, then lowercase letters, digits and hyphens, no trailing hyphen. */
export const PROJECT_ID = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;

/** Label keys: 1-63 chars, lowercase letter first, then lowercase letters, digits, `_` and `-`. */
export const LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
/** Label values: 0-63 chars of lowercase letters, digits, `_` and `-`. */
export const LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;

export const LABEL_FLEET = 'talos-fleet';
export const LABEL_MANAGED_BY = 'managed-by';
export const LABEL_EXPIRES_AT = 'expires-at';
export const MANAGED_BY_VALUE = 'talos-fleet';

export function isGceName(name: string): boolean {
  return GCE_NAME.test(name);
}

/** Problems with a label set, one line each, empty when valid (GCP allows at most 64 labels). */
export function labelProblems(labels: Record<string, string>): string[] {
  const problems: string[] = [];
  const entries = Object.entries(labels);
  if (entries.length > 64) problems.push(`${entries.length} labels given; GCP allows at most 64`);
  for (const [k, v] of entries) {
    if (!LABEL_KEY.test(k))
      problems.push(`label key '${k}' must be 1-63 of a-z, 0-9, _ and -, starting with a letter`);
    if (!LABEL_VALUE.test(v))
      problems.push(`label '${k}' value '${v}' must be at most 63 of a-z, 0-9, _ and -`);
  }
  return problems;
}

/** The labels every created resource carries. `expiresAt` is unix seconds. */
export function fleetLabels(fleet: string, expiresAt: number): Record<string, string> {
  return {
    [LABEL_FLEET]: fleet,
    [LABEL_MANAGED_BY]: MANAGED_BY_VALUE,
    [LABEL_EXPIRES_AT]: String(Math.floor(expiresAt)),
  };
}

/**
 * For resources GCP gives no labels (networks, subnets, routers, firewalls): the same facts in
 * the description, as `talos-fleet: talos-fleet=<fleet> managed-by=talos-fleet expires-at=<s>`.
 */
export function labelsDescription(labels: Record<string, string>, prose?: string): string {
  const facts = Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return prose ? `talos-fleet: ${facts} | ${prose}` : `talos-fleet: ${facts}`;
}

/** Reads back what `labelsDescription` wrote; undefined when the description is not ours. */
export function parseLabelsDescription(description: string | undefined): Record<string, string> | undefined {
  const m = /^talos-fleet: ([^|]*)/.exec(description ?? '');
  if (!m?.[1]) return undefined;
  const out: Record<string, string> = {};
  for (const pair of m[1].trim().split(/\s+/)) {
    const eq = pair.indexOf('=');
    if (eq > 0) out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out[LABEL_MANAGED_BY] === MANAGED_BY_VALUE ? out : undefined;
}

/**
 * A GCE-valid name of at most `max` characters from parts joined by `-`. Too-long names keep a
 * readable prefix and end in an 8-hex hash of the full name, so two long names never collide the
 * way plain truncation would.
 */
export function gceName(parts: readonly string[], max = 63): string {
  const full = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return shortenGceName(/^[a-z]/.test(full) ? full : `x-${full}`, max);
}

/**
 * A valid name kept as is when it fits in `max`; otherwise its readable head and an 8-hex hash of
 * the whole name, so two long names never collide the way plain truncation would.
 */
export function shortenGceName(name: string, max = 63): string {
  if (name.length <= max) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  const head = name.slice(0, max - hash.length - 1).replace(/-+$/, '');
  return `${head}-${hash}`;
}
