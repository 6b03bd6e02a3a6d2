import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { MemoryDocumentStore } from '../../adapters/memory/MemoryDocumentStore.js';
import { MemoryStreamLogStore } from '../../adapters/memory/MemoryStreamLogStore.js';
import { decodeSequenceNumber } from './SequenceNumber.js';
import type { StreamState } from './Stream.js';
import { StreamsEngine, type PutResult, type StreamsEngineOptions } from './StreamsEngine.js';
import { StreamsError } from './StreamsError.js';

async function engine(overrides: Partial<StreamsEngineOptions> = {}, docs = new MemoryDocumentStore(), logs = new MemoryStreamLogStore()) {
  return StreamsEngine.open(
    {
      accountId: '000000000000',
      shardLimit: 50,
      onDemandStreamLimit: 2,
      transitionDelayMs: 0,
      throughputLimitsByDefault: false,
      retentionSweepMs: 0,
      ...overrides,
    },
    docs.collection<StreamState>('streams'),
    docs.collection<{ value: string }>('settings'),
    logs,
  );
}

const bytes = (s: string) => Buffer.from(s);

function ok(r: PutResult | undefined): Extract<PutResult, { ok: true }> {
  assert.ok(r?.ok, `expected a stored record, got ${JSON.stringify(r)}`);
  return r;
}

async function rejectsWith(p: Promise<unknown> | (() => unknown), kind: string, re?: RegExp) {
  await assert.rejects(async () => (typeof p === 'function' ? p() : p), (e: unknown) => {
    assert.ok(e instanceof StreamsError, `expected StreamsError, got ${String(e)}`);
    assert.equal(e.kind, kind);
    if (re) assert.match(e.message, re);
    return true;
  });
}

