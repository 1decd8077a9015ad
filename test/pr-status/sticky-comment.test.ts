import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type CommentsApi,
  createCommentsClient,
  type IssueComment,
  nextPageFromLink,
  PER_PAGE,
} from '../../src/adapters/github/comments-client.js';
import { publishStickyComment } from '../../src/adapters/github/sticky-comment.js';
import { statusMarker } from '../../src/core/status/marker.js';
import { FakeGitHub, GITHUB_TOKEN, NO_HIDE_TOKEN, READ_ONLY_TOKEN } from '../fakes/github/fake-github.js';

const policy = { attempts: 4, baseDelayMs: 1, maxDelayMs: 200 };
let fake: FakeGitHub;

beforeEach(async () => {
  fake = await new FakeGitHub().start();
});
afterEach(async () => {
  await fake.close();
});

const client = (token = GITHUB_TOKEN, retries: string[] = []) =>
  createCommentsClient({
    token,
    owner: 'acme',
    repo: 'platform',
    apiUrl: fake.url,
    graphqlUrl: `${fake.url}/graphql`,
    policy,
    onRetry: (m) => retries.push(m),
  });

const body = (fleet: string, text: string) => `${statusMarker(fleet)}\n\n${text}\n`;
/** A status comment posted earlier by the token's own identity. */
const seedOwn = (text: string) => fake.seed(1234, body('pr-1234', text), 'github-actions[bot]', 'Bot');
const bodiesOn1234 = () => fake.commentsOn(1234).map((c) => c.body);
const publish = (
  api: CommentsApi,
  text: string,
  mode: 'update' | 'recreate' | 'hide-previous' | 'delete' = 'update',
  fleet = 'pr-1234',
) => publishStickyComment(api, { issue: 1234, fleet, mode, render: () => body(fleet, text) });

describe('Link header', () => {
  it('reads the next page number and ignores the rest', () => {
    expect(
      nextPageFromLink(
        '<https://api.github.com/x?page=1>; rel="prev", <https://api.github.com/x?per_page=100&page=3>; rel="next", <https://api.github.com/x?page=9>; rel="last"',
      ),
    ).toBe(3);
    expect(nextPageFromLink('<https://api.github.com/x?page=1>; rel="prev"')).toBeUndefined();
    expect(nextPageFromLink(undefined)).toBeUndefined();
  });
});

