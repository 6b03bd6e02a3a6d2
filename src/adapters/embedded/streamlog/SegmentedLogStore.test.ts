import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, open, readdir, readFile, rm, stat, truncate, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { LogRecord, LogRecordInput, ShardLog } from '../../../engines/streams/ports.js';
import { LogUnavailableError } from '../../../engines/streams/ports.js';
import { shardLogContract } from '../../../engines/streams/ShardLog.contract.js';
import { FaultyFileOps } from './FaultyFileOps.js';
import type { SegmentedLogOptions, StreamLogEvent } from './SegmentedLogOptions.js';
import { SegmentedLogStore } from './SegmentedLogStore.js';

shardLogContract('SegmentedLogStore (defaults)', (dir) => SegmentedLogStore.open(dir));
// Tiny segments and dense indexes: every path goes through rolls, sealed segments and index lookups.
shardLogContract('SegmentedLogStore (tiny segments)', (dir) =>
  SegmentedLogStore.open(dir, { rollSizeBytes: 300, indexIntervalBytes: 64 }),
);

const ALL = { maxRecords: 1_000_000, maxBytes: Number.MAX_SAFE_INTEGER };

function batch(tag: string, count: number, dataBytes = 40): LogRecordInput[] {
  return Array.from({ length: count }, (_, i) => ({
    partitionKey: `${tag}-${i}`,
    data: Buffer.from(`${tag}:${i}:`.padEnd(dataBytes, '.')),
  }));
}

async function readAll(log: ShardLog, from = 0): Promise<LogRecord[]> {
  const out: LogRecord[] = [];
  for (let next = from; ; ) {
    const page = await log.read(next, { maxRecords: 777, maxBytes: 100_000 });
    if (page.records.length === 0) return out;
    out.push(...page.records);
    next = page.nextOffset;
  }
}

const texts = (records: readonly LogRecord[]) => records.map((r) => Buffer.from(r.data).toString());
const expectedTexts = (...batches: LogRecordInput[][]) => batches.flat().map((r) => Buffer.from(r.data).toString());

