import { parseStatusDocument } from './parse.js';
import type { StatusDocument } from './schema.js';

/**
 * Where a flow reports: `update` applies a pure change (see update.ts) to the current document and
 * returns what was stored. Implementations serialise updates, so flows running side by side in
 * one process never lose one: src/runtime/status-file-sink.ts (a file) and memoryStatusSink.
 */
export interface StatusSink {
  update(change: (doc: StatusDocument) => StatusDocument): Promise<StatusDocument>;
}

/** A sink holding the document in memory, validated on every update as the file sink does: for tests and runs without a status file. */
export function memoryStatusSink(initial: StatusDocument): StatusSink & { readonly current: StatusDocument } {
  let current = initial;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    get current() {
      return current;
    },
    update(change) {
      const next = queue.then(() => {
        current = parseStatusDocument(change(current), 'the updated status document').document;
        return current;
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
