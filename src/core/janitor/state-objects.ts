import { LABEL_EXPIRES_AT, LABEL_FLEET, LABEL_MANAGED_BY, MANAGED_BY_VALUE } from '../gcp-names.js';
import type { StateObject } from './ports.js';

/** Where every fleet keeps its state in the state bucket (the mesh CA, the preview's kubeconfig). */
export const STATE_PREFIX = 'talos-fleet/';

export function stateObjectPrefix(fleet: string): string {
  return `${STATE_PREFIX}${fleet}/`;
}

/**
 * A state object as the janitor reads it: ours only when its name is under the fleet's prefix and
 * its metadata says `managed-by=talos-fleet` for the same fleet (GCS objects take custom metadata,
 * not labels).
 */
export function stateObjectOf(
  name: string,
  metadata: Record<string, unknown> | undefined,
): StateObject | undefined {
  const m = /^talos-fleet\/([^/]+)\//.exec(name);
  const fleet = m?.[1];
  if (!fleet || metadata?.[LABEL_MANAGED_BY] !== MANAGED_BY_VALUE || metadata[LABEL_FLEET] !== fleet)
    return undefined;
  const raw = metadata[LABEL_EXPIRES_AT];
  const expiresAt = typeof raw === 'string' && /^\d{1,12}$/.test(raw) ? Number(raw) : undefined;
  return { name, fleet, expiresAt };
}
