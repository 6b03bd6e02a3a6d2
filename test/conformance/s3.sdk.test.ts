import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketAclCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
  type S3ServiceException,
} from '@aws-sdk/client-s3';
import { startServer, type InProcessServer } from '../helpers/server.js';
import { failure, s3Client } from '../helpers/s3.js';

let server: InProcessServer;
let s3: S3Client;

before(async () => {
  server = await startServer('region: eu-west-1\n');
  s3 = s3Client(server.url);
});
after(async () => {
  s3.destroy();
  await server.stop();
});

async function expectError(p: Promise<unknown>, code: string, status: number): Promise<S3ServiceException> {
  const e = await failure(p);
  assert.equal(e.name, code, `${e.name}: ${e.message}`);
  assert.equal(e.$metadata.httpStatusCode, status);
  return e;
}

const md5Base64 = (data: Buffer | string) => createHash('md5').update(data).digest('base64');
const md5Hex = (data: Buffer | string) => createHash('md5').update(data).digest('hex');

describe('S3 conformance: SDK v3 — buckets', () => {
  it('creates a bucket with a CreateBucketConfiguration and lists, heads and locates it', async () => {
    const created = await s3.send(new CreateBucketCommand({ Bucket: 'sdk-buckets', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    assert.equal(created.Location, '/sdk-buckets');
    const list = await s3.send(new ListBucketsCommand({}));
    const mine = list.Buckets?.find((b) => b.Name === 'sdk-buckets');
    assert.ok(mine?.CreationDate instanceof Date);
    assert.match(list.Owner?.ID ?? '', /^[0-9a-f]{64}$/);
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'sdk-buckets' }));
    assert.equal(head.BucketRegion, 'eu-west-1');
    const loc = await s3.send(new GetBucketLocationCommand({ Bucket: 'sdk-buckets' }));
    assert.equal(loc.LocationConstraint, 'eu-west-1');
  });

  it('pages ListBuckets with MaxBuckets, ContinuationToken and Prefix', async () => {
    for (const name of ['page-a1', 'page-a2', 'page-a3']) await s3.send(new CreateBucketCommand({ Bucket: name }));
    const first = await s3.send(new ListBucketsCommand({ Prefix: 'page-a', MaxBuckets: 2 }));
    assert.deepEqual(first.Buckets?.map((b) => b.Name), ['page-a1', 'page-a2']);
    assert.ok(first.ContinuationToken);
    assert.equal(first.Prefix, 'page-a');
    const second = await s3.send(new ListBucketsCommand({ Prefix: 'page-a', MaxBuckets: 2, ContinuationToken: first.ContinuationToken }));
    assert.deepEqual(second.Buckets?.map((b) => b.Name), ['page-a3']);
    assert.equal(second.ContinuationToken, undefined);
    for (const name of ['page-a1', 'page-a2', 'page-a3']) await s3.send(new DeleteBucketCommand({ Bucket: name }));
  });

  it('refuses a second create, bad names, and deleting a bucket that holds objects', async () => {
    const again = await expectError(s3.send(new CreateBucketCommand({ Bucket: 'sdk-buckets' })), 'BucketAlreadyOwnedByYou', 409);
    assert.match(again.message, /already own it/);
    await expectError(s3.send(new CreateBucketCommand({ Bucket: 'Bad_Name' })), 'InvalidBucketName', 400);
    await s3.send(new PutObjectCommand({ Bucket: 'sdk-buckets', Key: 'x', Body: 'x' }));
    await expectError(s3.send(new DeleteBucketCommand({ Bucket: 'sdk-buckets' })), 'BucketNotEmpty', 409);
    await s3.send(new DeleteObjectCommand({ Bucket: 'sdk-buckets', Key: 'x' }));
    const deleted = await s3.send(new DeleteBucketCommand({ Bucket: 'sdk-buckets' }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
  });

  it('answers NoSuchBucket (404) for a missing bucket, and a bare 404 to HEAD', async () => {
    const e = await expectError(s3.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket' })), 'NoSuchBucket', 404);
    assert.equal((e as S3ServiceException & { BucketName?: string }).BucketName, 'no-such-bucket');
    await expectError(s3.send(new HeadBucketCommand({ Bucket: 'no-such-bucket' })), 'NotFound', 404);
    await expectError(s3.send(new PutObjectCommand({ Bucket: 'no-such-bucket', Key: 'k', Body: 'b' })), 'NoSuchBucket', 404);
  });

  it('answers the bucket settings tools probe with defaults, and NotImplemented for the rest', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'sdk-probes' }));
    const versioning = await s3.send(new GetBucketVersioningCommand({ Bucket: 'sdk-probes' }));
    assert.equal(versioning.Status, undefined);
    const acl = await s3.send(new GetBucketAclCommand({ Bucket: 'sdk-probes' }));
    assert.equal(acl.Grants?.[0]?.Permission, 'FULL_CONTROL');
    assert.equal(acl.Grants?.[0]?.Grantee?.Type, 'CanonicalUser');
    await expectError(s3.send(new GetBucketPolicyCommand({ Bucket: 'sdk-probes' })), 'NoSuchBucketPolicy', 404);
    await expectError(s3.send(new GetBucketVersioningCommand({ Bucket: 'no-such-bucket' })), 'NoSuchBucket', 404);
    const e = await expectError(
      s3.send(new PutBucketVersioningCommand({ Bucket: 'sdk-probes', VersioningConfiguration: { Status: 'Enabled' } })),
      'NotImplemented',
      501,
    );
    assert.match(e.message, /PutBucketVersioning/);
  });
});

