import type { Log } from '../core/log.js';

export interface ConsoleLogOptions {
  verbose?: boolean;
  /** Print a `▸ title` line for each group (default true); off for commands whose success prints nothing there. */
  groupHeadings?: boolean;
}

/**
 * Log for the CLI: progress and warnings go to stderr so stdout stays machine-readable. Warning
 * titles are annotation titles for the Actions UI, so a terminal shows only the message.
 */
export function consoleLog(
  stream: NodeJS.WritableStream = process.stderr,
  options: ConsoleLogOptions = {},
): Log {
  const write = (line: string) => stream.write(`${line}\n`);
  return {
    info: write,
    progress: write,
    warning: (message) => write(`warning: ${message}`),
    notice: (message) => write(`notice: ${message}`),
    debug: (message) => {
      if (options.verbose) write(`debug: ${message}`);
    },
    group: async (title, fn) => {
      if (options.groupHeadings ?? true) write(`▸ ${title}`);
      return fn();
    },
  };
}
