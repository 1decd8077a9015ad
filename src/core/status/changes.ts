import type { StatusDigest } from './marker.js';

/** What changed between the previous comment (its digest) and the document about to be shown. */
export type StatusChange =
  | { kind: 'stage'; from: string; to: string }
  | { kind: 'cluster-added'; cluster: string; region: string }
  | { kind: 'cluster-removed'; cluster: string }
  | { kind: 'version'; cluster: string; component: 'Talos' | 'Kubernetes'; from: string; to: string }
  | { kind: 'region'; cluster: string; from: string; to: string }
  | { kind: 'state'; cluster: string; from: string; to: string }
  /** Clusters absent from a previous digest that was cut short: added, or simply not recorded. */
  | { kind: 'not-compared'; clusters: number };

/**
 * A previous digest that was cut short (`omitted`) lists only its first clusters: a cluster it does
 * not list may be new or just unrecorded, so those are counted as not compared instead of added.
 */
export function diffDigests(previous: StatusDigest, current: StatusDigest): StatusChange[] {
  const changes: StatusChange[] = [];
  if (previous.stage !== current.stage)
    changes.push({ kind: 'stage', from: previous.stage, to: current.stage });
  const before = new Map(previous.clusters.map((c) => [c.n, c]));
  const after = new Map(current.clusters.map((c) => [c.n, c]));
  let notCompared = 0;
  for (const c of current.clusters) {
    const old = before.get(c.n);
    if (!old) {
      if (previous.omitted) notCompared++;
      else changes.push({ kind: 'cluster-added', cluster: c.n, region: c.r });
      continue;
    }
    if (old.r !== c.r) changes.push({ kind: 'region', cluster: c.n, from: old.r, to: c.r });
    if (old.t !== c.t)
      changes.push({ kind: 'version', cluster: c.n, component: 'Talos', from: old.t, to: c.t });
    if (old.k !== c.k)
      changes.push({ kind: 'version', cluster: c.n, component: 'Kubernetes', from: old.k, to: c.k });
    if (old.s !== c.s) changes.push({ kind: 'state', cluster: c.n, from: old.s, to: c.s });
  }
  for (const c of previous.clusters) {
    if (!after.has(c.n)) changes.push({ kind: 'cluster-removed', cluster: c.n });
  }
  if (notCompared > 0) changes.push({ kind: 'not-compared', clusters: notCompared });
  return changes;
}
