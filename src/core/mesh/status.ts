import type { MeshPair, StatusDocument } from '../status/schema.js';
import type { StatusSink } from '../status/sink.js';
import { isoTime, setMeshPairs, setStage } from '../status/update.js';
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

/** The mesh flow's status reports as pure changes through the status contract's sink (none: log only). */
export function sinkMeshStatus(sink: StatusSink | undefined, now: () => Date): MeshStatusPort {
  const update = async (change: (doc: StatusDocument, at: Date) => StatusDocument) => {
    if (sink) await sink.update((doc) => change(doc, now()));
  };
  return {
    begin: (clusters, meshEnabled) =>
      update((doc, at) =>
        setStage(
          {
            ...doc,
            mesh: { enabled: meshEnabled, pairs: meshEnabled ? connectingPairs(clusters) : [] },
            errors: doc.errors.filter((e) => e.step !== 'mesh'),
          },
          'mesh',
          at,
        ),
      ),
    cluster: () => Promise.resolve(),
    finish: (matrix, ready, clusters) =>
      update((doc, at) => {
        const withPairs = doc.mesh.enabled ? setMeshPairs(doc, finalPairs(matrix), at) : doc;
        return setStage(
          { ...withPairs, errors: meshErrors(withPairs, clusters, isoTime(at)) },
          ready ? 'ready' : 'failed',
          at,
        );
      }),
  };
}
