import { resolve } from 'node:path';
import type { StatusSink } from '../core/status/sink.js';
import type { StatusDocument } from '../core/status/schema.js';
import { UserError } from '../core/user-error.js';
import { readStatusFileIfExists, writeStatusFile } from './status-report.js';

/**
 * The StatusSink of a runner or a terminal: the document in a file, read, changed and written
 * atomically on every update (writeStatusFile validates, strips secrets, writes a temporary file
 * and renames it). Updates to one path are chained inside the process, so flows running side by
 * side (preview runs the cluster flows in parallel) never lose one another's change.
 */

const queues = new Map<string, Promise<unknown>>();

/** Runs `task` after every earlier task on the same path has finished (successfully or not). */
function serialised<T>(path: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(path) ?? Promise.resolve();
  const next = previous.then(task, task);
  const settled = next.catch(() => undefined);
  queues.set(path, settled);
  void settled.then(() => {
    if (queues.get(path) === settled) queues.delete(path);
  });
  return next;
}

export function fileStatusSink(path: string): StatusSink & { readonly path: string } {
  const absolute = resolve(path);
  return {
    path: absolute,
    update(change) {
      return serialised(absolute, async () => {
        const current = await readStatusFileIfExists(absolute);
        if (!current)
          throw new UserError(`there is no status document at ${absolute} to update`, {
            fix: 'run the plan step first (it writes the status document), or pass the status-file it wrote',
            title: 'status-file',
          });
        return writeStatusFile(absolute, change(current));
      });
    },
  };
}

/** Writes `document` as the start of a file sink's history (the plan step does), in the same queue as updates. */
export function startStatusFile(path: string, document: StatusDocument): Promise<StatusDocument> {
  const absolute = resolve(path);
  return serialised(absolute, () => writeStatusFile(absolute, document));
}
