import * as core from '@actions/core';
import { escapeHtml } from '../core/markdown.js';

export interface SummaryTable {
  headers: readonly string[];
  rows: readonly (readonly (string | number | boolean)[])[];
}

export interface SummaryContent {
  title: string;
  /** Short lines shown above the table; user text is escaped. */
  lines?: readonly string[];
  table?: SummaryTable;
  /** Pre-rendered markdown from a pure renderer, appended as is. */
  markdown?: string;
}

/**
 * Appends one section to the job summary. Cells and lines are HTML-escaped, because they may
 * hold user-controlled names. Does nothing outside a runner (no GITHUB_STEP_SUMMARY).
 */
export async function writeJobSummary(content: SummaryContent): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const summary = core.summary.addHeading(escapeHtml(content.title), 3);
  for (const line of content.lines ?? []) summary.addRaw(`<p>${escapeHtml(line)}</p>`, true);
  if (content.table) {
    summary.addTable([
      content.table.headers.map((h) => ({ data: escapeHtml(h), header: true })),
      ...content.table.rows.map((row) => row.map((cell) => escapeHtml(String(cell)))),
    ]);
  }
  if (content.markdown) summary.addRaw(content.markdown, true);
  await summary.write();
}
