/**
 * The contract every ObjectStore adapter must pass, driven through the Lake engine (so it
 * checks what S3 clients will see). An adapter's test file calls `objectStoreContract`.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { dirname, relative, isAbsolute } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_CONTENT_TYPE, Lake, MIN_PART_BYTES } from './Lake.js';
import { checksumOf, checksummed } from './checksums.js';
import { isLakeError, type LakeFaultKind } from './LakeError.js';
import type { ObjectStore } from './ports.js';

export interface ObjectStoreFixture {
  readonly store: ObjectStore;
  /** Removes whatever the store left behind; called after the store is closed. */
  dispose(): Promise<void>;
}

export function md5Hex(data: Uint8Array): string {
  return createHash('md5').update(data).digest('hex');
}

export async function readAll(stream: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export async function rejectsWith(promise: Promise<unknown>, kind: LakeFaultKind): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isLakeError(err), `expected a LakeError ${kind}, got ${String(err)}`);
    assert.equal(err.kind, kind);
    return true;
  });
}

function s3Sorted(keys: readonly string[]): string[] {
  return [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** Deterministic bytes that differ for every seed. */
export function patternBytes(size: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

function chunked(data: Buffer, chunkSize: number): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += chunkSize) yield data.subarray(i, i + chunkSize);
    })(),
  );
}

