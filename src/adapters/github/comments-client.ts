import { describeError } from '../../core/http-error.js';
import type { RetryPolicy } from '../../core/retry-policy.js';
import { UserError } from '../../core/user-error.js';
import { retryPolicyFromEnv, withRetry } from '../retry.js';
import { githubRetryVerdict, httpStatus, rateLimitMessage } from './errors.js';

/** An issue or pull-request comment, as far as pr-status needs it. */
export interface IssueComment {
  id: number;
  nodeId: string;
  body: string;
  /** The author's login, e.g. `github-actions[bot]`; null for a deleted account. */
  author: string | null;
  htmlUrl: string;
  /** `created_at`: server time, whole seconds (2026-11-24T10:00:00Z). */
  createdAt: string;
  /** Hidden (minimised) on GitHub; older GHES releases do not say, hence also the retired marker. */
  minimized: boolean;
}

export interface CommentPage {
  page: number;
  comments: IssueComment[];
  /** Page number of the `rel="next"` link, when there is one. */
  next: number | undefined;
}

/** The GitHub calls pr-status makes, behind one small interface. */
export interface CommentsApi {
  /** Login of the token's own identity (a user, or an app's `name[bot]`). */
  viewerLogin(): Promise<string>;
  /** One page of comments, oldest first; with `since`, only those updated at or after it. */
  listPage(issue: number, page: number, since?: string): Promise<CommentPage>;
  create(issue: number, body: string): Promise<IssueComment>;
  update(id: number, body: string): Promise<IssueComment>;
  /** Deleting a comment that is already gone is not an error. */
  delete(id: number): Promise<void>;
  minimize(nodeId: string): Promise<void>;
  /** HTTP requests made so far, retries included. */
  readonly calls: number;
}

export interface GitHubClientOptions {
  token: string;
  owner: string;
  repo: string;
  /** REST base, GITHUB_API_URL (https://api.github.com, or https://HOST/api/v3 on GHES). */
  apiUrl: string;
  /** GraphQL endpoint, GITHUB_GRAPHQL_URL (https://api.github.com/graphql, or https://HOST/api/graphql). */
  graphqlUrl: string;
  policy?: RetryPolicy;
  onRetry?: (message: string) => void;
  now?: () => number;
}

export const PER_PAGE = 100;

/** A GraphQL answer with `errors` (GitHub sends those with HTTP 200). */
export class GraphqlError extends Error {
  override readonly name = 'GraphqlError';
  constructor(readonly errors: { type?: string; message?: string }[]) {
    super(errors.map((e) => `${e.type ? `${e.type}: ` : ''}${e.message ?? 'unknown error'}`).join('; '));
  }
}

/** The page number of the `rel="next"` entry of a Link header. */
export function nextPageFromLink(link: string | undefined): number | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (!m?.[1]) continue;
    try {
      const page = Number(new URL(m[1]).searchParams.get('page'));
      return Number.isInteger(page) && page > 0 ? page : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

interface RestComment {
  id: number;
  node_id: string;
  body?: string | null;
  user: { login: string } | null;
  html_url: string;
  created_at: string;
  minimized?: { reason: string | null } | null;
}

const toComment = (c: RestComment): IssueComment => ({
  id: c.id,
  nodeId: c.node_id,
  body: c.body ?? '',
  author: c.user?.login ?? null,
  htmlUrl: c.html_url,
  createdAt: c.created_at,
  minimized: c.minimized !== undefined && c.minimized !== null,
});

function checkUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UserError(`${name} is not a URL: '${value}'`, {
      fix: `unset ${name} or point it at your GitHub API`,
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UserError(`${name} must be an http(s) URL, got '${value}'`, {
      fix: `unset ${name} or point it at your GitHub API`,
    });
  }
  return value.replace(/\/+$/, '');
}

/**
 * CommentsApi over the Octokit in @actions/github, loaded on first use so the action's first log
 * line is not held up by it. That Octokit neither retries nor throttles (those are plugins), so
 * every call goes through withRetry with GitHub's rate-limit headers honoured. The token is only
 * ever sent to `apiUrl` and `graphqlUrl`: pagination reads the page number from the Link header
 * and asks the base URL for it, instead of following whatever URL the header names.
 */
export async function createCommentsClient(options: GitHubClientOptions): Promise<CommentsApi> {
  const apiUrl = checkUrl('GITHUB_API_URL', options.apiUrl);
  const graphqlUrl = checkUrl('GITHUB_GRAPHQL_URL', options.graphqlUrl);
  const { getOctokit } = await import('@actions/github');
  const octokit = getOctokit(options.token, { baseUrl: apiUrl });
  const policy = options.policy ?? retryPolicyFromEnv();
  const now = options.now ?? Date.now;
  const { owner, repo } = options;
  let calls = 0;

  const call = <T>(what: string, fn: () => Promise<T>): Promise<T> =>
    withRetry(
      () => {
        calls++;
        return fn();
      },
      {
        policy,
        retryable: (error) => githubRetryVerdict(error, now(), policy),
        onRetry: ({ attempt, delayMs, error }) =>
          options.onRetry?.(
            `${what}: ${rateLimitMessage(error, now()) ?? `HTTP ${httpStatus(error) ?? 'error'}: ${describeError(error)}`}; retry ${attempt} in ${delayMs} ms`,
          ),
      },
    );

  // octokit.graphql would rewrite the URL from the REST base on GHES; posting to GITHUB_GRAPHQL_URL
  // directly keeps that variable authoritative.
  const graphql = <T>(what: string, query: string, variables: Record<string, unknown>) =>
    call(what, async () => {
      const response = await octokit.request(`POST ${graphqlUrl}`, { query, variables });
      const data = response.data as { data?: T; errors?: { type?: string; message?: string }[] };
      if (data.errors?.length) throw new GraphqlError(data.errors);
      if (data.data === undefined) throw new GraphqlError([{ message: 'GraphQL answer without data' }]);
      return data.data;
    });

  return {
    get calls() {
      return calls;
    },
    async viewerLogin() {
      const data = await graphql<{ viewer: { login: string } }>(
        'resolve the token identity',
        'query { viewer { login } }',
        {},
      );
      return data.viewer.login;
    },
    async listPage(issue, page, since) {
      const response = await call(`list comments${since ? ` since ${since}` : ''} page ${page}`, () =>
        octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
          owner,
          repo,
          issue_number: issue,
          per_page: PER_PAGE,
          page,
          ...(since === undefined ? {} : { since }),
        }),
      );
      return {
        page,
        comments: (response.data as RestComment[]).map(toComment),
        next: nextPageFromLink(response.headers.link),
      };
    },
    async create(issue, body) {
      const response = await call('create comment', () =>
        octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
          owner,
          repo,
          issue_number: issue,
          body,
        }),
      );
      return toComment(response.data as RestComment);
    },
    async update(id, body) {
      const response = await call(`update comment ${id}`, () =>
        octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
          owner,
          repo,
          comment_id: id,
          body,
        }),
      );
      return toComment(response.data as RestComment);
    },
    async delete(id) {
      try {
        await call(`delete comment ${id}`, () =>
          octokit.request('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', {
            owner,
            repo,
            comment_id: id,
          }),
        );
      } catch (error) {
        if (httpStatus(error) !== 404) throw error;
      }
    },
    async minimize(nodeId) {
      await graphql(
        `hide comment ${nodeId}`,
        'mutation($id: ID!) { minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { minimizedComment { isMinimized } } }',
        { id: nodeId },
      );
    },
  };
}
