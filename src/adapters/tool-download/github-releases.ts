import { UserError } from '../../core/user-error.js';
import type { RetryPolicy } from '../../core/retry-policy.js';
import { isRetryableStatus } from '../../core/retry-policy.js';
import type { ReleaseInfo } from '../../core/tools/version-spec.js';
import { withRetry } from '../retry.js';
import { isTransient } from './http.js';

/**
 * The GitHub releases API, used only to resolve `latest`/partial versions and for clusterctl's
 * asset digest. It talks only to GITHUB_API_URL (the runner's, so GHES works) and is the only
 * place the token is sent. Octokit is imported on first use, so a run that needs no lookup never
 * loads it.
 */

export interface ReleaseAsset {
  name: string;
  digest?: string | null;
}
export interface Release extends ReleaseInfo {
  assets: ReleaseAsset[];
}

export interface GithubReleasesOptions {
  apiUrl: string;
  token: string | undefined;
  policy: RetryPolicy;
  onRetry?: (message: string) => void;
}

type Octokit = InstanceType<(typeof import('@actions/github/lib/utils'))['GitHub']>;

export class GithubReleases {
  private client: Promise<Octokit> | undefined;
  private readonly listings = new Map<string, Promise<Release[]>>();
  /** Paths requested, for the summary and tests. */
  readonly requested: string[] = [];

  constructor(private readonly options: GithubReleasesOptions) {}

  private octokit(): Promise<Octokit> {
    this.client ??= (async () => {
      const { GitHub, getOctokitOptions } = await import('@actions/github/lib/utils');
      const base = { baseUrl: this.options.apiUrl };
      return new GitHub(this.options.token ? getOctokitOptions(this.options.token, base) : base);
    })();
    return this.client;
  }

  /** Every release of `repo`, all pages (old patch releases often sit past the first page). One listing per repo per run. */
  listReleases(repo: string): Promise<Release[]> {
    let listing = this.listings.get(repo);
    if (!listing) {
      listing = this.call(repo, async (gh, owner, name) => {
        this.requested.push(`/repos/${repo}/releases`);
        const all = await gh.paginate(gh.rest.repos.listReleases, { owner, repo: name, per_page: 100 });
        return all.map((r) => ({
          tag_name: r.tag_name,
          draft: r.draft,
          prerelease: r.prerelease,
          assets: r.assets.map((a) => ({
            name: a.name,
            digest: (a as { digest?: string | null }).digest ?? null,
          })),
        }));
      });
      this.listings.set(repo, listing);
    }
    return listing;
  }

  /** One release by tag, or undefined when there is none (or it is a draft, which the API hides). */
  async releaseByTag(repo: string, tag: string): Promise<Release | undefined> {
    const listed = this.listings.get(repo);
    if (listed) {
      const hit = (await listed).find((r) => r.tag_name === tag);
      if (hit) return hit;
    }
    return this.call(repo, async (gh, owner, name) => {
      this.requested.push(`/repos/${repo}/releases/tags/${tag}`);
      try {
        const { data: r } = await gh.rest.repos.getReleaseByTag({ owner, repo: name, tag });
        return {
          tag_name: r.tag_name,
          draft: r.draft,
          prerelease: r.prerelease,
          assets: r.assets.map((a) => ({
            name: a.name,
            digest: (a as { digest?: string | null }).digest ?? null,
          })),
        };
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    });
  }

  private async call<T>(
    repo: string,
    fn: (gh: Octokit, owner: string, name: string) => Promise<T>,
  ): Promise<T> {
    const [owner = '', name = ''] = repo.split('/');
    const gh = await this.octokit();
    try {
      return await withRetry(() => fn(gh, owner, name), {
        policy: this.options.policy,
        retryable: (error) => {
          const status = statusOf(error);
          return status === undefined
            ? isTransient(error) || isTransient((error as { cause?: unknown }).cause)
            : isRetryableStatus(status);
        },
        onRetry: ({ attempt, delayMs, error }) =>
          this.options.onRetry?.(
            `GitHub API ${repo}: ${(error as Error).message}; retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1})`,
          ),
      });
    } catch (error) {
      const status = statusOf(error);
      const rateLimited =
        (status === 403 || status === 429) &&
        /rate limit/i.test(error instanceof Error ? error.message : String(error));
      throw new UserError(
        rateLimited
          ? `The GitHub API rate limit was hit while listing ${repo} releases at ${this.options.apiUrl}.`
          : `Could not list ${repo} releases at ${this.options.apiUrl}: ${error instanceof Error ? error.message : String(error)}`,
        {
          fix: this.options.token
            ? 'retry later, or pin an exact version (exact versions need no GitHub lookup, except clusterctl without a lock file)'
            : "pass 'github-token' (it defaults to github.token) or pin exact versions",
          title: 'GitHub API',
          cause: error,
        },
      );
    }
  }
}

function statusOf(error: unknown): number | undefined {
  const s = (error as { status?: unknown } | undefined)?.status;
  return typeof s === 'number' ? s : undefined;
}