describe('publishStickyComment against the fake GitHub', () => {
  it('creates one comment, then updates it in place, and skips an unchanged body', async () => {
    const api = await client();
    const first = await publish(api, 'provisioning');
    expect(first.outcome).toBe('created');
    const second = await publish(api, 'ready');
    expect(second.outcome).toBe('updated');
    expect(second.comment?.id).toBe(first.comment?.id);
    const third = await publish(api, 'ready');
    expect(third.outcome).toBe('unchanged');
    expect(fake.commentsOn(1234)).toHaveLength(1);
    expect(fake.commentsOn(1234)[0]?.body).toContain('ready');
  });

  it('finds the comment among 1,000 with at most 11 calls (10 pages of 100 + the identity)', async () => {
    for (let i = 0; i < 999; i++) fake.seed(1234, `chatter ${i} @someone #12`);
    const mine = seedOwn('old');
    const api = await client();
    const result = await publish(api, 'new', 'update');
    expect(result.previous?.id).toBe(mine.id);
    const lists = fake.calls.filter((c) => c.method === 'GET');
    expect(lists).toHaveLength(10);
    expect(lists.every((c) => c.search.includes('per_page=100'))).toBe(true);
    // 10 list pages + viewer = 11 to find it; the update is the 12th call.
    expect(api.calls).toBe(12);
  });

  it('keeps one comment per fleet on the same pull request', async () => {
    const api = await client();
    await publish(api, 'fleet a', 'update', 'fleet-a');
    await publish(api, 'fleet b', 'update', 'fleet-b');
    await publish(api, 'fleet a again', 'update', 'fleet-a');
    const bodies = bodiesOn1234();
    expect(bodies).toHaveLength(2);
    expect(bodies.find((b) => b.startsWith(statusMarker('fleet-a')))).toContain('fleet a again');
    expect(bodies.find((b) => b.startsWith(statusMarker('fleet-b')))).toContain('fleet b');
  });

  it('ignores a comment by someone else that contains the marker (no hijack)', async () => {
    const planted = fake.seed(1234, body('pr-1234', 'planted by a stranger'), 'mallory');
    const quoted = fake.seed(1234, `quoting it:\n${body('pr-1234', 'x')}`, 'github-actions[bot]', 'Bot');
    const api = await client();
    const result = await publish(api, 'ours');
    expect(result.outcome).toBe('created');
    expect(fake.comments.find((c) => c.id === planted.id)?.body).toContain('planted by a stranger');
    expect(fake.comments.find((c) => c.id === quoted.id)?.body).toContain('quoting it');
  });

  it('deletes older duplicates it finds and keeps the oldest', async () => {
    const a = seedOwn('a');
    seedOwn('b');
    const api = await client();
    const result = await publish(api, 'c');
    expect(result.comment?.id).toBe(a.id);
    expect(bodiesOn1234()).toEqual([body('pr-1234', 'c')]);
  });

  it('two concurrent runs that both create end with one comment', async () => {
    fake.createBarrier = 2;
    const [apiA, apiB] = await Promise.all([client(), client()]);
    const [a, b] = await Promise.all([publish(apiA, 'run A'), publish(apiB, 'run B')]);
    const left = fake.commentsOn(1234);
    expect(left).toHaveLength(1);
    expect(a.comment?.id).toBe(left[0]?.id);
    expect(b.comment?.id).toBe(left[0]?.id);
  });

  it('creates a new comment when the one it found is deleted before the update', async () => {
    const old = seedOwn('old');
    const api = await client();
    const result = await publishStickyComment(api, {
      issue: 1234,
      fleet: 'pr-1234',
      mode: 'update',
      render: () => {
        fake.comments.splice(fake.comments.indexOf(old), 1);
        return body('pr-1234', 'new');
      },
    });
    expect(result.outcome).toBe('created');
    expect(bodiesOn1234()).toEqual([body('pr-1234', 'new')]);
  });

  it('recreate deletes the old comment and posts a new one', async () => {
    const old = seedOwn('old');
    const api = await client();
    const result = await publish(api, 'new', 'recreate');
    expect(result.deletedIds).toEqual([old.id]);
    expect(bodiesOn1234()).toEqual([body('pr-1234', 'new')]);
  });

  it('hide-previous without issues: write updates the comment in place and says why', async () => {
    const old = seedOwn('old');
    const result = await publish(await client(NO_HIDE_TOKEN), 'new', 'hide-previous');
    expect(result.outcome).toBe('updated');
    expect(result.comment?.id).toBe(old.id);
    expect(result.hiddenIds).toEqual([]);
    expect(result.hideRefused).toMatch(/minimize|permission|not accessible/i);
    expect(fake.commentsOn(1234).map((c) => [c.body, c.minimizedReason])).toEqual([
      [body('pr-1234', 'new'), null],
    ]);
    // A read-only token (fork) still fails: that is the job-summary fallback's to handle.
    await expect(publish(await client(READ_ONLY_TOKEN), 'x', 'hide-previous')).rejects.toMatchObject({
      status: 403,
    });
  });

  it('hide-previous minimises the old comment as OUTDATED and retires its marker', async () => {
    const old = seedOwn('old');
    const api = await client();
    const result = await publish(api, 'new', 'hide-previous');
    expect(result.hiddenIds).toEqual([old.id]);
    const stored = fake.comments.find((c) => c.id === old.id);
    expect(stored?.minimizedReason).toBe('outdated');
    expect(stored?.body.startsWith(statusMarker('pr-1234'))).toBe(false);
    expect(fake.calls.some((c) => c.graphql === 'minimizeComment')).toBe(true);
    // The next update edits the new comment, not the hidden one.
    const next = await publish(api, 'newer', 'update');
    expect(next.comment?.id).toBe(result.comment?.id);
  });

  it('delete removes the comment and is a no-op when there is none', async () => {
    seedOwn('x');
    const api = await client();
    expect((await publish(api, '', 'delete')).outcome).toBe('deleted');
    expect((await publish(api, '', 'delete')).outcome).toBe('nothing-to-delete');
    expect(fake.commentsOn(1234)).toHaveLength(0);
  });

  it('retries 5xx and dropped connections, and waits out 429 and secondary-limit 403 Retry-After', async () => {
    fake.inject({ match: (r) => r.method === 'GET', status: 502, times: 1 });
    fake.inject({ match: (r) => r.method === 'POST' && r.path.endsWith('/comments'), drop: true, times: 1 });
    fake.inject({
      match: (r) => r.method === 'POST' && r.path.endsWith('/comments'),
      status: 429,
      headers: { 'retry-after': '0' },
      times: 1,
    });
    fake.inject({
      match: (r) => r.path.endsWith('/graphql'),
      status: 403,
      headers: { 'retry-after': '0' },
      body: JSON.stringify({ message: 'You have exceeded a secondary rate limit.' }),
      times: 1,
    });
    // A marker comment by someone else: the token's identity must be asked for (GraphQL).
    fake.seed(1234, body('pr-1234', 'quoted by a stranger'), 'mallory');
    const retries: string[] = [];
    const api = await client(GITHUB_TOKEN, retries);
    const result = await publish(api, 'x');
    expect(result.outcome).toBe('created');
    expect(retries).toHaveLength(4);
    expect(retries.join('\n')).toContain('secondary rate limit reached');
    expect(fake.commentsOn(1234)).toHaveLength(2);
  });

  it('gives up on a primary rate limit that resets later than the policy waits, saying when', async () => {
    fake.rateLimit.remaining = 0;
    const api = await client();
    const error = await publish(api, 'x').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403 });
    const { rateLimitMessage } = await import('../../src/adapters/github/errors.js');
    expect(rateLimitMessage(error, Date.now())).toMatch(/primary rate limit reached until 20\d\d-/);
  });

  it('answers 403 to a read-only token, 404 to an unknown issue, 401 to a bad token, 422 to a bad body', async () => {
    const readOnly = await client(READ_ONLY_TOKEN);
    await expect(publish(readOnly, 'x')).rejects.toMatchObject({ status: 403 });
    const api = await client();
    await expect(
      publishStickyComment(api, { issue: 99, fleet: 'f', mode: 'update', render: () => 'x' }),
    ).rejects.toMatchObject({
      status: 404,
    });
    const bad = await client('ghp_notatoken');
    await expect(publish(bad, 'x')).rejects.toMatchObject({ status: 401 });
    await expect(api.create(1234, 'x'.repeat(70_000))).rejects.toMatchObject({ status: 422 });
    await expect(api.update(seedOwn('x').id, 'x'.repeat(70_000))).rejects.toMatchObject({ status: 422 });
  });

  it('sends the token only to the configured API and GraphQL URLs', async () => {
    const api = await client();
    await publish(api, 'x');
    expect(fake.calls.length).toBeGreaterThan(0);
    expect(fake.calls.every((c) => c.authorization === `token ${GITHUB_TOKEN}`)).toBe(true);
  });
});

