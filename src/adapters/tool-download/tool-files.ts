import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { UserError } from '../../core/user-error.js';
import type { ToolName } from '../../core/tools/catalog.js';
import { detectPlatform, type Platform } from '../../core/tools/platform.js';
import { parseVersionsFile } from '../../core/tools/version-files.js';

/** The platform to install for: TALOS_FLEET_PLATFORM, else the runner's RUNNER_OS/RUNNER_ARCH, else this host. */
export function hostPlatform(env: NodeJS.ProcessEnv): Platform {
  return detectPlatform({
    override: env.TALOS_FLEET_PLATFORM,
    runnerOs: env.RUNNER_OS,
    runnerArch: env.RUNNER_ARCH,
    nodePlatform: platform(),
    nodeArch: arch(),
  });
}

/**
 * Reads a versions file (`given` as the user wrote it, `path` resolved). A missing file is the
 * user's error, named by `field` (`input 'versions-file'`, `--versions-file`).
 */
export async function readVersionsFile(
  given: string,
  path: string,
  field: string,
): Promise<{ path: string; versions: Partial<Record<ToolName, string>> }> {
  if (!existsSync(path)) {
    throw new UserError(`${field}: ${given} does not exist.`, {
      fix: 'point it at a .tool-versions file or the toolkit pin file (YAML with a tools: mapping); a relative path is taken from the workspace (the current directory for the CLI)',
      title: 'Invalid input',
    });
  }
  return { path: given, versions: parseVersionsFile(path, await readFile(path, 'utf8')).versions };
}
