import type { MachineCounts } from './progress.js';

/** What the cluster flow hands back: paths, endpoints and counts, never a credential. */

export interface ClusterOutcome {
  name: string;
  capiName: string;
  endpoint: string;
  machines: MachineCounts;
  /** Milliseconds from the start of the wait to the last gate (0 when already there). */
  waitedMs: number;
  kubeconfig: string;
  talosconfig: string;
}

export interface ClusterResult {
  fleet: string;
  kubeconfigDir: string;
  talosconfigDir: string;
  managementKubeconfig: string;
  management: { server: string; version: string; created: boolean };
  providers: 'installed' | 'found';
  endpoints: Record<string, string>;
  clusters: ClusterOutcome[];
}
