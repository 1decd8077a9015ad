import type { CloudResource } from './resources.js';

/** What deleting one resource came to. `in-use`: something still refers to it; try again in a later pass. */
export type RemoveOutcome =
  { outcome: 'deleted' } | { outcome: 'gone' } | { outcome: 'in-use'; evidence: string };

/** The janitor's view of Compute: list calls with filters, and deletes waited on. */
export interface SweepComputePort {
  /** Resources carrying our marker: labelled kinds by label, the rest by description. */
  listMarked(): Promise<CloudResource[]>;
  /** Unmarked resources whose names CAPG derives from these Cluster API cluster names. */
  listDerived(clusters: readonly string[]): Promise<CloudResource[]>;
  /** Deletes and waits for the operation. Throws a UserError for a refusal the user must act on. */
  remove(resource: CloudResource, onProgress: (message: string) => void): Promise<RemoveOutcome>;
  /** List requests made so far, for the report and the benchmark. */
  readonly listCalls: number;
}

/** One object of a fleet in the state bucket (`talos-fleet/<fleet>/…`) with its metadata. */
export interface StateObject {
  name: string;
  fleet: string;
  expiresAt: number | undefined;
}

export interface StateStorePort {
  readonly bucket: string;
  list(): Promise<StateObject[]>;
  remove(name: string): Promise<void>;
}
