import type { z } from 'zod';

/** One line per issue, each naming where it is: `input 'tools': …` or `clusters[1].region: …`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], where: (path: string) => string): string[] {
  return issues.map((issue) => {
    const path = issue.path
      .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
      .join('');
    return path ? `${where(path)}: ${issue.message}` : issue.message;
  });
}
