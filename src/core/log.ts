/** The logging surface shared code uses, so one flow can report to an Actions runner or a terminal. */
export interface Log {
  info(message: string): void;
  warning(message: string, properties?: { title?: string }): void;
  debug(message: string): void;
  /** Runs `fn` inside a collapsible group (a heading on a terminal). */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
}
