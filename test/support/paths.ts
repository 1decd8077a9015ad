import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Upstream schemas live in ../shared/schemas beside the clone (CI and developers have it; a
 * user's clone does not). TALOS_FLEET_SHARED overrides the location. Tests that need it skip,
 * saying why, when it is absent.
 */
export const sharedDir = resolve(process.env.TALOS_FLEET_SHARED ?? join(repoRoot, '..', 'shared'));
export const schemasDir = join(sharedDir, 'schemas');
export const schemasAvailable = existsSync(join(schemasDir, 'SOURCES.md'));
export const schemasMissingReason = `upstream schemas not found at ${schemasDir}: they ship beside the repository in ../shared (set TALOS_FLEET_SHARED to point elsewhere)`;

/** The Node 24 the runner uses, installed from the npm registry as the `node` devDependency. */
export const node24 = join(repoRoot, 'node_modules', '.bin', 'node');
