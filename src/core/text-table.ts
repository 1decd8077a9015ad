/** A table for a terminal (and, with the same headers and rows, for a job summary). */
export interface Table {
  headers: readonly string[];
  rows: readonly (readonly string[])[];
}

/** Columns padded to their widest cell, a dashed rule under the headers, trailing spaces trimmed. */
export function textTable(table: Table): string {
  const widths = table.headers.map((h, i) =>
    Math.max(h.length, ...table.rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(table.headers), line(widths.map((w) => '-'.repeat(w))), ...table.rows.map(line)].join('\n');
}
