import { describeError } from '../../core/http-error.js';
import { isOwnStatusComment, isStatusCommentFor, retireStatusComment } from '../../core/status/marker.js';
import type { CommentsApi, IssueComment } from './comments-client.js';
import { httpStatus, isPermissionDenied } from './errors.js';

export const COMMENT_MODES = ['update', 'recreate', 'hide-previous', 'delete'] as const;
export type CommentMode = (typeof COMMENT_MODES)[number];

export interface StickyOptions {
  issue: number;
  fleet: string;
  mode: CommentMode;
  /** Renders the body, given the previous comment's body (for "what changed"). */
  render: (previousBody: string | undefined) => string;
  log?: (message: string) => void;
  /** Milliseconds, monotonic (performance.now); tests pass their own. */
  clock?: () => number;
}

export interface StickyResult {
  outcome: 'created' | 'updated' | 'unchanged' | 'deleted' | 'nothing-to-delete';
  /** The living comment after this run (none after delete). */
  comment: IssueComment | undefined;
  /** The comment found before this run, if any. */
  previous: IssueComment | undefined;
  deletedIds: number[];
  hiddenIds: number[];
  /**
   * hide-previous only: GitHub's answer when the token may not minimise comments (no
   * `issues: write`); the comment was then updated in place instead.
   */
  hideRefused?: string;
}

interface Scan {
  /** This fleet's comments by anyone, oldest first; whose they are is decided once the viewer is known. */
  candidates: IssueComment[];
  pages: number;
}

/**
 * Pages through the comments (all of them, or those updated at or after `since`), keeping the
 * ones that start with this fleet's marker and are not hidden.
 */
async function scan(api: CommentsApi, issue: number, fleet: string, since?: string): Promise<Scan> {
  const candidates: IssueComment[] = [];
  let page: number | undefined = 1;
  let pages = 0;
  while (page !== undefined) {
    const result = await api.listPage(issue, page, since);
    pages++;
    for (const c of result.comments)
      if (!c.minimized && isStatusCommentFor(c.body, fleet)) candidates.push(c);
    // A Link header that points backwards would loop forever; GitHub's never does.
    page = result.next !== undefined && result.next > page ? result.next : undefined;
  }
  return { candidates: candidates.sort((a, b) => a.id - b.id), pages };
}

const own = (comments: IssueComment[], viewer: string, fleet: string) =>
  comments.filter((c) => isOwnStatusComment(c, viewer, fleet));

/**
 * The `since` for the re-check after creating: the moment the first scan began, in the server's
 * clock. It is the created comment's `created_at` (server time, whole seconds) less the time this
 * run took from the first list request to the create answer, less a second for the rounding. Every
 * comment created after the scan began is updated at or after it, so a concurrent run's comment
 * is seen even when it was created between our scan and our create; anything older was in the scan.
 */
