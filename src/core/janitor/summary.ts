import type { FleetReport, JanitorResult } from './report.js';
import { UserError } from '../user-error.js';

/** What the janitor's job summary, CLI and exit status say about a result. */

export function overviewRows(result: JanitorResult): string[][] {
  return result.fleets.map((f) => [
    f.fleet,
    f.expiresAt ?? 'unknown',
    f.expired ? (result.dryRun ? 'would sweep' : 'swept') : 'kept',
    f.reason,
    String(f.found.length),
    String(f.deleted.length + f.state.deleted.length),
    String(f.leftovers.length + f.errors.length),
  ]);
}

export const OVERVIEW_HEADERS = [
  'Fleet',
  'Expires at',
  'Verdict',
  'Why',
  'Found',
  'Deleted',
  'Left or failed',
];

/** One row per resource of a swept fleet: what happened to it. */
export function fleetRows(f: FleetReport, dryRun: boolean): string[][] {
  return [
    ...f.deleted.map((id) => [id, dryRun ? 'would delete' : 'deleted', '']),
    ...f.state.deleted.map((id) => [id, dryRun ? 'would delete' : 'deleted', 'state bucket']),
    ...f.leftovers.map((l) => [l.id, 'left', l.evidence]),
    ...f.errors.map((e) => [e.id, 'failed', e.message]),
  ];
}

export function headline(result: JanitorResult): string {
  const swept = result.expiredFleets.length;
  const deleted = result.fleets.reduce((n, f) => n + f.deleted.length + f.state.deleted.length, 0);
  return `${result.dryRun ? 'Dry run: ' : ''}${result.fleets.length} fleet(s) in ${result.project}, ${swept} expired; ${deleted} resource(s) ${result.dryRun ? 'would be' : ''} deleted in ${result.passes} pass(es), ${result.listCalls} list call(s)`.replace(
    '  ',
    ' ',
  );
}

/** A real run that left something behind fails, naming what. */
export function outcomeError(result: JanitorResult): UserError | undefined {
  const left = result.fleets.flatMap((f) => [
    ...f.leftovers.map((l) => `${l.id}: ${l.evidence}`),
    ...f.errors.map((e) => `${e.id}: ${e.message.split('\n')[0] ?? ''}`),
  ]);
  if (result.dryRun || left.length === 0) return undefined;
  return new UserError(`The sweep left ${left.length} resource(s) behind:`, {
    details: left.slice(0, 20),
    fix: 'fix what each line names (a permission, a quota, something else still using it), then run the janitor again: it continues where it stopped',
    title: 'janitor: resources left',
  });
}
