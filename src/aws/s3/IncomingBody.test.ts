import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { AwsError } from '../wire/AwsError.js';
import { checksumOf } from './checksums.js';
import { IncomingBody } from './IncomingBody.js';

async function drain(body: IncomingBody): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of body) parts.push(p);
  return Buffer.concat(parts);
}

const data = Buffer.from('the object bytes');

describe('IncomingBody', () => {
  it('passes a plain body through and records the checksums it verified', async () => {
    const crc = checksumOf('CRC32C', data);
    const body = IncomingBody.of(Readable.from([data.subarray(0, 4), data.subarray(4)]), { 'x-amz-checksum-crc32c': crc });
    assert.equal(body.chunked, false);
    assert.ok((await drain(body)).equals(data));
    assert.deepEqual(body.checksums, { CRC32C: crc });
    assert.equal(body.length, data.length);
  });

  it('throws BadDigest after the last byte when a checksum differs', async () => {
    const body = IncomingBody.of(Readable.from([data]), { 'x-amz-checksum-sha256': checksumOf('SHA256', Buffer.from('other')) });
    await assert.rejects(drain(body), (e: unknown) => e instanceof AwsError && e.code === 'BadDigest' && e.status === 400);
  });

  it('holds a body to the SHA-256 its x-amz-content-sha256 announces', async () => {
    const good = IncomingBody.of(Readable.from([data]), { 'x-amz-content-sha256': createHash('sha256').update(data).digest('hex') });
    assert.ok((await drain(good)).equals(data));
    const bad = IncomingBody.of(Readable.from([data]), { 'x-amz-content-sha256': 'a'.repeat(64) });
    await assert.rejects(drain(bad), (e: unknown) => e instanceof AwsError && e.code === 'XAmzContentSHA256Mismatch');
  });

  it('decodes aws-chunked framing and checks the trailer it names', async () => {
    const crc = checksumOf('CRC32', data);
    const framed = `10\r\n${data.toString()}\r\n0\r\nx-amz-checksum-crc32:${crc}\r\n\r\n`;
    const headers = {
      'content-encoding': 'aws-chunked',
      'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      'x-amz-trailer': 'x-amz-checksum-crc32',
      'x-amz-decoded-content-length': String(data.length),
    };
    const body = IncomingBody.of(Readable.from([Buffer.from(framed)]), headers);
    assert.equal(body.chunked, true);
    assert.ok((await drain(body)).equals(data));
    assert.deepEqual(body.checksums, { CRC32: crc });
    const broken = IncomingBody.of(Readable.from([Buffer.from('zz\r\n')]), headers);
    await assert.rejects(drain(broken), (e: unknown) => e instanceof AwsError && e.code === 'InvalidRequest');
  });
});
