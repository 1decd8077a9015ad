import { describe, expect, it } from 'vitest';
import { SlabPool } from '../../src/adapters/gcs/slab-pool.js';

describe('SlabPool', () => {
  it('reuses a slab only once GCS has acknowledged every byte it carried', () => {
    const pool = new SlabPool(4);
    const a = pool.take();
    const b = pool.take();
    pool.handOff(a, 4);
    pool.handOff(b, 8);
    pool.release(7);
    expect(pool.take()).toBe(a);
    expect(pool.take()).not.toBe(b);
    pool.release(8);
    expect(pool.take()).toBe(b);
    expect(pool.allocated).toBe(3);
  });
});
