import { describeError } from '../../core/http-error.js';
import { isOwnStatusComment, retireStatusComment } from '../../core/status/marker.js';
import type { CommentsApi, IssueComment } from './comments-client.js';
import { PER_PAGE } from './comments-client.js';
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
  mine: IssueComment[];
  lastPage: number;
}

/** Pages through every comment from `fromPage` on, keeping this fleet's comments by the token's identity. */
async function scan(
  api: CommentsApi,
  issue: number,
  viewer: string,
  fleet: string,
  fromPage = 1,
): Promise<Scan> {
  const mine: IssueComment[] = [];
  let page: number | undefined = fromPage;
  let lastPage = fromPage;
  while (page !== undefined) {
    const result = await api.listPage(issue, page);
    lastPage = page;
    for (const c of result.comments) if (!c.minimized && isOwnStatusComment(c, viewer, fleet)) mine.push(c);
    // A Link header that points backwards would loop forever; GitHub's never does.
    page = result.next !== undefined && result.next > page ? result.next : undefined;
  }
  return { mine: mine.sort((a, b) => a.id - b.id), lastPage };
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
 * After creating, the comments are read again: when a concurrent run created one too, the oldest
 * survives (it gets this run's body) and the newer ones are deleted, so both runs agree.
 */
export async function publishStickyComment(api: CommentsApi, options: StickyOptions): Promise<StickyResult> {
  const { issue, fleet, mode } = options;
  const log = options.log ?? (() => undefined);
  const viewer = await api.viewerLogin();
  const found = await scan(api, issue, viewer, fleet);
  const [previous, ...extras] = found.mine;
  log(
    previous
      ? `found comment ${previous.id} by ${viewer}${extras.length ? ` and ${extras.length} duplicate(s)` : ''} after reading ${found.lastPage} page(s)`
      : `no comment for fleet '${fleet}' by ${viewer} yet (${found.lastPage} page(s) read)`,
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
    await remove(found.mine);
    result.outcome = found.mine.length ? 'deleted' : 'nothing-to-delete';
    return result;
  }

  const body = options.render(previous?.body);
  if (mode === 'hide-previous') {
    try {
      for (const c of found.mine) {
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

  const living = found.mine.filter((c) => !result.hiddenIds.includes(c.id));
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

  if (mode === 'recreate') await remove(found.mine);

  const created = await api.create(issue, body);
  // Deletions move later comments to earlier pages; start the re-check early enough to see them.
  const fromPage = Math.max(1, found.lastPage - Math.ceil(result.deletedIds.length / PER_PAGE));
  let recheck = await scan(api, issue, viewer, fleet, fromPage);
  if (fromPage > 1 && !recheck.mine.some((c) => c.id === created.id)) {
    // Deletions by others may have moved it to an earlier page: read them all before concluding.
    recheck = await scan(api, issue, viewer, fleet);
  }
  const [keeper, ...newer] = recheck.mine;
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
    recheck.mine.some((c) => c.id === created.id)
      ? `another run created comment ${keeper.id} at the same time; keeping it and deleting the newer duplicate(s)`
      : `another run kept its comment ${keeper.id} and deleted ours (${created.id}) as the newer duplicate; updating ${keeper.id}`,
  );
  await remove(newer);
  result.comment = keeper.body === body ? keeper : await api.update(keeper.id, body);
  result.outcome = 'updated';
  return result;
}
