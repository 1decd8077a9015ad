import type { ServerResponse } from 'node:http';
import { FakeServer, type FakeRequest, githubPage, sendJson } from '../http/fake-server.js';
import {
  type BasicError,
  createCommentBody,
  graphqlRequest,
  type IssueCommentResponse,
  listCommentsQuery,
  type SimpleUser,
  updateCommentBody,
  validationFailure,
} from './openapi.js';

/**
 * A loopback fake of the GitHub REST and GraphQL endpoints pr-status uses: list (Link-header
 * pagination, per_page up to 100), create, update and delete issue comments; GraphQL `viewer`
 * and `minimizeComment`. It checks tokens (401), write permission (403 "Resource not accessible
 * by integration", as a fork's read-only GITHUB_TOKEN gets), unknown issues and comments (404),
 * request bodies against GitHub's OpenAPI description (422), and sends rate-limit headers on every
 * answer, answering 403 with `x-ratelimit-remaining: 0` once the budget is spent.
 */

export interface FakeIdentity {
  login: string;
  type: 'User' | 'Bot';
  /** Contents/pull-requests write: create, edit, delete comments. */
  canWrite: boolean;
  /** issues: write, needed by minimizeComment. */
  canHide?: boolean;
}

/** The fields of a pull request the examples read. */
export interface FakePull {
  number: number;
  state: 'open' | 'closed';
  title: string;
  body: string;
  head: { sha: string; ref: string; repo: { full_name: string; owner: { login: string } } };
}

