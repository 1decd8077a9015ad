import { UserError } from '../user-error.js';
import { isToolName, TOOL_NAMES, TOOLS, type ToolName, unknownToolError } from './catalog.js';
import type { LockFile } from './lock-file.js';
import { formatSpec, parseVersionSpec, satisfies, type VersionSpec } from './version-spec.js';

/** One tool to install and the version asked for, with where that ask came from (for messages). */
export interface ToolRequest {
  tool: ToolName;
  spec: VersionSpec;
  from: string;
}

/** The `from` of a request nobody asked a version for; a lock file overrides it silently. */
const TOOLKIT_PIN = 'the toolkit pin';

export interface RequestSources {
  /** Items of the `tools` input: `name` or `name@version`. Empty means every tool. */
  tools: readonly string[];
  /** Versions from the versions-file, if one was given. */
  versionsFile?: { path: string; versions: Partial<Record<ToolName, string>> };
}

/**
 * Which tools at which versions: `name@version` in `tools` wins, then the versions-file, then the
 * toolkit's pin. Every bad item is reported at once (unknown names list the valid ones).
 */
export function planRequests(sources: RequestSources): ToolRequest[] {
  const problems: UserError[] = [];
  const out: ToolRequest[] = [];
  const seen = new Set<string>();
  const items = sources.tools.length > 0 ? sources.tools : TOOL_NAMES;
  for (const item of items) {
    const at = item.indexOf('@');
    const name = (at < 0 ? item : item.slice(0, at)).trim().toLowerCase();
    const versionText = at < 0 ? undefined : item.slice(at + 1).trim();
    if (!isToolName(name)) {
      problems.push(unknownToolError(name, "input 'tools'"));
      continue;
    }
    if (seen.has(name)) {
      problems.push(
        new UserError(`${name} is listed twice in input 'tools'.`, { fix: 'list each tool once' }),
      );
      continue;
    }
    seen.add(name);
    try {
      if (versionText !== undefined) {
        out.push({
          tool: name,
          spec: parseVersionSpec(name, versionText, "input 'tools'"),
          from: "input 'tools'",
        });
        continue;
      }
      const fromFile = sources.versionsFile?.versions[name];
      if (fromFile !== undefined && sources.versionsFile) {
        const where = `versions-file ${sources.versionsFile.path}`;
        out.push({ tool: name, spec: parseVersionSpec(name, fromFile, where), from: where });
        continue;
      }
      out.push({ tool: name, spec: { kind: 'exact', version: TOOLS[name].pinned }, from: TOOLKIT_PIN });
    } catch (error) {
      if (error instanceof UserError) problems.push(error);
      else throw error;
    }
  }
  const problem = UserError.combine(
    problems,
    `${problems.length} problems with the requested tools:`,
    'Invalid tools',
  );
  if (problem) throw problem;
  return out;
}

/**
 * With a lock file, every version comes from it: a tool missing from the lock, or a requested
 * version the locked one does not satisfy, is a lock-file mismatch.
 */
export function applyLock(requests: readonly ToolRequest[], lock: LockFile, lockPath: string): ToolRequest[] {
  const problems: string[] = [];
  const out: ToolRequest[] = [];
  for (const r of requests) {
    const locked = lock.tools[r.tool];
    if (!locked) {
      problems.push(`${r.tool} is not in the lock file`);
      continue;
    }
    if (r.from !== TOOLKIT_PIN && !satisfies(locked.version, r.spec)) {
      problems.push(
        `${r.tool}: ${r.from} asks for ${formatSpec(r.spec)} but the lock file has ${locked.version}`,
      );
      continue;
    }
    out.push({
      tool: r.tool,
      spec: { kind: 'exact', version: locked.version },
      from: `lock-file ${lockPath}`,
    });
  }
  if (problems.length > 0) {
    throw new UserError(`Lock-file mismatch: ${lockPath} does not match the requested tools.`, {
      details: problems,
      fix: "regenerate the lock file with 'talos-fleet tools lock' (and commit it), or ask for the locked versions",
      title: 'Lock-file mismatch',
    });
  }
  return out;
}
