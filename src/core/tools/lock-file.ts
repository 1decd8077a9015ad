import { z } from 'zod';
import { UserError } from '../user-error.js';
import { formatIssues } from '../zod-issues.js';
import { TOOL_NAMES, type ToolName } from './catalog.js';
import { platformKey, type Platform } from './platform.js';

/**
 * The lock file `talos-fleet tools lock` writes: per tool, the exact version, and per platform
 * the asset URL (upstream, not mirrored) and its sha256. When a lock file exists, setup takes
 * every version and hash from it and fails on any difference, so a re-tagged or tampered
 * release is caught.
 */

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');

const lockedAssetSchema = z.strictObject({
  url: z.url(),
  sha256,
  /** Where the hash was taken from when the lock was written (e.g. `sha256sum.txt`, `download`). */
  source: z.string(),
});

const lockSchema = z.strictObject({
  lockfileVersion: z.literal(1),
  tools: z.partialRecord(
    z.enum(TOOL_NAMES),
    z.strictObject({
      version: z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'must be an exact version without v'),
      assets: z.record(z.string().regex(/^(linux|darwin|windows)\/(amd64|arm64)$/), lockedAssetSchema),
    }),
  ),
});

export type LockFile = z.infer<typeof lockSchema>;
export type LockedAsset = z.infer<typeof lockedAssetSchema>;

export const DEFAULT_LOCK_FILE = 'talos-fleet-tools.lock.json';

export function parseLockFile(text: string, path: string): LockFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`lock-file ${path} is not valid JSON: ${(error as Error).message}`, {
      fix: "regenerate it with 'talos-fleet tools lock'",
      title: 'Invalid lock file',
    });
  }
  const result = lockSchema.safeParse(json);
  if (!result.success) {
    const issues = formatIssues(result.error.issues, (path) => path);
    throw new UserError(`lock-file ${path} is invalid:`, {
      details: issues,
      fix: "regenerate it with 'talos-fleet tools lock'",
      title: 'Invalid lock file',
    });
  }
  return result.data;
}

/** Stable JSON: tools in catalog order, platforms sorted, so diffs stay small. */
export function renderLockFile(lock: LockFile): string {
  const tools: LockFile['tools'] = {};
  for (const name of TOOL_NAMES) {
    const entry = lock.tools[name];
    if (!entry) continue;
    const assets: Record<string, LockedAsset> = {};
    for (const [key, value] of Object.entries(entry.assets).sort(([a], [b]) => a.localeCompare(b)))
      assets[key] = value;
    tools[name] = { version: entry.version, assets };
  }
  return `${JSON.stringify({ lockfileVersion: 1, tools }, null, 2)}\n`;
}

export function lockedAssetFor(lock: LockFile, tool: ToolName, platform: Platform): LockedAsset | undefined {
  return lock.tools[tool]?.assets[platformKey(platform)];
}