/**
 * An in-memory CommentsApi shared by several runs, where listing and creating wait for their turn
 * in `script` ("A list", "B create", …), to replay an exact interleaving of concurrent runs. Calls
 * that the rest of the script does not name run at once.
 */
class ScriptedGitHub {
  readonly comments: IssueComment[] = [];
  private nextId = 1;
  private readonly waiters: { step: string; go: () => void }[] = [];

  constructor(private readonly script: string[]) {}

  private async turn<T>(step: string, action: () => T): Promise<T> {
    if (this.script.includes(step)) {
      await new Promise<void>((go) => {
        this.waiters.push({ step, go });
        this.wake();
      });
      const value = action();
      this.script.shift();
      this.wake();
      return value;
    }
    return action();
  }

  private wake() {
    const index = this.waiters.findIndex((w) => w.step === this.script[0]);
    if (index === -1) return;
    const [waiter] = this.waiters.splice(index, 1);
    waiter?.go();
  }

  api(run: string): CommentsApi {
    const store = this.comments;
    return {
      calls: 0,
      viewerLogin: () => Promise.resolve('github-actions[bot]'),
      listPage: (_issue, page) =>
        this.turn(`${run} list`, () => ({
          page,
          comments: store.slice((page - 1) * PER_PAGE, page * PER_PAGE).map((c) => ({ ...c })),
          next: store.length > page * PER_PAGE ? page + 1 : undefined,
        })),
      create: (_issue, text) =>
        this.turn(`${run} create`, () => {
          const id = this.nextId++;
          const comment = {
            id,
            nodeId: `IC_${id}`,
            body: text,
            author: 'github-actions[bot]',
            htmlUrl: `https://github.com/acme/platform/pull/1234#issuecomment-${id}`,
            createdAt: '2026-12-04T10:00:00Z',
            minimized: false,
          };
          store.push(comment);
          return { ...comment };
        }),
      update: (id, text) =>
        this.turn(`${run} update`, () => {
          const comment = store.find((c) => c.id === id);
          if (!comment) throw Object.assign(new Error('Not Found'), { status: 404 });
          comment.body = text;
          return { ...comment };
        }),
      delete: (id) =>
        this.turn(`${run} delete`, () => {
          const index = store.findIndex((c) => c.id === id);
          if (index !== -1) store.splice(index, 1);
        }),
      minimize: () => Promise.resolve(),
    };
  }
}