function scanStartedAt(created: IssueComment, elapsedMs: number): string {
  const at = Date.parse(created.createdAt) - elapsedMs - 1000;
  return new Date(Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Keeps one living comment per fleet on an issue or pull request.
 * - update: edit the oldest matching comment in place (skipped when unchanged), delete any extras,
 *   or create one;
 * - recreate: delete the old comments, then create one at the bottom;
 * - hide-previous: minimise the old comments as OUTDATED (and retire their marker so they are
 *   never edited again), then create one; when the token may not minimise (no `issues: write`),
 *   update in place as `update` does and say so in `hideRefused`;
 * - delete: delete them all.
 * After creating, the comments updated since the first scan began are read again (`since`): when a
 * concurrent run created one too, the oldest survives (it gets this run's body) and the newer ones
 * are deleted, so both runs agree. A first run among 1,000 comments makes 12 calls: 10 pages, the
 * create and one page of re-check (the identity comes from the created comment).
 */
export async function publishStickyComment(api: CommentsApi, options: StickyOptions): Promise<StickyResult> {
  const { issue, fleet, mode } = options;
  const log = options.log ?? (() => undefined);
  const clock = options.clock ?? (() => performance.now());
  const scanStarted = clock();
  const found = await scan(api, issue, fleet);
  // The token's identity is asked for only when some comment carries the marker: on a first run
  // there is none, and the created comment's author is the identity (one call fewer).
  let viewer = found.candidates.length ? await api.viewerLogin() : undefined;
  const mine = viewer === undefined ? [] : own(found.candidates, viewer, fleet);
  const [previous, ...extras] = mine;
  log(
    previous
      ? `found comment ${previous.id} by ${viewer ?? ''}${extras.length ? ` and ${extras.length} duplicate(s)` : ''} after reading ${found.pages} page(s)`
      : `no comment for fleet '${fleet}' by this token's identity yet (${found.pages} page(s) read)`,
  );
  const result: StickyResult = {
    outcome: 'created',
    comment: undefined,
    previous,
    deletedIds: [],
    hiddenIds: [],
  };
  const remove = async (comments: IssueComment[]) => {
    for (const c of comments) {
      await api.delete(c.id);
      result.deletedIds.push(c.id);
    }
  };

  if (mode === 'delete') {
    await remove(mine);
    result.outcome = mine.length ? 'deleted' : 'nothing-to-delete';
    return result;
  }

  const body = options.render(previous?.body);
  if (mode === 'hide-previous') {
    try {
      for (const c of mine) {
        await api.minimize(c.nodeId);
        await api.update(c.id, retireStatusComment(c.body, fleet));
        result.hiddenIds.push(c.id);
      }
    } catch (error) {
      // minimizeComment needs issues: write; pull-requests: write alone still lets us edit.
      if (!isPermissionDenied(error, Date.now())) throw error;
      result.hideRefused = describeError(error);
      log(`the token may not hide comments (${result.hideRefused}); updating the comment in place instead`);
    }
  }

  const living = mine.filter((c) => !result.hiddenIds.includes(c.id));
  const [current, ...duplicates] = living;
  const inPlace = mode === 'update' || (mode === 'hide-previous' && result.hideRefused !== undefined);
  if (inPlace && current) {
    await remove(duplicates);
    if (current.body === body) {
      result.outcome = 'unchanged';
      result.comment = current;
      return result;
    }
    try {
      result.comment = await api.update(current.id, body);
      result.outcome = 'updated';
      return result;
    } catch (error) {
      // Deleted since we listed it (by a person, or a concurrent `delete`): post a new one.
      if (httpStatus(error) !== 404) throw error;
      log(`comment ${current.id} disappeared before it could be updated; creating a new one`);
    }
  }

  if (mode === 'recreate') await remove(mine);

  const created = await api.create(issue, body);
  viewer ??= created.author ?? (await api.viewerLogin());
  // Re-check only what came after the scan began: a concurrent run's comment is there, and it is
  // one page instead of every page again.
  const since = scanStartedAt(created, clock() - scanStarted);
  const recheck = own((await scan(api, issue, fleet, since)).candidates, viewer, fleet);
  const [keeper, ...newer] = recheck;
  if (keeper?.id === created.id) {
    await remove(newer);
    result.comment = created;
    return result;
  }
  if (!keeper) {
    // Ours is gone and no other survived (a person, or a concurrent `delete`): post it again.
    log(`comment ${created.id} was deleted right after it was created; creating it again`);
    result.comment = await api.create(issue, body);
    return result;
  }
  // The oldest comment wins. Either it is older than ours, or a concurrent run that saw both
  // already deleted ours as the newer duplicate: this run's body goes into the survivor, and the
  // outputs name it, so no run reports a deleted comment or loses its update.
  log(
    recheck.some((c) => c.id === created.id)
      ? `another run created comment ${keeper.id} at the same time; keeping it and deleting the newer duplicate(s)`
      : `another run kept its comment ${keeper.id} and deleted ours (${created.id}) as the newer duplicate; updating ${keeper.id}`,
  );
  await remove(newer);
  result.comment = keeper.body === body ? keeper : await api.update(keeper.id, body);
  result.outcome = 'updated';
  return result;
}
