import { z } from 'zod';
import { splitList } from '../input-parsers.js';
import { UserError } from '../user-error.js';
import { assetFor, TOOL_NAMES, TOOLS, type ToolName } from './catalog.js';
import type { Platform } from './platform.js';

/**
 * The verification policy of setup, which fails closed: every download is checked against an
 * upstream checksum or a lock-file pin, except for the tools `allow-unverified` names, which
 * publish no per-version hash (gcloud) and may then be installed with a warning.
 */

export const ALLOW_UNVERIFIED_DEFAULT = 'gcloud';

/** The allow-unverified input: tool names separated by commas or newlines, or `none`. */
export const allowUnverifiedInput = () =>
  z
    .string()
    .optional()
    .default(ALLOW_UNVERIFIED_DEFAULT)
    .transform((v, ctx) => {
      const items = splitList(v);
      if (items.length === 1 && items[0]?.toLowerCase() === 'none') return [];
      const tools: ToolName[] = [];
      for (const item of items) {
        if ((TOOL_NAMES as readonly string[]).includes(item)) tools.push(item as ToolName);
        else
          ctx.addIssue({
            code: 'custom',
            message: `unknown tool '${item.slice(0, 40)}'; name tools from ${TOOL_NAMES.join(', ')}, or 'none'`,
          });
      }
      return tools;
    });

/**
 * Whether a tool's releases carry a checksum setup can verify against. It depends on the tool
 * only (no tool publishes hashes for some versions and not others), so the pinned version stands
 * for all of them and the policy is checked before anything is resolved or downloaded.
 */
export function publishesChecksum(tool: ToolName, platform: Platform): boolean {
  return assetFor(tool, TOOLS[tool].pinned, platform).checksum.kind !== 'none';
}

/** The tools that would go unverified (no upstream hash, no lock pin) and are not allowed to. */
export function unverifiedRefusal(
  tools: readonly ToolName[],
  platform: Platform,
  locked: boolean,
  allowed: readonly ToolName[],
): UserError | undefined {
  if (locked) return undefined;
  const refused = tools.filter((t) => !publishesChecksum(t, platform) && !allowed.includes(t));
  if (refused.length === 0) return undefined;
  const names = refused.join(', ');
  return new UserError(
    `${names} publish${refused.length === 1 ? 'es' : ''} no per-version checksum, and input 'allow-unverified' does not name ${refused.length === 1 ? 'it' : 'them'}, so ${refused.length === 1 ? 'it' : 'they'} cannot be installed verified.`,
    {
      fix: `pin ${refused.length === 1 ? 'it' : 'them'} in a lock file ('talos-fleet tools lock') and pass lock-file, or add ${names} to allow-unverified to accept an unverified download`,
      title: 'Download not verifiable',
    },
  );
}

/**
 * A plain-http mirror can be altered by anyone on the path, checksum files and all, so without a
 * lock file (whose hashes come from the repository) nothing it serves could be verified.
 */
export function plainHttpMirrorRefusal(mirror: string | undefined, locked: boolean): UserError | undefined {
  if (!mirror?.startsWith('http:') || locked) return undefined;
  return new UserError(
    `input 'mirror-url': ${mirror} is plain http, and without a lock file every hash would come from that same unauthenticated mirror.`,
    {
      fix: "use an https mirror, or pass lock-file (written with 'talos-fleet tools lock' where an https source is reachable) so every download is checked against the repository's pins",
      title: 'Invalid input',
    },
  );
}
