import { UserError } from '../../core/user-error.js';
import type { RetryPolicy } from '../../core/retry-policy.js';
import type { ReleaseInfo } from '../../core/tools/version-spec.js';
import { nextPageFromLink } from '../github/comments-client.js';
import { githubRetryVerdict, httpStatus, rateLimitMessage } from '../github/errors.js';
import { withRetry } from '../retry.js';

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

/** 100 pages of 100: far beyond any project's release count (cluster-api has a few hundred). */
const MAX_PAGES = 100;

type Octokit = InstanceType<(typeof import('@actions/github/lib/utils'))['GitHub']>;

export class GithubReleases {
  private client: Promise<Octokit> | undefined;
  private readonly listings = new Map<string, Promise<Release[]>>();
  private readonly tagged = new Map<string, Promise<Release | undefined>>();

  constructor(private readonly options: GithubReleasesOptions) {}

  private octokit(): Promise<Octokit> {
    this.client ??= (async () => {
      const { GitHub, getOctokitOptions } = await import('@actions/github/lib/utils');
      const base = { baseUrl: this.options.apiUrl };
      return new GitHub(this.options.token ? getOctokitOptions(this.options.token, base) : base);
    })();
    return this.client;
  }

  /**
   * Every release of `repo`, all pages (old patch releases often sit past the first page). One
   * listing per repo per run. Not Octokit's `paginate`: it requests whatever URL the `Link` header
   * names, token included, so a hostile or misconfigured API could send the token to another host.
   * Only the page number is read from the link; every page is requested from GITHUB_API_URL.
   */
  listReleases(repo: string): Promise<Release[]> {
    let listing = this.listings.get(repo);
    if (!listing) {
      listing = (async () => {
        const all: Release[] = [];
        for (let page: number | undefined = 1; page !== undefined;) {
          const current: number = page;
          const response = await this.call(repo, (gh, owner, name) =>
            gh.rest.repos.listReleases({ owner, repo: name, per_page: 100, page: current }),
          );
          all.push(...response.data.map(toRelease));
          const next = nextPageFromLink(response.headers.link);
          // A next page that does not move forward would loop forever.
          page = next !== undefined && next > current && next <= MAX_PAGES ? next : undefined;
        }
        return all;
      })();
      this.listings.set(repo, listing);
    }
    return listing;
  }

  /**
   * One release by tag, or undefined when there is none (or it is a draft, which the API hides).
   * One request per tag per run: `tools lock` asks once for each platform.
   */
  releaseByTag(repo: string, tag: string): Promise<Release | undefined> {
    const key = `${repo}@${tag}`;
    let release = this.tagged.get(key);
    if (!release) {
      release = this.fetchByTag(repo, tag);
      this.tagged.set(key, release);
    }
    return release;
  }

  private async fetchByTag(repo: string, tag: string): Promise<Release | undefined> {
    const listed = this.listings.get(repo);
    if (listed) {
      const hit = (await listed).find((r) => r.tag_name === tag);
      if (hit) return hit;
    }
    return this.call(repo, async (gh, owner, name) => {
      try {
        return toRelease((await gh.rest.repos.getReleaseByTag({ owner, repo: name, tag })).data);
      } catch (error) {
        if (httpStatus(error) === 404) return undefined;
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
        retryable: (error) => githubRetryVerdict(error, Date.now(), this.options.policy),
        onRetry: ({ attempt, delayMs, error }) =>
          this.options.onRetry?.(
            `GitHub API ${repo}: ${(error as Error).message}; retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1})`,
          ),
      });
    } catch (error) {
      const rateLimit = rateLimitMessage(error, Date.now());
      throw new UserError(
        rateLimit
          ? `The GitHub API rate limit was hit while listing ${repo} releases at ${this.options.apiUrl}: ${rateLimit}.`
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

type ApiRelease = Awaited<ReturnType<Octokit['rest']['repos']['getReleaseByTag']>>['data'];

function toRelease(r: ApiRelease): Release {
  return {
    tag_name: r.tag_name,
    draft: r.draft,
    prerelease: r.prerelease,
    assets: r.assets.map((a) => ({
      name: a.name,
      digest: (a as { digest?: string | null }).digest ?? null,
    })),
  };
}
