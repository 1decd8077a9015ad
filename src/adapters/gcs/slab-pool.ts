/**
 * Fixed-size buffers that carry the upload's bytes and are refilled once GCS has acknowledged
 * them. The client keeps each chunk until its 308 arrives, long enough for V8 to promote the
 * download's 64 KiB socket buffers to the old generation, where only a full collection frees
 * them: the action peaked at 193-197 MiB RSS in bench/image.bench.mjs. Copying each socket buffer
 * into a slab at once lets it die young, and the slabs are reused, so memory stays at about a
 * chunk and a half whatever the image size.
 */
export class SlabPool {
  private readonly free: Buffer[] = [];
  /** Slabs handed downstream, oldest first, with the offset just past their last byte. */
  private readonly inUse: { slab: Buffer; end: number }[] = [];
  allocated = 0;

  constructor(readonly slabSize: number) {}

  take(): Buffer {
    const slab = this.free.pop();
    if (slab) return slab;
    this.allocated++;
    return Buffer.allocUnsafeSlow(this.slabSize);
  }

  /** `slab` now carries the bytes up to `end` (exclusive) and must not be touched until they are acknowledged. */
  handOff(slab: Buffer, end: number): void {
    this.inUse.push({ slab, end });
  }

  /** GCS holds every byte before `acked`: slabs that end there or before can be refilled. */
  release(acked: number): void {
    for (let first = this.inUse[0]; first && first.end <= acked; first = this.inUse[0]) {
      this.inUse.shift();
      this.free.push(first.slab);
    }
  }
}
