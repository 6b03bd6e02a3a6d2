import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { CHECKSUM_ALGORITHMS, checksumOf, combineCrcs, compositeChecksum, createChecksum } from './checksums.js';

const hexToBase64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

describe('upload checksums', () => {
  it('match the published check values for "123456789"', () => {
    const data = Buffer.from('123456789');
    assert.equal(checksumOf('CRC32', data), hexToBase64('cbf43926'));
    assert.equal(checksumOf('CRC32C', data), hexToBase64('e3069283'));
    assert.equal(checksumOf('CRC64NVME', data), hexToBase64('ae8b14860a799888'));
    assert.equal(checksumOf('SHA1', data), createHash('sha1').update(data).digest('base64'));
    assert.equal(checksumOf('SHA256', data), createHash('sha256').update(data).digest('base64'));
  });

  it('give the same digest fed in pieces as in one', () => {
    const data = Buffer.from(Array.from({ length: 10_000 }, (_, i) => (i * 31) & 0xff));
    for (const algorithm of CHECKSUM_ALGORITHMS) {
      const c = createChecksum(algorithm);
      for (let i = 0; i < data.length; i += 777) c.update(data.subarray(i, i + 777));
      assert.equal(c.digest(), checksumOf(algorithm, data), algorithm);
    }
  });

  it('of the empty body are the initial values', () => {
    assert.equal(checksumOf('CRC32', Buffer.alloc(0)), 'AAAAAA==');
    assert.equal(checksumOf('CRC64NVME', Buffer.alloc(0)), 'AAAAAAAAAAA=');
  });

  it('match the published check values for longer inputs, where the sliced loops run', () => {
    // CRC-32C test vectors from RFC 3720 (iSCSI), B.4.
    assert.equal(checksumOf('CRC32C', Buffer.alloc(32, 0)), hexToBase64('8a9136aa'));
    assert.equal(checksumOf('CRC32C', Buffer.alloc(32, 0xff)), hexToBase64('62a8ab43'));
    assert.equal(checksumOf('CRC32C', Buffer.from(Array.from({ length: 32 }, (_, i) => i))), hexToBase64('46dd794e'));
    assert.equal(checksumOf('CRC32', Buffer.from('The quick brown fox jumps over the lazy dog')), hexToBase64('414fa339'));
  });

  it('of CRCs combine as if computed over the concatenation', () => {
    const data = Buffer.from(Array.from({ length: 100_003 }, (_, i) => (i * 131 + 7) & 0xff));
    const cuts = [0, 1, 9, 8192, 50_000, 99_999, data.length];
    for (const algorithm of ['CRC32', 'CRC32C', 'CRC64NVME'] as const) {
      const parts = cuts.slice(1).map((end, i) => {
        const piece = data.subarray(cuts[i]!, end);
        return { value: checksumOf(algorithm, piece), size: piece.length };
      });
      assert.equal(combineCrcs(algorithm, parts), checksumOf(algorithm, data), algorithm);
    }
    assert.equal(combineCrcs('CRC32', []), checksumOf('CRC32', Buffer.alloc(0)));
  });

  it('of parts make a COMPOSITE checksum over the raw part digests', () => {
    const a = Buffer.from('part one');
    const b = Buffer.from('part two');
    const values = [checksumOf('SHA256', a), checksumOf('SHA256', b)];
    const expected = createHash('sha256').update(createHash('sha256').update(a).digest()).update(createHash('sha256').update(b).digest()).digest('base64');
    assert.equal(compositeChecksum('SHA256', values), `${expected}-2`);
  });
});
