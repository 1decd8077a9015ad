import type { z } from 'zod';
import { UserError } from './user-error.js';

/** Path segments to text: `['clusters', 1, 'podCidr']` -> `clusters[1].podCidr`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  return segments
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/** One line per issue, each naming where it is: `input 'tools': …` or `clusters[1].region: …`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], where: (path: string) => string): string[] {
  return issues.map((issue) => {
    const path = formatPath(issue.path);
    return path ? `${where(path)}: ${issue.message}` : issue.message;
  });
}

export interface ParseOrThrowOptions {
  /** How a field is named in the message: `input 'tools'`, `--bucket`. */
  where: (path: string) => string;
  /** What the fields are called, for the heading when several are wrong: `inputs`, `options`. */
  plural: string;
  fix?: string;
  title?: string;
}

/** Parses `raw` with `schema`, or throws one UserError naming every bad field (one bad field: its message alone). */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  options: ParseOrThrowOptions,
): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issues = formatIssues(result.error.issues, options.where);
  const [only] = issues;
  throw new UserError(
    issues.length === 1 && only ? only : `${issues.length} ${options.plural} are invalid:`,
    {
      details: issues.length === 1 ? [] : issues,
      ...(options.fix ? { fix: options.fix } : {}),
      ...(options.title ? { title: options.title } : {}),
    },
  );
}
