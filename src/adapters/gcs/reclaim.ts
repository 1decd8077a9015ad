import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * The download arrives in ~16 000 short-lived 64 KiB socket buffers per GiB. V8 frees their
 * memory only when it collects, and it collects by JavaScript allocation, not by buffer bytes, so
 * dead buffers piled up to 193-201 MiB peak RSS in bench/image.bench.mjs. Most die young
 * (SlabPool copies them at once): a young-generation collection every 2 MiB (about a millisecond)
 * frees them; the few caught in flight get promoted, so a full collection every 64 MiB frees
 * those. Actions cannot pass --expose-gc, hence the flag at run time. Should a runtime refuse it,
 * the upload goes on without forced collections (only its peak memory is higher).
 */
type Gc = (options: { type: 'minor' | 'major' }) => void;
let gc: Gc | null | undefined;

export function collectGarbage(type: 'minor' | 'major', debug?: (message: string) => void): void {
  if (gc === undefined) gc = exposeGc(debug);
  gc?.({ type });
}

/** The engine's gc(), or null (logged at debug) when it cannot be had. */
export function exposeGc(
  debug?: (message: string) => void,
  expose: () => unknown = () => {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc');
  },
): Gc | null {
  try {
    const fn = expose();
    if (typeof fn === 'function') return fn as Gc;
    debug?.('gc() is not available; uploading without forced garbage collections');
  } catch (error) {
    debug?.(
      `--expose-gc could not be set (${error instanceof Error ? error.message : String(error)}); uploading without forced garbage collections`,
    );
  }
  return null;
}
