import { UserError } from '../user-error.js';
import type { NetworkKind } from './objects.js';

/** What the network step did (or, in diff, would do) to each object, and the outputs and error made from it. */

export type NetworkMode = 'up' | 'diff' | 'down';

export type RowAction = 'created' | 'updated' | 'deleted' | 'unchanged' | 'conflict' | 'failed' | 'skipped';

export interface NetworkRow {
  /** `<kind>/<name>`. */
  id: string;
  kind: NetworkKind;
  scope: string;
  action: RowAction;
  /** Changed fields, the conflict, the error. */
  detail: string;
}

export interface NetworkChanges {
  created: string[];
  updated: string[];
  deleted: string[];
  unchanged: string[];
}

export interface NetworkResult {
  mode: NetworkMode;
  /** The VPC's selfLink (full URL). */
  network: string;
  rows: NetworkRow[];
  /** Writes made (0 in diff). */
  writes: number;
  /** Failures, each already a UserError or a bug. */
  failures: { id: string; error: unknown }[];
}

export function changesOf(rows: readonly NetworkRow[]): NetworkChanges {
  const pick = (a: RowAction) => rows.filter((r) => r.action === a).map((r) => r.id);
  return {
    created: pick('created'),
    updated: pick('updated'),
    deleted: pick('deleted'),
    unchanged: pick('unchanged'),
  };
}

const WOULD: Partial<Record<RowAction, string>> = { created: 'create', updated: 'update', deleted: 'delete' };

/** Summary rows: object, where, action (as "would create" in diff), detail. */
export function summaryRows(result: NetworkResult): string[][] {
  const order: RowAction[] = ['failed', 'conflict', 'skipped', 'created', 'updated', 'deleted', 'unchanged'];
  return [...result.rows]
    .sort((a, b) => order.indexOf(a.action) - order.indexOf(b.action) || a.id.localeCompare(b.id))
    .map((r) => [
      r.id,
      r.scope,
      result.mode === 'diff' && WOULD[r.action] ? `would ${WOULD[r.action] ?? ''}` : r.action,
      r.detail,
    ]);
}

export function outputsOf(result: NetworkResult): { network: string; changes: string } {
  return { network: result.network, changes: JSON.stringify(changesOf(result.rows)) };
}

/** One line per count, e.g. "3 created, 1 updated, 0 deleted, 12 unchanged". */
export function countsLine(result: NetworkResult): string {
  const c = changesOf(result.rows);
  const [created, updated, deleted] =
    result.mode === 'diff' ? ['to create', 'to update', 'to delete'] : ['created', 'updated', 'deleted'];
  const extra = (['conflict', 'failed', 'skipped'] as const)
    .map(
      (a) => [a === 'conflict' ? 'conflicts' : a, result.rows.filter((r) => r.action === a).length] as const,
    )
    .filter(([, n]) => n > 0)
    .map(([a, n]) => `, ${n} ${a}`)
    .join('');
  return `${c.created.length} ${created}, ${c.updated.length} ${updated}, ${c.deleted.length} ${deleted}, ${c.unchanged.length} unchanged${extra}`;
}

/**
 * The step's verdict once the summary is written: failures first (the first UserError as it is,
 * several combined), then conflicts (objects of a planned name that are not ours, left alone).
 */
export function outcomeError(result: NetworkResult): Error | undefined {
  const [first, ...more] = result.failures;
  if (first) {
    if (more.length === 0) return asError(first.error);
    // A bug is reported as one, with its stack; user errors are combined.
    const bug = result.failures.find((f) => !(f.error instanceof UserError));
    if (bug) return asError(bug.error);
    const errors = result.failures.map((f) => f.error as UserError);
    return UserError.combine(
      errors,
      `${result.failures.length} network objects failed:`,
      'talos-fleet network',
    );
  }
  const conflicts = result.rows.filter((r) => r.action === 'conflict');
  if (conflicts.length && result.mode !== 'diff')
    return new UserError(
      `${conflicts.length} planned network object${conflicts.length === 1 ? '' : 's'} belong${conflicts.length === 1 ? 's' : ''} to someone else and ${conflicts.length === 1 ? 'was' : 'were'} left alone:`,
      {
        details: conflicts.map((r) => r.detail),
        fix: 'rename or remove the other objects (or choose another fleet name); everything else was applied',
        title: 'Network object conflict',
      },
    );
  return undefined;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