describe('S3 conformance: SDK v3 — objects', () => {
  const bucket = 'sdk-objects';
  before(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });

  it('stores and returns bytes, metadata and the standard headers', async () => {
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'docs/hello.txt',
        Body: 'hello, lake',
        ContentType: 'text/plain; charset=utf-8',
        ContentEncoding: 'identity',
        ContentDisposition: 'attachment; filename="hello.txt"',
        CacheControl: 'max-age=60',
        ContentLanguage: 'en',
        Metadata: { owner: 'ana', Purpose: 'test' },
      }),
    );
    assert.equal(put.ETag, `"${md5Hex('hello, lake')}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/hello.txt' }));
    assert.equal(await got.Body!.transformToString(), 'hello, lake');
    assert.equal(got.ETag, put.ETag);
    assert.equal(got.ContentType, 'text/plain; charset=utf-8');
    assert.equal(got.ContentEncoding, 'identity');
    assert.equal(got.ContentDisposition, 'attachment; filename="hello.txt"');
    assert.equal(got.CacheControl, 'max-age=60');
    assert.equal(got.ContentLanguage, 'en');
    assert.equal(got.ContentLength, 11);
    assert.equal(got.AcceptRanges, 'bytes');
    assert.deepEqual(got.Metadata, { owner: 'ana', purpose: 'test' });
    assert.ok(got.LastModified instanceof Date && Math.abs(got.LastModified.getTime() - Date.now()) < 60_000);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'docs/hello.txt' }));
    assert.equal(head.ContentLength, 11);
    assert.equal(head.ETag, put.ETag);
    assert.deepEqual(head.Metadata, { owner: 'ana', purpose: 'test' });
  });

  it('gives objects without a Content-Type S3\'s default one', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'untyped', Body: Buffer.from([1, 2, 3]) }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'untyped' }));
    assert.ok(head.ContentType === 'binary/octet-stream' || head.ContentType === 'application/octet-stream');
  });

  it('keeps keys with spaces, unicode, +, %, ? and # exactly', async () => {
    const keys = ['a b/c+d%e', 'unicode/日本語 ファイル.txt', 'emoji/😀.bin', 'q?x=1&y#z', 'folder/', 'tilde~and(parens)!*\''];
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `body of ${key}` }));
    for (const key of keys) {
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      assert.equal(await got.Body!.transformToString(), `body of ${key}`);
    }
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    const listedKeys = new Set(listed.Contents?.map((o) => o.Key));
    for (const key of keys) assert.ok(listedKeys.has(key), key);
    // encoding-type=url: keys come back percent-encoded.
    const encoded = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'a b/', EncodingType: 'url' }));
    assert.equal(decodeURIComponent(encoded.Contents![0]!.Key!.replace(/\+/g, ' ')), 'a b/c+d%e');
    assert.notEqual(encoded.Contents![0]!.Key, 'a b/c+d%e');
  });

  it('checks Content-MD5 and x-amz-checksum-* and stores nothing on a mismatch (BadDigest)', async () => {
    const ok = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'digest', Body: 'payload', ContentMD5: md5Base64('payload') }));
    assert.equal(ok.ETag, `"${md5Hex('payload')}"`);
    await expectError(
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'digest-bad', Body: 'payload', ContentMD5: md5Base64('other') })),
      'BadDigest',
      400,
    );
    await expectError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'digest-bad', Body: 'payload', ContentMD5: 'not-md5' })), 'InvalidDigest', 400);
    await expectError(
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'digest-bad', Body: 'payload', ChecksumCRC32: 'AAAAAA==' })),
      'BadDigest',
      400,
    );
    await expectError(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'digest-bad' })), 'NotFound', 404);
    // A body large enough to be streamed to the lake is checked the same way.
    const large = Buffer.alloc(300 * 1024, 3);
    await expectError(
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'digest-large', Body: large, ChecksumCRC32: 'AAAAAA==' })),
      'BadDigest',
      400,
    );
    await expectError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'digest-large', Body: large, ContentMD5: md5Base64('x') })), 'BadDigest', 400);
    await expectError(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'digest-large' })), 'NotFound', 404);
    // The SDK's own checksum (CRC32 by default) is checked and echoed.
    const crc = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'crc', Body: 'payload', ChecksumAlgorithm: 'SHA256' }));
    assert.equal(crc.ChecksumSHA256, createHash('sha256').update('payload').digest('base64'));
  });

  it('streams a body of unknown length (aws-chunked with a checksum trailer)', async () => {
    const data = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    const body = Readable.from([data.subarray(0, 1000), data.subarray(1000)]);
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'streamed', Body: body, ContentLength: data.length }));
    assert.equal(put.ETag, `"${md5Hex(data)}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'streamed' }));
    assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(data));
  });

  it('serves byte ranges with 206 and Content-Range, and InvalidRange (416) past the end', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'range', Body: '0123456789' }));
    const cases: Array<[string, string, string]> = [
      ['bytes=2-5', '2345', 'bytes 2-5/10'],
      ['bytes=7-', '789', 'bytes 7-9/10'],
      ['bytes=-3', '789', 'bytes 7-9/10'],
      ['bytes=8-100', '89', 'bytes 8-9/10'],
    ];
    for (const [range, body, contentRange] of cases) {
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'range', Range: range }));
      assert.equal(got.$metadata.httpStatusCode, 206, range);
      assert.equal(got.ContentRange, contentRange);
      assert.equal(got.ContentLength, body.length);
      assert.equal(await got.Body!.transformToString(), body);
    }
    await expectError(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'range', Range: 'bytes=10-' })), 'InvalidRange', 416);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'range', Range: 'bytes=0-0' }));
    assert.equal(head.$metadata.httpStatusCode, 206);
    assert.equal(head.ContentLength, 1);
  });

  it('honours If-Match, If-None-Match, If-Modified-Since and If-Unmodified-Since (304 / 412)', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'cond', Body: 'v1' }));
    const past = new Date(Date.now() - 3_600_000);
    const future = new Date(Date.now() + 3_600_000);
    const ok = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cond', IfMatch: put.ETag }));
    assert.equal(await ok.Body!.transformToString(), 'v1');
    const e412 = await expectError(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cond', IfMatch: '"0000"' })), 'PreconditionFailed', 412);
    assert.match(e412.message, /pre-conditions/);
    await expectError(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cond', IfUnmodifiedSince: past })), 'PreconditionFailed', 412);
    const e304 = await failure(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cond', IfNoneMatch: put.ETag })));
    assert.equal(e304.$metadata.httpStatusCode, 304);
    const m304 = await failure(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cond', IfModifiedSince: future })));
    assert.equal(m304.$metadata.httpStatusCode, 304);
    const modified = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cond', IfModifiedSince: past }));
    assert.equal(await modified.Body!.transformToString(), 'v1');
    const h412 = await failure(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'cond', IfMatch: '"0000"' })));
    assert.equal(h412.$metadata.httpStatusCode, 412);
  });

  it('applies response-* overrides to the answer only', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'override', Body: 'x', ContentType: 'text/plain' }));
    const got = await s3.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: 'override',
        ResponseContentType: 'application/json',
        ResponseContentDisposition: 'inline',
        ResponseCacheControl: 'no-cache',
      }),
    );
    assert.equal(got.ContentType, 'application/json');
    assert.equal(got.ContentDisposition, 'inline');
    assert.equal(got.CacheControl, 'no-cache');
    await got.Body!.transformToString();
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'override' }));
    assert.equal(head.ContentType, 'text/plain');
  });

  it('answers NoSuchKey (404) with the key, and a bare 404 to HEAD', async () => {
    const e = await expectError(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'missing/key' })), 'NoSuchKey', 404);
    assert.equal((e as S3ServiceException & { Key?: string }).Key, 'missing/key');
    await expectError(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'missing/key' })), 'NotFound', 404);
  });

  it('deletes one object (204, also when missing) and many, quietly or not', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'del/one', Body: '1' }));
    const one = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'del/one' }));
    assert.equal(one.$metadata.httpStatusCode, 204);
    const again = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'del/one' }));
    assert.equal(again.$metadata.httpStatusCode, 204);
    for (const k of ['del/a', 'del/b', 'del/c']) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: k, Body: k }));
    const loud = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'del/a' }, { Key: 'del/never' }] } }));
    assert.deepEqual(loud.Deleted?.map((d) => d.Key).sort(), ['del/a', 'del/never']);
    assert.equal(loud.Errors, undefined);
    const quiet = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'del/b' }, { Key: 'del/c' }], Quiet: true } }));
    assert.equal(quiet.Deleted, undefined);
    const left = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'del/' }));
    assert.equal(left.KeyCount, 0);
  });

  it('copies objects, keeping or replacing metadata', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'copy/src key+', Body: 'copied', ContentType: 'text/csv', Metadata: { a: '1' } }));
    const kept = await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy/kept', CopySource: `${bucket}/${encodeURIComponent('copy/src key+')}` }));
    assert.equal(kept.CopyObjectResult?.ETag, `"${md5Hex('copied')}"`);
    assert.ok(kept.CopyObjectResult?.LastModified instanceof Date);
    const keptHead = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'copy/kept' }));
    assert.equal(keptHead.ContentType, 'text/csv');
    assert.deepEqual(keptHead.Metadata, { a: '1' });
    await s3.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: 'copy/replaced',
        CopySource: `/${bucket}/${encodeURIComponent('copy/src key+')}`,
        MetadataDirective: 'REPLACE',
        ContentType: 'application/json',
        Metadata: { b: '2' },
      }),
    );
    const replaced = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'copy/replaced' }));
    assert.equal(replaced.ContentType, 'application/json');
    assert.deepEqual(replaced.Metadata, { b: '2' });
    await expectError(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy/x', CopySource: `${bucket}/copy/none` })), 'NoSuchKey', 404);
    await expectError(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy/kept', CopySource: `${bucket}/copy/kept` })), 'InvalidRequest', 400);
    await expectError(
      s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy/x', CopySource: `${bucket}/copy/kept`, CopySourceIfMatch: '"nope"' })),
      'PreconditionFailed',
      412,
    );
  });
});

