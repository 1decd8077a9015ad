import type { Log } from '../core/log.js';

/** Log for the CLI: progress and warnings go to stderr so stdout stays machine-readable. */
export function consoleLog(stream: NodeJS.WritableStream = process.stderr, verbose = false): Log {
  const write = (line: string) => stream.write(`${line}\n`);
  return {
    info: write,
    warning: (message, properties) =>
      write(`warning${properties?.title ? ` (${properties.title})` : ''}: ${message}`),
    debug: (message) => {
      if (verbose) write(`debug: ${message}`);
    },
    group: async (title, fn) => {
      write(`▸ ${title}`);
      return fn();
    },
  };
}
