/** Properties of an annotation on the Actions runner; a terminal shows only the message. */
export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
}

/**
 * The one logging surface of every flow and adapter, so the same flow reports to an Actions
 * runner (groups, annotations) or a terminal. Retries, progress and waits go through it; there
 * are no per-concern callbacks.
 */
export interface Log {
  info(message: string): void;
  /** A line about long-running work (a wait, an upload), at most every few seconds per subject. */
  progress(message: string): void;
  warning(message: string, properties?: AnnotationProperties): void;
  notice(message: string, properties?: AnnotationProperties): void;
  debug(message: string): void;
  /** Runs `fn` inside a collapsible group (a heading on a terminal). */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
}

/** A Log that drops everything, for callers that have nothing to report to. */
export const silentLog: Log = {
  info: () => undefined,
  progress: () => undefined,
  warning: () => undefined,
  notice: () => undefined,
  debug: () => undefined,
  group: (_title, fn) => fn(),
};