describe('S3 conformance: SDK v3 — listings', () => {
  const bucket = 'sdk-lists';
  const keys: string[] = [];
  before(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    for (let i = 0; i < 25; i++) keys.push(`logs/2024/${String(i).padStart(2, '0')}.json`);
    keys.push('logs/2025/a.json', 'logs/readme.txt', 'other/x', 'top.txt');
    await Promise.all(keys.map((k) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: k, Body: k }))));
  });

  it('pages through ListObjectsV2 with continuation tokens', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 10, ContinuationToken: token }));
      pages++;
      assert.equal(page.KeyCount, page.Contents?.length ?? 0);
      assert.equal(page.MaxKeys, 10);
      if (token) assert.equal(page.ContinuationToken, token);
      seen.push(...(page.Contents ?? []).map((o) => o.Key!));
      assert.equal(page.IsTruncated, page.NextContinuationToken !== undefined);
      token = page.NextContinuationToken;
    } while (token);
    assert.equal(pages, 3);
    assert.deepEqual(seen, [...keys].sort());
  });

  it('rolls keys up into CommonPrefixes with a delimiter', async () => {
    const root = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/' }));
    assert.deepEqual(root.CommonPrefixes?.map((p) => p.Prefix), ['logs/', 'other/']);
    assert.deepEqual(root.Contents?.map((o) => o.Key), ['top.txt']);
    assert.equal(root.KeyCount, 3);
    const logs = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'logs/', Delimiter: '/' }));
    assert.deepEqual(logs.CommonPrefixes?.map((p) => p.Prefix), ['logs/2024/', 'logs/2025/']);
    assert.deepEqual(logs.Contents?.map((o) => o.Key), ['logs/readme.txt']);
    assert.equal(logs.Prefix, 'logs/');
    assert.equal(logs.Delimiter, '/');
  });

  it('starts after a key, and limits a page that mixes keys and prefixes', async () => {
    const after = await s3.send(new ListObjectsV2Command({ Bucket: bucket, StartAfter: 'logs/readme.txt' }));
    assert.deepEqual(after.Contents?.map((o) => o.Key), ['other/x', 'top.txt']);
    assert.equal(after.StartAfter, 'logs/readme.txt');
    const mixed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/', MaxKeys: 2 }));
    assert.equal(mixed.KeyCount, 2);
    assert.equal(mixed.IsTruncated, true);
    const rest = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/', MaxKeys: 2, ContinuationToken: mixed.NextContinuationToken }));
    assert.deepEqual(rest.Contents?.map((o) => o.Key), ['top.txt']);
    assert.equal(rest.IsTruncated, false);
  });

  it('lists with ListObjects (v1) and markers', async () => {
    const first = await s3.send(new ListObjectsCommand({ Bucket: bucket, MaxKeys: 20 }));
    assert.equal(first.Contents?.length, 20);
    assert.equal(first.IsTruncated, true);
    assert.ok(first.Contents?.[0]?.Owner?.ID);
    const marker = first.NextMarker ?? first.Contents![19]!.Key!;
    const second = await s3.send(new ListObjectsCommand({ Bucket: bucket, Marker: marker }));
    assert.equal(second.Marker, marker);
    assert.equal(second.IsTruncated, false);
    assert.equal((first.Contents?.length ?? 0) + (second.Contents?.length ?? 0), keys.length);
  });

  it('refuses a bad max-keys, encoding-type and continuation token', async () => {
    await expectError(s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: -1 })), 'InvalidArgument', 400);
    await expectError(s3.send(new ListObjectsV2Command({ Bucket: bucket, EncodingType: 'base64' as 'url' })), 'InvalidArgument', 400);
    await expectError(s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: 'garbage' })), 'InvalidArgument', 400);
  });
});

