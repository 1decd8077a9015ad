/** Moved to core/fleet, which must not import core/plan; this path stays for the folders that import it. */
export * from '../fleet/versions.js';
