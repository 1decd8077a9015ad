import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { mapLimit } from '../../src/core/map-limit.js';

describe('mapLimit', () => {
  it('keeps at most `limit` in flight, keeps input order, and settles every item', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapLimit([30, 5, 20, 1, 10, 2, 8], 3, async (ms) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await sleep(ms);
      inFlight--;
      if (ms === 1) throw new Error('one failed');
      return ms * 2;
    });
    expect(peak).toBe(3);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      60,
      10,
      40,
      'one failed',
      20,
      4,
      16,
    ]);
  });
});
