import type { AnnotationProperties } from './log.js';

/** One error annotation of a UserError that names several places (each spec error at its line). */
export interface ErrorAnnotation extends AnnotationProperties {
  message: string;
}

/**
 * GitHub keeps at most 10 error annotations per step and drops the rest silently
 * (docs.github.com, "Workflow commands for GitHub Actions": annotation limits).
 */
export const ERROR_ANNOTATION_LIMIT = 10;

/**
 * Which annotations to emit: all of them when they fit; otherwise the first `limit - 1` each on its
 * own, and one summary annotation that lists the rest, so nothing is lost and every error is
 * annotated once.
 */
export function fitAnnotations(
  annotations: readonly ErrorAnnotation[],
  options: { title: string; where: string; limit?: number },
): ErrorAnnotation[] {
  const limit = options.limit ?? ERROR_ANNOTATION_LIMIT;
  if (annotations.length <= limit) return [...annotations];
  const shown = annotations.slice(0, limit - 1);
  const rest = annotations.slice(limit - 1);
  const first = annotations[0];
  return [
    ...shown,
    {
      message: [
        `${rest.length} more error(s); ${options.where} lists all ${annotations.length}:`,
        ...rest.map((a) => `- ${a.startLine ? `line ${a.startLine}: ` : ''}${a.message}`),
      ].join('\n'),
      title: options.title,
      ...(first?.file ? { file: first.file } : {}),
    },
  ];
}
