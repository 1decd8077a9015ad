import type { MeshPair, StatusDocument } from '../status/schema.js';
import { matrixPairs, type Matrix } from './matrix.js';

/** What the mesh flow reports to the status document as it goes. */
export interface MeshStatusPort {
  /** Stage mesh; every pair connecting. */
  begin(clusters: readonly string[], meshEnabled: boolean): Promise<void>;
  /** One cluster's Cilium finished (failure: why not). */
  cluster(name: string, failure: string | undefined): Promise<void>;
  /** The matrix as mesh pairs, errors with diagnostics, and the stage ready or failed. */
  finish(matrix: Matrix, ready: boolean, clusters: readonly MeshClusterReport[]): Promise<void>;
}

export interface MeshClusterReport {
  name: string;
  failure: string | undefined;
  diagnostics: string | undefined;
}

export function connectingPairs(clusters: readonly string[]): MeshPair[] {
  return clusters.flatMap((from) =>
    clusters.filter((to) => to !== from).map((to) => ({ from, to, state: 'connecting' as const })),
  );
}

export function finalPairs(matrix: Matrix): MeshPair[] {
  return matrixPairs(matrix).map((p) =>
    p.failure === undefined
      ? { from: p.from, to: p.to, state: 'ready' as const }
      : { from: p.from, to: p.to, state: 'failed' as const, message: p.failure.slice(0, 2000) },
  );
}

/** The document's errors for the failed clusters: one per cluster, step "mesh", with its diagnostics. */
export function meshErrors(
  doc: StatusDocument,
  clusters: readonly MeshClusterReport[],
  at: string,
): StatusDocument['errors'] {
  const others = doc.errors.filter((e) => e.step !== 'mesh');
  const mine = clusters.flatMap((c) =>
    c.failure === undefined
      ? []
      : [
          {
            step: 'mesh',
            cluster: c.name,
            message: c.failure.slice(0, 4000),
            ...(c.diagnostics === undefined ? {} : { diagnostics: c.diagnostics.slice(0, 1_000_000) }),
            at,
          },
        ],
  );
  return [...others, ...mine];
}

/** The shape of the status contract's StatusSink (src/core/status/sink.ts): one pure change at a time. */
export interface StatusSinkLike {
  update(change: (doc: StatusDocument) => StatusDocument): Promise<StatusDocument>;
}

/** The mesh flow's status reports as pure changes through a sink. */
export function sinkMeshStatus(sink: StatusSinkLike | undefined, now: () => Date): MeshStatusPort {
  const at = () =>
    now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  const update = async (change: (doc: StatusDocument) => StatusDocument) => {
    if (sink) await sink.update((doc) => ({ ...change(doc), updatedAt: at() }));
  };
  return {
    begin: (clusters, meshEnabled) =>
      update((doc) => ({
        ...doc,
        mesh: { enabled: meshEnabled, pairs: meshEnabled ? connectingPairs(clusters) : [] },
        errors: doc.errors.filter((e) => e.step !== 'mesh'),
      })),
    cluster: () => Promise.resolve(),
    finish: (matrix, ready, clusters) =>
      update((doc) => ({
        ...doc,
        stage: ready ? 'ready' : 'failed',
        mesh: { enabled: doc.mesh.enabled, pairs: doc.mesh.enabled ? finalPairs(matrix) : [] },
        errors: meshErrors(doc, clusters, at()),
      })),
  };
}
