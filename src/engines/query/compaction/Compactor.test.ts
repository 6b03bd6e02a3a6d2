import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { QueryTestbed } from '../testing/QueryTestbed.js';
import type { LakeFile } from '../tables/LakeFileLister.js';
import { planCompaction } from './CompactionPlanner.js';
import type { CompactionEvent, Compactor } from './Compactor.js';

const PARQUET = { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' };

const file = (key: string, size: number, mtimeMs = 0): LakeFile => ({ path: `/x/${key}`, bucket: 'b', key, size, mtimeMs });

describe('planCompaction', () => {
  const policy = { smallFileBytes: 100, minFiles: 3, targetFileBytes: 250, minAgeMs: 1000 };

  it('merges the small, old-enough files of a folder in key order, in groups up to the target size', () => {
    const files = [file('h/1', 90), file('h/2', 90), file('h/3', 90), file('h/4', 90), file('h/big', 500), file('h/new', 10, 9500)];
    const tasks = planCompaction(files, policy, 10_000);
    assert.deepEqual(
      tasks.map((t) => t.inputs.map((f) => f.key)),
      [
        ['h/1', 'h/2'],
        ['h/3', 'h/4'],
      ],
    );
    assert.equal(tasks[0]!.folder, 'h/');
  });

  it('leaves folders with too few small files, and never merges a file alone', () => {
    assert.deepEqual(planCompaction([file('a/1', 10), file('a/2', 10), file('b/1', 10)], policy, 10_000), []);
    assert.deepEqual(planCompaction([file('a/1', 240), file('a/2', 240), file('a/3', 240)], { ...policy, targetFileBytes: 100 }, 10_000), []);
  });
});

/** A Firehose-like table: `files` small Parquet objects per hour folder, ids unique across all. */
async function smallFiles(tb: QueryTestbed, bucket: string, hours: readonly string[], files: number, firstId: number): Promise<number> {
  let id = firstId;
  for (const hour of hours) {
    for (let f = 0; f < files; f++) {
      await tb.writeObject(bucket, `events/${hour}/events-${id}.parquet`, `SELECT (${id} + i)::BIGINT AS id, 'u' || (i % 3) AS userid FROM range(10) t(i)`);
      id += 10;
    }
  }
  return id;
}

async function fileCount(tb: QueryTestbed, bucket: string): Promise<number> {
  let n = 0;
  for await (const _ of tb.lake.listAllObjects(bucket, 'events/')) n++;
  return n;
}

describe('Compactor', () => {
  let tb: QueryTestbed;
  let compactor: Compactor;
  const events: CompactionEvent[] = [];
  before(async () => {
    tb = await QueryTestbed.create();
    await tb.catalog.createDatabase({ name: 'lab' });
    await tb.catalog.createTable('lab', {
      name: 'events',
      storage: { location: 's3://lab-events/events/', columns: [{ name: 'id', type: 'bigint' }, { name: 'userid', type: 'string' }], serdeInfo: PARQUET },
    });
    compactor = tb.engine.compactor({ intervalMs: 3_600_000, minFiles: 4, smallFileBytes: 1024 * 1024, targetFileBytes: 64 * 1024 * 1024, minAgeMs: 0, onEvent: (e) => events.push(e) })!;
  });
  after(() => tb.close());

  it('merges each folder’s small files into one Parquet file, with the same rows', async () => {
    const next = await smallFiles(tb, 'lab-events', ['2024/01/01/00', '2024/01/01/01'], 6, 0);
    const before_ = await tb.rows('SELECT count(*), count(DISTINCT id), sum(id) FROM lab.events');
    assert.equal(await fileCount(tb, 'lab-events'), 12);
    const report = await compactor.runOnce();
    assert.deepEqual(report, { merged: 2, filesRemoved: 12, failed: 0 });
    assert.equal(await fileCount(tb, 'lab-events'), 2);
    const compacted = events.filter((e) => e.kind === 'compacted');
    assert.equal(compacted.length, 2);
    assert.match(compacted[0]!.kind === 'compacted' ? compacted[0]!.outputKey : '', /^events\/2024\/01\/01\/00\/compacted-[0-9a-f]{20}\.parquet$/);
    assert.deepEqual(await tb.rows('SELECT count(*), count(DISTINCT id), sum(id) FROM lab.events'), before_);
    assert.deepEqual(before_, [[String(next / 1), String(next), String(((next - 1) * next) / 2)]]);
  });

  it('leaves tables that say lakehose.compaction=false, and tables not in Parquet', async () => {
    await smallFiles(tb, 'quiet', ['2024/01/01/00'], 5, 0);
    await tb.catalog.createTable('lab', {
      name: 'quiet',
      parameters: { 'lakehose.compaction': 'false' },
      storage: { location: 's3://quiet/events/', columns: [{ name: 'id', type: 'bigint' }], serdeInfo: PARQUET },
    });
    for (let i = 0; i < 5; i++) await tb.putText('jsonl', `events/2024/01/01/00/e-${i}.json`, `{"id":${i}}\n`);
    await tb.catalog.createTable('lab', {
      name: 'jsonl',
      storage: { location: 's3://jsonl/events/', columns: [{ name: 'id', type: 'bigint' }], serdeInfo: { serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' } },
    });
    await compactor.runOnce();
    assert.equal(await fileCount(tb, 'quiet'), 5);
    assert.equal(await fileCount(tb, 'jsonl'), 5);
  });

  it('waits for a reader holding a snapshot lease: the files it listed stay until it lets go', async () => {
    await smallFiles(tb, 'lab-events', ['2024/01/02/00'], 5, 100_000);
    const lease = await tb.lake.readSnapshot('lab-events');
    const listed: string[] = [];
    for await (const o of tb.lake.listAllObjects('lab-events', 'events/2024/01/02/00/')) listed.push((await tb.lake.localPath('lab-events', o.key))!);
    assert.equal(listed.length, 5);
    const pass = compactor.runOnce();
    // whatever the compactor has done meanwhile, it cannot have swapped the files
    await new Promise((r) => setImmediate(r));
    for (const path of listed) assert.ok(existsSync(path), `${path} is gone while a reader holds the lease`);
    lease.release();
    const report = await pass;
    assert.equal(report.merged, 1);
    for (const path of listed) assert.ok(!existsSync(path));
  });

  it('never shows a concurrent query both the small files and the merged one, nor neither', async () => {
    let nextId = await smallFiles(tb, 'race', ['2024/02/01/00', '2024/02/01/01', '2024/02/01/02', '2024/02/01/03'], 6, 0);
    await tb.catalog.createTable('lab', {
      name: 'race',
      storage: { location: 's3://race/events/', columns: [{ name: 'id', type: 'bigint' }, { name: 'userid', type: 'string' }], serdeInfo: PARQUET },
    });
    let done = false;
    const compaction = (async () => {
      try {
        await compactor.runOnce();
        nextId = await smallFiles(tb, 'race', ['2024/02/01/00', '2024/02/01/01'], 4, nextId);
        await compactor.runOnce();
      } finally {
        done = true;
      }
    })();
    const seen: string[] = [];
    let queries = 0;
    const reader = async () => {
      while (!done) {
        const [[count, distinct]] = (await tb.rows('SELECT count(*), count(DISTINCT id) FROM lab.race')) as [[string, string]];
        queries++;
        // every row once: no file counted twice, and whole files only (10 rows each)
        assert.equal(count, distinct);
        assert.equal(Number(count) % 10, 0);
        seen.push(count);
      }
    };
    await Promise.all([compaction, reader(), reader()]);
    assert.ok(queries > 0);
    console.log(`${queries} queries ran during compaction; counts seen: ${[...new Set(seen)].join(', ')}`);
    assert.deepEqual(await tb.rows('SELECT count(*), count(DISTINCT id) FROM lab.race'), [[String(nextId), String(nextId)]]);
    assert.equal(await fileCount(tb, 'race'), 4);
  });
});