describe('SegmentedLogStore', () => {
  let root: string;
  let counter = 0;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'segmented-log-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });
  const freshDir = () => join(root, `t${++counter}`);

  /** Opens a store, runs body with the shard 's/shard-0' and closes the store. */
  async function withShard<T>(
    dir: string,
    options: SegmentedLogOptions,
    body: (log: ShardLog, store: SegmentedLogStore) => Promise<T>,
  ): Promise<T> {
    const store = await SegmentedLogStore.open(dir, options);
    try {
      return await body(await store.openShard('s', 'shard-0'), store);
    } finally {
      await store.close();
    }
  }

  async function segmentFiles(dir: string): Promise<string[]> {
    return (await readdir(join(dir, 's', 'shard-0'))).sort();
  }

  describe('layout', () => {
    it('names segments by base offset and rolls at the size limit', async () => {
      const dir = freshDir();
      const bases: number[] = [];
      await withShard(dir, { rollSizeBytes: 1000 }, async (log) => {
        for (let b = 0; b < 10; b++) bases.push(await log.append(batch(`b${b}`, 5), 1000 + b)); // ~450 bytes each
      });
      const files = await segmentFiles(dir);
      const logs = files.filter((f) => f.endsWith('.log'));
      assert.equal(logs.length, 4, `three ~290-byte batches fit in 1000 bytes: ${logs.join(', ')}`);
      for (const f of logs) {
        assert.match(f, /^\d{20}\.log$/);
        const stem = f.slice(0, 20);
        assert.ok(files.includes(`${stem}.index`) && files.includes(`${stem}.timeindex`));
        assert.ok(bases.includes(Number(stem)), 'every segment starts at a batch boundary');
        assert.ok((await stat(join(dir, 's', 'shard-0', f))).size <= 1000);
      }
      assert.equal(logs[0], '00000000000000000000.log');
    });

    it('rolls when a batch arrives rollAgeMs after the segment began', async () => {
      const dir = freshDir();
      await withShard(dir, { rollAgeMs: 1000 }, async (log) => {
        await log.append(batch('a', 2), 10_000);
        await log.append(batch('b', 2), 10_999);
        await log.append(batch('c', 2), 11_000); // rolls: 1000 ms after the first
        await log.append(batch('d', 2), 11_500);
      });
      assert.deepEqual(
        (await segmentFiles(dir)).filter((f) => f.endsWith('.log')),
        ['00000000000000000000.log', '00000000000000000004.log'],
      );
    });

    it('shares one fdatasync among appends that arrive together (group commit)', async () => {
      const fileOps = new FaultyFileOps();
      await withShard(freshDir(), { fileOps }, async (log, store) => {
        const other = await store.openShard('s', 'shard-1');
        const before = fileOps.count('datasync', '.log');
        const offsets = await Promise.all(Array.from({ length: 200 }, (_, i) => log.append(batch(`g${i}`, 2), 1)));
        assert.deepEqual(
          offsets,
          Array.from({ length: 200 }, (_, i) => i * 2),
        );
        assert.equal(fileOps.count('datasync', '.log') - before, 1);
        await Promise.all([log.append(batch('x', 1), 2), other.append(batch('y', 1), 2)]);
        assert.equal(fileOps.count('datasync', '.log') - before, 3, 'one sync per dirty file and round');
      });
    });

    it('refuses stream and shard ids that are not safe directory names', async () => {
      const store = await SegmentedLogStore.open(freshDir());
      try {
        await assert.rejects(store.openShard('..', 'shard-0'), RangeError);
        await assert.rejects(store.openShard('s', 'a/b'), RangeError);
      } finally {
        await store.close();
      }
    });
  });

  describe('recovery', () => {
    /** Writes three batches (offsets 0-3, 4-7, 8-11) and returns the path of the log file. */
    async function threeBatches(dir: string): Promise<string> {
      await withShard(dir, {}, async (log) => {
        await log.append(batch('a', 4), 1000);
        await log.append(batch('b', 4), 2000);
        await log.append(batch('c', 4), 3000);
      });
      return join(dir, 's', 'shard-0', '00000000000000000000.log');
    }

    const twoBatchesBytes = 2 * (36 + 4 * (6 + 3 + 40));

    async function reopenAndCheckTwoBatches(dir: string): Promise<StreamLogEvent[]> {
      const events: StreamLogEvent[] = [];
      const path = join(dir, 's', 'shard-0', '00000000000000000000.log');
      await withShard(dir, { onEvent: (e) => events.push(e) }, async (log) => {
        assert.equal((await stat(path)).size, twoBatchesBytes, 'the file is cut back to the last intact batch');
        assert.equal(log.nextOffset, 8, 'the damaged last batch is gone');
        assert.equal(log.lastArrivalMs, 2000);
        assert.deepEqual(texts(await readAll(log)), expectedTexts(batch('a', 4), batch('b', 4)));
        assert.equal(await log.append(batch('d', 1), 4000), 8, 'appends continue after the last good batch');
      });
      await withShard(dir, {}, async (log) => {
        assert.deepEqual(texts(await readAll(log)), expectedTexts(batch('a', 4), batch('b', 4), batch('d', 1)));
      });
      return events;
    }

    it('cuts off a torn tail', async () => {
      const dir = freshDir();
      const path = await threeBatches(dir);
      const size = (await stat(path)).size;
      await truncate(path, size - 7);
      const events = await reopenAndCheckTwoBatches(dir);
      assert.ok(events.some((e) => e.kind === 'tail-truncated' && e.toBytes < size - 7));
    });

    it('cuts off a last batch whose payload has a flipped byte', async () => {
      const dir = freshDir();
      const path = await threeBatches(dir);
      const size = (await stat(path)).size;
      await flipByte(path, size - 3);
      const events = await reopenAndCheckTwoBatches(dir);
      assert.ok(events.some((e) => e.kind === 'tail-truncated' && e.reason === 'payload checksum mismatch'));
    });

    it('cuts off a last batch whose header has a flipped byte', async () => {
      const dir = freshDir();
      const path = await threeBatches(dir);
      const lastBatchStart = (await stat(path)).size - (36 + 4 * (6 + 3 + 40));
      await flipByte(path, lastBatchStart + 9); // inside the base offset
      await reopenAndCheckTwoBatches(dir);
    });

    it('cuts off garbage after the last batch', async () => {
      const dir = freshDir();
      const path = await threeBatches(dir);
      const size = (await stat(path)).size;
      const handle = await open(path, 'a');
      await handle.write(Buffer.alloc(5000));
      await handle.close();
      const events: StreamLogEvent[] = [];
      await withShard(dir, { onEvent: (e) => events.push(e) }, async (log) => {
        assert.equal((await stat(path)).size, size);
        assert.equal(log.nextOffset, 12);
        assert.equal((await readAll(log)).length, 12);
      });
      assert.ok(events.some((e) => e.kind === 'tail-truncated'));
    });

    it('rebuilds deleted index files identically from the log', async () => {
      const dir = freshDir();
      const options = { rollSizeBytes: 2000, indexIntervalBytes: 300 };
      const batches = Array.from({ length: 30 }, (_, b) => batch(`b${b}`, 1 + (b % 4)));
      const arrival = (b: number) => 1000 * (1 + Math.floor(b / 2));
      await withShard(dir, options, async (log) => {
        for (const [b, records] of batches.entries()) await log.append(records, arrival(b));
      });
      const shardDir = join(dir, 's', 'shard-0');
      const indexFiles = (await segmentFiles(dir)).filter((f) => !f.endsWith('.log'));
      assert.ok(indexFiles.length >= 6);
      const originals = new Map(await Promise.all(indexFiles.map(async (f) => [f, await readFile(join(shardDir, f))] as const)));
      for (const f of indexFiles) await unlink(join(shardDir, f));

      const events: StreamLogEvent[] = [];
      await withShard(dir, { ...options, onEvent: (e) => events.push(e) }, async (log) => {
        assert.deepEqual(texts(await readAll(log)), expectedTexts(...batches));
        assert.equal(await log.offsetAtTime(arrival(14)), batches.slice(0, 14).flat().length);
        assert.equal(await log.arrivalTimeOf(log.nextOffset - 1), arrival(29));
      });
      assert.equal(events.filter((e) => e.kind === 'index-rebuilt').length, indexFiles.length);
      for (const [f, bytes] of originals) assert.deepEqual(await readFile(join(shardDir, f)), bytes, `${f} rebuilt identically`);
    });

    it('rebuilds damaged index files', async () => {
      const dir = freshDir();
      await withShard(dir, { indexIntervalBytes: 100 }, async (log) => {
        for (let b = 0; b < 10; b++) await log.append(batch(`b${b}`, 2), 1000 + b);
      });
      const shardDir = join(dir, 's', 'shard-0');
      const index = join(shardDir, '00000000000000000000.index');
      const original = await readFile(index);
      await flipByte(index, 13); // entry 1's position no longer points at a batch
      const handle = await open(join(shardDir, '00000000000000000000.timeindex'), 'a');
      await handle.write(Buffer.from([1, 2, 3])); // not a whole entry
      await handle.close();
      await withShard(dir, { indexIntervalBytes: 100 }, async (log) => {
        assert.equal((await readAll(log)).length, 20);
        assert.equal(await log.offsetAtTime(1005), 10);
      });
      assert.deepEqual(await readFile(index), original);
    });

    it('recovers many segments and reads across their boundaries', async () => {
      const dir = freshDir();
      const options = { rollSizeBytes: 600, indexIntervalBytes: 128 };
      const all: LogRecordInput[][] = [];
      await withShard(dir, options, async (log) => {
        for (let b = 0; b < 120; b++) {
          all.push(batch(`m${b}`, 1 + (b % 5)));
          await log.append(all[b]!, 1000 + 10 * b);
        }
      });
      const logs = (await segmentFiles(dir)).filter((f) => f.endsWith('.log'));
      assert.ok(logs.length > 40, `got ${logs.length} segments`);
      await withShard(dir, options, async (log) => {
        const total = all.flat().length;
        assert.equal(log.nextOffset, total);
        assert.deepEqual(texts(await readAll(log)), expectedTexts(...all));
        // Odd page sizes cross segment boundaries mid-read.
        for (const maxRecords of [1, 7, 33]) {
          const page = await log.read(5, { maxRecords, maxBytes: ALL.maxBytes });
          assert.deepEqual(
            page.records.map((r) => r.offset),
            Array.from({ length: maxRecords }, (_, i) => 5 + i),
          );
        }
        let offset = 0;
        for (let b = 0; b < all.length; b++) {
          assert.equal(await log.offsetAtTime(1000 + 10 * b), offset, `offsetAtTime of batch ${b}`);
          assert.equal(await log.offsetAtTime(1000 + 10 * b - 5), offset);
          assert.equal(await log.arrivalTimeOf(offset), 1000 + 10 * b);
          offset += all[b]!.length;
        }
      });
    });

    it('removes index files left without their log', async () => {
      const dir = freshDir();
      await withShard(dir, {}, async (log) => void (await log.append(batch('a', 1), 1)));
      const shardDir = join(dir, 's', 'shard-0');
      const orphan = join(shardDir, '00000000000000000099.index');
      await (await open(orphan, 'w')).close();
      await withShard(dir, {}, async (log) => assert.equal(log.nextOffset, 1));
      assert.deepEqual(await segmentFiles(dir), ['00000000000000000000.index', '00000000000000000000.log', '00000000000000000000.timeindex']);
    });
  });

  describe('failures', () => {
    const isUnavailable = (reason: string) => (err: unknown) => err instanceof LogUnavailableError && err.reason === reason;

    it('rejects a batch that hits ENOSPC mid-write and every append queued behind it, then recovers when space returns', async () => {
      const fileOps = new FaultyFileOps();
      const dir = freshDir();
      await withShard(dir, { fileOps }, async (log) => {
        await log.append(batch('ok', 3), 1);
        const logPath = join(dir, 's', 'shard-0', '00000000000000000000.log');
        const durableSize = (await stat(logPath)).size;

        fileOps.spaceLeftBytes = 100; // the next batch is ~300 bytes: a short write, then ENOSPC
        let queuedBehind: Promise<number> | undefined;
        fileOps.beforeOp = (op) => {
          if (op === 'write' && queuedBehind === undefined) queuedBehind = log.append(batch('queued', 1), 3);
        };
        const failing = [log.append(batch('full', 3), 2), log.append(batch('full2', 2), 2)];
        assert.equal(log.nextOffset, 8);
        await assert.rejects(failing[0]!, isUnavailable('disk-full'));
        await assert.rejects(failing[1]!, isUnavailable('disk-full'));
        fileOps.beforeOp = undefined;
        assert.ok(queuedBehind !== undefined);
        await assert.rejects(queuedBehind, isUnavailable('disk-full'));

        assert.equal(log.nextOffset, 3, 'offsets rewind to the durable end');
        assert.equal((await stat(logPath)).size, durableSize, 'the torn write is cut off');
        assert.deepEqual(texts(await readAll(log)), expectedTexts(batch('ok', 3)));

        fileOps.heal();
        assert.equal(await log.append(batch('after', 2), 4), 3);
      });
      await withShard(dir, {}, async (log) => {
        assert.deepEqual(texts(await readAll(log)), expectedTexts(batch('ok', 3), batch('after', 2)));
      });
    });

    it('rejects appends whose fdatasync fails and keeps the log usable', async () => {
      const fileOps = new FaultyFileOps();
      const dir = freshDir();
      await withShard(dir, { fileOps }, async (log, store) => {
        const other = await store.openShard('s', 'shard-1');
        await log.append(batch('a', 2), 1);
        fileOps.inject('datasync', 'ENOSPC', { pathIncludes: join('shard-0', '0') });
        const [failed, unaffected] = await Promise.allSettled([log.append(batch('b', 2), 2), other.append(batch('o', 1), 2)]);
        assert.equal(failed.status, 'rejected');
        assert.ok(isUnavailable('disk-full')(failed.status === 'rejected' ? failed.reason : undefined));
        assert.deepEqual(unaffected, { status: 'fulfilled', value: 0 }, 'other shards in the same round are unaffected');
        assert.equal(log.nextOffset, 2);
        assert.equal(log.lastArrivalMs, 1);

        fileOps.inject('write', 'EIO', { pathIncludes: '.log' });
        await assert.rejects(log.append(batch('c', 1), 3), isUnavailable('io-error'));

        assert.equal(await log.append(batch('d', 2), 4), 2);
        assert.deepEqual(texts(await readAll(log)), expectedTexts(batch('a', 2), batch('d', 2)));
      });
      await withShard(dir, {}, async (log) => {
        assert.deepEqual(texts(await readAll(log)), expectedTexts(batch('a', 2), batch('d', 2)));
      });
    });

    it('rejects appends when a roll cannot create the next segment', async () => {
      const fileOps = new FaultyFileOps();
      const dir = freshDir();
      const options = { fileOps, rollSizeBytes: 500 };
      await withShard(dir, options, async (log) => {
        await log.append(batch('a', 4, 100), 1); // 472 bytes: the next batch rolls
        fileOps.inject('open', 'ENOSPC', { pathIncludes: '.timeindex' });
        await assert.rejects(log.append(batch('b', 4, 100), 2), isUnavailable('disk-full'));
        assert.deepEqual(
          (await segmentFiles(dir)).filter((f) => f.endsWith('.log')),
          ['00000000000000000000.log'],
          'the half-created segment is removed',
        );
        assert.equal(await log.append(batch('c', 4, 100), 3), 4);
      });
      await withShard(dir, {}, async (log) => {
        assert.deepEqual(texts(await readAll(log)), expectedTexts(batch('a', 4, 100), batch('c', 4, 100)));
      });
    });

    it('rejects the first appends into a new segment until its directory entry is durable', async () => {
      const fileOps = new FaultyFileOps();
      const dir = freshDir();
      await withShard(dir, { fileOps, rollSizeBytes: 600 }, async (log) => {
        await log.append(batch('a', 4, 100), 1); // 472 bytes: the next such batch rolls
        const before = fileOps.count('syncDirectory');
        fileOps.inject('syncDirectory', 'EIO');
        await assert.rejects(log.append(batch('b', 4, 100), 2), isUnavailable('io-error'));
        assert.equal(log.nextOffset, 4);
        assert.equal(await log.append(batch('c', 4, 100), 3), 4, 'the directory sync is retried with the next commit');
        assert.equal(fileOps.count('syncDirectory') - before, 2);
        assert.equal(await log.append(batch('d', 1), 4), 8);
        assert.equal(fileOps.count('syncDirectory') - before, 2, 'and not repeated once it succeeded');
      });
      await withShard(dir, {}, async (log) => {
        assert.deepEqual(texts(await readAll(log)), expectedTexts(batch('a', 4, 100), batch('c', 4, 100), batch('d', 1)));
      });
    });

    it('retries cutting off a failed write before the next one when the first attempt failed', async () => {
      const fileOps = new FaultyFileOps();
      const dir = freshDir();
      await withShard(dir, { fileOps }, async (log) => {
        await log.append(batch('a', 2), 1);
        fileOps.inject('datasync', 'EIO');
        fileOps.inject('truncate', 'EIO');
        await assert.rejects(log.append(batch('b', 2), 2), isUnavailable('io-error'));
        assert.equal(await log.append(batch('c', 1), 3), 2);
      });
      await withShard(dir, {}, async (log) => {
        assert.deepEqual(texts(await readAll(log)), expectedTexts(batch('a', 2), batch('c', 1)));
      });
    });
  });

  describe('retention', () => {
    it('deletes whole segments older than the cutoff and rolls a quiet active segment', async () => {
      const dir = freshDir();
      const events: StreamLogEvent[] = [];
      await withShard(dir, { rollSizeBytes: 400, onEvent: (e) => events.push(e) }, async (log) => {
        for (let b = 0; b < 6; b++) await log.append(batch(`r${b}`, 3, 150), 1000 * (b + 1)); // one segment each
        assert.equal((await segmentFiles(dir)).filter((f) => f.endsWith('.log')).length, 6);
        assert.equal(await log.trimBefore(3500), 9, 'segments with batches at 1000..3000 go');
        assert.equal(log.startOffset, 9);
        assert.equal((await segmentFiles(dir))[0], '00000000000000000009.index');
        assert.deepEqual(texts(await readAll(log)), expectedTexts(batch('r3', 3, 150), batch('r4', 3, 150), batch('r5', 3, 150)));
        assert.equal(await log.offsetAtTime(0), 9);
        assert.equal(await log.trimBefore(6000), 15, 'the active segment (newest 6000) stays');
        assert.equal(await log.trimBefore(6001), 18, 'a quiet active segment is rolled, then deleted');
        assert.equal((await segmentFiles(dir)).filter((f) => f.endsWith('.log')).join(), '00000000000000000018.log');
        assert.equal(await log.append(batch('z', 1), 7000), 18);
      });
      assert.equal(events.filter((e) => e.kind === 'segment-deleted').length, 6);
    });
  });

  describe('reads', () => {
    it('hands out records that share nothing with the log', async () => {
      await withShard(freshDir(), {}, async (log) => {
        await log.append(batch('a', 3), 1);
        const first = (await log.read(0, ALL)).records[2]!;
        first.data.fill(0);
        assert.deepEqual(texts((await log.read(0, ALL)).records), expectedTexts(batch('a', 3)));
      });
    });
  });

  describe('crash', () => {
    it('keeps every acknowledged record, once and in order, when the process is killed under load', async () => {
      const dir = freshDir();
      const child = fileURLToPath(new URL('./crashChild.js', import.meta.url));
      const acks: Ack[] = [];
      for (let run = 0; run < 4; run++) {
        const killAfter = 50 + Math.floor(Math.random() * 400);
        acks.push(...(await runUntilKilled(child, dir, run, killAfter)));
        const store = await SegmentedLogStore.open(dir);
        try {
          for (let shard = 0; shard < 4; shard++) {
            const log = await store.openShard('crash', `shard-${shard}`);
            await checkAcknowledged(log, acks.filter((a) => a.shard === shard));
          }
        } finally {
          await store.close();
        }
      }
    });
  });
});

