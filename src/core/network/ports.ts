import type { NetworkObject } from './objects.js';

/** What the network flow needs from Compute; src/adapters/compute/network.ts implements it over @googleapis/compute. */
export interface NetworkComputePort {
  /**
   * Every network, subnetwork, router, firewall and health check in the project whose name
   * starts with `prefix`, and the network named `network` (whatever its name), as the API
   * returns them. Read-only: a permission or project error here fails before any write.
   */
  observe(prefix: string, network: string): Promise<NetworkObject[]>;
  /** Inserts and waits for the operation; 'exists' when the name was taken (409), with the live object. */
  create(
    o: NetworkObject,
    onProgress: (message: string) => void,
  ): Promise<{ outcome: 'created' } | { outcome: 'exists'; live: NetworkObject }>;
  /** PATCHes (JSON merge patch) and waits for the operation. */
  update(
    o: NetworkObject,
    patch: Record<string, unknown>,
    onProgress: (message: string) => void,
  ): Promise<void>;
  /**
   * Deletes and waits; 'gone' when it was not there (404). An object still in use by another
   * (`resourceInUseByAnotherResource`) is retried with backoff until a deadline, then fails
   * naming what uses it.
   */
  remove(o: NetworkObject, onProgress: (message: string) => void): Promise<'deleted' | 'gone'>;
}
