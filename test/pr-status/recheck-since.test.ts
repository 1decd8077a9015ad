import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCommentsClient } from '../../src/adapters/github/comments-client.js';
import { publishStickyComment } from '../../src/adapters/github/sticky-comment.js';
import { statusMarker } from '../../src/core/status/marker.js';
import { FakeGitHub, GITHUB_TOKEN } from '../fakes/github/fake-github.js';

/** Issue 10, performance: pr-status re-checks only what came after its scan began. */

const policy = { attempts: 4, baseDelayMs: 1, maxDelayMs: 200 };
let fake: FakeGitHub;
beforeEach(async () => {
  fake = await new FakeGitHub().start();
});
afterEach(async () => {
  await fake.close();
});

const client = () =>
  createCommentsClient({
    token: GITHUB_TOKEN,
    owner: 'acme',
    repo: 'platform',
    apiUrl: fake.url,
    graphqlUrl: `${fake.url}/graphql`,
    policy,
  });
const body = (text: string) => `${statusMarker('pr-1234')}\n\n${text}\n`;

describe('the re-check after creating', () => {
  it('a first run among 1,000 comments makes 12 calls: 10 pages, the create, one page of re-check', async () => {
    for (let i = 0; i < 1000; i++) fake.seed(1234, `chatter ${i}`);
    const api = await client();
    const result = await publishStickyComment(api, {
      issue: 1234,
      fleet: 'pr-1234',
      mode: 'update',
      render: () => body('first'),
    });
    expect(result.outcome).toBe('created');
    expect(api.calls).toBeLessThanOrEqual(12);
    expect(api.calls).toBe(12);
    // No identity query: the created comment names its author.
    expect(fake.calls.filter((c) => c.graphql)).toEqual([]);
    const lists = fake.calls.filter((c) => c.method === 'GET');
    expect(lists).toHaveLength(11);
    const recheck = new URL(`http://x${lists.at(-1)?.search ?? ''}`).searchParams;
    expect(recheck.get('page')).toBe('1');
    expect(recheck.get('since')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(fake.commentsOn(1234).filter((c) => c.body.startsWith(statusMarker('pr-1234')))).toHaveLength(1);
  });

  it('sees a comment another run created between its scan and its create, and both agree on it', async () => {
    for (let i = 0; i < 250; i++) fake.seed(1234, `chatter ${i}`);
    const [apiA, apiB] = await Promise.all([client(), client()]);
    const publish = (api: typeof apiA, text: string) =>
      publishStickyComment(api, { issue: 1234, fleet: 'pr-1234', mode: 'update', render: () => body(text) });
    // A has scanned and found nothing; as its create arrives, B runs from start to end first.
    let b: Awaited<ReturnType<typeof publish>> | undefined;
    fake.beforeCreate = async () => {
      fake.beforeCreate = undefined;
      b = await publish(apiB, 'run B');
    };
    const a = await publish(apiA, 'run A');
    const left = fake.commentsOn(1234).filter((c) => c.body.startsWith(statusMarker('pr-1234')));
    expect(left).toHaveLength(1);
    expect(b?.comment?.id).toBe(left[0]?.id);
    expect(a.comment?.id).toBe(left[0]?.id);
    // B's comment is older, so it survives with A's (later) body.
    expect(left[0]?.body).toBe(body('run A'));
    expect(a.deletedIds).toHaveLength(1);
  });

  it('the fake filters by updated_at at or after since, in whole seconds, and keeps since in its links', async () => {
    const old = fake.seed(1234, 'old');
    fake.now = () => Date.UTC(2026, 11, 4, 10, 0, 0, 900);
    const api = await client();
    const fresh = await api.create(1234, 'fresh');
    expect(fresh.createdAt).toBe('2026-12-04T10:00:00Z');
    for (let i = 0; i < 150; i++) await api.create(1234, `more ${i}`);
    const first = await api.listPage(1234, 1, '2026-12-04T10:00:00Z');
    expect(first.comments.map((c) => c.id)).not.toContain(old.id);
    expect(first.comments[0]?.id).toBe(fresh.id);
    expect(first.next).toBe(2);
    const link = fake.calls.at(-1);
    expect(link?.search).toContain('since=2026-12-04T10%3A00%3A00Z');
    expect((await api.listPage(1234, 1, '2026-12-04T10:00:01Z')).comments).toEqual([]);
  });
});