interface Ack {
  readonly shard: number;
  readonly base: number;
  readonly count: number;
  readonly tag: string;
}

/** Runs the crash child until it has acknowledged `killAfter` appends, SIGKILLs it, returns the acks it printed. */
async function runUntilKilled(child: string, dir: string, run: number, killAfter: number): Promise<Ack[]> {
  const proc = spawn(process.execPath, [child, dir, String(run)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  const acks: Ack[] = [];
  for await (const line of createInterface({ input: proc.stdout })) {
    const parts = line.split(' ');
    if (parts.length !== 6) continue; // 'ready'
    const [shard, base, count, runTag, producer, seq] = parts;
    acks.push({ shard: Number(shard), base: Number(base), count: Number(count), tag: `${runTag}:${producer}:${seq}` });
    if (acks.length === killAfter) proc.kill('SIGKILL');
  }
  await exited;
  assert.ok(acks.length >= killAfter, `child stopped after ${acks.length} acks`);
  return acks;
}

async function checkAcknowledged(log: ShardLog, acks: readonly Ack[]): Promise<void> {
  const records = await readAll(log);
  assert.equal(log.startOffset, 0);
  assert.deepEqual(
    records.map((r) => r.offset),
    Array.from({ length: log.nextOffset }, (_, i) => i),
    'offsets are dense',
  );
  const seen = new Set<string>();
  let previousArrival = 0;
  for (const r of records) {
    const id = Buffer.from(r.data).toString().split(':').slice(0, 4).join(':');
    assert.ok(!seen.has(id), `record ${id} appears once`);
    seen.add(id);
    assert.ok(r.arrivalMs >= previousArrival, 'arrival times never decrease');
    previousArrival = r.arrivalMs;
  }
  for (const ack of acks) {
    for (let i = 0; i < ack.count; i++) {
      const r = records[ack.base + i];
      assert.ok(r !== undefined, `acknowledged offset ${ack.base + i} is present`);
      assert.ok(Buffer.from(r.data).toString().startsWith(`${ack.tag}:${i}:`), `offset ${ack.base + i} holds ${ack.tag}:${i}`);
    }
  }
}

async function flipByte(path: string, position: number): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    const one = Buffer.alloc(1);
    await handle.read(one, 0, 1, position);
    one[0] = one[0]! ^ 0xff;
    await handle.write(one, 0, 1, position);
  } finally {
    await handle.close();
  }
}