describe('S3 conformance: SDK v3 — multipart uploads', () => {
  const bucket = 'sdk-multipart';
  const MiB = 1024 * 1024;
  const part1 = Buffer.alloc(5 * MiB, 'a');
  const part2 = Buffer.from('the last part may be small');
  before(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });

  it('uploads, lists and completes an upload; the ETag is S3\'s multipart form', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'big/object.bin', ContentType: 'application/x-test', Metadata: { m: 'v' } }));
    assert.ok(UploadId);
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    assert.deepEqual(uploads.Uploads?.map((u) => [u.Key, u.UploadId]), [['big/object.bin', UploadId]]);
    const p1 = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'big/object.bin', UploadId, PartNumber: 1, Body: part1 }));
    const p2 = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'big/object.bin', UploadId, PartNumber: 2, Body: part2 }));
    assert.equal(p1.ETag, `"${md5Hex(part1)}"`);
    const parts = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'big/object.bin', UploadId }));
    assert.deepEqual(parts.Parts?.map((p) => [p.PartNumber, p.ETag, p.Size]), [
      [1, p1.ETag, part1.length],
      [2, p2.ETag, part2.length],
    ]);
    const limited = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'big/object.bin', UploadId, MaxParts: 1 }));
    assert.equal(limited.IsTruncated, true);
    assert.equal(limited.NextPartNumberMarker, '1');
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'big/object.bin',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] },
      }),
    );
    const expected = createHash('md5').update(Buffer.concat([Buffer.from(md5Hex(part1), 'hex'), Buffer.from(md5Hex(part2), 'hex')])).digest('hex');
    assert.equal(done.ETag, `"${expected}-2"`);
    assert.equal(done.Key, 'big/object.bin');
    assert.equal(done.Bucket, bucket);
    assert.match(done.Location ?? '', /\/sdk-multipart\/big\/object\.bin$/);
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big/object.bin' }));
    assert.equal(got.ContentType, 'application/x-test');
    assert.deepEqual(got.Metadata, { m: 'v' });
    assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.concat([part1, part2])));
    const after = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    assert.equal(after.Uploads, undefined);
  });

  it('copies a range of an object into a part (UploadPartCopy)', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'source', Body: part1 }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'copied' }));
    const c1 = await s3.send(new UploadPartCopyCommand({ Bucket: bucket, Key: 'copied', UploadId, PartNumber: 1, CopySource: `${bucket}/source` }));
    const c2 = await s3.send(
      new UploadPartCopyCommand({ Bucket: bucket, Key: 'copied', UploadId, PartNumber: 2, CopySource: `${bucket}/source`, CopySourceRange: 'bytes=0-9' }),
    );
    assert.equal(c2.CopyPartResult?.ETag, `"${md5Hex(part1.subarray(0, 10))}"`);
    await expectError(
      s3.send(new UploadPartCopyCommand({ Bucket: bucket, Key: 'copied', UploadId, PartNumber: 3, CopySource: `${bucket}/source`, CopySourceRange: `bytes=0-${part1.length}` })),
      'InvalidRange',
      416,
    );
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'copied',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: c1.CopyPartResult!.ETag }, { PartNumber: 2, ETag: c2.CopyPartResult!.ETag }] },
      }),
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'copied' }));
    assert.equal(head.ContentLength, part1.length + 10);
  });

  it('refuses small parts, unknown parts and disorder, and forgets aborted uploads', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'bad' }));
    const small = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'bad', UploadId, PartNumber: 1, Body: 'tiny' }));
    const last = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'bad', UploadId, PartNumber: 2, Body: 'tiny' }));
    const complete = (parts: Array<{ PartNumber: number; ETag: string }>) =>
      s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'bad', UploadId, MultipartUpload: { Parts: parts } }));
    await expectError(complete([{ PartNumber: 1, ETag: small.ETag! }, { PartNumber: 2, ETag: last.ETag! }]), 'EntityTooSmall', 400);
    await expectError(complete([{ PartNumber: 1, ETag: '"00000000000000000000000000000000"' }]), 'InvalidPart', 400);
    await expectError(complete([{ PartNumber: 2, ETag: last.ETag! }, { PartNumber: 1, ETag: small.ETag! }]), 'InvalidPartOrder', 400);
    await expectError(s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'bad', UploadId, PartNumber: 10001, Body: 'x' })), 'InvalidArgument', 400);
    const aborted = await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'bad', UploadId }));
    assert.equal(aborted.$metadata.httpStatusCode, 204);
    await expectError(s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'bad', UploadId })), 'NoSuchUpload', 404);
    await expectError(s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'bad', UploadId: 'not-an-upload', PartNumber: 1, Body: 'x' })), 'NoSuchUpload', 404);
  });
});

