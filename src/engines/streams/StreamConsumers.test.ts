import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryDocumentStore } from '../../adapters/memory/MemoryDocumentStore.js';
import { MemoryStreamLogStore } from '../../adapters/memory/MemoryStreamLogStore.js';
import type { ConsumerState } from './Consumer.js';
import type { SubscriptionEvent } from './ShardSubscription.js';
import type { StreamState } from './Stream.js';
import { StreamConsumers, type StreamConsumersOptions } from './StreamConsumers.js';
import { StreamsEngine } from './StreamsEngine.js';
import { StreamsError } from './StreamsError.js';

const SHARD = 'shardId-000000000000';

async function setup(options: Partial<StreamConsumersOptions> = {}, docs = new MemoryDocumentStore(), logs = new MemoryStreamLogStore()) {
  const clock = options.clock ?? Date.now;
  const streams = await StreamsEngine.open(
    { accountId: '000000000000', shardLimit: 50, onDemandStreamLimit: 2, transitionDelayMs: 0, throughputLimitsByDefault: false, retentionSweepMs: 0, clock },
    docs.collection<StreamState>('streams'),
    docs.collection<{ value: string }>('settings'),
    logs,
  );
  const consumers = await StreamConsumers.open(
    { accountId: '000000000000', transitionDelayMs: 0, subscription: { pollMs: 5, heartbeatMs: 50 }, ...options },
    streams,
    docs.collection<ConsumerState>('stream-consumers'),
  );
  return { streams, consumers, docs, logs };
}

async function rejectsKind(p: Promise<unknown>, kind: string) {
  await assert.rejects(p, (e: unknown) => e instanceof StreamsError && e.kind === kind);
}

async function next(it: AsyncIterator<SubscriptionEvent>): Promise<SubscriptionEvent> {
  const r = await it.next();
  assert.ok(!r.done, 'expected another event');
  return r.value;
}

describe('StreamConsumers', () => {
  it('keeps consumers durable and drops those of a deleted stream', async () => {
    const { streams, consumers, docs, logs } = await setup();
    await streams.createStream({ name: 's', shardCount: 1 });
    await consumers.register('s', 'a');
    await consumers.register('s', 'b');
    await rejectsKind(consumers.register('s', 'a'), 'ConsumerInUse');
    await consumers.close();
    await streams.close();
    const again = await setup({}, docs, logs);
    const reopened = again.consumers;
    assert.deepEqual(reopened.list('s').map((c) => c.name), ['a', 'b']);
    await again.streams.deleteStream('s');
    await again.streams.createStream({ name: 's', shardCount: 1 });
    assert.deepEqual(reopened.list('s'), []);
    assert.throws(() => reopened.describe('s', 'a'), (e: unknown) => e instanceof StreamsError && e.kind === 'ConsumerNotFound');
  });

  it('goes CREATING → ACTIVE and DELETING → gone after the transition delay', async () => {
    const { streams, consumers } = await setup({ transitionDelayMs: 30 });
    await streams.createStream({ name: 's', shardCount: 1 });
    assert.equal((await consumers.register('s', 'slow')).status, 'CREATING');
    await rejectsKind(consumers.subscribe('s', 'slow', undefined, SHARD, { type: 'LATEST' }), 'ConsumerInUse');
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(consumers.describe('s', 'slow').status, 'ACTIVE');
    await consumers.deregister('s', 'slow');
    assert.equal(consumers.describe('s', 'slow').status, 'DELETING');
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(consumers.count('s'), 0);
    await consumers.close();
  });

  it('lets a subscription be taken over after 5 seconds, ending the old one with ConsumerInUse', async () => {
    let now = 1_700_000_000_000;
    const { streams, consumers } = await setup({ clock: () => now });
    await streams.createStream({ name: 's', shardCount: 1 });
    await consumers.register('s', 'c');
    const first = (await consumers.subscribe('s', 'c', undefined, SHARD, { type: 'TRIM_HORIZON' }))[Symbol.asyncIterator]();
    await next(first);
    now += 4_000;
    await rejectsKind(consumers.subscribe('s', 'c', undefined, SHARD, { type: 'TRIM_HORIZON' }), 'ConsumerInUse');
    now += 1_000;
    const second = (await consumers.subscribe('s', 'c', undefined, SHARD, { type: 'TRIM_HORIZON' }))[Symbol.asyncIterator]();
    await rejectsKind(first.next(), 'ConsumerInUse');
    await next(second);
    await second.return?.(undefined);
    await consumers.close();
  });

  it('ends a subscription with ConsumerNotFound when its consumer is deregistered', async () => {
    const { streams, consumers } = await setup();
    await streams.createStream({ name: 's', shardCount: 1 });
    await consumers.register('s', 'c');
    const it = (await consumers.subscribe('s', 'c', undefined, SHARD, { type: 'LATEST' }))[Symbol.asyncIterator]();
    await next(it);
    await consumers.deregister('s', 'c');
    await rejectsKind(it.next(), 'ConsumerNotFound');
    await consumers.close();
  });

  it('stops promptly, without an error, when the client goes away or the registry closes', async () => {
    const { streams, consumers } = await setup({ subscription: { pollMs: 10_000, heartbeatMs: 10_000 } });
    await streams.createStream({ name: 's', shardCount: 2 });
    await consumers.register('s', 'c');
    const client = new AbortController();
    const a = (await consumers.subscribe('s', 'c', undefined, SHARD, { type: 'LATEST' }, client.signal))[Symbol.asyncIterator]();
    await next(a);
    const pending = a.next();
    const t0 = Date.now();
    client.abort();
    assert.equal((await pending).done, true);
    const b = (await consumers.subscribe('s', 'c', undefined, 'shardId-000000000001', { type: 'LATEST' }))[Symbol.asyncIterator]();
    await next(b);
    const pendingB = b.next();
    await consumers.close();
    assert.equal((await pendingB).done, true);
    assert.ok(Date.now() - t0 < 1000, 'no 10-second poll was waited out');
  });

  it('ends after its lifetime', async () => {
    const { streams, consumers } = await setup({ subscription: { lifetimeMs: 100, pollMs: 5, heartbeatMs: 20 } });
    await streams.createStream({ name: 's', shardCount: 1 });
    await consumers.register('s', 'c');
    let n = 0;
    for await (const e of await consumers.subscribe('s', 'c', undefined, SHARD, { type: 'LATEST' })) {
      assert.deepEqual(e.records, []);
      n++;
    }
    assert.ok(n >= 2, `heartbeat events were sent (${n})`);
    await consumers.close();
  });

  it('keeps to the read allowance per second loosely: a big backlog comes in slices', async () => {
    const { streams, consumers } = await setup({ subscription: { bytesPerSecond: 3000, pollMs: 5 } });
    await streams.createStream({ name: 's', shardCount: 1 });
    await consumers.register('s', 'c');
    await streams.putRecords('s', Array.from({ length: 10 }, () => ({ partitionKey: 'k', data: new Uint8Array(999) })));
    const it = (await consumers.subscribe('s', 'c', undefined, SHARD, { type: 'TRIM_HORIZON' }))[Symbol.asyncIterator]();
    const first = await next(it);
    assert.equal(first.records.length, 3);
    assert.ok(first.millisBehindLatest >= 0);
    await it.return?.(undefined);
    await consumers.close();
  });
});
