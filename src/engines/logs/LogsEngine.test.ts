import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { SqliteLogStore } from '../../adapters/embedded/metadata/SqliteLogStore.js';
import { LogsEngine } from './LogsEngine.js';
import { LogsError } from './LogsError.js';

const T0 = Date.UTC(2026, 0, 10, 12, 0, 0);
const DAY = 86_400_000;
const isKind = (kind: LogsError['kind']) => (e: unknown) => e instanceof LogsError && e.kind === kind;

describe('LogsEngine', () => {
  let now: number;
  let logs: LogsEngine;
  let store: SqliteLogStore;

  beforeEach(() => {
    now = T0;
    store = new SqliteLogStore(new Database(':memory:'));
    logs = new LogsEngine(store, { region: 'eu-west-1', accountId: '000000000000', clock: () => now, sweepIntervalMs: 0, writeDelayMs: 0, maxStoredBytes: 10_000 });
  });

  it('creates groups and streams once, and says what is missing', async () => {
    await logs.createGroup('/app/web', { tags: { team: 'data' } });
    await assert.rejects(logs.createGroup('/app/web'), isKind('GroupExists'));
    await logs.createStream('/app/web', 'i-1');
    await assert.rejects(logs.createStream('/app/web', 'i-1'), isKind('StreamExists'));
    await assert.rejects(logs.createStream('/nope', 'x'), isKind('GroupNotFound'));
    await assert.rejects(logs.putEvents('/app/web', 'i-2', [{ timestampMs: now, message: 'x' }]), isKind('StreamNotFound'));
    const [g] = await logs.describeGroups({ prefix: '/app' });
    assert.equal(g!.arn, 'arn:aws:logs:eu-west-1:000000000000:log-group:/app/web');
    assert.deepEqual(g!.tags, { team: 'data' });
    assert.deepEqual((await logs.describeGroups({ pattern: 'WEB' })).map((x) => x.name), ['/app/web']);
  });

  it('stores events durably with stream figures, and rejects what CloudWatch rejects', async () => {
    await logs.createGroup('g');
    await logs.createStream('g', 's');
    await assert.rejects(
      logs.putEvents('g', 's', [{ timestampMs: now, message: 'b' }, { timestampMs: now - 1, message: 'a' }]),
      (e: unknown) => e instanceof LogsError && /chronological order/.test(e.message),
    );
    await assert.rejects(logs.putEvents('g', 's', [{ timestampMs: now - 2 * DAY, message: 'a' }, { timestampMs: now, message: 'b' }]), /24 hours/);
    const ok = await logs.putEvents('g', 's', [
      { timestampMs: now - 1000, message: 'one' },
      { timestampMs: now, message: 'two' },
      { timestampMs: now + 3 * 3_600_000, message: 'too new' },
    ]);
    assert.equal(ok.tooNewStartIndex, 2);
    assert.equal(ok.tooOldEndIndex, undefined);
    const [s] = await logs.describeStreams('g');
    assert.equal(s!.firstEventMs, now - 1000);
    assert.equal(s!.lastEventMs, now);
    assert.equal(s!.storedBytes, 3 + 26 + 3 + 26);
  });

  it('reports events older than the retention (or 14 days) by index', async () => {
    await logs.createGroup('g', { retentionDays: 1 });
    await logs.createStream('g', 's');
    const r = await logs.putEvents('g', 's', [
      { timestampMs: now - 23 * 3_600_000, message: 'within the day' },
      { timestampMs: now - 2 * 3_600_000, message: 'kept' },
    ]);
    assert.equal(r.expiredEndIndex, undefined);
    const r2 = await logs.putEvents('g', 's', [
      { timestampMs: now - DAY - 2, message: 'expired' },
      { timestampMs: now - DAY - 1, message: 'expired' },
      { timestampMs: now - DAY + 3_600_000, message: 'kept' },
    ]);
    assert.equal(r2.expiredEndIndex, 1);
    const got = await logs.getEvents('g', 's', { fromHead: true });
    assert.equal(got.events.length, 3);
  });

  it('GetLogEvents: newest by default, from the head when asked, with f/ and b/ tokens', async () => {
    await logs.createGroup('g');
    await logs.createStream('g', 's');
    await logs.putEvents('g', 's', Array.from({ length: 10 }, (_, i) => ({ timestampMs: now + i, message: `m${i}` })));
    const newest = await logs.getEvents('g', 's', { limit: 3 });
    assert.deepEqual(newest.events.map((e) => e.message), ['m7', 'm8', 'm9']);
    const head = await logs.getEvents('g', 's', { limit: 4, fromHead: true });
    assert.deepEqual(head.events.map((e) => e.message), ['m0', 'm1', 'm2', 'm3']);
    assert.match(head.forwardToken, /^f\//);
    const next = await logs.getEvents('g', 's', { limit: 4, token: head.forwardToken });
    assert.deepEqual(next.events.map((e) => e.message), ['m4', 'm5', 'm6', 'm7']);
    const back = await logs.getEvents('g', 's', { limit: 2, token: next.backwardToken });
    assert.deepEqual(back.events.map((e) => e.message), ['m2', 'm3']);
    const last = await logs.getEvents('g', 's', { limit: 4, token: next.forwardToken });
    assert.deepEqual(last.events.map((e) => e.message), ['m8', 'm9']);
    const end = await logs.getEvents('g', 's', { limit: 4, token: last.forwardToken });
    assert.equal(end.events.length, 0);
    assert.equal(end.forwardToken, last.forwardToken, 'the forward token repeats at the end');
    const windowed = await logs.getEvents('g', 's', { startMs: now + 2, endMs: now + 5, fromHead: true });
    assert.deepEqual(windowed.events.map((e) => e.message), ['m2', 'm3', 'm4']);
    await assert.rejects(logs.getEvents('g', 's', { token: 'garbage' }), isKind('InvalidArgument'));
  });

  it('FilterLogEvents: streams interleaved by time, a pattern, limits and tokens', async () => {
    await logs.createGroup('g');
    for (const s of ['a', 'b', 'other']) await logs.createStream('g', s);
    await logs.putEvents('g', 'a', [{ timestampMs: now + 1, message: 'ERROR one' }, { timestampMs: now + 4, message: 'INFO two' }]);
    await logs.putEvents('g', 'b', [{ timestampMs: now + 2, message: 'ERROR three' }, { timestampMs: now + 3, message: 'ERROR four' }]);
    await logs.putEvents('g', 'other', [{ timestampMs: now, message: 'ERROR zero' }]);
    const all = await logs.filterEvents('g', {});
    assert.deepEqual(all.events.map((e) => e.message), ['ERROR zero', 'ERROR one', 'ERROR three', 'ERROR four', 'INFO two']);
    assert.equal(all.nextToken, undefined);
    const errors = await logs.filterEvents('g', { streamPrefix: '', pattern: 'ERROR', streams: undefined });
    assert.equal(errors.events.length, 4);
    const ab = await logs.filterEvents('g', { streams: ['a', 'b'], pattern: 'ERROR', limit: 2 });
    assert.deepEqual(ab.events.map((e) => [e.stream, e.message]), [['a', 'ERROR one'], ['b', 'ERROR three']]);
    assert.ok(ab.nextToken);
    const rest = await logs.filterEvents('g', { streams: ['a', 'b'], pattern: 'ERROR', limit: 2, token: ab.nextToken });
    assert.deepEqual(rest.events.map((e) => e.message), ['ERROR four']);
    assert.deepEqual((await logs.filterEvents('g', { startMs: now + 2, endMs: now + 4 })).events.map((e) => e.message), ['ERROR three', 'ERROR four']);
    await assert.rejects(logs.filterEvents('g', { streams: ['a'], streamPrefix: 'a' }), isKind('InvalidArgument'));
    await assert.rejects(logs.filterEvents('g', { pattern: '{ $.x = }' }), isKind('InvalidArgument'));
  });

  it('orders streams by last event time when asked', async () => {
    await logs.createGroup('g');
    for (const s of ['x', 'y', 'z']) await logs.createStream('g', s);
    await logs.putEvents('g', 'y', [{ timestampMs: now + 5, message: '.' }]);
    await logs.putEvents('g', 'x', [{ timestampMs: now + 9, message: '.' }]);
    assert.deepEqual((await logs.describeStreams('g', { orderBy: 'LastEventTime', descending: true })).map((s) => s.name), ['x', 'y', 'z']);
    await assert.rejects(logs.describeStreams('g', { orderBy: 'LastEventTime', prefix: 'x' }), isKind('InvalidArgument'));
  });

  it('applies retention and keeps the whole store under its size bound', async () => {
    await logs.createGroup('g');
    await logs.createStream('g', 's');
    await logs.putEvents('g', 's', [{ timestampMs: now - 3 * DAY, message: 'old' }]);
    await logs.putEvents('g', 's', [{ timestampMs: now, message: 'new' }]);
    await assert.rejects(logs.putRetention('g', 2), isKind('InvalidArgument'));
    await logs.putRetention('g', 1);
    assert.deepEqual((await logs.getEvents('g', 's', { fromHead: true })).events.map((e) => e.message), ['new']);
    assert.equal((await logs.group('g')).retentionDays, 1);
    // 10,000 bytes at most: 200 events of 100 + 26 bytes overflow it; the oldest go.
    await logs.createStream('g', 'big');
    const line = 'x'.repeat(100);
    for (let i = 0; i < 4; i++) await logs.putEvents('g', 'big', Array.from({ length: 50 }, (_, j) => ({ timestampMs: now + i * 50 + j, message: line })));
    await logs.sweep();
    assert.ok((await store.totalBytes()) <= 10_000);
    const kept = await logs.getEvents('g', 'big', { fromHead: true });
    assert.ok(kept.events.length > 0 && kept.events.length < 200);
    assert.equal(kept.events[kept.events.length - 1]!.timestampMs, now + 199, 'the newest events stay');
  });

  it('writes internal lines in batches, creating the group (with the system retention) and stream', async () => {
    logs.write('/aws/lambda/f', '2026/01/10/[$LATEST]abc', [{ timestampMs: now, message: 'START' }, { timestampMs: now + 1, message: 'hello' }]);
    assert.equal((await logs.describeGroups()).length, 0, 'nothing written before the flush');
    await logs.flush();
    const g = await logs.group('/aws/lambda/f');
    assert.equal(g.retentionDays, 30);
    const got = await logs.getEvents('/aws/lambda/f', '2026/01/10/[$LATEST]abc', { fromHead: true });
    assert.deepEqual(got.events.map((e) => e.message), ['START', 'hello']);
  });

  it('declares config groups: created once, retention updated, streams added', async () => {
    await logs.declareGroup('/lakehose/firehose', 7, ['errors']);
    await logs.declareGroup('/lakehose/firehose', 14, ['errors', 'backup']);
    assert.equal((await logs.group('/lakehose/firehose')).retentionDays, 14);
    assert.deepEqual((await logs.describeStreams('/lakehose/firehose')).map((s) => s.name), ['backup', 'errors']);
  });

  it('deletes groups with their events', async () => {
    await logs.createGroup('g');
    await logs.createStream('g', 's');
    await logs.putEvents('g', 's', [{ timestampMs: now, message: 'x' }]);
    await logs.deleteGroup('g');
    await assert.rejects(logs.group('g'), isKind('GroupNotFound'));
    assert.equal(await store.totalBytes(), 0);
    await assert.rejects(logs.deleteGroup('g'), isKind('GroupNotFound'));
  });
});