describe('publishStickyComment under an exact concurrent interleaving', () => {
  it('a run whose new comment was deleted by the other run updates the survivor and names it', async () => {
    // Both scan (no comment yet), both create, A re-checks and deletes B's newer duplicate, then B re-checks.
    const github = new ScriptedGitHub([
      'A list',
      'B list',
      'A create',
      'B create',
      'A list',
      'A delete',
      'B list',
    ]);
    const [a, b] = await Promise.all([
      publish(github.api('A'), 'run A (older)'),
      publish(github.api('B'), 'run B (newer)'),
    ]);
    expect(github.comments.map((c) => c.body)).toEqual([body('pr-1234', 'run B (newer)')]);
    const [survivor] = github.comments;
    expect(a.outcome).toBe('created');
    expect(a.comment?.id).toBe(survivor?.id);
    expect(a.deletedIds).toEqual([2]);
    expect(b.outcome).toBe('updated');
    expect(b.comment?.id).toBe(survivor?.id);
    expect(b.comment?.body).toBe(body('pr-1234', 'run B (newer)'));
    expect(b.deletedIds).toEqual([]);
  });

  it('posts again when its new comment and every other one were deleted meanwhile', async () => {
    const github = new ScriptedGitHub(['A list', 'A create', 'B list', 'B delete', 'A list']);
    const [a, b] = await Promise.all([
      publish(github.api('A'), 'run A'),
      (async () => {
        // B is a teardown (`delete`) that starts once A's comment exists.
        while (github.comments.length === 0) await new Promise((r) => setTimeout(r, 1));
        return publish(github.api('B'), '', 'delete');
      })(),
    ]);
    expect(b.outcome).toBe('deleted');
    expect(a.outcome).toBe('created');
    expect(github.comments.map((c) => [c.id, c.body])).toEqual([[2, body('pr-1234', 'run A')]]);
    expect(a.comment?.id).toBe(2);
  });
});