export interface StoredComment {
  id: number;
  nodeId: string;
  issue: number;
  body: string;
  author: string;
  authorType: 'User' | 'Bot';
  minimizedReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RecordedCall {
  method: string;
  path: string;
  search: string;
  authorization: string | undefined;
  body: unknown;
  /** GraphQL operation kind for POST /graphql. */
  graphql?: 'viewer' | 'minimizeComment' | 'other';
}

export const GITHUB_TOKEN = 'ghs_faketokenforpullrequests0000000000';
export const READ_ONLY_TOKEN = 'ghs_forkreadonlytoken000000000000000000';
/** pull-requests: write without issues: write: may comment, may not minimise. */
export const NO_HIDE_TOKEN = 'ghs_noissueswrite00000000000000000000000';

const OWNER = 'acme';
const REPO = 'platform';
/** GitHub's answer to a token without the permission a call needs (a fork's read-only GITHUB_TOKEN). */
const NOT_ACCESSIBLE = 'Resource not accessible by integration';

/** GitHub's timestamps: UTC, whole seconds, `Z`. */
const githubTime = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export class FakeGitHub extends FakeServer {
  readonly identities = new Map<string, FakeIdentity>([
    [GITHUB_TOKEN, { login: 'github-actions[bot]', type: 'Bot', canWrite: true, canHide: true }],
    [READ_ONLY_TOKEN, { login: 'github-actions[bot]', type: 'Bot', canWrite: false, canHide: false }],
    [NO_HIDE_TOKEN, { login: 'github-actions[bot]', type: 'Bot', canWrite: true, canHide: false }],
  ]);
  readonly issues = new Set<number>([1234]);
  readonly comments: StoredComment[] = [];
  readonly calls: RecordedCall[] = [];
  rateLimit = { limit: 5000, remaining: 5000, resetEpoch: Math.floor(Date.now() / 1000) + 3600 };
  /**
   * Holds comment creation until this many creates are waiting, then lets them all through: two
   * runs that both saw no comment then both create, the race pr-status must resolve.
   */
  createBarrier = 0;
  /** The server clock, for created_at and updated_at (tests move it to stage races). */
  now: () => number = Date.now;
  /** Runs when a create arrives, before it is stored: a test stages another run there. */
  beforeCreate: (() => Promise<void>) | undefined;
  private waiting: (() => void)[] = [];
  private nextId = 1_000_000;

  /** GHES serves REST under /api/v3 and GraphQL at /api/graphql; github.com at / and /graphql. */
  constructor(paths: { rest?: string; graphql?: string } = {}) {
    super();
    const base = `${paths.rest ?? ''}/repos/${OWNER}/${REPO}`;
    this.route('GET', `${base}/issues/:issue/comments`, (req, res) => this.list(req, res));
    this.route('POST', `${base}/issues/:issue/comments`, (req, res) => this.create(req, res));
    this.route('PATCH', `${base}/issues/comments/:id`, (req, res) => this.update(req, res));
    this.route('DELETE', `${base}/issues/comments/:id`, (req, res) => this.remove(req, res));
    this.route('POST', paths.graphql ?? '/graphql', (req, res) => this.graphql(req, res));
    this.route('GET', `${base}/pulls`, (req, res) => this.listPulls(req, res));
  }

  /** Pull requests of acme/platform, for `GET /repos/acme/platform/pulls`. */
  readonly pulls: FakePull[] = [];

  /**
   * `state` (open by default, closed, all) and `head` (`owner:branch`, the head repository's owner
   * and the head branch, as GitHub filters it), paged like every list.
   */
  private async listPulls(req: FakeRequest, res: ServerResponse): Promise<void> {
    if (!(await this.authenticate(req, res))) return;
    const q = req.url.searchParams;
    const state = q.get('state') ?? 'open';
    const head = q.get('head');
    const matching = this.pulls.filter(
      (p) =>
        (state === 'all' || p.state === state) &&
        (head === null || `${p.head.repo.owner.login}:${p.head.ref}` === head),
    );
    const perPage = Math.min(100, Number(q.get('per_page') ?? 30));
    const page = Math.max(1, Number(q.get('page') ?? 1));
    const { slice, headers } = githubPage(this.url, req.path, matching, { perPage, page });
    this.send(res, 200, slice, headers);
  }

  /** Adds a comment as if someone (or something) had posted it earlier. */
  seed(issue: number, body: string, author = 'octocat', authorType: 'User' | 'Bot' = 'User'): StoredComment {
    const at = githubTime(Date.UTC(2026, 10, 24, 9, 0, 0) + this.comments.length * 1000);
    const c: StoredComment = {
      id: this.nextId++,
      nodeId: '',
      issue,
      body,
      author,
      authorType,
      minimizedReason: null,
      createdAt: at,
      updatedAt: at,
    };
    c.nodeId = `IC_kwDO${c.id.toString(36)}`;
    this.comments.push(c);
    return c;
  }

  commentsOn(issue: number): StoredComment[] {
    return this.comments.filter((c) => c.issue === issue);
  }

  private rateHeaders(): Record<string, string> {
    return {
      'x-ratelimit-limit': String(this.rateLimit.limit),
      'x-ratelimit-remaining': String(this.rateLimit.remaining),
      'x-ratelimit-reset': String(this.rateLimit.resetEpoch),
      'x-ratelimit-used': String(this.rateLimit.limit - this.rateLimit.remaining),
      'x-ratelimit-resource': 'core',
      'x-github-api-version-selected': '2022-11-28',
    };
  }

  private send(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    if (status === 204) {
      res.writeHead(204, this.rateHeaders());
      res.end();
      return;
    }
    sendJson(res, status, body, { ...this.rateHeaders(), ...headers });
  }

  private error(res: ServerResponse, status: number, message: string): void {
    const body: BasicError = {
      message,
      documentation_url: 'https://docs.github.com/rest',
      status: String(status),
    };
    this.send(res, status, body);
  }

  /** Authentication and the rate limit, common to every call. Returns the caller, or undefined after answering. */
  private async authenticate(req: FakeRequest, res: ServerResponse): Promise<FakeIdentity | undefined> {
    const text = (await req.body()).toString('utf8');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const authorization = req.headers.authorization;
    const call: RecordedCall = {
      method: req.method,
      path: req.path,
      search: req.url.search,
      authorization,
      body,
    };
    if (req.path.endsWith('/graphql')) {
      const query = (body as { query?: string } | undefined)?.query ?? '';
      call.graphql = query.includes('minimizeComment')
        ? 'minimizeComment'
        : query.includes('viewer')
          ? 'viewer'
          : 'other';
    }
    this.calls.push(call);
    const token = /^(?:token|bearer) (.+)$/i.exec(authorization ?? '')?.[1];
    const identity = token ? this.identities.get(token) : undefined;
    if (!identity) {
      this.error(res, 401, 'Bad credentials');
      return undefined;
    }
    if (this.rateLimit.remaining <= 0) {
      this.error(res, 403, 'API rate limit exceeded for installation ID 4242.');
      return undefined;
    }
    this.rateLimit.remaining--;
    return identity;
  }

  private toResponse(c: StoredComment): IssueCommentResponse {
    const user: SimpleUser = {
      login: c.author,
      id: 41898282,
      node_id: 'MDM6Qm90NDE4OTgyODI=',
      avatar_url: 'https://avatars.githubusercontent.com/in/15368?v=4',
      gravatar_id: '',
      url: `https://api.github.com/users/${encodeURIComponent(c.author)}`,
      html_url: `https://github.com/apps/${encodeURIComponent(c.author)}`,
      followers_url: '',
      following_url: '',
      gists_url: '',
      starred_url: '',
      subscriptions_url: '',
      organizations_url: '',
      repos_url: '',
      events_url: '',
      received_events_url: '',
      type: c.authorType,
      site_admin: false,
    };
    return {
      id: c.id,
      node_id: c.nodeId,
      url: `${this.url}/repos/${OWNER}/${REPO}/issues/comments/${c.id}`,
      html_url: `https://github.com/${OWNER}/${REPO}/pull/${c.issue}#issuecomment-${c.id}`,
      issue_url: `${this.url}/repos/${OWNER}/${REPO}/issues/${c.issue}`,
      body: c.body,
      user,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      author_association: c.authorType === 'Bot' ? 'NONE' : 'MEMBER',
      minimized: c.minimizedReason ? { reason: c.minimizedReason } : null,
    };
  }

  private async list(req: FakeRequest, res: ServerResponse): Promise<void> {
    if (!(await this.authenticate(req, res))) return;
    const issue = Number(req.params.issue);
    const query = listCommentsQuery.safeParse(Object.fromEntries(req.url.searchParams));
    if (!query.success) {
      this.send(res, 422, validationFailure(query.error.issues));
      return;
    }
    if (!this.issues.has(issue)) {
      this.error(res, 404, 'Not Found');
      return;
    }
    const perPage = query.data.per_page ?? 30;
    const page = query.data.page ?? 1;
    // `since`: "only show results that were last updated after the given time"; GitHub compares
    // updated_at, in whole seconds, and includes the second given. Links keep the filter.
    const since = query.data.since === undefined ? undefined : Date.parse(query.data.since);
    const all = this.commentsOn(issue)
      .filter((c) => since === undefined || Date.parse(c.updatedAt) >= since)
      .sort((a, b) => a.id - b.id);
    const { slice, headers } = githubPage(this.url, req.url.pathname, all, {
      perPage,
      page,
      ...(query.data.since === undefined ? {} : { extra: { since: query.data.since } }),
    });
    this.send(
      res,
      200,
      slice.map((c) => this.toResponse(c)),
      headers,
    );
  }

  private async create(req: FakeRequest, res: ServerResponse): Promise<void> {
    const identity = await this.authenticate(req, res);
    if (!identity) return;
    const issue = Number(req.params.issue);
    const parsed = createCommentBody.safeParse(await req.json());
    if (!parsed.success) {
      this.send(res, 422, validationFailure(parsed.error.issues));
      return;
    }
    if (!this.issues.has(issue)) {
      this.error(res, 404, 'Not Found');
      return;
    }
    if (!identity.canWrite) {
      this.error(res, 403, NOT_ACCESSIBLE);
      return;
    }
    if (this.tooLong(res, parsed.data.body, 'create-an-issue-comment')) return;
    if (this.beforeCreate) await this.beforeCreate();
    if (this.createBarrier > 0) {
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        if (this.waiting.length >= this.createBarrier) {
          this.createBarrier = 0;
          for (const go of this.waiting.splice(0)) go();
        }
      });
    }
    const c = this.seed(issue, parsed.data.body, identity.login, identity.type);
    c.createdAt = c.updatedAt = githubTime(this.now());
    const response = this.toResponse(c);
    this.send(res, 201, response, { location: response.url });
  }

  /** GitHub's 422 for a comment body over 65,536 characters, on create and update alike. */
  private tooLong(res: ServerResponse, body: string, operation: string): boolean {
    if (body.length <= 65_536) return false;
    this.send(res, 422, {
      message: 'Validation Failed',
      documentation_url: `https://docs.github.com/rest/issues/comments#${operation}`,
      errors: [
        {
          resource: 'IssueComment',
          code: 'custom',
          field: 'body',
          message: 'body is too long (maximum is 65536 characters)',
        },
      ],
    });
    return true;
  }

  /** The comment named in the path when `identity` may change it; otherwise answers 404 or 403. */
  private writableComment(
    req: FakeRequest,
    res: ServerResponse,
    identity: FakeIdentity,
  ): StoredComment | undefined {
    const c = this.comments.find((x) => x.id === Number(req.params.id));
    if (!c) {
      this.error(res, 404, 'Not Found');
      return undefined;
    }
    if (!identity.canWrite) {
      this.error(res, 403, NOT_ACCESSIBLE);
      return undefined;
    }
    return c;
  }

  private async update(req: FakeRequest, res: ServerResponse): Promise<void> {
    const identity = await this.authenticate(req, res);
    if (!identity) return;
    const parsed = updateCommentBody.safeParse(await req.json());
    if (!parsed.success) {
      this.send(res, 422, validationFailure(parsed.error.issues));
      return;
    }
    const c = this.writableComment(req, res, identity);
    if (!c || this.tooLong(res, parsed.data.body, 'update-an-issue-comment')) return;
    c.body = parsed.data.body;
    c.updatedAt = githubTime(this.now());
    this.send(res, 200, this.toResponse(c));
  }

  private async remove(req: FakeRequest, res: ServerResponse): Promise<void> {
    const identity = await this.authenticate(req, res);
    if (!identity) return;
    const c = this.writableComment(req, res, identity);
    if (!c) return;
    this.comments.splice(this.comments.indexOf(c), 1);
    this.send(res, 204, undefined);
  }

  private async graphql(req: FakeRequest, res: ServerResponse): Promise<void> {
    const identity = await this.authenticate(req, res);
    if (!identity) return;
    const parsed = graphqlRequest.safeParse(await req.json().catch(() => undefined));
    if (!parsed.success) {
      this.send(res, 400, {
        message: 'Problems parsing JSON',
        documentation_url: 'https://docs.github.com/graphql',
      });
      return;
    }
    const { query, variables = {} } = parsed.data;
    if (/^\s*query\s*\{\s*viewer\s*\{\s*login\s*\}\s*\}\s*$/.test(query)) {
      this.send(res, 200, { data: { viewer: { login: identity.login } } });
      return;
    }
    if (
      /^\s*mutation\s*\(\$id: ID!\)\s*\{\s*minimizeComment\(input: \{ subjectId: \$id, classifier: OUTDATED \}\)/.test(
        query,
      )
    ) {
      // GraphQL answers errors with HTTP 200 and a null field.
      const refuse = (type: string, message: string) =>
        this.send(res, 200, {
          data: { minimizeComment: null },
          errors: [{ type, path: ['minimizeComment'], message }],
        });
      const c = this.comments.find((x) => x.nodeId === variables.id);
      if (!c) {
        refuse('NOT_FOUND', `Could not resolve to a node with the global id of '${String(variables.id)}'`);
        return;
      }
      if (!identity.canHide) {
        refuse('FORBIDDEN', NOT_ACCESSIBLE);
        return;
      }
      c.minimizedReason = 'outdated';
      this.send(res, 200, { data: { minimizeComment: { minimizedComment: { isMinimized: true } } } });
      return;
    }
    this.send(res, 200, { errors: [{ message: `the fake does not implement this query: ${query}` }] });
  }
}
