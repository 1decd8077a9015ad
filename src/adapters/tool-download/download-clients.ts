import { envNumber } from '../../core/env-number.js';
import { retryPolicyFromEnv } from '../retry.js';
import { GithubReleases } from './github-releases.js';
import { Http } from './http.js';

/**
 * The HTTP client for assets, checksum and channel files, and the GitHub releases client, both
 * with the retry policy from the environment (TALOS_FLEET_RETRY_*) and TALOS_FLEET_HTTP_TIMEOUT_MS.
 * The setup action and `talos-fleet tools lock` use the same pair. Dispose of `http` when done.
 */
export function createDownloadClients(
  env: NodeJS.ProcessEnv,
  githubToken: string | undefined,
  onRetry: (message: string) => void,
): { http: Http; github: GithubReleases } {
  const policy = retryPolicyFromEnv(env);
  return {
    http: new Http({
      policy,
      timeoutMs: envNumber(env, 'TALOS_FLEET_HTTP_TIMEOUT_MS', { fallback: 60_000, min: 1 }),
      onRetry,
    }),
    github: new GithubReleases({
      apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
      token: githubToken,
      policy,
      onRetry,
    }),
  };
}
