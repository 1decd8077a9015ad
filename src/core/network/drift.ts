import { normalizeRef, type NetworkKind } from './objects.js';

/**
 * What of a desired object the live one no longer matches, and the PATCH body that repairs it.
 * Only fields the API lets a PATCH change count as drift; the rest either cannot drift (names)
 * or cannot be changed in place (`immutable`), which the caller reports instead of patching.
 * The live resource carries fields the plan never sets (server defaults such as a NAT's
 * endpointTypes, ids, URLs in full): a desired value matches when every part the plan gives is
 * there, with references compared as partial URLs and lists of strings as sets.
 */

interface KindRules {
  /** Fields a PATCH may change, compared when the plan gives them (or has a default for them). */
  mutable: readonly string[];
  /** Fields that cannot change in place. */
  immutable: readonly string[];
  /** What the API assumes for a field the plan leaves out. */
  defaults?: Record<string, unknown>;
  /** Mutable fields the live object may have gained that the plan does not hold: patched to null (cleared). */
  clearable?: readonly string[];
}

const FIREWALL_SETS = [
  'allowed',
  'denied',
  'sourceRanges',
  'sourceTags',
  'targetTags',
  'sourceServiceAccounts',
  'targetServiceAccounts',
  'destinationRanges',
];

// Compute v1 reference: networks.patch changes routingConfig and mtu; subnetworks.patch
// privateIpGoogleAccess, stackType and logging (ipCidrRange only grows, through
// expandIpCidrRange); a firewall's network and direction, a router's network, a network's
// autoCreateSubnetworks and a subnet's range are set at creation only.
const RULES: Record<NetworkKind, KindRules> = {
  network: { mutable: ['mtu', 'routingConfig'], immutable: ['autoCreateSubnetworks'] },
  subnetwork: {
    mutable: ['privateIpGoogleAccess', 'stackType', 'logConfig'],
    immutable: ['network', 'ipCidrRange'],
    defaults: { privateIpGoogleAccess: false },
  },
  router: { mutable: ['description', 'nats', 'bgp'], immutable: ['network'] },
  firewall: {
    mutable: ['description', 'priority', 'disabled', 'logConfig', ...FIREWALL_SETS],
    immutable: ['network', 'direction'],
    defaults: { priority: 1000, disabled: false, direction: 'INGRESS' },
    clearable: FIREWALL_SETS,
  },
  healthCheck: {
    mutable: [
      'description',
      'type',
      'tcpHealthCheck',
      'checkIntervalSec',
      'timeoutSec',
      'healthyThreshold',
      'unhealthyThreshold',
      'logConfig',
    ],
    immutable: [],
  },
};

export interface Drift {
  /** Mutable fields that differ, in the order of the kind's rules. */
  fields: string[];
  /** The PATCH body (JSON merge patch): each drifted field's desired value, or null to clear it. */
  patch: Record<string, unknown>;
  /** Fields that differ but cannot change in place. */
  immutable: string[];
}

export function drift(
  kind: NetworkKind,
  desired: Record<string, unknown>,
  live: Record<string, unknown>,
  project: string,
): Drift {
  const rules = RULES[kind];
  const want = (f: string) => desired[f] ?? rules.defaults?.[f];
  const fields: string[] = [];
  const patch: Record<string, unknown> = {};
  for (const f of rules.mutable) {
    const value = want(f);
    if (value === undefined) {
      if (rules.clearable?.includes(f) && !isEmpty(live[f])) {
        fields.push(f);
        patch[f] = null;
      }
      continue;
    }
    if (!matches(value, live[f], project)) {
      fields.push(f);
      patch[f] = value;
    }
  }
  const immutable = rules.immutable.filter((f) => {
    const value = want(f);
    return value !== undefined && !matches(value, live[f], project);
  });
  return { fields, patch, immutable };
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (Array.isArray(v) && v.length === 0);
}

const REF = /(^|\/)projects\/[^/]+\/(global|regions|zones)\/|^(global|regions|zones)\//;

/** Whether `live` holds everything `desired` says (see the module comment). */
export function matches(desired: unknown, live: unknown, project: string): boolean {
  if (desired === undefined) return true;
  if (desired === null) return isEmpty(live);
  if (typeof desired === 'string') {
    if (typeof live !== 'string') return false;
    if (REF.test(desired) || REF.test(live))
      return normalizeRef(desired, project) === normalizeRef(live, project);
    return desired === live;
  }
  if (typeof desired === 'boolean') return desired ? live === true : live === false || live === undefined;
  if (typeof desired === 'number') return live === desired;
  if (Array.isArray(desired)) {
    const items = Array.isArray(live) ? (live as unknown[]) : [];
    if (items.length !== desired.length) return false;
    if (desired.every((d) => typeof d === 'string') && items.every((l) => typeof l === 'string')) {
      const norm = (xs: unknown[]) =>
        (xs as string[]).map((x) => (REF.test(x) ? normalizeRef(x, project) : x)).sort();
      return JSON.stringify(norm(desired)) === JSON.stringify(norm(items));
    }
    // Lists of objects (a firewall's allowed, a router's NATs) match as multisets.
    const unused = [...items];
    return desired.every((d) => {
      const i = unused.findIndex((l) => matches(d, l, project));
      if (i < 0) return false;
      unused.splice(i, 1);
      return true;
    });
  }
  if (typeof desired === 'object') {
    if (!live || typeof live !== 'object' || Array.isArray(live)) return false;
    const l = live as Record<string, unknown>;
    return Object.entries(desired as Record<string, unknown>).every(([k, v]) => matches(v, l[k], project));
  }
  return false;
}
