import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { checksumOf } from '../../src/engines/lake/checksums.js';
import { aws, cliBinary, type CliVersion } from '../helpers/awsCli.js';
import { startServer, type InProcessServer } from '../helpers/server.js';
import { failure, s3Client } from '../helpers/s3.js';

let server: InProcessServer;
let s3: S3Client;
const bucket = 'checksums';

before(async () => {
  server = await startServer('region: eu-west-1\n');
  s3 = s3Client(server.url);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
});
after(async () => {
  s3.destroy();
  await server.stop();
});

const crc32 = (data: Uint8Array) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(zlib.crc32(data));
  return b.toString('base64');
};
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('base64');

describe('S3 conformance: SDK v3 — additional checksums', () => {
  it('PutObject keeps the CRC32 the SDK sends by default; HeadObject and GetObject return it only with ChecksumMode ENABLED', async () => {
    const body = Buffer.from('checksummed object body\n');
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'default.txt', Body: body }));
    assert.equal(put.ChecksumCRC32, crc32(body));
    assert.equal(put.ChecksumType, 'FULL_OBJECT');

    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'default.txt', ChecksumMode: 'ENABLED' }));
    assert.equal(head.ChecksumCRC32, crc32(body));
    assert.equal(head.ChecksumType, 'FULL_OBJECT');
    const plain = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'default.txt' }));
    assert.equal(plain.ChecksumCRC32, undefined);
    assert.equal(plain.ChecksumType, undefined);

    const get = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'default.txt', ChecksumMode: 'ENABLED' }));
    assert.equal(get.ChecksumCRC32, crc32(body));
    assert.deepEqual(Buffer.from(await get.Body!.transformToByteArray()), body);
  });

  it('a ranged GetObject carries no whole-object checksum', async () => {
    const get = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'default.txt', Range: 'bytes=0-3', ChecksumMode: 'ENABLED' }));
    assert.equal(get.ChecksumCRC32, undefined);
    assert.equal(await get.Body!.transformToString(), 'chec');
  });

  it('PutObject keeps the algorithm asked for (SHA256, CRC32C)', async () => {
    const body = randomBytes(300_000); // streamed, not read whole
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'sha.bin', Body: body, ChecksumAlgorithm: 'SHA256' }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'sha.bin', ChecksumMode: 'ENABLED' }));
    assert.equal(head.ChecksumSHA256, sha256(body));
    assert.equal(head.ChecksumCRC32, undefined);

    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'crc32c.bin', Body: body, ChecksumAlgorithm: 'CRC32C' }));
    const c = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'crc32c.bin', ChecksumMode: 'ENABLED' }));
    assert.equal(c.ChecksumCRC32C, checksumOf('CRC32C', body));
  });

  it('a wrong x-amz-checksum-crc32 is BadDigest and stores nothing', async () => {
    const err = await failure(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'bad.txt', Body: 'hello', ChecksumCRC32: 'AAAAAA==' })));
    assert.equal(err.name, 'BadDigest');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message, 'The CRC32 you specified did not match the calculated checksum.');
    const missing = await failure(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'bad.txt' })));
    assert.equal(missing.$metadata.httpStatusCode, 404);
  });

  it('an upload with no checksum gets S3\'s default CRC64NVME, which the SDK validates on GetObject', async () => {
    const body = Buffer.from('uploaded by a client that sends no checksum');
    const res = await fetch(`${server.url}/${bucket}/plain.txt`, { method: 'PUT', body });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-amz-checksum-crc64nvme'), checksumOf('CRC64NVME', body));
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'plain.txt', ChecksumMode: 'ENABLED' }));
    assert.equal(head.ChecksumCRC64NVME, checksumOf('CRC64NVME', body));
    const get = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'plain.txt', ChecksumMode: 'ENABLED' }));
    assert.equal(await get.Body!.transformToString(), body.toString());
  });

  it('GetObject fails the SDK\'s validation when the bytes no longer match the stored checksum', async () => {
    // Control for the test above: the SDK really checks what we answer.
    const body = Buffer.from('original bytes, 32 long........');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'tampered.txt', Body: body }));
    const file = join(server.dataDir, 'lake', bucket, 'tampered.txt');
    const before = await stat(file);
    await writeFile(file, Buffer.from('tampered bytes, 32 long.........').subarray(0, body.length));
    await utimes(file, before.atime, before.mtime); // same size and mtime: the sidecar still describes it
    const get = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'tampered.txt', ChecksumMode: 'ENABLED' }));
    await assert.rejects(get.Body!.transformToString(), /Checksum mismatch/i);
  });

  const partA = randomBytes(5 * 1024 * 1024);
  const partB = randomBytes(1234);
  const whole = Buffer.concat([partA, partB]);

  async function multipart(key: string, create: { ChecksumAlgorithm?: 'CRC32' | 'SHA256'; ChecksumType?: 'FULL_OBJECT' | 'COMPOSITE' }) {
    const started = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ...create }));
    const UploadId = started.UploadId!;
    const parts = [];
    for (const [i, data] of [partA, partB].entries()) {
      const up = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: i + 1, Body: data, ...(create.ChecksumAlgorithm ? { ChecksumAlgorithm: create.ChecksumAlgorithm } : {}) }));
      parts.push({ PartNumber: i + 1, ETag: up.ETag!, ChecksumCRC32: up.ChecksumCRC32, ChecksumSHA256: up.ChecksumSHA256, ChecksumCRC64NVME: up.ChecksumCRC64NVME });
    }
    return { started, UploadId, parts };
  }

  it('multipart COMPOSITE (CRC32): parts keep their CRC32; the object gets crc32(part crcs)-2', async () => {
    const { started, UploadId, parts } = await multipart('composite.bin', { ChecksumAlgorithm: 'CRC32' });
    assert.equal(started.ChecksumAlgorithm, 'CRC32');
    assert.equal(started.ChecksumType, 'COMPOSITE');
    assert.deepEqual(parts.map((p) => p.ChecksumCRC32), [crc32(partA), crc32(partB)]);
    const listed = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'composite.bin', UploadId }));
    assert.deepEqual(listed.Parts!.map((p) => p.ChecksumCRC32), [crc32(partA), crc32(partB)]);
    assert.equal(listed.ChecksumAlgorithm, 'CRC32');

    const done = await s3.send(new CompleteMultipartUploadCommand({
      Bucket: bucket, Key: 'composite.bin', UploadId,
      MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.PartNumber, ETag: p.ETag, ChecksumCRC32: p.ChecksumCRC32! })) },
    }));
    const expected = `${crc32(Buffer.concat([Buffer.from(crc32(partA), 'base64'), Buffer.from(crc32(partB), 'base64')]))}-2`;
    assert.equal(done.ChecksumCRC32, expected);
    assert.equal(done.ChecksumType, 'COMPOSITE');
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'composite.bin', ChecksumMode: 'ENABLED' }));
    assert.equal(head.ChecksumCRC32, expected);
    assert.equal(head.ChecksumType, 'COMPOSITE');
    // The SDK skips validating a composite checksum, but the download must still succeed.
    const get = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'composite.bin', ChecksumMode: 'ENABLED' }));
    assert.equal(Buffer.from(await get.Body!.transformToByteArray()).equals(whole), true);

    const attrs = await s3.send(new GetObjectAttributesCommand({ Bucket: bucket, Key: 'composite.bin', ObjectAttributes: ['ETag', 'Checksum', 'ObjectParts', 'ObjectSize', 'StorageClass'] }));
    assert.equal(attrs.Checksum?.ChecksumCRC32, expected);
    assert.equal(attrs.Checksum?.ChecksumType, 'COMPOSITE');
    assert.equal(attrs.ObjectParts?.TotalPartsCount, 2);
    assert.equal(attrs.ObjectSize, whole.length);
    assert.equal(attrs.StorageClass, 'STANDARD');
    assert.equal(`"${attrs.ETag}"`, head.ETag);
  });

  it('multipart FULL_OBJECT (CRC32): the object gets the CRC32 of all its bytes, which GetObject validates', async () => {
    const { UploadId, parts } = await multipart('full.bin', { ChecksumAlgorithm: 'CRC32', ChecksumType: 'FULL_OBJECT' });
    const done = await s3.send(new CompleteMultipartUploadCommand({
      Bucket: bucket, Key: 'full.bin', UploadId, ChecksumType: 'FULL_OBJECT', ChecksumCRC32: crc32(whole),
      MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.PartNumber, ETag: p.ETag, ChecksumCRC32: p.ChecksumCRC32! })) },
    }));
    assert.equal(done.ChecksumCRC32, crc32(whole));
    assert.equal(done.ChecksumType, 'FULL_OBJECT');
    const get = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'full.bin', ChecksumMode: 'ENABLED' }));
    assert.equal(get.ChecksumCRC32, crc32(whole));
    assert.equal(Buffer.from(await get.Body!.transformToByteArray()).equals(whole), true);
  });

  it('multipart without an algorithm is CRC64NVME FULL_OBJECT, as S3 now does', async () => {
    const { started, UploadId, parts } = await multipart('default-mp.bin', {});
    assert.equal(started.ChecksumAlgorithm, 'CRC64NVME');
    assert.equal(started.ChecksumType, 'FULL_OBJECT');
    const done = await s3.send(new CompleteMultipartUploadCommand({
      Bucket: bucket, Key: 'default-mp.bin', UploadId,
      MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.PartNumber, ETag: p.ETag })) },
    }));
    assert.equal(done.ChecksumCRC64NVME, checksumOf('CRC64NVME', whole));
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'default-mp.bin', ChecksumMode: 'ENABLED' }));
    assert.equal(head.ChecksumCRC64NVME, checksumOf('CRC64NVME', whole));
  });

  it('a part checksum in CompleteMultipartUpload that does not match the stored part is InvalidPart; a wrong full-object one BadDigest', async () => {
    const { UploadId, parts } = await multipart('wrong.bin', { ChecksumAlgorithm: 'CRC32', ChecksumType: 'FULL_OBJECT' });
    const wrongPart = await failure(s3.send(new CompleteMultipartUploadCommand({
      Bucket: bucket, Key: 'wrong.bin', UploadId,
      MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.PartNumber, ETag: p.ETag, ChecksumCRC32: 'AAAAAA==' })) },
    })));
    assert.equal(wrongPart.name, 'InvalidPart');
    const wrongWhole = await failure(s3.send(new CompleteMultipartUploadCommand({
      Bucket: bucket, Key: 'wrong.bin', UploadId, ChecksumType: 'FULL_OBJECT', ChecksumCRC32: 'AAAAAA==',
      MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.PartNumber, ETag: p.ETag })) },
    })));
    assert.equal(wrongWhole.name, 'BadDigest');
  });

  it('FULL_OBJECT with SHA256 is refused at CreateMultipartUpload', async () => {
    const err = await failure(s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'x', ChecksumAlgorithm: 'SHA256', ChecksumType: 'FULL_OBJECT' })));
    assert.equal(err.name, 'InvalidRequest');
  });

  it('CopyObject recomputes in x-amz-checksum-algorithm, else keeps the source\'s algorithm', async () => {
    const body = Buffer.from('checksummed object body\n');
    const copy = await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy-sha.txt', CopySource: `${bucket}/default.txt`, ChecksumAlgorithm: 'SHA256' }));
    assert.equal(copy.CopyObjectResult?.ChecksumSHA256, sha256(body));
    const kept = await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy-kept.txt', CopySource: `${bucket}/default.txt` }));
    assert.equal(kept.CopyObjectResult?.ChecksumCRC32, crc32(body));
    // A composite source becomes a full-object checksum of the copy's bytes.
    const fromComposite = await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy-composite.bin', CopySource: `${bucket}/composite.bin` }));
    assert.equal(fromComposite.CopyObjectResult?.ChecksumCRC32, crc32(whole));
    assert.equal(fromComposite.CopyObjectResult?.ChecksumType, 'FULL_OBJECT');
  });

  it('GetObjectAttributes answers only what was asked, and InvalidArgument for an unknown attribute', async () => {
    const body = Buffer.from('checksummed object body\n');
    const attrs = await s3.send(new GetObjectAttributesCommand({ Bucket: bucket, Key: 'default.txt', ObjectAttributes: ['Checksum', 'ObjectSize'] }));
    assert.equal(attrs.Checksum?.ChecksumCRC32, crc32(body));
    assert.equal(attrs.ObjectSize, body.length);
    assert.equal(attrs.ETag, undefined);
    assert.equal(attrs.ObjectParts, undefined);
    assert.ok(attrs.LastModified instanceof Date);
    const missing = await failure(s3.send(new GetObjectAttributesCommand({ Bucket: bucket, Key: 'nope', ObjectAttributes: ['ETag'] })));
    assert.equal(missing.name, 'NoSuchKey');
    const bad = await failure(s3.send(new GetObjectAttributesCommand({ Bucket: bucket, Key: 'default.txt', ObjectAttributes: ['Colour' as 'ETag'] })));
    assert.equal(bad.name, 'InvalidArgument');
  });
});

for (const version of [1, 2] as CliVersion[]) {
  describe(`S3 conformance: AWS CLI v${version} — checksums`, { skip: cliBinary(version) ? false : `AWS CLI v${version} not installed` }, () => {
    it('head-object --checksum-mode ENABLED returns the checksum put-object sent', async () => {
      const key = `cli-v${version}.txt`;
      const file = new URL(import.meta.url).pathname;
      const r = await aws(version, server.url, ['s3api', 'put-object', '--bucket', bucket, '--key', key, '--body', file, '--checksum-algorithm', 'CRC32']);
      assert.equal(r.code, 0, r.stderr);
      const bytes = await readFile(file);
      const head = await aws(version, server.url, ['s3api', 'head-object', '--bucket', bucket, '--key', key, '--checksum-mode', 'ENABLED']);
      assert.equal(head.code, 0, head.stderr);
      assert.equal(head.json<{ ChecksumCRC32: string }>().ChecksumCRC32, crc32(bytes));
    });
  });
}
