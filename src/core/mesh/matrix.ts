/**
 * The N×N result of the mesh: for each ordered pair of distinct clusters, `ok` when a probe from
 * `from` got an answer from `to`'s backend, else the reason. It is both the action's `matrix`
 * output and the status document's mesh pairs.
 */

export type Matrix = Record<string, Record<string, string>>;
export const OK = 'ok';

export interface PairOutcome {
  from: string;
  to: string;
  /** undefined: ok. */
  failure: string | undefined;
}

/** Every ordered pair, in plan order, with `reasonFor` deciding each (undefined = ok). */
export function buildMatrix(
  clusters: readonly string[],
  reasonFor: (from: string, to: string) => string | undefined,
): Matrix {
  const matrix: Matrix = {};
  for (const from of clusters) {
    const row: Record<string, string> = {};
    for (const to of clusters) if (to !== from) row[to] = reasonFor(from, to) ?? OK;
    matrix[from] = row;
  }
  return matrix;
}

export function matrixOk(matrix: Matrix): boolean {
  return Object.values(matrix).every((row) => Object.values(row).every((v) => v === OK));
}

export function matrixPairs(matrix: Matrix): PairOutcome[] {
  return Object.entries(matrix).flatMap(([from, row]) =>
    Object.entries(row).map(([to, v]) => ({ from, to, failure: v === OK ? undefined : v })),
  );
}

/** "2 of 6 pairs failed: a→b (…), …" or "all 6 pairs ok". */
export function matrixSummary(matrix: Matrix): string {
  const pairs = matrixPairs(matrix);
  const failed = pairs.filter((p) => p.failure !== undefined);
  if (failed.length === 0) return `all ${pairs.length} pairs ok`;
  return `${failed.length} of ${pairs.length} pairs failed: ${failed
    .map((p) => `${p.from}→${p.to} (${p.failure ?? ''})`)
    .join(', ')}`;
}

/**
 * Reasons for the pairs of clusters that could not take part at all (install or agents failed):
 * every pair from or to such a cluster names it, the row of the failed cluster first.
 */
export function unreachableReason(
  failed: ReadonlyMap<string, string>,
  from: string,
  to: string,
): string | undefined {
  const own = failed.get(from);
  if (own !== undefined) return `${from}: ${own}`;
  const other = failed.get(to);
  return other === undefined ? undefined : `${to}: ${other}`;
}
