import type { ErrorAnnotation } from './error-annotations.js';

/**
 * An error the user caused and can fix: bad input, a missing permission, a resource in the way.
 * Actions turn it into one annotation; the CLI prints it and exits 1. Anything else is a bug.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  /** What to change, shown after the message. */
  readonly fix: string | undefined;
  /** Further problems found in the same pass, so every one is reported at once. */
  readonly details: readonly string[];
  /** Annotation title, e.g. the input or spec field at fault. */
  readonly title: string | undefined;
  /**
   * One annotation per problem, at its file and line (spec errors), instead of the one annotation
   * of `describe()`: an action emits each once, within GitHub's per-step limit.
   */
  readonly annotations: readonly ErrorAnnotation[];

  constructor(
    message: string,
    options: {
      fix?: string;
      details?: readonly string[];
      title?: string;
      cause?: unknown;
      annotations?: readonly ErrorAnnotation[];
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.fix = options.fix;
    this.details = options.details ?? [];
    this.title = options.title;
    this.annotations = options.annotations ?? [];
  }

  /**
   * Several problems found in one pass as one error: none gives undefined, one is itself, more
   * become `heading` with each problem (its fix included) on a detail line. The title is theirs
   * when they share one, else `title`.
   */
  static combine(errors: readonly UserError[], heading: string, title: string): UserError | undefined {
    const [first] = errors;
    if (!first || errors.length === 1) return first;
    return new UserError(heading, {
      details: errors.map((e) => e.describe().replace(/\n\s*/g, ' ')),
      title: errors.every((e) => e.title === first.title) ? first.title : title,
    });
  }

  /** The whole message as the user sees it: message, each detail on its own line, then the fix. */
  describe(): string {
    const lines = [this.message, ...this.details.map((d) => `  - ${d}`)];
    if (this.fix) lines.push(`Fix: ${this.fix}`);
    return lines.join('\n');
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
