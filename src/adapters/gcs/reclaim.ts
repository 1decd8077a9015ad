import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * The download arrives in ~16 000 short-lived 64 KiB socket buffers per GiB. V8 frees their
 * memory only when it collects, and it collects by JavaScript allocation, not by buffer bytes, so
 * dead buffers piled up to 193-201 MiB peak RSS in bench/image.bench.mjs. Most die young
 * (SlabPool copies them at once): a young-generation collection every 2 MiB (about a millisecond)
 * frees them; the few caught in flight get promoted, so a full collection every 64 MiB frees
 * those. Actions cannot pass --expose-gc, hence the flag at run time.
 */
let gc: ((options: { type: 'minor' | 'major' }) => void) | undefined;

export function collectGarbage(type: 'minor' | 'major'): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as (options: { type: 'minor' | 'major' }) => void;
  }
  gc({ type });
}
