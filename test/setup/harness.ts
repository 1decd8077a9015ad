import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type RunDistOptions, type RunDistResult, runDist } from '../support/run-dist.js';
import { GithubApiFake } from '../fakes/tool-mirror/github-api.js';
import { publishPinned, ToolMirror } from '../fakes/tool-mirror/tool-mirror.js';

export const TOKEN = 'ghs_fakeTokenForTheReleasesApi0123456789';

export interface Fakes {
  mirror: ToolMirror;
  api: GithubApiFake;
  close(): Promise<void>;
}

/**
 * A mirror with every pinned tool on every platform, channel files, and a GitHub API fake. The
 * mirror serves HTTPS (the loopback test CA, which run-dist trusts) unless `http` is asked for:
 * setup accepts a plain-http mirror only with a lock file.
 */
export async function startFakes(options: { pinned?: boolean; http?: boolean } = {}): Promise<Fakes> {
  const api = await new GithubApiFake().start();
  const mirror = await new ToolMirror(api).start(0, { tls: !options.http });
  if (options.pinned ?? true) publishPinned(mirror);
  return {
    mirror,
    api,
    close: async () => {
      await mirror.close();
      await api.close();
    },
  };
}

/**
 * The fakes for one test file: started (then `seed`ed) before its tests, closed after them. The
 * object returned is filled in by the time any test runs.
 */
export function useFakes(seed?: (fakes: Fakes) => void): Fakes {
  const fakes = {} as Fakes;
  beforeAll(async () => {
    Object.assign(fakes, await startFakes());
    seed?.(fakes);
  });
  afterAll(() => fakes.close());
  return fakes;
}

/** Runs the bundled setup action against the fakes, with retry delays shrunk so nothing sleeps. */
export function runSetupAction(
  fakes: Fakes,
  inputs: Record<string, string>,
  options: RunDistOptions = {},
): Promise<RunDistResult> {
  return runDist('setup', {
    ...options,
    inputs: { 'mirror-url': fakes.mirror.url, 'github-token': TOKEN, cache: 'true', ...inputs },
    env: {
      GITHUB_API_URL: fakes.api.url,
      TALOS_FLEET_RETRY_BASE_MS: '1',
      TALOS_FLEET_RETRY_MAX_MS: '5',
      TALOS_FLEET_RETRY_ATTEMPTS: '4',
      TALOS_FLEET_HTTP_TIMEOUT_MS: '2000',
      // As a runner sets it; the stand-in binaries fail if it reaches them.
      ACTIONS_RUNTIME_TOKEN: 'runtime-token-for-the-cache-and-artifacts',
      ...options.env,
    },
  });
}

export async function newRunnerDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'tf-setup-'));
}

/** Every tool directory in the runner's tool cache (`tool/version/arch`), complete or not. */
export async function cachedEntries(runnerDir: string): Promise<string[]> {
  const root = join(runnerDir, 'tool-cache');
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const tool of await readdir(root)) {
    for (const version of await readdir(join(root, tool))) {
      for (const arch of await readdir(join(root, tool, version))) {
        if (!arch.endsWith('.complete')) out.push(`${tool}/${version}/${arch}`);
      }
    }
  }
  return out.sort();
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export function errors(r: RunDistResult) {
  return r.annotations.filter((a) => a.level === 'error');
}
