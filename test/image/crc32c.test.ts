import { CRC32C } from '@google-cloud/storage';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Crc32c } from '../../src/core/image/crc32c.js';

describe('Crc32c', () => {
  it('matches the RFC 3720 check value and the empty value', () => {
    const c = new Crc32c();
    c.update(Buffer.from('123456789'));
    expect(c.value()).toBe(0xe3069283);
    expect(new Crc32c().toBase64()).toBe('AAAAAA==');
  });

  it('agrees with @google-cloud/storage for any data split any way, and resumes from its base64', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.nat(3000), (bytes, cut) => {
        const data = Buffer.from(bytes);
        const at = Math.min(cut, data.length);
        const lib = new CRC32C();
        lib.update(data);
        const first = new Crc32c();
        first.update(data.subarray(0, at));
        const resumed = Crc32c.fromBase64(first.toBase64());
        resumed.update(data.subarray(at));
        expect(resumed.toBase64()).toBe(lib.toString());
      }),
    );
  });
});
