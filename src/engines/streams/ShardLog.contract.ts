/**
 * The behaviour every StreamLogStore adapter must show, as a node:test suite. An adapter's
 * test file calls `shardLogContract('MyStore', (dir) => MyStore.open(dir))`.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LogRecord, LogRecordInput, ShardLog, StreamLogStore } from './ports.js';
import { LogUnavailableError } from './ports.js';

const ALL = { maxRecords: 1_000_000, maxBytes: Number.MAX_SAFE_INTEGER };

function records(prefix: string, count: number, dataBytes = 16): LogRecordInput[] {
  return Array.from({ length: count }, (_, i) => ({
    partitionKey: `${prefix}-key-${i}`,
    data: Buffer.from(`${prefix}-${i}-`.padEnd(dataBytes, 'x')),
  }));
}

function text(r: LogRecord): string {
  return Buffer.from(r.data).toString();
}

async function readAll(log: ShardLog, from = 0): Promise<LogRecord[]> {
  const out: LogRecord[] = [];
  let next = from;
  for (;;) {
    const page = await log.read(next, { maxRecords: 1000, maxBytes: 1024 * 1024 });
    if (page.records.length === 0) return out;
    out.push(...page.records);
    next = page.nextOffset;
  }
}

export function shardLogContract(name: string, openStore: (dir: string) => Promise<StreamLogStore>): void {
  describe(`ShardLog contract: ${name}`, () => {
    let root: string;
    let counter = 0;
    before(async () => {
      root = await mkdtemp(join(tmpdir(), 'shardlog-contract-'));
    });
    after(async () => {
      await rm(root, { recursive: true, force: true });
    });
    const freshDir = () => join(root, `store-${++counter}`);

    /** Opens a fresh store, runs `body`, closes the store even when `body` fails. */
    async function withStore(body: (store: StreamLogStore, dir: string) => Promise<void>, dir = freshDir()): Promise<void> {
      const store = await openStore(dir);
      try {
        await body(store, dir);
      } finally {
        await store.close();
      }
    }

    it('starts empty', () =>
      withStore(async (store) => {
        const log = await store.openShard('s', 'shard-0');
        assert.equal(log.startOffset, 0);
        assert.equal(log.nextOffset, 0);
        assert.equal(log.lastArrivalMs, undefined);
        assert.deepEqual(await log.read(0, ALL), { records: [], nextOffset: 0 });
        assert.equal(await log.offsetAtTime(0), 0);
        assert.equal(await log.arrivalTimeOf(0), undefined);
      }));

    it('assigns dense offsets in call order, also to concurrent appends', () =>
      withStore(async (store) => {
        const log = await store.openShard('s', 'shard-0');
        assert.equal(await log.append(records('a', 3), 1000), 0);
        assert.equal(log.nextOffset, 3);
        const pending = [log.append(records('b', 2), 1001), log.append(records('c', 1), 1002), log.append(records('d', 4), 1003)];
        assert.equal(log.nextOffset, 10, 'offsets are assigned when append is called');
        assert.deepEqual(await Promise.all(pending), [3, 5, 6]);
        const all = await readAll(log);
        assert.deepEqual(
          all.map((r) => r.offset),
          Array.from({ length: 10 }, (_, i) => i),
        );
        assert.deepEqual(all.map(text).slice(0, 4), ['a-0-xxxxxxxxxxxx', 'a-1-xxxxxxxxxxxx', 'a-2-xxxxxxxxxxxx', 'b-0-xxxxxxxxxxxx']);
        assert.deepEqual(
          all.map((r) => r.partitionKey),
          [...records('a', 3), ...records('b', 2), ...records('c', 1), ...records('d', 4)].map((r) => r.partitionKey),
        );
        assert.deepEqual(
          all.map((r) => r.arrivalMs),
          [1000, 1000, 1000, 1001, 1001, 1002, 1003, 1003, 1003, 1003],
        );
        assert.equal(log.lastArrivalMs, 1003);
      }));

    it('keeps binary data, empty data and non-ASCII partition keys intact', () =>
      withStore(async (store) => {
        const log = await store.openShard('s', 'shard-0');
        const binary = Uint8Array.from({ length: 256 }, (_, i) => i);
        await log.append(
          [
            { partitionKey: 'ключ-🔑', data: binary },
            { partitionKey: 'k', data: new Uint8Array(0) },
          ],
          5,
        );
        const [first, second] = (await log.read(0, ALL)).records;
        assert.equal(first?.partitionKey, 'ключ-🔑');
        assert.deepEqual(Uint8Array.from(first!.data), binary);
        assert.equal(second?.data.byteLength, 0);
      }));

    it('never lets arrival times go backwards within a shard', () =>
      withStore(async (store) => {
        const log = await store.openShard('s', 'shard-0');
        await log.append(records('a', 1), 5000);
        await log.append(records('b', 1), 3000);
        const concurrent = [log.append(records('c', 1), 7000), log.append(records('d', 1), 6000)];
        await Promise.all(concurrent);
        assert.deepEqual(
          (await readAll(log)).map((r) => r.arrivalMs),
          [5000, 5000, 7000, 7000],
        );
        assert.equal(log.lastArrivalMs, 7000);
        assert.equal(await log.arrivalTimeOf(1), 5000);
        assert.equal(await log.arrivalTimeOf(3), 7000);
      }));

    it('honours read limits and positions', () =>
      withStore(async (store) => {
        const log = await store.openShard('s', 'shard-0');
        for (let b = 0; b < 5; b++) await log.append(records(`b${b}`, 4, 100), 1000 + b);
        // 20 records; each counts len(key) + 100 bytes.
        const byCount = await log.read(0, { maxRecords: 7, maxBytes: ALL.maxBytes });
        assert.equal(byCount.records.length, 7);
        assert.equal(byCount.nextOffset, 7);

        const keyBytes = Buffer.byteLength('b0-key-0');
        const byBytes = await log.read(0, { maxRecords: 100, maxBytes: 3 * (keyBytes + 100) + 10 });
        assert.equal(byBytes.records.length, 3, 'stops before the byte limit would be exceeded');
        assert.equal(byBytes.nextOffset, 3);

        const oneAnyway = await log.read(5, { maxRecords: 100, maxBytes: 1 });
        assert.deepEqual(
          oneAnyway.records.map((r) => r.offset),
          [5],
          'at least one record when any is available',
        );

        const midBatch = await log.read(6, { maxRecords: 3, maxBytes: ALL.maxBytes });
        assert.deepEqual(
          midBatch.records.map((r) => r.offset),
          [6, 7, 8],
        );
        assert.equal(text(midBatch.records[0]!).slice(0, 5), 'b1-2-');

        const atEnd = await log.read(20, ALL);
        assert.deepEqual(atEnd, { records: [], nextOffset: 20 });
        const zero = await log.read(0, { maxRecords: 0, maxBytes: ALL.maxBytes });
        assert.equal(zero.records.length, 0);
      }));

    it('returns only acknowledged records while appends are in flight', () =>
      withStore(async (store) => {
        const log = await store.openShard('s', 'shard-0');
        await log.append(records('a', 2), 1);
        const inFlight = log.append(records('b', 2), 2);
        const seen = await log.read(0, ALL);
        // Whatever a read returns must be a prefix of the log, and b's offsets only once b is durable.
        assert.ok(seen.records.length === 2 || seen.records.length === 4);
        await inFlight;
        assert.equal((await log.read(0, ALL)).records.length, 4);
      }));

    it('keeps everything across close and reopen', async () => {
      const dir = freshDir();
      await withStore(async (store) => {
        const a = await store.openShard('s', 'shard-0');
        const b = await store.openShard('s', 'shard-1');
        await Promise.all([a.append(records('a', 3), 100), a.append(records('a2', 2), 200), b.append(records('b', 1), 150)]);
        // Appends still pending when close is called complete before it resolves.
        void a.append(records('a3', 1), 300);
      }, dir);
      await withStore(async (store) => {
        const a = await store.openShard('s', 'shard-0');
        const b = await store.openShard('s', 'shard-1');
        assert.equal(a.nextOffset, 6);
        assert.equal(a.startOffset, 0);
        assert.equal(a.lastArrivalMs, 300);
        assert.equal(b.nextOffset, 1);
        assert.deepEqual(
          (await readAll(a)).map(text),
          [...records('a', 3), ...records('a2', 2), ...records('a3', 1)].map((r) => Buffer.from(r.data).toString()),
        );
        assert.equal(await a.append(records('a4', 1), 100), 6);
        assert.equal((await readAll(a))[6]?.arrivalMs, 300, 'arrival times stay monotonic across reopen');
      }, dir);
    });

    it('finds offsets by arrival time', () =>
      withStore(async (store) => {
        const log = await store.openShard('s', 'shard-0');
        await log.append(records('a', 3), 1000); // 0..2
        await log.append(records('b', 2), 2000); // 3..4
        await log.append(records('c', 2), 2000); // 5..6
        await log.append(records('d', 1), 3000); // 7
        assert.equal(await log.offsetAtTime(0), 0);
        assert.equal(await log.offsetAtTime(1000), 0);
        assert.equal(await log.offsetAtTime(1001), 3);
        assert.equal(await log.offsetAtTime(2000), 3);
        assert.equal(await log.offsetAtTime(2500), 7);
        assert.equal(await log.offsetAtTime(3000), 7);
        assert.equal(await log.offsetAtTime(3001), 8);
        assert.equal(await log.arrivalTimeOf(4), 2000);
        assert.equal(await log.arrivalTimeOf(8), undefined);
        assert.equal(await log.arrivalTimeOf(-1), undefined);
      }));

    it('trims by arrival time without ever losing records newer than the cutoff', () =>
      withStore(async (store) => {
        const log = await store.openShard('s', 'shard-0');
        await log.append(records('old', 5), 1000);
        await log.append(records('new', 5), 5000);
        assert.equal(await log.trimBefore(500), 0, 'nothing is older than the cutoff');
        const start = await log.trimBefore(2000);
        assert.equal(log.startOffset, start);
        assert.ok(start <= 5, 'records newer than the cutoff stay');
        assert.deepEqual(
          (await readAll(log)).map((r) => r.offset),
          Array.from({ length: 10 - start }, (_, i) => start + i),
        );
        assert.equal((await log.read(0, ALL)).records[0]?.offset, start, 'reads clamp to the start');

        // A cutoff after every record empties the log, but offsets keep counting.
        assert.equal(await log.trimBefore(6000), 10);
        assert.equal(log.startOffset, 10);
        assert.equal(log.nextOffset, 10);
        assert.deepEqual(await log.read(0, ALL), { records: [], nextOffset: 10 });
        assert.equal(await log.arrivalTimeOf(9), undefined);
        assert.equal(await log.append(records('later', 2), 7000), 10);
        assert.deepEqual(
          (await readAll(log)).map((r) => r.offset),
          [10, 11],
        );
      }));

    it('keeps the trimmed start across reopen', async () => {
      const dir = freshDir();
      await withStore(async (store) => {
        const log = await store.openShard('s', 'shard-0');
        await log.append(records('old', 5), 1000);
        await log.trimBefore(2000);
        await log.append(records('new', 2), 3000);
      }, dir);
      await withStore(async (store) => {
        const log = await store.openShard('s', 'shard-0');
        assert.equal(log.startOffset, 5);
        assert.equal(log.nextOffset, 7);
        assert.deepEqual(
          (await readAll(log)).map((r) => r.offset),
          [5, 6],
        );
      }, dir);
    });

    it('appends to many shards concurrently, each dense and in order', () =>
      withStore(async (store) => {
        const shards = await Promise.all([0, 1, 2, 3].map((i) => store.openShard('s', `shard-${i}`)));
        const work: Promise<number>[] = [];
        for (let round = 0; round < 25; round++) {
          for (const [i, log] of shards.entries()) work.push(log.append(records(`s${i}r${round}`, 1 + (round % 3)), 1000 + round));
        }
        await Promise.all(work);
        for (const [i, log] of shards.entries()) {
          const all = await readAll(log);
          assert.deepEqual(
            all.map((r) => r.offset),
            Array.from({ length: log.nextOffset }, (_, k) => k),
          );
          const expected = Array.from({ length: 25 }, (_, round) => records(`s${i}r${round}`, 1 + (round % 3))).flat();
          assert.deepEqual(
            all.map(text),
            expected.map((r) => Buffer.from(r.data).toString()),
          );
        }
      }));

    it('deletes a stream and only that stream', () =>
      withStore(async (store) => {
        const doomed = await store.openShard('doomed', 'shard-0');
        const kept = await store.openShard('kept', 'shard-0');
        await doomed.append(records('d', 3), 1);
        await kept.append(records('k', 2), 1);
        await store.deleteStream('doomed');
        await assert.rejects(doomed.append(records('x', 1), 2), (err: unknown) => err instanceof LogUnavailableError);
        const reborn = await store.openShard('doomed', 'shard-0');
        assert.equal(reborn.nextOffset, 0);
        assert.deepEqual((await reborn.read(0, ALL)).records, []);
        assert.equal((await readAll(kept)).length, 2);
      }));

    it('refuses appends after close with reason closed', async () => {
      const store = await openStore(freshDir());
      const log = await store.openShard('s', 'shard-0');
      const last = log.append(records('a', 1), 1);
      await store.close();
      assert.equal(await last, 0, 'pending appends complete before close resolves');
      await assert.rejects(
        log.append(records('b', 1), 2),
        (err: unknown) => err instanceof LogUnavailableError && err.reason === 'closed',
      );
    });
  });
}