describe('StreamsEngine', () => {
  it('creates provisioned streams with uniform hash ranges covering the whole key space', async () => {
    const e = await engine();
    await e.createStream({ name: 's', shardCount: 3 });
    const shards = e.shards('s');
    assert.equal(shards.length, 3);
    assert.equal(shards[0]!.startingHashKey, '0');
    assert.equal(shards[0]!.endingHashKey, '113427455640312821154458202477256070484');
    assert.equal(shards[1]!.startingHashKey, '113427455640312821154458202477256070485');
    assert.equal(shards[2]!.endingHashKey, String((1n << 128n) - 1n));
    await rejectsWith(e.createStream({ name: 's', shardCount: 1 }), 'StreamExists', /already exists/);
    await rejectsWith(e.createStream({ name: 't' }), 'InvalidArgument');
    await rejectsWith(e.createStream({ name: 'u', shardCount: 100 }), 'LimitExceeded', /shard limit/);
  });

  it('routes by the MD5 of the partition key and honours ExplicitHashKey', async () => {
    const e = await engine();
    await e.createStream({ name: 's', shardCount: 4 });
    const key = 'user-42';
    const hash = BigInt('0x' + createHash('md5').update(key).digest('hex'));
    const expectedShard = Number(hash / (1n << 126n));
    const r = ok((await e.putRecords('s', [{ partitionKey: key, data: bytes('x') }]))[0]);
    assert.equal(r.shardId, `shardId-00000000000${expectedShard}`);
    const x = ok((await e.putRecords('s', [{ partitionKey: key, explicitHashKey: String(3n << 126n), data: bytes('y') }]))[0]);
    assert.equal(x.shardId, 'shardId-000000000003');
    await rejectsWith(e.putRecords('s', [{ partitionKey: 'k', explicitHashKey: String(1n << 128n), data: bytes('') }]), 'InvalidArgument', /ExplicitHashKey/);
  });

  it('issues 56-digit sequence numbers that increase within a shard and read back in order', async () => {
    const e = await engine();
    await e.createStream({ name: 's', shardCount: 1 });
    const results = await e.putRecords('s', Array.from({ length: 20 }, (_, i) => ({ partitionKey: `k${i}`, data: bytes(`r${i}`) })));
    const seqs = results.map((r) => (r.ok ? r.sequenceNumber : ''));
    for (const s of seqs) assert.equal(s.length, 56);
    for (let i = 1; i < seqs.length; i++) assert.ok(BigInt(seqs[i]!) > BigInt(seqs[i - 1]!));
    const it0 = await e.getShardIterator('s', 'shardId-000000000000', 'TRIM_HORIZON', {});
    const got = await e.getRecords(it0, 7);
    assert.deepEqual(got.records.map((r) => r.sequenceNumber), seqs.slice(0, 7));
    const rest = await e.getRecords(got.nextIterator!, undefined);
    assert.deepEqual(rest.records.map((r) => Buffer.from(r.data).toString()), Array.from({ length: 13 }, (_, i) => `r${i + 7}`));
    assert.equal(rest.millisBehindLatest, 0);
    const at = await e.getShardIterator('s', 'shardId-000000000000', 'AT_SEQUENCE_NUMBER', { sequenceNumber: seqs[5] });
    assert.equal((await e.getRecords(at, 1)).records[0]!.sequenceNumber, seqs[5]);
    const after = await e.getShardIterator('s', 'shardId-000000000000', 'AFTER_SEQUENCE_NUMBER', { sequenceNumber: seqs[5] });
    assert.equal((await e.getRecords(after, 1)).records[0]!.sequenceNumber, seqs[6]);
    const latest = await e.getShardIterator('s', 'shardId-000000000000', 'LATEST', {});
    assert.equal((await e.getRecords(latest, 10)).records.length, 0);
    assert.equal(decodeSequenceNumber(seqs[3]!)!.offset, 3);
  });

  it('rejects sequence numbers of other shards, forged iterators and expired ones', async () => {
    let now = 1_700_000_000_000;
    const e = await engine({ clock: () => now });
    await e.createStream({ name: 's', shardCount: 2 });
    const r = ok((await e.putRecords('s', [{ partitionKey: 'a', explicitHashKey: '0', data: bytes('x') }]))[0]);
    await rejectsWith(e.getShardIterator('s', 'shardId-000000000001', 'AT_SEQUENCE_NUMBER', { sequenceNumber: r.sequenceNumber }), 'InvalidArgument', /It encodes shardId-000000000000/);
    await rejectsWith(e.getShardIterator('s', 'shardId-000000000000', 'AT_SEQUENCE_NUMBER', {}), 'InvalidArgument', /no StartingSequenceNumber/);
    await rejectsWith(e.getShardIterator('s', 'shardId-000000000009', 'LATEST', {}), 'ShardNotFound');
    const it = await e.getShardIterator('s', 'shardId-000000000000', 'TRIM_HORIZON', {});
    const forged = it.slice(0, -4) + (it.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    await rejectsWith(e.getRecords(forged, 1), 'InvalidArgument', /Invalid ShardIterator/);
    await rejectsWith(e.getRecords('not-an-iterator-at-all-really', 1), 'InvalidArgument');
    now += 5 * 60 * 1000 + 1;
    await rejectsWith(e.getRecords(it, 1), 'IteratorExpired', /Iterator expired/);
  });

  it('reads AT_TIMESTAMP and reports MillisBehindLatest', async () => {
    let now = 1_700_000_000_000;
    const e = await engine({ clock: () => now });
    await e.createStream({ name: 's', shardCount: 1 });
    await e.putRecords('s', [{ partitionKey: 'a', data: bytes('old') }]);
    now += 10_000;
    await e.putRecords('s', [{ partitionKey: 'a', data: bytes('new') }]);
    now += 5_000;
    const it = await e.getShardIterator('s', 'shardId-000000000000', 'AT_TIMESTAMP', { timestampMs: now - 12_000 });
    const got = await e.getRecords(it, 10);
    assert.deepEqual(got.records.map((r) => Buffer.from(r.data).toString()), ['new']);
    const fromStart = await e.getRecords(await e.getShardIterator('s', 'shardId-000000000000', 'TRIM_HORIZON', {}), 1);
    assert.equal(fromStart.millisBehindLatest, 5_000);
    await rejectsWith(e.getShardIterator('s', 'shardId-000000000000', 'AT_TIMESTAMP', { timestampMs: now + 1000 }), 'InvalidArgument');
  });

  it('enforces retention bounds and direction', async () => {
    const e = await engine();
    await e.createStream({ name: 's', shardCount: 1 });
    await e.increaseRetention('s', 48);
    assert.equal(e.summary('s').retentionHours, 48);
    await rejectsWith(e.increaseRetention('s', 30), 'InvalidArgument', /can not be shorter/);
    await rejectsWith(e.decreaseRetention('s', 72), 'InvalidArgument', /can not be longer/);
    await rejectsWith(e.decreaseRetention('s', 12), 'InvalidArgument', /Minimum allowed retention period is 24 hours/);
    await rejectsWith(e.increaseRetention('s', 9000), 'InvalidArgument');
    await e.decreaseRetention('s', 24);
  });

  it('hides records older than the retention period', async () => {
    let now = 1_700_000_000_000;
    const e = await engine({ clock: () => now });
    await e.createStream({ name: 's', shardCount: 1 });
    await e.putRecords('s', [{ partitionKey: 'a', data: bytes('ancient') }]);
    now += 25 * 3_600_000;
    await e.putRecords('s', [{ partitionKey: 'a', data: bytes('fresh') }]);
    const got = await e.getRecords(await e.getShardIterator('s', 'shardId-000000000000', 'TRIM_HORIZON', {}), 10);
    assert.deepEqual(got.records.map((r) => Buffer.from(r.data).toString()), ['fresh']);
  });

  it('splits a shard: the parent closes, children cover its range and get new writes', async () => {
    const e = await engine();
    await e.createStream({ name: 's', shardCount: 1 });
    ok((await e.putRecords('s', [{ partitionKey: 'a', data: bytes('before') }]))[0]);
    const mid = String(1n << 127n);
    await e.splitShard('s', 'shardId-000000000000', mid);
    const shards = e.shards('s');
    assert.deepEqual(shards.map((s) => s.shardId), ['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002']);
    assert.ok(shards[0]!.endingSequenceNumber);
    assert.equal(shards[1]!.parentShardId, 'shardId-000000000000');
    assert.equal(shards[1]!.endingHashKey, String((1n << 127n) - 1n));
    assert.equal(shards[2]!.startingHashKey, mid);
    const after = ok((await e.putRecords('s', [{ partitionKey: 'a', data: bytes('after') }]))[0]);
    assert.notEqual(after.shardId, 'shardId-000000000000');
    // Reading the parent to its end ends the iterator and names the children.
    const parent = await e.getRecords(await e.getShardIterator('s', 'shardId-000000000000', 'TRIM_HORIZON', {}), 100);
    assert.deepEqual(parent.records.map((r) => Buffer.from(r.data).toString()), ['before']);
    assert.equal(parent.nextIterator, undefined);
    assert.deepEqual(parent.childShards!.map((c) => c.shardId), ['shardId-000000000001', 'shardId-000000000002']);
    await rejectsWith(e.splitShard('s', 'shardId-000000000000', mid), 'InvalidArgument');
    await rejectsWith(e.splitShard('s', 'shardId-000000000001', '0'), 'InvalidArgument', /NewStartingHashKey/);
  });

  it('merges adjacent shards and refuses others', async () => {
    const e = await engine();
    await e.createStream({ name: 's', shardCount: 3 });
    await rejectsWith(e.mergeShards('s', 'shardId-000000000000', 'shardId-000000000002'), 'InvalidArgument', /not an adjacent pair/);
    await e.mergeShards('s', 'shardId-000000000001', 'shardId-000000000000');
    const child = e.shards('s').find((s) => s.shardId === 'shardId-000000000003')!;
    assert.equal(child.parentShardId, 'shardId-000000000001');
    assert.equal(child.adjacentParentShardId, 'shardId-000000000000');
    assert.equal(child.startingHashKey, '0');
    assert.equal(e.summary('s').openShardCount, 2);
  });

  it('updates the shard count to uniform shards with at most two parents each', async () => {
    const e = await engine();
    await e.createStream({ name: 's', shardCount: 5 });
    await e.putRecords('s', Array.from({ length: 50 }, (_, i) => ({ partitionKey: `k${i}`, data: bytes('x') })));
    assert.deepEqual(await e.updateShardCount('s', 3), { current: 5, target: 3 });
    const open = e.shards('s').filter((s) => s.endingSequenceNumber === undefined);
    assert.equal(open.length, 3);
    const third = ((1n << 128n) / 3n).toString();
    assert.equal(open[1]!.startingHashKey, third);
    for (const s of open) assert.ok(s.parentShardId, `${s.shardId} has a parent`);
    await e.updateShardCount('s', 6);
    assert.equal(e.summary('s').openShardCount, 6);
    await rejectsWith(e.updateShardCount('s', 13), 'LimitExceeded');
    await rejectsWith(e.updateShardCount('s', 2), 'LimitExceeded');
  });

  it('switches capacity mode at most twice a day and limits on-demand streams', async () => {
    const e = await engine();
    await e.createStream({ name: 'a', mode: 'ON_DEMAND' });
    assert.equal(e.summary('a').openShardCount, 4);
    await rejectsWith(e.splitShard('a', 'shardId-000000000000', '1'), 'InvalidArgument', /ON_DEMAND/);
    await e.createStream({ name: 'b', shardCount: 1 });
    await e.updateStreamMode('b', 'ON_DEMAND');
    await rejectsWith(e.createStream({ name: 'c', mode: 'ON_DEMAND' }), 'LimitExceeded');
    await e.updateStreamMode('b', 'PROVISIONED');
    await rejectsWith(e.updateStreamMode('b', 'ON_DEMAND'), 'LimitExceeded', /twice/);
  });

  it('throttles per shard when throughput limits are on', async () => {
    const now = 1_700_000_000_000;
    const e = await engine({ clock: () => now, throughputLimitsByDefault: true });
    await e.createStream({ name: 's', shardCount: 1 });
    const results = await e.putRecords('s', Array.from({ length: 500 }, (_, i) => ({ partitionKey: `k${i}`, data: Buffer.alloc(4096) })));
    const ok = results.filter((r) => r.ok).length;
    assert.equal(ok, 255); // 1 MiB / (4096 + key bytes) per second
    const failed = results.find((r) => !r.ok)!;
    assert.ok(!failed.ok && failed.kind === 'ThroughputExceeded');
  });

  it('keeps streams, tags and positions across a reopen', async () => {
    const docs = new MemoryDocumentStore();
    const logs = new MemoryStreamLogStore();
    const a = await engine({}, docs, logs);
    await a.createStream({ name: 's', shardCount: 2, tags: { team: 'data' } });
    const r = ok((await a.putRecords('s', [{ partitionKey: 'k', data: bytes('v') }]))[0]);
    const it = await a.getShardIterator('s', r.shardId, 'TRIM_HORIZON', {});
    await a.close();
    const b = await engine({}, docs, logs);
    assert.deepEqual(b.tags('s'), { team: 'data' });
    const got = await b.getRecords(it, 10);
    assert.equal(got.records[0]!.sequenceNumber, r.sequenceNumber);
    await b.deleteStream('s');
    await rejectsWith(b.getRecords(it, 10), 'StreamNotFound');
    assert.deepEqual(b.listStreams(), []);
  });

  it('enforces the record and request size limits', async () => {
    const e = await engine();
    await e.createStream({ name: 's', shardCount: 1 });
    await rejectsWith(e.putRecords('s', [{ partitionKey: 'k', data: Buffer.alloc(1024 * 1024 + 1) }]), 'InvalidArgument', /exceeds the maximum record size/);
    const big = Array.from({ length: 6 }, () => ({ partitionKey: 'k', data: Buffer.alloc(1024 * 1024) }));
    await rejectsWith(e.putRecords('s', big), 'InvalidArgument', /per request/);
  });
});
