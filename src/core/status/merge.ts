import { UserError } from '../user-error.js';
import type { ClusterStatus, FleetStage, MeshPair, StatusDocument, StatusError } from './schema.js';

/**
 * Combines the status documents that the jobs of a matrix wrote (each started from the plan's
 * document and advanced its own clusters) into one report. Pure and order-independent up to ties,
 * which the later `updatedAt` wins:
 * - a cluster comes from the document that observed it last (its latest condition transition or
 *   timing); a cluster nobody observed stays as planned;
 * - a mesh direction comes from the latest document that moved it past `pending`;
 * - the network section, source, run, TTL and plan summary come from the latest document that
 *   has them; errors are all kept, once each;
 * - the stage: destroyed when every document is, destroying when any is on the way there, failed
 *   when any job failed, else the least advanced stage (the fleet is as far as its slowest job).
 */

export interface MergedStatus {
  document: StatusDocument;
  /** Sentences for the log, e.g. documents that planned differently. */
  notes: string[];
}

const LIFE_ORDER: readonly FleetStage[] = ['planned', 'image', 'network', 'provisioning', 'mesh', 'ready'];

function mergedStage(stages: readonly FleetStage[]): FleetStage {
  if (stages.every((s) => s === 'destroyed')) return 'destroyed';
  if (stages.some((s) => s === 'destroying' || s === 'destroyed')) return 'destroying';
  if (stages.includes('failed')) return 'failed';
  return LIFE_ORDER[Math.min(...stages.map((s) => LIFE_ORDER.indexOf(s)))] ?? 'planned';
}

/** When a document last observed this cluster: its latest condition change or timing; 0 when never. */
function observedAt(c: ClusterStatus): number {
  const times = [
    ...c.conditions.map((k) => k.lastTransitionTime),
    c.timings.startedAt,
    c.timings.readyAt,
    c.timings.destroyedAt,
  ].filter((t): t is string => t !== undefined);
  return times.reduce((latest, t) => Math.max(latest, Date.parse(t)), 0);
}

const errorKey = (e: StatusError) => JSON.stringify([e.step, e.cluster ?? '', e.message, e.at ?? '']);

export function mergeStatusDocuments(
  documents: readonly { document: StatusDocument; source: string }[],
): MergedStatus {
  const first = documents[0];
  if (!first) throw new UserError('no status documents to merge', { fix: 'pass at least one status.json' });
  const other = documents.find((d) => d.document.fleet !== first.document.fleet);
  if (other)
    throw new UserError(
      `${other.source} is for fleet '${other.document.fleet}', ${first.source} for fleet '${first.document.fleet}': only documents of one fleet can be merged`,
      {
        fix: 'merge the documents of each fleet separately (pr-status keeps one comment per fleet)',
        title: 'status-file',
      },
    );
  // Oldest first, so that for equal observations the later document wins by coming last.
  const docs = documents
    .map((d) => d.document)
    .sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt));
  const latest = docs.at(-1) ?? first.document;
  const notes: string[] = [];
  const digests = new Set(docs.map((d) => d.plan?.digest).filter((d) => d !== undefined));
  if (digests.size > 1)
    notes.push(`the documents come from ${digests.size} different plans; the latest plan summary is shown`);

  const clusters = new Map<string, ClusterStatus>();
  for (const doc of docs)
    for (const c of doc.clusters) {
      const seen = clusters.get(c.name);
      if (!seen || observedAt(c) >= observedAt(seen)) clusters.set(c.name, c);
    }

  const pairs = new Map<string, MeshPair>();
  for (const doc of docs)
    for (const p of doc.mesh.pairs) {
      const key = `${p.from}\u0000${p.to}`;
      if (!pairs.has(key) || p.state !== 'pending') pairs.set(key, p);
    }

  const errors = new Map<string, StatusError>();
  for (const doc of docs) for (const e of doc.errors) errors.set(errorKey(e), e);

  const lastWith = <K extends keyof StatusDocument>(key: K): Pick<StatusDocument, K> | object => {
    const found = [...docs].reverse().find((d) => d[key] !== undefined);
    return found ? { [key]: found[key] } : {};
  };
  const startedAt = docs.reduce(
    (a, d) => (Date.parse(d.startedAt) < Date.parse(a) ? d.startedAt : a),
    latest.startedAt,
  );

  return {
    document: {
      ...latest,
      ...lastWith('run'),
      ...lastWith('ttl'),
      ...lastWith('plan'),
      ...lastWith('network'),
      source: Object.assign({}, ...docs.map((d) => d.source)) as StatusDocument['source'],
      stage: mergedStage(docs.map((d) => d.stage)),
      startedAt,
      clusters: [...clusters.values()],
      mesh: { enabled: docs.some((d) => d.mesh.enabled), pairs: [...pairs.values()] },
      errors: [...errors.values()],
    },
    notes,
  };
}
