import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { Log } from '../../core/log.js';
import { UserError } from '../../core/user-error.js';
import { parseLockFile } from '../../core/tools/lock-file.js';
import { parseMirrorUrl } from '../../core/tools/mirror.js';
import { platformKey } from '../../core/tools/platform.js';
import { applyLock, planRequests } from '../../core/tools/requests.js';
import { envNumber } from '../../core/env-number.js';
import type { ToolName } from '../../core/tools/catalog.js';
import { plainHttpMirrorRefusal, unverifiedRefusal } from '../../core/tools/verification.js';
import { createDownloadClients } from './download-clients.js';
import type { InstallResult } from './installer.js';
import { hostPlatform, readVersionsFile } from './tool-files.js';
import { DEFAULT_CONCURRENCY, installToolchain } from './toolchain.js';

/** The setup flow shared by the action entry: validate everything, then install in parallel. */

export interface SetupOptions {
  tools: readonly string[];
  versionsFile: string | undefined;
  lockFile: string | undefined;
  mirrorUrl: string | undefined;
  githubToken: string | undefined;
  cache: boolean;
  gcloudComponents: readonly string[];
  /** Tools that may be installed without an upstream hash or lock pin (a warning each). */
  allowUnverified: readonly ToolName[];
  env: NodeJS.ProcessEnv;
  log: Log;
}

export interface SetupResult {
  installed: InstallResult[];
  summaryLines: string[];
  seconds: number;
}

export async function runSetup(options: SetupOptions): Promise<SetupResult> {
  const started = performance.now();
  const { env, log } = options;
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const resolvePath = (p: string) => (isAbsolute(p) ? p : join(workspace, p));

  // Everything the user can get wrong is checked here, before any request.
  const target = hostPlatform(env);
  const mirror = parseMirrorUrl(options.mirrorUrl);
  const versionsFile = options.versionsFile
    ? await readVersionsFile(options.versionsFile, resolvePath(options.versionsFile), "input 'versions-file'")
    : undefined;
  let requests = planRequests({ tools: options.tools, ...(versionsFile ? { versionsFile } : {}) });
  let lock: { file: ReturnType<typeof parseLockFile>; path: string } | undefined;
  if (options.lockFile) {
    const path = resolvePath(options.lockFile);
    // Asked for and missing fails: carrying on unpinned would quietly drop the verification the
    // workflow asked for (a typo, or a lock file not committed).
    if (!existsSync(path))
      throw new UserError(`input 'lock-file': ${options.lockFile} does not exist.`, {
        fix: `create it with 'talos-fleet tools lock --out ${options.lockFile}' and commit it, or leave lock-file empty to verify against upstream checksums only`,
        title: 'Invalid input',
      });
    lock = { file: parseLockFile(await readFile(path, 'utf8'), options.lockFile), path: options.lockFile };
    requests = applyLock(requests, lock.file, options.lockFile);
  }
  const refusal =
    plainHttpMirrorRefusal(mirror, lock !== undefined) ??
    unverifiedRefusal(
      requests.map((r) => r.tool),
      target,
      lock !== undefined,
      options.allowUnverified,
    );
  if (refusal) throw refusal;
  if (options.gcloudComponents.length > 0 && !requests.some((r) => r.tool === 'gcloud')) {
    throw new UserError("input 'gcloud-components' is set but gcloud is not among the tools to install.", {
      fix: "add gcloud to 'tools', or drop 'gcloud-components'",
      title: 'Invalid input',
    });
  }
  const toolCacheDir = env.RUNNER_TOOL_CACHE;
  const tempDir = env.RUNNER_TEMP;
  if (!toolCacheDir || !tempDir) {
    throw new UserError('RUNNER_TOOL_CACHE and RUNNER_TEMP must be set (they are on every GitHub runner).', {
      fix: 'run this as a GitHub Actions step, or set both to writable directories',
    });
  }

  const { http, github } = createDownloadClients(env, options.githubToken, (m) => log.info(`retry: ${m}`));
  const concurrency = envNumber(env, 'TALOS_FLEET_SETUP_CONCURRENCY', {
    fallback: DEFAULT_CONCURRENCY,
    integer: true,
    min: 1,
  });
  try {
    const installed = await log.group(
      `Installing ${requests.map((r) => r.tool).join(', ')} for ${platformKey(target)} (${concurrency >= requests.length ? `all ${requests.length} at once` : `${concurrency} at a time`})`,
      () =>
        installToolchain(
          requests,
          {
            platform: target,
            mirror,
            http,
            github,
            lock,
            cache: options.cache,
            toolCacheDir,
            tempDir,
            gcloudComponents: options.gcloudComponents,
            allowUnverified: options.allowUnverified,
            log: (tool, m) => log.info(`[${tool}] ${m}`),
            notice: (m, t) => log.notice(m, { title: t }),
            warning: (m, title) => log.warning(m, { title }),
            now: () => performance.now(),
          },
          concurrency,
        ),
    );
    return {
      installed,
      summaryLines: [
        `Platform ${platformKey(target)}${mirror ? `, mirror ${mirror}` : ''}${lock ? `, lock file ${lock.path}` : ''}${options.cache ? '' : ', tool cache off'}; allowed unverified: ${lock || options.allowUnverified.length === 0 ? 'none' : options.allowUnverified.join(', ')}.`,
      ],
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    http.dispose();
  }
}
