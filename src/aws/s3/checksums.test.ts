import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { algorithmOfHeader, CHECKSUM_ALGORITHMS, checksumOf, createChecksum } from './checksums.js';

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

  it('are named by their headers', () => {
    assert.equal(algorithmOfHeader('X-Amz-Checksum-CRC32C'), 'CRC32C');
    assert.equal(algorithmOfHeader(' x-amz-checksum-crc64nvme '), 'CRC64NVME');
    assert.equal(algorithmOfHeader('x-amz-checksum-sha512'), undefined);
  });
});