export function objectStoreContract(adapterName: string, openFixture: () => Promise<ObjectStoreFixture>): void {
  describe(`ObjectStore contract: ${adapterName}`, () => {
    let fixture: ObjectStoreFixture;
    let lake: Lake;
    let counter = 0;
    const newBucket = async (): Promise<string> => {
      const name = `contract-${++counter}`;
      await lake.createBucket(name);
      return name;
    };
    const text = async (bucket: string, key: string): Promise<string> =>
      (await readAll((await lake.getObject(bucket, key)).body)).toString('utf8');
    const listKeys = async (bucket: string, prefix = ''): Promise<string[]> => {
      const keys: string[] = [];
      for await (const o of lake.listAllObjects(bucket, prefix)) keys.push(o.key);
      return keys;
    };

    before(async () => {
      fixture = await openFixture();
      lake = new Lake(fixture.store);
    });
    after(async () => {
      await fixture.store.close();
      await fixture.dispose();
    });

    describe('checksums', () => {
      test('a put keeps its checksum (given, or given once the body is read) with the object; a copy recomputes it', async () => {
        const bucket = await newBucket();
        const body = patternBytes(100_000, 7);
        const sha = { algorithm: 'SHA256', type: 'FULL_OBJECT', value: checksumOf('SHA256', body) } as const;
        const put = await lake.putObject(bucket, 'given', body, { checksum: sha });
        assert.deepEqual(put.checksum, sha);
        assert.deepEqual((await lake.headObject(bucket, 'given')).checksum, sha);
        const read = await lake.getObject(bucket, 'given');
        read.body.destroy();
        assert.deepEqual(read.info.checksum, sha);

        const summed = checksummed(chunked(body, 4096), 'CRC32C');
        await lake.putObject(bucket, 'streamed', summed.body, { checksum: () => summed.result() });
        assert.equal((await lake.headObject(bucket, 'streamed')).checksum?.value, checksumOf('CRC32C', body));

        const copy = await lake.copyObject({ bucket, key: 'given' }, { bucket, key: 'copy' }, { checksumAlgorithm: 'CRC64NVME' });
        assert.deepEqual(copy.checksum, { algorithm: 'CRC64NVME', type: 'FULL_OBJECT', value: checksumOf('CRC64NVME', body) });
        const kept = await lake.copyObject({ bucket, key: 'given' }, { bucket, key: 'copy2' });
        assert.equal(kept.checksum?.value, sha.value);
        await lake.putObject(bucket, 'none', body);
        assert.equal((await lake.headObject(bucket, 'none')).checksum, undefined);
      });

      test('parts keep their checksums; completion answers COMPOSITE or FULL_OBJECT from them', async () => {
        const bucket = await newBucket();
        const small = new Lake(fixture.store, { minPartSizeBytes: 1 });
        const a = patternBytes(10_000, 1);
        const b = patternBytes(777, 2);
        for (const type of ['COMPOSITE', 'FULL_OBJECT'] as const) {
          const upload = await small.createMultipartUpload(bucket, `mp-${type}`, {}, { algorithm: 'CRC32', type });
          assert.deepEqual(upload.checksum, { algorithm: 'CRC32', type });
          assert.deepEqual((await small.describeUpload(bucket, `mp-${type}`, upload.uploadId)).checksum, { algorithm: 'CRC32', type });
          const parts = [];
          for (const [i, data] of [a, b].entries()) {
            const checksum = { algorithm: 'CRC32', type: 'FULL_OBJECT', value: checksumOf('CRC32', data) } as const;
            const part = await small.uploadPart(bucket, `mp-${type}`, upload.uploadId, i + 1, data, { checksum });
            assert.deepEqual(part.checksum, checksum);
            parts.push({ partNumber: i + 1, etag: part.etag });
          }
          const listed = await small.listParts(bucket, `mp-${type}`, upload.uploadId);
          assert.deepEqual(listed.parts.map((p) => p.checksum?.value), [checksumOf('CRC32', a), checksumOf('CRC32', b)]);
          const done = await small.completeMultipartUpload(bucket, `mp-${type}`, upload.uploadId, parts);
          const expected =
            type === 'FULL_OBJECT'
              ? checksumOf('CRC32', Buffer.concat([a, b]))
              : `${checksumOf('CRC32', Buffer.concat([Buffer.from(checksumOf('CRC32', a), 'base64'), Buffer.from(checksumOf('CRC32', b), 'base64')]))}-2`;
          assert.deepEqual(done.checksum, { algorithm: 'CRC32', type, value: expected });
          assert.deepEqual((await small.headObject(bucket, `mp-${type}`)).checksum, done.checksum);
        }
      });
    });

    describe('buckets', () => {
      test('create, head, list with creation dates; a second create is BucketAlreadyOwnedByYou', async () => {
        const before = Date.now();
        const created = await lake.createBucket('buckets-a');
        assert.equal(created.name, 'buckets-a');
        assert.ok(created.creationDate.getTime() >= before - 1000);
        const head = await lake.headBucket('buckets-a');
        assert.equal(head.creationDate.getTime(), created.creationDate.getTime());
        await lake.createBucket('buckets-b');
        const listed = (await lake.listBuckets()).map((b) => b.name);
        assert.deepEqual(
          listed.filter((n) => n.startsWith('buckets-')),
          ['buckets-a', 'buckets-b'],
        );
        await rejectsWith(lake.createBucket('buckets-a'), 'BucketAlreadyOwnedByYou');
      });

      test('ensureBucket is idempotent and keeps the creation date', async () => {
        const first = await lake.ensureBucket('ensured');
        const second = await lake.ensureBucket('ensured');
        assert.equal(second.creationDate.getTime(), first.creationDate.getTime());
      });

      test('delete: refused while an object remains; afterwards the bucket is gone and a new one of that name is empty', async () => {
        const bucket = await newBucket();
        await lake.putObject(bucket, 'deep/inside/x', Buffer.from('x'));
        await rejectsWith(lake.deleteBucket(bucket), 'BucketNotEmpty');
        await lake.deleteObject(bucket, 'deep/inside/x');
        await lake.deleteBucket(bucket);
        await rejectsWith(lake.headBucket(bucket), 'NoSuchBucket');
        await rejectsWith(lake.deleteBucket(bucket), 'NoSuchBucket');
        await lake.createBucket(bucket);
        assert.deepEqual(await listKeys(bucket), []);
      });

      test('object operations on a missing bucket fail with NoSuchBucket', async () => {
        await rejectsWith(lake.putObject('no-such-bucket', 'k', Buffer.from('x')), 'NoSuchBucket');
        await rejectsWith(lake.getObject('no-such-bucket', 'k'), 'NoSuchBucket');
        await rejectsWith(lake.listObjects('no-such-bucket'), 'NoSuchBucket');
        await rejectsWith(lake.deleteObject('no-such-bucket', 'k'), 'NoSuchBucket');
        await rejectsWith(lake.createMultipartUpload('no-such-bucket', 'k'), 'NoSuchBucket');
      });

      test('bucket names follow S3 rules', async () => {
        for (const bad of ['ab', 'a'.repeat(64), 'Upper', 'under_score', '-abc', 'abc-', '.abc', 'a..b', '192.168.5.4', 'xn--abc', 'sthree-x', 'amzn-s3-demo-x', 'abc-s3alias', 'abc--ol-s3', 'abc.mrap', 'abc--x-s3', '../lake', 'a/b', '']) {
          await rejectsWith(lake.createBucket(bad), 'InvalidBucketName');
        }
        for (const good of ['abc', 'my.bucket-1', '1-2-3', 'a'.repeat(63)]) await lake.createBucket(good);
      });
    });

    describe('objects', () => {
      test('put a Buffer and get it back with ETag = MD5 and every stored header', async () => {
        const bucket = await newBucket();
        const body = Buffer.from('hello lake');
        const put = await lake.putObject(bucket, 'docs/hello.txt', body, {
          contentType: 'text/plain',
          contentEncoding: 'identity',
          contentDisposition: 'inline',
          contentLanguage: 'en',
          cacheControl: 'max-age=60',
          expires: 'Thu, 01 Dec 2044 16:00:00 GMT',
          userMetadata: { Owner: 'team-a', 'x-trace': 'abc' },
        });
        assert.equal(put.etag, md5Hex(body));
        assert.equal(put.size, body.length);
        const got = await lake.getObject(bucket, 'docs/hello.txt');
        assert.deepEqual(await readAll(got.body), body);
        assert.equal(got.range, undefined);
        const info = got.info;
        assert.equal(info.etag, md5Hex(body));
        assert.equal(info.size, body.length);
        assert.equal(info.contentType, 'text/plain');
        assert.equal(info.contentEncoding, 'identity');
        assert.equal(info.contentDisposition, 'inline');
        assert.equal(info.contentLanguage, 'en');
        assert.equal(info.cacheControl, 'max-age=60');
        assert.equal(info.expires, 'Thu, 01 Dec 2044 16:00:00 GMT');
        assert.deepEqual(info.userMetadata, { owner: 'team-a', 'x-trace': 'abc' });
        assert.equal(info.lastModified.getTime(), put.lastModified.getTime());
        assert.ok(Math.abs(info.lastModified.getTime() - Date.now()) < 60_000);
        const head = await lake.headObject(bucket, 'docs/hello.txt');
        assert.equal(head.etag, info.etag);
        assert.deepEqual(head.userMetadata, info.userMetadata);
      });

      test('without a content type, S3\'s default is answered', async () => {
        const bucket = await newBucket();
        await lake.putObject(bucket, 'k', Buffer.from('x'));
        assert.equal((await lake.headObject(bucket, 'k')).contentType, DEFAULT_CONTENT_TYPE);
      });

      test('put from a stream of many chunks', async () => {
        const bucket = await newBucket();
        const data = patternBytes(3 * 1024 * 1024 + 17, 7);
        const put = await lake.putObject(bucket, 'stream.bin', chunked(data, 65_536));
        assert.equal(put.etag, md5Hex(data));
        assert.equal(put.size, data.length);
        assert.deepEqual(await readAll((await lake.getObject(bucket, 'stream.bin')).body), data);
      });

      test('an empty object has the MD5 of nothing', async () => {
        const bucket = await newBucket();
        const put = await lake.putObject(bucket, 'empty', Buffer.alloc(0));
        assert.equal(put.etag, 'd41d8cd98f00b204e9800998ecf8427e');
        const got = await lake.getObject(bucket, 'empty');
        assert.equal((await readAll(got.body)).length, 0);
        assert.equal(got.info.size, 0);
      });

      test('overwrite replaces bytes and metadata', async () => {
        const bucket = await newBucket();
        await lake.putObject(bucket, 'k', Buffer.from('first'), { contentType: 'text/a', userMetadata: { a: '1' } });
        const second = await lake.putObject(bucket, 'k', Buffer.from('second!'), { contentType: 'text/b' });
        assert.equal(await text(bucket, 'k'), 'second!');
        const head = await lake.headObject(bucket, 'k');
        assert.equal(head.etag, md5Hex(Buffer.from('second!')));
        assert.equal(head.etag, second.etag);
        assert.equal(head.contentType, 'text/b');
        assert.deepEqual(head.userMetadata, {});
        assert.deepEqual(await listKeys(bucket), ['k']);
      });

      test('overwriting many times in a row keeps the last version', async () => {
        const bucket = await newBucket();
        for (let i = 0; i < 20; i++) await lake.putObject(bucket, 'same', Buffer.from('same-size'), { userMetadata: { i: String(i) } });
        assert.deepEqual((await lake.headObject(bucket, 'same')).userMetadata, { i: '19' });
      });

      test('concurrent overwrites of one key leave exactly one complete version', async () => {
        const bucket = await newBucket();
        const bodies = Array.from({ length: 8 }, (_, i) => patternBytes(100_000 + i, i));
        await Promise.all(bodies.map((b) => lake.putObject(bucket, 'contended', b)));
        const got = await lake.getObject(bucket, 'contended');
        const bytes = await readAll(got.body);
        assert.ok(bodies.some((b) => b.equals(bytes)));
        assert.equal(got.info.etag, md5Hex(bytes));
      });

      test('an open reader keeps reading the version it opened', async () => {
        const bucket = await newBucket();
        await lake.putObject(bucket, 'k', Buffer.from('old version'));
        const reading = await lake.getObject(bucket, 'k');
        await lake.putObject(bucket, 'k', Buffer.from('new version, longer'));
        await lake.deleteObject(bucket, 'k');
        assert.equal((await readAll(reading.body)).toString(), 'old version');
        assert.equal(reading.info.etag, md5Hex(Buffer.from('old version')));
      });

      test('byte ranges: bytes=0-9, bytes=-5, bytes=10-, clamping, and unsatisfiable ranges', async () => {
        const bucket = await newBucket();
        const data = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz'); // 36 bytes
        await lake.putObject(bucket, 'r', data);
        const ranged = async (range: string) => {
          const got = await lake.getObject(bucket, 'r', { range });
          return { bytes: (await readAll(got.body)).toString(), range: got.range };
        };
        assert.deepEqual(await ranged('bytes=0-9'), { bytes: '0123456789', range: { start: 0, end: 9 } });
        assert.deepEqual(await ranged('bytes=-5'), { bytes: 'vwxyz', range: { start: 31, end: 35 } });
        assert.deepEqual(await ranged('bytes=10-'), { bytes: data.subarray(10).toString(), range: { start: 10, end: 35 } });
        assert.deepEqual(await ranged('bytes=30-1000'), { bytes: 'uvwxyz', range: { start: 30, end: 35 } });
        assert.deepEqual(await ranged('bytes=-100'), { bytes: data.toString(), range: { start: 0, end: 35 } });
        assert.deepEqual(await ranged('bytes=35-35'), { bytes: 'z', range: { start: 35, end: 35 } });
        // Syntax S3 ignores: the whole object, no range.
        assert.deepEqual(await ranged('bytes=5-2'), { bytes: data.toString(), range: undefined });
        assert.deepEqual(await ranged('bytes=0-1,4-5'), { bytes: data.toString(), range: undefined });
        await rejectsWith(lake.getObject(bucket, 'r', { range: 'bytes=36-' }), 'InvalidRange');
        await rejectsWith(lake.getObject(bucket, 'r', { range: 'bytes=-0' }), 'InvalidRange');
        await lake.putObject(bucket, 'empty', Buffer.alloc(0));
        await rejectsWith(lake.getObject(bucket, 'empty', { range: 'bytes=0-0' }), 'InvalidRange');
      });

      test('a range of a large object reads only that part', async () => {
        const bucket = await newBucket();
        const data = patternBytes(6 * 1024 * 1024, 3);
        await lake.putObject(bucket, 'big', data);
        const got = await lake.getObject(bucket, 'big', { range: { first: 5_000_000, last: 5_100_000 } });
        assert.deepEqual(await readAll(got.body), data.subarray(5_000_000, 5_100_001));
      });

      test('missing keys: get and head fail with NoSuchKey, delete succeeds', async () => {
        const bucket = await newBucket();
        await rejectsWith(lake.getObject(bucket, 'nope'), 'NoSuchKey');
        await rejectsWith(lake.headObject(bucket, 'nope'), 'NoSuchKey');
        await lake.deleteObject(bucket, 'nope');
        await lake.putObject(bucket, 'dir/file', Buffer.from('x'));
        await rejectsWith(lake.getObject(bucket, 'dir'), 'NoSuchKey');
        await rejectsWith(lake.getObject(bucket, 'dir/file/below'), 'NoSuchKey');
      });

      test('a body that fails its MD5 or length check stores nothing and keeps the old version', async () => {
        const bucket = await newBucket();
        await lake.putObject(bucket, 'k', Buffer.from('kept'));
        await rejectsWith(lake.putObject(bucket, 'k', Buffer.from('new'), { expectedMd5: md5Hex(Buffer.from('other')) }), 'BadDigest');
        await rejectsWith(lake.putObject(bucket, 'k', Buffer.from('new'), { expectedSize: 10 }), 'IncompleteBody');
        await rejectsWith(lake.putObject(bucket, 'k', chunked(Buffer.from('too long body'), 3), { expectedSize: 4 }), 'IncompleteBody');
        await rejectsWith(lake.putObject(bucket, 'fresh', Buffer.from('new'), { expectedSize: 2 }), 'IncompleteBody');
        assert.equal(await text(bucket, 'k'), 'kept');
        assert.deepEqual(await listKeys(bucket), ['k']);
        const ok = await lake.putObject(bucket, 'k', Buffer.from('new'), { expectedMd5: md5Hex(Buffer.from('new')), expectedSize: 3 });
        assert.equal(ok.etag, md5Hex(Buffer.from('new')));
      });

      test('a stream that fails midway stores nothing', async () => {
        const bucket = await newBucket();
        const failing = Readable.from(
          (function* () {
            yield Buffer.alloc(1000, 1);
            throw new Error('client went away');
          })(),
        );
        await assert.rejects(lake.putObject(bucket, 'broken', failing), /client went away/);
        assert.deepEqual(await listKeys(bucket), []);
      });

      test('conditional reads', async () => {
        const bucket = await newBucket();
        const { etag, lastModified } = await lake.putObject(bucket, 'k', Buffer.from('x'));
        assert.equal((await lake.headObject(bucket, 'k', { ifMatch: `"${etag}"` })).etag, etag);
        await rejectsWith(lake.headObject(bucket, 'k', { ifMatch: '"0123"' }), 'PreconditionFailed');
        await rejectsWith(lake.getObject(bucket, 'k', { conditions: { ifNoneMatch: `"${etag}"` } }), 'NotModified');
        await rejectsWith(lake.getObject(bucket, 'k', { conditions: { ifModifiedSince: new Date(lastModified.getTime() + 5000) } }), 'NotModified');
        await rejectsWith(lake.getObject(bucket, 'k', { conditions: { ifUnmodifiedSince: new Date(lastModified.getTime() - 5000) } }), 'PreconditionFailed');
        const fresh = await lake.getObject(bucket, 'k', { conditions: { ifModifiedSince: new Date(lastModified.getTime() - 5000) } });
        assert.equal((await readAll(fresh.body)).toString(), 'x');
      });

      test('deleteObjects reports each key', async () => {
        const bucket = await newBucket();
        await lake.putObject(bucket, 'a', Buffer.from('a'));
        await lake.putObject(bucket, 'b/c', Buffer.from('c'));
        const results = await lake.deleteObjects(bucket, ['a', 'b/c', 'missing', '']);
        assert.deepEqual(
          results.map((r) => [r.key, r.deleted]),
          [['a', true], ['b/c', true], ['missing', true], ['', false]],
        );
        assert.deepEqual(await listKeys(bucket), []);
      });

      test('key length and validity', async () => {
        const bucket = await newBucket();
        const longKey = Array.from({ length: 8 }, (_, i) => `${i}`.repeat(127)).join('/'); // 8*127 + 7 = 1023 bytes
        const maxKey = `${longKey}x`;
        assert.equal(Buffer.byteLength(maxKey), 1024);
        await lake.putObject(bucket, maxKey, Buffer.from('max'));
        assert.equal(await text(bucket, maxKey), 'max');
        await rejectsWith(lake.putObject(bucket, `${maxKey}y`, Buffer.from('x')), 'KeyTooLong');
        await rejectsWith(lake.putObject(bucket, 'é'.repeat(513), Buffer.from('x')), 'KeyTooLong');
        await rejectsWith(lake.putObject(bucket, '', Buffer.from('x')), 'InvalidKey');
        await rejectsWith(lake.putObject(bucket, 'bad\uD800surrogate', Buffer.from('x')), 'InvalidKey');
      });
    });

    describe('keys that are not plain paths', () => {
      test('`a` and `a/b` coexist, in either order of creation, and survive each other\'s deletion', async () => {
        const bucket = await newBucket();
        await lake.putObject(bucket, 'a', Buffer.from('file a'));
        await lake.putObject(bucket, 'a/b', Buffer.from('file a/b'));
        await lake.putObject(bucket, 'a/b/c', Buffer.from('file a/b/c'));
        assert.equal(await text(bucket, 'a'), 'file a');
        assert.equal(await text(bucket, 'a/b'), 'file a/b');
        assert.equal(await text(bucket, 'a/b/c'), 'file a/b/c');
        assert.deepEqual(await listKeys(bucket), ['a', 'a/b', 'a/b/c']);
        await lake.putObject(bucket, 'a', Buffer.from('file a, again'));
        assert.equal(await text(bucket, 'a'), 'file a, again');
        assert.equal((await lake.headObject(bucket, 'a')).etag, md5Hex(Buffer.from('file a, again')));
        await lake.deleteObject(bucket, 'a/b/c');
        await lake.deleteObject(bucket, 'a/b');
        assert.equal(await text(bucket, 'a'), 'file a, again');
        assert.deepEqual(await listKeys(bucket), ['a']);
        await lake.putObject(bucket, 'a', Buffer.from('v3'));
        assert.deepEqual(await listKeys(bucket), ['a']);
        assert.equal(await text(bucket, 'a'), 'v3');

        await lake.putObject(bucket, 'x/y', Buffer.from('x/y'));
        await lake.putObject(bucket, 'x', Buffer.from('x'));
        assert.equal(await text(bucket, 'x'), 'x');
        await lake.deleteObject(bucket, 'x');
        assert.equal(await text(bucket, 'x/y'), 'x/y');
        await rejectsWith(lake.getObject(bucket, 'x'), 'NoSuchKey');
        assert.deepEqual(await listKeys(bucket), ['a', 'x/y']);
      });

      test('concurrent writers of nested keys (`a`, `a/b`, `a/b/c` …) end in the state their own last operations imply', async () => {
        const bucket = await newBucket();
        const keys = ['a', 'a/b', 'a/b/c', 'a/c', 'a/', 'b', 'b/a'];
        // Each key gets its own sequence of puts and deletes; the sequences run concurrently.
        const finals = new Map<string, string | undefined>();
        await Promise.all(
          keys.map(async (key, k) => {
            let last: string | undefined;
            for (let step = 0; step < 12; step++) {
              if ((step * 7 + k) % 5 === 0) {
                await lake.deleteObject(bucket, key);
                last = undefined;
              } else {
                last = `${key}#${step}`;
                await lake.putObject(bucket, key, Buffer.from(last));
              }
            }
            finals.set(key, last);
          }),
        );
        const expected = keys.filter((k) => finals.get(k) !== undefined);
        assert.deepEqual(await listKeys(bucket), s3Sorted(expected));
        for (const key of expected) assert.equal(await text(bucket, key), finals.get(key));
      });

      test('folder objects (`photos/`) sit beside the objects under them', async () => {
        const bucket = await newBucket();
        await lake.putObject(bucket, 'photos/', Buffer.alloc(0));
        await lake.putObject(bucket, 'photos/cat.jpg', Buffer.from('cat'));
        assert.deepEqual(await listKeys(bucket), ['photos/', 'photos/cat.jpg']);
        const root = await lake.listObjects(bucket, { delimiter: '/' });
        assert.deepEqual(root.commonPrefixes, ['photos/']);
        assert.deepEqual(root.objects, []);
        const inside = await lake.listObjects(bucket, { prefix: 'photos/', delimiter: '/' });
        assert.deepEqual(inside.objects.map((o) => o.key), ['photos/', 'photos/cat.jpg']);
        await lake.deleteObject(bucket, 'photos/cat.jpg');
        assert.equal((await lake.headObject(bucket, 'photos/')).size, 0);
      });

      test('keys that look like path escapes stay inside the bucket and keep their exact names', async () => {
        const bucket = await newBucket();
        const neighbour = await newBucket();
        const keys = [
          '../escape',
          `../${neighbour}/planted`,
          '../../../../../../tmp/lakehose-escape',
          '/absolute/path',
          '/',
          '//',
          'a/../../b',
          '.',
          '..',
          './x',
          'a/./b',
          'a//b',
          'a/',
          '%',
          '%d',
          '%fz',
          '%dz/%fz',
          '.meta/x',
          '.tmp/x',
          'back\\slash',
          'new\nline',
          'sp ace/ümlaut/日本語/😀',
        ];
        for (const [i, key] of keys.entries()) await lake.putObject(bucket, key, Buffer.from(`#${i}`));
        for (const [i, key] of keys.entries()) assert.equal(await text(bucket, key), `#${i}`, key);
        assert.deepEqual(await listKeys(bucket), s3Sorted(keys));
        assert.deepEqual(await listKeys(neighbour), []);
        const bucketDir = lake.bucketPath(bucket);
        if (bucketDir !== undefined) {
          for (const key of keys) {
            const path = await lake.localPath(bucket, key);
            assert.ok(path !== undefined, key);
            const rel = relative(bucketDir, path);
            assert.ok(!rel.startsWith('..') && !isAbsolute(rel) && rel !== '', `${key} → ${path}`);
          }
          // Nothing appeared beside the buckets: only buckets and the store's own dot-folders.
          const lakeRoot = dirname(bucketDir);
          const buckets = new Set((await lake.listBuckets()).map((b) => b.name));
          for (const name of await readdir(lakeRoot)) assert.ok(buckets.has(name) || name.startsWith('.'), name);
        }
        for (const key of keys) await lake.deleteObject(bucket, key);
        assert.deepEqual(await listKeys(bucket), []);
        await lake.deleteBucket(bucket);
      });
    });

    describe('listing', () => {
      const orderKeys = ['a', 'a/b', 'a-c', 'a/', 'A', 'é', '😀', '\uFFFD', 'b', 'a.b', 'a0', 'a/b/c', 'a/bc', 'ab', 'a/b-c', 'Z', '~'];

      test('keys come in UTF-8 byte order with sizes, ETags and dates', async () => {
        const bucket = await newBucket();
        for (const key of orderKeys) await lake.putObject(bucket, key, Buffer.from(`<${key}>`));
        const page = await lake.listObjects(bucket);
        assert.deepEqual(page.objects.map((o) => o.key), s3Sorted(orderKeys));
        assert.equal(page.isTruncated, false);
        for (const o of page.objects) {
          const body = Buffer.from(`<${o.key}>`);
          assert.equal(o.size, body.length);
          assert.equal(o.etag, md5Hex(body));
          assert.ok(o.lastModified instanceof Date);
        }
      });

      test('prefix, start-after, delimiter and common prefixes', async () => {
        const bucket = await newBucket();
        const keys = ['logs/2024/01/a.log', 'logs/2024/01/b.log', 'logs/2024/02/a.log', 'logs/2025/x.log', 'logs/readme', 'logsheet', 'photos/1.jpg', 'top'];
        for (const key of keys) await lake.putObject(bucket, key, Buffer.from(key));
        assert.deepEqual(await listKeys(bucket, 'logs/'), keys.slice(0, 5));
        assert.deepEqual(await listKeys(bucket, 'logs'), keys.slice(0, 6));
        assert.deepEqual(await listKeys(bucket, 'logs/2024/0'), keys.slice(0, 3));
        assert.deepEqual(await listKeys(bucket, 'nothing'), []);

        const root = await lake.listObjects(bucket, { delimiter: '/' });
        assert.deepEqual(root.commonPrefixes, ['logs/', 'photos/']);
        assert.deepEqual(root.objects.map((o) => o.key), ['logsheet', 'top']);

        const logs = await lake.listObjects(bucket, { prefix: 'logs/', delimiter: '/' });
        assert.deepEqual(logs.commonPrefixes, ['logs/2024/', 'logs/2025/']);
        assert.deepEqual(logs.objects.map((o) => o.key), ['logs/readme']);

        const partial = await lake.listObjects(bucket, { prefix: 'logs/20', delimiter: '/' });
        assert.deepEqual(partial.commonPrefixes, ['logs/2024/', 'logs/2025/']);

        const dash = await lake.listObjects(bucket, { delimiter: 's' });
        assert.deepEqual(dash.commonPrefixes, ['logs', 'photos']);
        assert.deepEqual(dash.objects.map((o) => o.key), ['top']);

        const multi = await lake.listObjects(bucket, { prefix: 'logs/', delimiter: '/0' });
        assert.deepEqual(multi.commonPrefixes, ['logs/2024/0']);
        assert.deepEqual(multi.objects.map((o) => o.key), ['logs/2025/x.log', 'logs/readme']);

        const after = await lake.listObjects(bucket, { startAfter: 'logs/2024/02/a.log' });
        assert.deepEqual(after.objects.map((o) => o.key), keys.slice(3));
        const afterPrefix = await lake.listObjects(bucket, { startAfter: 'logs/', delimiter: '/' });
        assert.deepEqual(afterPrefix.commonPrefixes, ['photos/']);
        assert.deepEqual(afterPrefix.objects.map((o) => o.key), ['logsheet', 'top']);
      });

      test('pagination with continuation tokens visits every key once', async () => {
        const bucket = await newBucket();
        const keys = Array.from({ length: 23 }, (_, i) => `k/${String(i).padStart(2, '0')}${i % 3 === 0 ? '/deep' : ''}`);
        for (const key of keys) await lake.putObject(bucket, key, Buffer.from(key));
        const seen: string[] = [];
        let token: string | undefined;
        let pages = 0;
        do {
          const page = await lake.listObjects(bucket, { maxKeys: 4, ...(token ? { continuationToken: token } : {}) });
          pages++;
          assert.ok(page.objects.length <= 4);
          seen.push(...page.objects.map((o) => o.key));
          if (page.isTruncated) {
            assert.ok(page.nextContinuationToken);
            assert.equal(page.nextMarker, page.objects[page.objects.length - 1]?.key);
          }
          token = page.isTruncated ? page.nextContinuationToken : undefined;
        } while (token);
        assert.deepEqual(seen, s3Sorted(keys));
        assert.equal(pages, 6);
        const exact = await lake.listObjects(bucket, { maxKeys: 23 });
        assert.equal(exact.isTruncated, false);
        assert.equal(exact.objects.length, 23);
      });

      test('pagination with a delimiter counts common prefixes and never repeats one', async () => {
        const bucket = await newBucket();
        const keys = ['a/1', 'a/2', 'b', 'c/1', 'c/2/3', 'd', 'e/1', 'f'];
        for (const key of keys) await lake.putObject(bucket, key, Buffer.from(key));
        const entries: string[] = [];
        let token: string | undefined;
        do {
          const page = await lake.listObjects(bucket, { delimiter: '/', maxKeys: 2, ...(token ? { continuationToken: token } : {}) });
          assert.equal(page.objects.length + page.commonPrefixes.length <= 2, true);
          entries.push(...page.commonPrefixes, ...page.objects.map((o) => o.key));
          token = page.isTruncated ? page.nextContinuationToken : undefined;
        } while (token);
        assert.deepEqual(s3Sorted(entries), ['a/', 'b', 'c/', 'd', 'e/', 'f']);
        assert.equal(new Set(entries).size, entries.length);
        // ListObjects v1 style: NextMarker fed back as start-after.
        const first = await lake.listObjects(bucket, { delimiter: '/', maxKeys: 1 });
        assert.equal(first.nextMarker, 'a/');
        const second = await lake.listObjects(bucket, { delimiter: '/', maxKeys: 1, startAfter: first.nextMarker ?? '' });
        assert.deepEqual(second.objects.map((o) => o.key), ['b']);
      });

      test('max-keys 0 and a bad continuation token', async () => {
        const bucket = await newBucket();
        await lake.putObject(bucket, 'k', Buffer.from('k'));
        const none = await lake.listObjects(bucket, { maxKeys: 0 });
        assert.deepEqual(none.objects, []);
        await rejectsWith(lake.listObjects(bucket, { continuationToken: '***' }), 'InvalidArgument');
        await rejectsWith(lake.listObjects(bucket, { maxKeys: -1 }), 'InvalidArgument');
      });
    });

    describe('copy', () => {
      test('copies bytes and attributes, or replaces the attributes', async () => {
        const source = await newBucket();
        const target = await newBucket();
        const body = patternBytes(200_000, 11);
        await lake.putObject(source, 'src', body, { contentType: 'application/x-src', userMetadata: { origin: 'src' } });
        const copied = await lake.copyObject({ bucket: source, key: 'src' }, { bucket: target, key: 'dst/copy' });
        assert.equal(copied.etag, md5Hex(body));
        const got = await lake.getObject(target, 'dst/copy');
        assert.deepEqual(await readAll(got.body), body);
        assert.equal(got.info.contentType, 'application/x-src');
        assert.deepEqual(got.info.userMetadata, { origin: 'src' });

        const replaced = await lake.copyObject({ bucket: source, key: 'src' }, { bucket: source, key: 'src' }, { attributes: { contentType: 'text/new', userMetadata: { New: 'yes' } } });
        assert.equal(replaced.etag, md5Hex(body));
        const head = await lake.headObject(source, 'src');
        assert.equal(head.contentType, 'text/new');
        assert.deepEqual(head.userMetadata, { new: 'yes' });
        assert.deepEqual(await readAll((await lake.getObject(source, 'src')).body), body);
      });

      test('copy refusals: to itself unchanged, missing source, failed source condition', async () => {
        const bucket = await newBucket();
        const { etag } = await lake.putObject(bucket, 'k', Buffer.from('x'));
        await rejectsWith(lake.copyObject({ bucket, key: 'k' }, { bucket, key: 'k' }), 'InvalidRequest');
        await rejectsWith(lake.copyObject({ bucket, key: 'missing' }, { bucket, key: 'k2' }), 'NoSuchKey');
        await rejectsWith(lake.copyObject({ bucket, key: 'k' }, { bucket, key: 'k2' }, { sourceConditions: { ifMatch: '"nope"' } }), 'PreconditionFailed');
        await rejectsWith(lake.copyObject({ bucket, key: 'k' }, { bucket, key: 'k2' }, { sourceConditions: { ifNoneMatch: etag } }), 'PreconditionFailed');
        await lake.copyObject({ bucket, key: 'k' }, { bucket, key: 'k2' }, { sourceConditions: { ifMatch: etag } });
        assert.equal(await text(bucket, 'k2'), 'x');
      });
    });

    describe('multipart uploads', () => {
      const partA = patternBytes(MIN_PART_BYTES, 21);
      const partB = patternBytes(MIN_PART_BYTES + 1, 22);
      const partC = patternBytes(1234, 23);
      const expectedEtag = (parts: Buffer[]) =>
        `${createHash('md5')
          .update(Buffer.concat(parts.map((p) => createHash('md5').update(p).digest())))
          .digest('hex')}-${parts.length}`;

      test('parts assemble into one object with the multipart ETag', async () => {
        const bucket = await newBucket();
        const upload = await lake.createMultipartUpload(bucket, 'big/object.bin', { contentType: 'application/x-big', userMetadata: { Kind: 'mp' } });
        assert.equal(upload.key, 'big/object.bin');
        const p1 = await lake.uploadPart(bucket, 'big/object.bin', upload.uploadId, 1, partA);
        const p2 = await lake.uploadPart(bucket, 'big/object.bin', upload.uploadId, 2, chunked(partB, 100_000));
        const p3 = await lake.uploadPart(bucket, 'big/object.bin', upload.uploadId, 3, partC);
        assert.equal(p1.etag, md5Hex(partA));
        assert.equal(p2.size, partB.length);
        const listed = await lake.listParts(bucket, 'big/object.bin', upload.uploadId);
        assert.deepEqual(listed.parts.map((p) => [p.partNumber, p.etag, p.size]), [
          [1, md5Hex(partA), partA.length],
          [2, md5Hex(partB), partB.length],
          [3, md5Hex(partC), partC.length],
        ]);
        const paged = await lake.listParts(bucket, 'big/object.bin', upload.uploadId, { maxParts: 2 });
        assert.equal(paged.isTruncated, true);
        assert.equal(paged.nextPartNumberMarker, 2);
        const rest = await lake.listParts(bucket, 'big/object.bin', upload.uploadId, { partNumberMarker: 2 });
        assert.deepEqual(rest.parts.map((p) => p.partNumber), [3]);
        assert.deepEqual((await lake.listObjects(bucket)).objects, []);

        const done = await lake.completeMultipartUpload(bucket, 'big/object.bin', upload.uploadId, [
          { partNumber: 1, etag: `"${p1.etag}"` },
          { partNumber: 2, etag: p2.etag },
          { partNumber: 3, etag: `"${p3.etag}"` },
        ]);
        assert.equal(done.etag, expectedEtag([partA, partB, partC]));
        assert.equal(done.partsCount, 3);
        const got = await lake.getObject(bucket, 'big/object.bin');
        assert.deepEqual(await readAll(got.body), Buffer.concat([partA, partB, partC]));
        assert.equal(got.info.etag, done.etag);
        assert.equal(got.info.contentType, 'application/x-big');
        assert.deepEqual(got.info.userMetadata, { kind: 'mp' });
        const listedObjects = await lake.listObjects(bucket);
        assert.equal(listedObjects.objects[0]?.etag, done.etag);
        await rejectsWith(lake.listParts(bucket, 'big/object.bin', upload.uploadId), 'NoSuchUpload');
        assert.deepEqual((await lake.listMultipartUploads(bucket)).uploads, []);
        // A copy of a multipart object is a single-part object: its ETag is the plain MD5.
        const copy = await lake.copyObject({ bucket, key: 'big/object.bin' }, { bucket, key: 'copy.bin' });
        assert.equal(copy.etag, md5Hex(Buffer.concat([partA, partB, partC])));
      });

      test('parts may skip numbers; a re-uploaded part replaces the earlier one', async () => {
        const bucket = await newBucket();
        const { uploadId } = await lake.createMultipartUpload(bucket, 'k');
        await lake.uploadPart(bucket, 'k', uploadId, 2, partC);
        const redone = await lake.uploadPart(bucket, 'k', uploadId, 2, partA);
        const last = await lake.uploadPart(bucket, 'k', uploadId, 7, partC);
        assert.deepEqual((await lake.listParts(bucket, 'k', uploadId)).parts.map((p) => [p.partNumber, p.etag]), [
          [2, md5Hex(partA)],
          [7, md5Hex(partC)],
        ]);
        const done = await lake.completeMultipartUpload(bucket, 'k', uploadId, [
          { partNumber: 2, etag: redone.etag },
          { partNumber: 7, etag: last.etag },
        ]);
        assert.equal(done.etag, expectedEtag([partA, partC]));
        assert.equal(done.size, partA.length + partC.length);
      });

      test('completion refusals leave the upload intact', async () => {
        const bucket = await newBucket();
        const { uploadId } = await lake.createMultipartUpload(bucket, 'k');
        const small = await lake.uploadPart(bucket, 'k', uploadId, 1, partC);
        const big = await lake.uploadPart(bucket, 'k', uploadId, 2, partA);
        await rejectsWith(lake.completeMultipartUpload(bucket, 'k', uploadId, []), 'InvalidRequest');
        await rejectsWith(lake.completeMultipartUpload(bucket, 'k', uploadId, [{ partNumber: 1, etag: md5Hex(partB) }]), 'InvalidPart');
        await rejectsWith(lake.completeMultipartUpload(bucket, 'k', uploadId, [{ partNumber: 3, etag: big.etag }]), 'InvalidPart');
        await rejectsWith(
          lake.completeMultipartUpload(bucket, 'k', uploadId, [
            { partNumber: 2, etag: big.etag },
            { partNumber: 1, etag: small.etag },
          ]),
          'InvalidPartOrder',
        );
        await rejectsWith(
          lake.completeMultipartUpload(bucket, 'k', uploadId, [
            { partNumber: 1, etag: small.etag },
            { partNumber: 1, etag: small.etag },
          ]),
          'InvalidPartOrder',
        );
        await rejectsWith(
          lake.completeMultipartUpload(bucket, 'k', uploadId, [
            { partNumber: 1, etag: small.etag },
            { partNumber: 2, etag: big.etag },
          ]),
          'EntityTooSmall',
        );
        await rejectsWith(lake.completeMultipartUpload(bucket, 'other-key', uploadId, [{ partNumber: 2, etag: big.etag }]), 'NoSuchUpload');
        await rejectsWith(lake.completeMultipartUpload(bucket, 'k', 'not-an-upload', [{ partNumber: 2, etag: big.etag }]), 'NoSuchUpload');
        await rejectsWith(lake.completeMultipartUpload(bucket, 'k', '../../escape', [{ partNumber: 2, etag: big.etag }]), 'NoSuchUpload');
        await rejectsWith(lake.uploadPart(bucket, 'k', uploadId, 0, partC), 'InvalidArgument');
        await rejectsWith(lake.uploadPart(bucket, 'k', uploadId, 10_001, partC), 'InvalidArgument');
        assert.equal((await lake.listParts(bucket, 'k', uploadId)).parts.length, 2);
        const done = await lake.completeMultipartUpload(bucket, 'k', uploadId, [{ partNumber: 2, etag: big.etag }]);
        assert.equal(done.etag, expectedEtag([partA]));
      });

      test('abort, and listing uploads by key then initiation', async () => {
        const bucket = await newBucket();
        const u1 = await lake.createMultipartUpload(bucket, 'b/key');
        const u2 = await lake.createMultipartUpload(bucket, 'a/key');
        const u3 = await lake.createMultipartUpload(bucket, 'b/key');
        await lake.uploadPart(bucket, 'b/key', u1.uploadId, 1, partC);
        const all = await lake.listMultipartUploads(bucket);
        assert.deepEqual(all.uploads.map((u) => u.key), ['a/key', 'b/key', 'b/key']);
        assert.equal(all.uploads[0]?.uploadId, u2.uploadId);
        assert.deepEqual(new Set(all.uploads.slice(1).map((u) => u.uploadId)), new Set([u1.uploadId, u3.uploadId]));
        assert.deepEqual((await lake.listMultipartUploads(bucket, { prefix: 'b/' })).uploads.length, 2);
        const firstPage = await lake.listMultipartUploads(bucket, { maxUploads: 2 });
        assert.equal(firstPage.isTruncated, true);
        const secondPage = await lake.listMultipartUploads(bucket, {
          maxUploads: 2,
          ...(firstPage.nextKeyMarker === undefined ? {} : { keyMarker: firstPage.nextKeyMarker }),
          ...(firstPage.nextUploadIdMarker === undefined ? {} : { uploadIdMarker: firstPage.nextUploadIdMarker }),
        });
        assert.deepEqual(
          [...firstPage.uploads, ...secondPage.uploads].map((u) => u.uploadId),
          all.uploads.map((u) => u.uploadId),
        );
        await lake.abortMultipartUpload(bucket, 'b/key', u1.uploadId);
        await rejectsWith(lake.listParts(bucket, 'b/key', u1.uploadId), 'NoSuchUpload');
        await rejectsWith(lake.abortMultipartUpload(bucket, 'b/key', u1.uploadId), 'NoSuchUpload');
        await rejectsWith(lake.uploadPart(bucket, 'b/key', u1.uploadId, 1, partC), 'NoSuchUpload');
        assert.equal((await lake.listMultipartUploads(bucket)).uploads.length, 2);
        assert.deepEqual((await lake.listObjects(bucket)).objects, []);
      });
    });

    describe('conditional writes', () => {
      const absent = { kind: 'absent' } as const;
      const etagIs = (etag: string) => ({ kind: 'etag', etag }) as const;
      /** Settled results, split: the values of the writes that succeeded and the fault kinds of those that did not. */
      const settle = async <T>(writes: Array<Promise<T>>): Promise<{ won: Array<{ index: number; value: T }>; lost: string[] }> => {
        const results = await Promise.allSettled(writes);
        const won: Array<{ index: number; value: T }> = [];
        const lost: string[] = [];
        results.forEach((r, index) => {
          if (r.status === 'fulfilled') won.push({ index, value: r.value });
          else lost.push(isLakeError(r.reason) ? r.reason.kind : String(r.reason));
        });
        return { won, lost };
      };

      test('only if absent: creates a missing key once; later writes fail and change nothing', async () => {
        const bucket = await newBucket();
        const first = await lake.putObject(bucket, 'once', Buffer.from('first'), { condition: absent, userMetadata: { n: '1' } });
        await rejectsWith(lake.putObject(bucket, 'once', Buffer.from('second'), { condition: absent }), 'WriteConditionFailed');
        // The store checks too, not only the engine's early look.
        await rejectsWith(fixture.store.putObject(bucket, 'once', Buffer.from('third'), { condition: absent }), 'WriteConditionFailed');
        const head = await lake.headObject(bucket, 'once');
        assert.equal(head.etag, first.etag);
        assert.deepEqual(head.userMetadata, { n: '1' });
        assert.equal(await text(bucket, 'once'), 'first');
        // Deleted, the key may be created again.
        await lake.deleteObject(bucket, 'once');
        await fixture.store.putObject(bucket, 'once', Buffer.from('again'), { condition: absent });
        assert.equal(await text(bucket, 'once'), 'again');
      });

      test('only if the ETag matches: quoted, bare or half-quoted, or * for any; NoSuchKey when there is no object', async () => {
        const bucket = await newBucket();
        await rejectsWith(lake.putObject(bucket, 'cas', Buffer.from('x'), { condition: etagIs('*') }), 'NoSuchKey');
        await rejectsWith(fixture.store.putObject(bucket, 'cas', Buffer.from('x'), { condition: etagIs(md5Hex(Buffer.from('x'))) }), 'NoSuchKey');
        assert.deepEqual(await listKeys(bucket), []);
        const v1 = await lake.putObject(bucket, 'cas', Buffer.from('v1'));
        await rejectsWith(lake.putObject(bucket, 'cas', Buffer.from('v2'), { condition: etagIs('"00000000000000000000000000000000"') }), 'WriteConditionFailed');
        await rejectsWith(fixture.store.putObject(bucket, 'cas', Buffer.from('v2'), { condition: etagIs('nope') }), 'WriteConditionFailed');
        assert.equal(await text(bucket, 'cas'), 'v1');
        const v2 = await lake.putObject(bucket, 'cas', Buffer.from('v2'), { condition: etagIs(`"${v1.etag}"`) });
        const v3 = await lake.putObject(bucket, 'cas', Buffer.from('v3'), { condition: etagIs(v2.etag) });
        const v4 = await lake.putObject(bucket, 'cas', Buffer.from('v4'), { condition: etagIs(`${v3.etag}"`) });
        await lake.putObject(bucket, 'cas', Buffer.from('v5'), { condition: etagIs('*') });
        await rejectsWith(lake.putObject(bucket, 'cas', Buffer.from('v6'), { condition: etagIs(v4.etag) }), 'WriteConditionFailed');
        assert.equal(await text(bucket, 'cas'), 'v5');
      });

      test('many concurrent "only if absent" writes of one key: exactly one succeeds and its bytes are stored', async () => {
        const bucket = await newBucket();
        const bodies = Array.from({ length: 16 }, (_, i) => patternBytes(50_000 + i, 100 + i));
        // Straight to the store, so every writer passes the engine's early look and the store alone decides.
        const { won, lost } = await settle(bodies.map((b, i) => fixture.store.putObject(bucket, 'race', chunked(b, 7_000 + i), { condition: absent })));
        assert.equal(won.length, 1, `winners: ${won.length}, losers: ${lost.join(', ')}`);
        assert.deepEqual(new Set(lost), new Set(['WriteConditionFailed']));
        const winner = won[0]!;
        const got = await lake.getObject(bucket, 'race');
        assert.ok((await readAll(got.body)).equals(bodies[winner.index]!));
        assert.equal(got.info.etag, winner.value.etag);
        assert.equal(got.info.etag, md5Hex(bodies[winner.index]!));

        // Through the engine too: its early look lets every writer through while the key is missing.
        const viaLake = await settle(bodies.map((b) => lake.putObject(bucket, 'race-2', b, { condition: absent })));
        assert.equal(viaLake.won.length, 1);
        assert.equal(md5Hex(await readAll((await lake.getObject(bucket, 'race-2')).body)), viaLake.won[0]!.value.etag);
      });

      test('many concurrent compare-and-swap writes from one ETag: exactly one succeeds', async () => {
        const bucket = await newBucket();
        const base = await lake.putObject(bucket, 'counter', Buffer.from('0'));
        const { won, lost } = await settle(
          Array.from({ length: 12 }, (_, i) => fixture.store.putObject(bucket, 'counter', Buffer.from(`next-${i}`), { condition: etagIs(base.etag) })),
        );
        assert.equal(won.length, 1);
        assert.deepEqual(new Set(lost), new Set(['WriteConditionFailed']));
        assert.equal(await text(bucket, 'counter'), `next-${won[0]!.index}`);
      });

      test('a conditional write races deletes and plain overwrites without tearing', async () => {
        const bucket = await newBucket();
        for (let round = 0; round < 10; round++) {
          const results = await settle<unknown>([
            lake.deleteObject(bucket, 'mixed'),
            fixture.store.putObject(bucket, 'mixed', Buffer.from(`conditional-${round}`), { condition: absent }),
            lake.putObject(bucket, 'mixed', Buffer.from(`plain-${round}`)),
          ]);
          assert.ok(results.lost.every((kind) => kind === 'WriteConditionFailed'), results.lost.join(', '));
          const got = await lake.getObject(bucket, 'mixed').catch((err: unknown) => {
            if (isLakeError(err, 'NoSuchKey')) return undefined;
            throw err;
          });
          if (got) {
            const bytes = (await readAll(got.body)).toString();
            assert.ok([`conditional-${round}`, `plain-${round}`].includes(bytes), bytes);
            assert.equal(got.info.etag, md5Hex(Buffer.from(bytes)));
          }
          await lake.deleteObject(bucket, 'mixed');
        }
      });

      test('copy: the condition is on the target', async () => {
        const bucket = await newBucket();
        const src = await lake.putObject(bucket, 'src', Buffer.from('source'));
        await rejectsWith(lake.copyObject({ bucket, key: 'src' }, { bucket, key: 'dst' }, { condition: etagIs(src.etag) }), 'NoSuchKey');
        await lake.copyObject({ bucket, key: 'src' }, { bucket, key: 'dst' }, { condition: absent });
        await rejectsWith(lake.copyObject({ bucket, key: 'src' }, { bucket, key: 'dst' }, { condition: absent }), 'WriteConditionFailed');
        await rejectsWith(fixture.store.copyObject({ bucket, key: 'src' }, { bucket, key: 'dst' }, undefined, absent), 'WriteConditionFailed');
        const other = await lake.putObject(bucket, 'dst', Buffer.from('changed'));
        await rejectsWith(lake.copyObject({ bucket, key: 'src' }, { bucket, key: 'dst' }, { condition: etagIs(src.etag) }), 'WriteConditionFailed');
        assert.equal(await text(bucket, 'dst'), 'changed');
        await lake.copyObject({ bucket, key: 'src' }, { bucket, key: 'dst' }, { condition: etagIs(other.etag) });
        assert.equal(await text(bucket, 'dst'), 'source');
        // Onto itself: If-Match on its own ETag, with new attributes.
        await lake.copyObject({ bucket, key: 'src' }, { bucket, key: 'src' }, { attributes: { contentType: 'text/x' }, condition: etagIs(src.etag) });
        assert.equal((await lake.headObject(bucket, 'src')).contentType, 'text/x');
      });

      test('multipart completion: a failed condition stores nothing and leaves the upload to complete or abort', async () => {
        const bucket = await newBucket();
        const part = Buffer.from('one small part');
        const { uploadId } = await lake.createMultipartUpload(bucket, 'mp');
        const p1 = await lake.uploadPart(bucket, 'mp', uploadId, 1, part);
        const parts = [{ partNumber: 1, etag: p1.etag }];
        await rejectsWith(lake.completeMultipartUpload(bucket, 'mp', uploadId, parts, { condition: etagIs('*') }), 'NoSuchKey');
        // Another writer gets there first (an upload in progress is not an object).
        const put = await lake.putObject(bucket, 'mp', Buffer.from('beaten to it'), { condition: absent });
        await rejectsWith(lake.completeMultipartUpload(bucket, 'mp', uploadId, parts, { condition: absent }), 'WriteConditionFailed');
        await rejectsWith(fixture.store.completeMultipartUpload(bucket, 'mp', uploadId, parts, absent), 'WriteConditionFailed');
        assert.equal(await text(bucket, 'mp'), 'beaten to it');
        assert.equal((await lake.listParts(bucket, 'mp', uploadId)).parts.length, 1);
        const done = await lake.completeMultipartUpload(bucket, 'mp', uploadId, parts, { condition: etagIs(put.etag) });
        assert.equal(done.partsCount, 1);
        assert.equal(await text(bucket, 'mp'), 'one small part');
        await rejectsWith(lake.listParts(bucket, 'mp', uploadId), 'NoSuchUpload');
      });

      test('concurrent conditional completions and puts of one key: one winner', async () => {
        const bucket = await newBucket();
        const uploads = await Promise.all(
          [0, 1, 2].map(async (i) => {
            const { uploadId } = await lake.createMultipartUpload(bucket, 'contended');
            const part = await lake.uploadPart(bucket, 'contended', uploadId, 1, Buffer.from(`upload-${i}`));
            return { uploadId, parts: [{ partNumber: 1, etag: part.etag }] };
          }),
        );
        const { won, lost } = await settle<unknown>([
          ...uploads.map((u) => fixture.store.completeMultipartUpload(bucket, 'contended', u.uploadId, u.parts, absent)),
          ...[0, 1, 2].map((i) => fixture.store.putObject(bucket, 'contended', Buffer.from(`put-${i}`), { condition: absent })),
        ]);
        assert.equal(won.length, 1);
        assert.deepEqual(new Set(lost), new Set(['WriteConditionFailed']));
        const expected = won[0]!.index < 3 ? `upload-${won[0]!.index}` : `put-${won[0]!.index - 3}`;
        assert.equal(await text(bucket, 'contended'), expected);
      });
    });

    describe('replacing a set of objects', () => {
      test('puts and deletes happen together', async () => {
        const bucket = await newBucket();
        for (const key of ['t/old-1.parquet', 't/old-2.parquet', 't/keep.parquet']) await lake.putObject(bucket, key, Buffer.from(key));
        const infos = await lake.replaceObjects(
          bucket,
          [
            { key: 't/compacted.parquet', body: Buffer.from('compacted'), options: { contentType: 'application/x-parquet' } },
            { key: 't/keep.parquet', body: chunked(Buffer.from('kept, rewritten'), 4) },
          ],
          ['t/old-1.parquet', 't/old-2.parquet', 't/never-existed.parquet'],
        );
        assert.deepEqual(infos.map((i) => [i.key, i.etag]), [
          ['t/compacted.parquet', md5Hex(Buffer.from('compacted'))],
          ['t/keep.parquet', md5Hex(Buffer.from('kept, rewritten'))],
        ]);
        assert.deepEqual(await listKeys(bucket), ['t/compacted.parquet', 't/keep.parquet']);
        assert.equal((await lake.headObject(bucket, 't/compacted.parquet')).contentType, 'application/x-parquet');
        assert.equal(await text(bucket, 't/keep.parquet'), 'kept, rewritten');
        await rejectsWith(lake.replaceObjects(bucket, [{ key: 'x', body: Buffer.from('x') }], ['x']), 'InvalidArgument');
        await rejectsWith(lake.replaceObjects('no-such-bucket', [{ key: 'x', body: Buffer.from('x') }], []), 'NoSuchBucket');
      });

      test('a discarded preparation changes nothing', async () => {
        const bucket = await newBucket();
        await lake.putObject(bucket, 'a', Buffer.from('a'));
        const prepared = await fixture.store.prepareReplacement(bucket, [{ key: 'b', body: Buffer.from('b') }], ['a']);
        await prepared.discard();
        assert.deepEqual(await listKeys(bucket), ['a']);
      });
    });
  });
}
