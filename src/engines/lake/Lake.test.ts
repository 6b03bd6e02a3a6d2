import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { FileObjectStore } from '../../adapters/embedded/objectstore/FileObjectStore.js';
import { parseRangeHeader, resolveByteRange, contentRange } from './byteRanges.js';
import { Lake } from './Lake.js';
import { bucketNameProblem, keyProblem } from './naming.js';
import { rejectsWith } from './ObjectStore.contract.js';
import type { ObjectStore } from './ports.js';
import { checkReadConditions, normalizeEtag } from './preconditions.js';
import { ReadWriteLock } from './ReadWriteLock.js';
import { writeConditionFault } from './writeConditions.js';

/** Lets every promise continuation that is ready run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('naming', () => {
  test('bucket names', () => {
    assert.equal(bucketNameProblem('my-bucket.2024'), undefined);
    assert.match(bucketNameProblem('My-Bucket') ?? '', /lowercase/);
    assert.match(bucketNameProblem('10.0.0.1') ?? '', /IP address/);
    assert.match(bucketNameProblem('a..b') ?? '', /adjacent periods/);
    assert.match(bucketNameProblem('xn--punycode') ?? '', /reserved prefix/);
    assert.match(bucketNameProblem('bucket--table-s3') ?? '', /reserved suffix/);
    assert.match(bucketNameProblem('ab') ?? '', /between 3 and 63/);
  });

  test('keys are 1–1024 bytes of valid Unicode', () => {
    assert.equal(keyProblem('a'), undefined);
    assert.equal(keyProblem('../../etc/passwd'), undefined); // a valid S3 key; the adapter keeps it inside the bucket
    assert.deepEqual(keyProblem('€'.repeat(342)), { kind: 'KeyTooLong', bytes: 1026 });
    assert.equal(keyProblem('€'.repeat(341) + 'a'), undefined); // 1024 bytes
    assert.equal(keyProblem('')?.kind, 'InvalidKey');
    assert.equal(keyProblem('x\uDC00')?.kind, 'InvalidKey');
    assert.equal(keyProblem('😀'), undefined);
  });
});

describe('byte ranges', () => {
  test('parse', () => {
    assert.deepEqual(parseRangeHeader('bytes=0-9'), { first: 0, last: 9 });
    assert.deepEqual(parseRangeHeader('bytes=-5'), { suffixLength: 5 });
    assert.deepEqual(parseRangeHeader('bytes=10-'), { first: 10 });
    assert.deepEqual(parseRangeHeader(' Bytes = 1 - 2 '), { first: 1, last: 2 });
    for (const ignored of ['bytes=', 'bytes=-', 'bytes=5-4', 'items=0-1', 'bytes=0-1,3-4', 'bytes=a-b', '0-9']) {
      assert.equal(parseRangeHeader(ignored), undefined, ignored);
    }
  });

  test('resolve against a size', () => {
    assert.deepEqual(resolveByteRange({ first: 0, last: 9 }, 100), { start: 0, end: 9 });
    assert.deepEqual(resolveByteRange({ first: 90, last: 200 }, 100), { start: 90, end: 99 });
    assert.deepEqual(resolveByteRange({ first: 10 }, 100), { start: 10, end: 99 });
    assert.deepEqual(resolveByteRange({ suffixLength: 5 }, 100), { start: 95, end: 99 });
    assert.deepEqual(resolveByteRange({ suffixLength: 500 }, 100), { start: 0, end: 99 });
    assert.equal(resolveByteRange({ first: 100 }, 100), undefined);
    assert.equal(resolveByteRange({ suffixLength: 0 }, 100), undefined);
    assert.equal(resolveByteRange({ suffixLength: 1 }, 0), undefined);
    assert.equal(resolveByteRange({ first: 0 }, 0), undefined);
    assert.equal(contentRange({ start: 95, end: 99 }, 100), 'bytes 95-99/100');
  });
});

describe('read conditions', () => {
  const info = { key: 'k', size: 1, etag: 'abc', lastModified: new Date('2024-05-01T10:00:00.700Z'), userMetadata: {} };
  test('If-Match and If-None-Match accept lists, quotes, weak tags and *', () => {
    assert.equal(normalizeEtag('W/"abc"'), 'abc');
    assert.equal(checkReadConditions({ ifMatch: '"x", "abc"' }, info), undefined);
    assert.equal(checkReadConditions({ ifMatch: '*' }, info), undefined);
    assert.equal(checkReadConditions({ ifMatch: '"x"' }, info)?.kind, 'PreconditionFailed');
    assert.equal(checkReadConditions({ ifNoneMatch: '"x"' }, info), undefined);
    assert.equal(checkReadConditions({ ifNoneMatch: 'W/"abc"' }, info)?.kind, 'NotModified');
    assert.equal(checkReadConditions({ ifNoneMatch: '"abc"' }, info, false)?.kind, 'PreconditionFailed');
  });

  test('dates compare in whole seconds; If-Match overrides If-Unmodified-Since, If-None-Match overrides If-Modified-Since', () => {
    const sameSecond = new Date('2024-05-01T10:00:00.000Z');
    assert.equal(checkReadConditions({ ifModifiedSince: sameSecond }, info)?.kind, 'NotModified');
    assert.equal(checkReadConditions({ ifUnmodifiedSince: sameSecond }, info), undefined);
    const earlier = new Date('2024-05-01T09:59:59.000Z');
    assert.equal(checkReadConditions({ ifModifiedSince: earlier }, info), undefined);
    assert.equal(checkReadConditions({ ifUnmodifiedSince: earlier }, info)?.kind, 'PreconditionFailed');
    assert.equal(checkReadConditions({ ifMatch: 'abc', ifUnmodifiedSince: earlier }, info), undefined);
    assert.equal(checkReadConditions({ ifNoneMatch: '"other"', ifModifiedSince: sameSecond }, info), undefined);
  });
});

describe('write conditions', () => {
  const current = { etag: '9e107d9d372bb6826bd81d3542a419d6' };
  test('absent holds only when there is no object', () => {
    assert.equal(writeConditionFault({ kind: 'absent' }, 'b', 'k', undefined), undefined);
    assert.deepEqual(writeConditionFault({ kind: 'absent' }, 'b', 'k', current), { kind: 'WriteConditionFailed', bucket: 'b', key: 'k', condition: 'absent' });
  });

  test('etag: NoSuchKey without an object; S3 takes the tag quoted, bare or with one quote, and * for any', () => {
    assert.deepEqual(writeConditionFault({ kind: 'etag', etag: '*' }, 'b', 'k', undefined), { kind: 'NoSuchKey', bucket: 'b', key: 'k' });
    for (const etag of [`"${current.etag}"`, current.etag, `"${current.etag}`, `${current.etag}"`, ` "${current.etag}" `, '*']) {
      assert.equal(writeConditionFault({ kind: 'etag', etag }, 'b', 'k', current), undefined, etag);
    }
    for (const etag of ['"0"', '', `W/"${current.etag}"`, `"${current.etag}", "x"`]) {
      assert.equal(writeConditionFault({ kind: 'etag', etag }, 'b', 'k', current)?.kind, 'WriteConditionFailed', etag);
    }
  });
});

describe('ReadWriteLock', () => {
  test('readers share; a writer waits for them and holds back later readers, who go before the next writer', async () => {
    const lock = new ReadWriteLock();
    const events: string[] = [];
    const r1 = await lock.acquireRead();
    const r2 = await lock.acquireRead();
    const w1 = lock.acquireWrite().then((release) => (events.push('w1'), release));
    const r3 = lock.acquireRead().then((release) => (events.push('r3'), release));
    const w2 = lock.acquireWrite().then((release) => (events.push('w2'), release));
    await settle();
    assert.deepEqual(events, []);
    r1();
    r1(); // a second release is harmless
    await settle();
    assert.deepEqual(events, []);
    r2();
    await settle();
    assert.deepEqual(events, ['w1']);
    (await w1)();
    await settle();
    assert.deepEqual(events, ['w1', 'r3']);
    (await r3)();
    await settle();
    assert.deepEqual(events, ['w1', 'r3', 'w2']);
    (await w2)();
    assert.equal(lock.idle, true);
  });
});

describe('Lake', () => {
  const dirs: string[] = [];
  after(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });
  const openStore = async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lakehose-lake-engine-'));
    dirs.push(dataDir);
    return FileObjectStore.open({ dataDir });
  };

  test('invalid names never reach the store', async () => {
    const calls: string[] = [];
    const spy = new Proxy({} as ObjectStore, {
      get: (_target, prop) => () => {
        calls.push(String(prop));
        return Promise.resolve();
      },
    });
    const lake = new Lake(spy);
    await rejectsWith(lake.putObject('../up', 'k', Buffer.from('x')), 'InvalidBucketName');
    await rejectsWith(lake.putObject('bucket', 'k'.repeat(1025), Buffer.from('x')), 'KeyTooLong');
    await rejectsWith(lake.getObject('bucket', ''), 'InvalidKey');
    await rejectsWith(lake.uploadPart('bucket', 'k', 'u', 0, Buffer.from('x')), 'InvalidArgument');
    await rejectsWith(lake.putObject('bucket', 'k', Buffer.from('x'), { userMetadata: { big: 'x'.repeat(2048) } }), 'MetadataTooLarge');
    await rejectsWith(lake.putObject('bucket', 'k', Buffer.from('x'), { expectedSize: 6 * 1024 ** 3 }), 'EntityTooLarge');
    await rejectsWith(lake.deleteObjects('bucket', Array.from({ length: 1001 }, (_, i) => `k${i}`)), 'InvalidArgument');
    assert.throws(() => lake.prefixPath('bucket', 'no-slash'), /end with \//);
    assert.deepEqual(calls, []);
  });

  test('a replacement waits for snapshot leases; readers see the old set until it is applied', async () => {
    const store = await openStore();
    let signalPrepared!: () => void;
    const prepared = new Promise<void>((resolve) => {
      signalPrepared = resolve;
    });
    // The real store, announcing when the replacement's bodies are written.
    const watched = new Proxy(store, {
      get(target, prop) {
        if (prop === 'prepareReplacement') {
          return async (...args: Parameters<ObjectStore['prepareReplacement']>) => {
            const result = await target.prepareReplacement(...args);
            signalPrepared();
            return result;
          };
        }
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const lake = new Lake(watched);
    await lake.createBucket('snap');
    for (const key of ['p/1', 'p/2']) await lake.putObject('snap', key, Buffer.from(key));
    const keys = async () => (await lake.listObjects('snap')).objects.map((o) => o.key);

    const lease = await lake.readSnapshot('snap');
    let replaced = false;
    const replacing = lake.replaceObjects('snap', [{ key: 'p/all', body: Buffer.from('1+2') }], ['p/1', 'p/2']).then((r) => {
      replaced = true;
      return r;
    });
    await prepared;
    await settle();
    assert.equal(replaced, false);
    assert.deepEqual(await keys(), ['p/1', 'p/2']);
    lease.release();
    const infos = await replacing;
    assert.deepEqual(infos.map((i) => i.key), ['p/all']);
    assert.deepEqual(await keys(), ['p/all']);
    await store.close();
  });

  test('ensureBucket creates declared buckets once', async () => {
    const lake = new Lake(await openStore());
    const a = await lake.ensureBucket('declared');
    const b = await lake.ensureBucket('declared');
    assert.equal(a.creationDate.getTime(), b.creationDate.getTime());
    await lake.store.close();
  });
});
