import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Streaming a 1 GiB image allocates ~16 000 short-lived 64 KiB socket buffers. V8 collects their
 * backing stores only when its external-memory budget runs out, so the action peaked at
 * 193-197 MiB RSS in bench/image.bench.mjs. A full collection after every acknowledged chunk
 * brought that under 150 MiB but cost a third of the CPU time; collecting only when more than
 * `limitBytes` of buffers are alive keeps the peak down at a fraction of that.
 * Actions cannot pass --expose-gc, hence the flag at run time.
 */
let gc: (() => void) | undefined;

export function reclaimBufferMemory(limitBytes: number): void {
  if (process.memoryUsage().arrayBuffers < limitBytes) return;
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
