import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { Log } from '../../core/log.js';
import { UserError } from '../../core/user-error.js';
import { parseLockFile } from '../../core/tools/lock-file.js';
import { parseMirrorUrl } from '../../core/tools/mirror.js';
import { detectPlatform, platformKey } from '../../core/tools/platform.js';
import { applyLock, planRequests } from '../../core/tools/requests.js';
import { parseVersionsFile } from '../../core/tools/version-files.js';
import { retryPolicyFromEnv } from '../retry.js';
import { GithubReleases } from './github-releases.js';
import { Http } from './http.js';
import type { InstallResult } from './installer.js';
import { DEFAULT_CONCURRENCY, installToolchain } from './toolchain.js';

/** The setup flow shared by the action entry: validate everything, then install in parallel. */

export interface SetupLog extends Log {
  notice(message: string, title: string): void;
}

export interface SetupOptions {
  tools: readonly string[];
  versionsFile: string | undefined;
  lockFile: string | undefined;
  mirrorUrl: string | undefined;
  githubToken: string | undefined;
  cache: boolean;
  gcloudComponents: readonly string[];
  env: NodeJS.ProcessEnv;
  log: SetupLog;
}

export interface SetupResult {
  installed: InstallResult[];
  summaryLines: string[];
  seconds: number;
}

function envNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const v = Number(env[name]);
  return env[name] && Number.isFinite(v) && v > 0 ? v : fallback;
}

export async function runSetup(options: SetupOptions): Promise<SetupResult> {
  const started = performance.now();
  const { env, log } = options;
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const resolvePath = (p: string) => (isAbsolute(p) ? p : join(workspace, p));

  // Everything the user can get wrong is checked here, before any request.
  const target = detectPlatform({
    override: env.TALOS_FLEET_PLATFORM,
    runnerOs: env.RUNNER_OS,
    runnerArch: env.RUNNER_ARCH,
    nodePlatform: platform(),
    nodeArch: arch(),
  });
  const mirror = parseMirrorUrl(options.mirrorUrl);
  let versionsFile: { path: string; versions: ReturnType<typeof parseVersionsFile>['versions'] } | undefined;
  if (options.versionsFile) {
    const path = resolvePath(options.versionsFile);
    if (!existsSync(path)) {
      throw new UserError(`input 'versions-file': ${options.versionsFile} does not exist.`, {
        fix: 'point it at a .tool-versions file or the toolkit pin file (YAML with a tools: mapping), relative to the workspace',
        title: 'Invalid input',
      });
    }
    const parsed = parseVersionsFile(path, await readFile(path, 'utf8'));
    versionsFile = { path: options.versionsFile, versions: parsed.versions };
  }
  let requests = planRequests({ tools: options.tools, ...(versionsFile ? { versionsFile } : {}) });
  let lock: { file: ReturnType<typeof parseLockFile>; path: string } | undefined;
  if (options.lockFile) {
    const path = resolvePath(options.lockFile);
    if (existsSync(path)) {
      lock = { file: parseLockFile(await readFile(path, 'utf8'), options.lockFile), path: options.lockFile };
      requests = applyLock(requests, lock.file, options.lockFile);
    } else {
      log.notice(
        `lock-file ${options.lockFile} does not exist yet, so versions are resolved and verified against upstream checksums. Create it with 'talos-fleet tools lock --out ${options.lockFile}'.`,
        'No lock file',
      );
    }
  }
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

  const policy = retryPolicyFromEnv(env);
  const onRetry = (m: string) => log.info(`retry: ${m}`);
  const http = new Http({
    policy,
    timeoutMs: envNumber(env, 'TALOS_FLEET_HTTP_TIMEOUT_MS', 60_000),
    onRetry,
  });
  const github = new GithubReleases({
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    token: options.githubToken,
    policy,
    onRetry,
  });
  const concurrency = envNumber(env, 'TALOS_FLEET_SETUP_CONCURRENCY', DEFAULT_CONCURRENCY);
  try {
    const installed = await log.group(
      `Installing ${requests.map((r) => r.tool).join(', ')} for ${platformKey(target)} (${concurrency} at a time)`,
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
            log: (tool, m) => log.info(`[${tool}] ${m}`),
            notice: (m, t) => log.notice(m, t),
            warning: (m, title) => log.warning(m, { title }),
            now: () => performance.now(),
          },
          concurrency,
        ),
    );
    return {
      installed,
      summaryLines: [
        `Platform ${platformKey(target)}${mirror ? `, mirror ${mirror}` : ''}${lock ? `, lock file ${lock.path}` : ''}${options.cache ? '' : ', tool cache off'}.`,
      ],
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    http.dispose();
  }
}