describe('S3 conformance: SDK v3 — conditional writes', () => {
  const bucket = 'sdk-conditional';
  type ConditionFailure = S3ServiceException & { Condition?: string; Header?: string; Key?: string };
  before(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  const text = async (key: string) => (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();

  it('PutObject If-None-Match: * creates once, then 412 PreconditionFailed (Condition If-None-Match)', async () => {
    const first = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'once', Body: 'first', IfNoneMatch: '*' }));
    assert.equal(first.ETag, `"${md5Hex('first')}"`);
    const e = (await expectError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'once', Body: 'second', IfNoneMatch: '*' })), 'PreconditionFailed', 412)) as ConditionFailure;
    assert.equal(e.message, 'At least one of the pre-conditions you specified did not hold');
    assert.equal(e.Condition, 'If-None-Match');
    assert.equal(await text('once'), 'first');
    // A body larger than the facade reads at once is refused as well, and the client goes on.
    await expectError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'once', Body: Buffer.alloc(3 * 1024 * 1024, 'z'), IfNoneMatch: '*' })), 'PreconditionFailed', 412);
    assert.equal(await text('once'), 'first');
  });

  it('PutObject If-Match: the current ETag (quoted or not) replaces; another is 412, a missing key 404 NoSuchKey', async () => {
    const e404 = (await expectError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'cas', Body: 'x', IfMatch: '"abc"' })), 'NoSuchKey', 404)) as ConditionFailure;
    assert.equal(e404.Key, 'cas');
    await expectError(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'cas' })), 'NotFound', 404);
    const v1 = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'cas', Body: 'v1' }));
    const e412 = (await expectError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'cas', Body: 'v2', IfMatch: '"00000000000000000000000000000000"' })), 'PreconditionFailed', 412)) as ConditionFailure;
    assert.equal(e412.Condition, 'If-Match');
    const v2 = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'cas', Body: 'v2', IfMatch: v1.ETag }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'cas', Body: 'v3', IfMatch: v2.ETag!.replaceAll('"', '') }));
    await expectError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'cas', Body: 'v4', IfMatch: v1.ETag })), 'PreconditionFailed', 412);
    assert.equal(await text('cas'), 'v3');
  });

  it('answers NotImplemented (501) for If-None-Match other than *, and for both headers at once, as S3 does', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'ni', Body: 'x' }));
    const etagValue = (await expectError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'ni', Body: 'y', IfNoneMatch: put.ETag })), 'NotImplemented', 501)) as ConditionFailure;
    assert.equal(etagValue.Header, 'If-None-Match');
    const both = (await expectError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'ni', Body: 'y', IfNoneMatch: '*', IfMatch: put.ETag })), 'NotImplemented', 501)) as ConditionFailure;
    assert.equal(both.Header, 'If-Match,If-None-Match');
    assert.equal(await text('ni'), 'x');
  });

  it('of many concurrent If-None-Match: * puts of one key exactly one succeeds, the others get 412, and its bytes are stored', async () => {
    const bodies = Array.from({ length: 12 }, (_, i) => `writer ${i} `.repeat(1000 + i));
    const results = await Promise.allSettled(bodies.map((Body) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'race', Body, IfNoneMatch: '*' }))));
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [{ i, etag: r.value.ETag }] : []));
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as S3ServiceException] : []));
    assert.equal(won.length, 1);
    assert.deepEqual(new Set(lost.map((e) => `${e.name} ${e.$metadata.httpStatusCode}`)), new Set(['PreconditionFailed 412']));
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'race' }));
    assert.equal(got.ETag, won[0]!.etag);
    assert.equal(await got.Body!.transformToString(), bodies[won[0]!.i]);
  });

  it('CopyObject If-None-Match / If-Match apply to the destination', async () => {
    const src = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'copy-src', Body: 'source' }));
    await expectError(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy-dst', CopySource: `${bucket}/copy-src`, IfMatch: src.ETag })), 'NoSuchKey', 404);
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy-dst', CopySource: `${bucket}/copy-src`, IfNoneMatch: '*' }));
    const e = (await expectError(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy-dst', CopySource: `${bucket}/copy-src`, IfNoneMatch: '*' })), 'PreconditionFailed', 412)) as ConditionFailure;
    assert.equal(e.Condition, 'If-None-Match');
    const dst = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'copy-dst', Body: 'changed' }));
    await expectError(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy-dst', CopySource: `${bucket}/copy-src`, IfMatch: src.ETag })), 'PreconditionFailed', 412);
    const copied = await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy-dst', CopySource: `${bucket}/copy-src`, IfMatch: dst.ETag }));
    assert.equal(copied.CopyObjectResult?.ETag, src.ETag);
    assert.equal(await text('copy-dst'), 'source');
  });

  it('CompleteMultipartUpload If-None-Match: * is refused (412) once the key exists; the upload stays and completes with If-Match', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'mp' }));
    const part = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'mp', UploadId, PartNumber: 1, Body: 'the only part' }));
    const complete = (conditions: { IfNoneMatch?: string; IfMatch?: string }) =>
      s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'mp', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] }, ...conditions }));
    // An upload in progress is not an object: another writer's If-None-Match: * put wins.
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'mp', Body: 'first', IfNoneMatch: '*' }));
    const e = (await expectError(complete({ IfNoneMatch: '*' }), 'PreconditionFailed', 412)) as ConditionFailure;
    assert.equal(e.Condition, 'If-None-Match');
    await expectError(complete({ IfMatch: '"00000000000000000000000000000000"' }), 'PreconditionFailed', 412);
    assert.equal(await text('mp'), 'first');
    const parts = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'mp', UploadId }));
    assert.equal(parts.Parts?.length, 1);
    const done = await complete({ IfMatch: put.ETag! });
    assert.match(done.ETag ?? '', /-1"$/);
    assert.equal(await text('mp'), 'the only part');

    const fresh = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'mp-new' }));
    const freshPart = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'mp-new', UploadId: fresh.UploadId, PartNumber: 1, Body: 'new' }));
    await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'mp-new', UploadId: fresh.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: freshPart.ETag }] }, IfNoneMatch: '*' }),
    );
    assert.equal(await text('mp-new'), 'new');
  });
});
