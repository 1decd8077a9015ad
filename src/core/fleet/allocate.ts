import { cidrFromInt, overlaps, parseCidr, type Cidr } from './cidr.js';

/**
 * Deterministic allocation of Cilium cluster IDs and pod, service and node ranges.
 *
 * Clusters are allocated in spec order, and cluster i only ever looks at the existing ranges of a
 * shared network, the values clusters 0..i pinned, and what clusters 0..i-1 were given. So
 * appending a cluster never moves an existing one (previews grow in place). A pinned value that
 * collides with an earlier cluster's allocation is an error naming both, never a silent shift.
 *
 * Each cluster's defaults start at the block indexed by its ID (pods 10.<id>.0.0/16) and take the
 * first free block from there, wrapping around; each pool has 256 blocks, room for 255 clusters.
 */

export interface ClusterRequest {
  index: number;
  id?: number;
  podCidr?: Cidr;
  serviceCidr?: Cidr;
  nodeCidr?: Cidr;
}

export interface ClusterAllocation {
  index: number;
  id: number;
  podCidr: Cidr;
  serviceCidr: Cidr;
  nodeCidr: Cidr;
  /** Which values were allocated rather than given. */
  allocated: { id: boolean; podCidr: boolean; serviceCidr: boolean; nodeCidr: boolean };
}

export interface AllocationError {
  index: number;
  field: 'id' | 'podCidr' | 'serviceCidr' | 'nodeCidr';
  message: string;
}

interface Pool {
  base: Cidr;
  prefix: number;
}

const must = (text: string): Cidr => {
  const r = parseCidr(text);
  if (!r.ok) throw new Error(r.problem);
  return r.cidr;
};

export const POOLS = {
  podCidr: { base: must('10.0.0.0/8'), prefix: 16 },
  serviceCidr: { base: must('172.16.0.0/12'), prefix: 20 },
  nodeCidr: { base: must('192.168.0.0/16'), prefix: 24 },
} as const satisfies Record<string, Pool>;

export const MAX_CLUSTERS = 255;

interface Taken {
  cidr: Cidr;
  owner: string;
}

function firstFree(pool: Pool, startIndex: number, taken: readonly Taken[]): Cidr | undefined {
  const size = 2 ** (32 - pool.prefix);
  const blocks = (pool.base.end - pool.base.start) / size;
  for (let step = 0; step < blocks; step++) {
    const k = (startIndex + step) % blocks;
    const candidate = cidrFromInt(pool.base.start + k * size, pool.prefix);
    if (!taken.some((t) => overlaps(t.cidr, candidate))) return candidate;
  }
  return undefined;
}

export function allocate(
  requests: readonly ClusterRequest[],
  existing: readonly Cidr[] = [],
): { clusters: ClusterAllocation[]; errors: AllocationError[] } {
  const errors: AllocationError[] = [];
  const clusters: ClusterAllocation[] = [];
  const taken: Taken[] = existing.map((cidr) => ({ cidr, owner: 'an existing range of the network' }));
  const usedIds = new Map<number, string>();
  const fields = ['podCidr', 'serviceCidr', 'nodeCidr'] as const;

  if (requests.length > MAX_CLUSTERS) {
    errors.push({
      index: requests[MAX_CLUSTERS]?.index ?? MAX_CLUSTERS,
      field: 'id',
      message: `is one cluster too many: a mesh holds at most ${MAX_CLUSTERS} clusters (Cilium cluster IDs 1-255)`,
    });
    return { clusters, errors };
  }

  for (const request of requests) {
    const i = request.index;
    let id = request.id;
    // An ID conflict still lets the pinned ranges below be checked, so every error shows at once.
    let failed = false;
    if (id !== undefined) {
      const owner = usedIds.get(id);
      if (owner !== undefined) {
        errors.push({
          index: i,
          field: 'id',
          message: `${id} duplicates ${owner}; pin that cluster's id or choose another`,
        });
        failed = true;
      }
    } else {
      id = 1;
      while (usedIds.has(id)) id++;
    }
    if (!failed) usedIds.set(id, `clusters[${i}].id${request.id === undefined ? ' (allocated)' : ''}`);

    // The cluster's own pinned ranges are taken before its defaults are chosen.
    for (const field of fields) {
      const pinned = request[field];
      if (!pinned) continue;
      const clash = taken.find((t) => overlaps(t.cidr, pinned));
      if (clash) {
        errors.push({
          index: i,
          field,
          message: `${pinned.text} overlaps ${clash.owner} ${clash.cidr.text}; choose another range or pin the earlier cluster's value`,
        });
        failed = true;
      }
      taken.push({ cidr: pinned, owner: `clusters[${i}].${field}` });
    }
    if (failed) continue;
    const chosen: Partial<Record<(typeof fields)[number], Cidr>> = {};
    for (const field of fields) {
      const pinned = request[field];
      if (pinned) {
        chosen[field] = pinned;
        continue;
      }
      const free = firstFree(POOLS[field], id, taken);
      if (!free) {
        errors.push({
          index: i,
          field,
          message: `is unset and no free /${POOLS[field].prefix} is left in ${POOLS[field].base.text}; set clusters[${i}].${field} explicitly`,
        });
        failed = true;
        continue;
      }
      chosen[field] = free;
      taken.push({ cidr: free, owner: `clusters[${i}].${field} (allocated)` });
    }
    if (failed || !chosen.podCidr || !chosen.serviceCidr || !chosen.nodeCidr) continue;
    clusters.push({
      index: i,
      id,
      podCidr: chosen.podCidr,
      serviceCidr: chosen.serviceCidr,
      nodeCidr: chosen.nodeCidr,
      allocated: {
        id: request.id === undefined,
        podCidr: !request.podCidr,
        serviceCidr: !request.serviceCidr,
        nodeCidr: !request.nodeCidr,
      },
    });
  }
  return { clusters, errors };
}
