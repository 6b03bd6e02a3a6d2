import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MemoryDocumentStore } from '../../adapters/memory/MemoryDocumentStore.js';
import { QueryError } from './QueryError.js';
import type { QueryExecutionRecord } from './QueryExecution.js';
import { QueryTestbed } from './testing/QueryTestbed.js';

/** A query DuckDB needs far longer than any test runs (it is always stopped). */
const ENDLESS = 'SELECT sum(a.x * b.x) FROM range(100000000) a(x), range(100000000) b(x)';

async function readObject(tb: QueryTestbed, bucket: string, key: string): Promise<string> {
  const { body } = await tb.lake.getObject(bucket, key);
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const isQueryError = (kind: QueryError['kind'], message?: RegExp) => (e: unknown) =>
  e instanceof QueryError && e.kind === kind && (message === undefined || message.test(e.message));

describe('QueryEngine', () => {
  let tb: QueryTestbed;
  before(async () => {
    tb = await QueryTestbed.create();
    await tb.catalog.createDatabase({ name: 'lab' });
    await tb.writeObject('events', 'data/part-1.parquet', "SELECT i AS id, 'u' || (i % 3) AS userid FROM range(10) t(i)");
    await tb.catalog.createTable('lab', {
      name: 'events',
      storage: {
        location: 's3://events/data/',
        columns: [
          { name: 'id', type: 'bigint' },
          { name: 'userid', type: 'string' },
        ],
        serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
      },
    });
  });
  after(() => tb.close());

  it('runs a query to SUCCEEDED with Athena result files: <id>.csv with a header, every value quoted, and .metadata', async () => {
    const r = await tb.run(`SELECT userid, count(*) AS n, NULL AS nothing, '' AS empty FROM lab.events GROUP BY userid ORDER BY userid`);
    assert.equal(r.record.state, 'SUCCEEDED');
    assert.equal(r.record.statementType, 'DML');
    assert.deepEqual(r.columns, ['userid', 'n', 'nothing', 'empty']);
    assert.deepEqual(r.rows, [
      ['u0', '4', null, ''],
      ['u1', '3', null, ''],
      ['u2', '3', null, ''],
    ]);
    assert.equal(r.record.outputLocation, `s3://results/${r.record.id}.csv`);
    const csv = await readObject(tb, 'results', `${r.record.id}.csv`);
    assert.equal(csv, '"userid","n","nothing","empty"\n"u0","4",,""\n"u1","3",,""\n"u2","3",,""\n');
    const meta = JSON.parse(await readObject(tb, 'results', `${r.record.id}.csv.metadata`)) as { columns: Array<{ name: string; type: string }> };
    assert.deepEqual(
      meta.columns.map((c) => [c.name, c.type]),
      [
        ['userid', 'varchar'],
        ['n', 'bigint'],
        ['nothing', 'integer'],
        ['empty', 'varchar'],
      ],
    );
    assert.ok(r.record.statistics.dataScannedBytes > 0);
    assert.equal(r.record.statistics.filesScanned, 1);
    assert.ok(r.record.completedAtMs! >= r.record.submittedAtMs);
  });

  it('pages through a large result by byte offsets, the header row first on the first page only', async () => {
    const started = await tb.engine.start({ query: 'SELECT x, repeat(\'é\', x % 7) AS s FROM range(2500) t(x) ORDER BY x' });
    await tb.engine.whenFinished(started.id);
    const pages: Array<Array<Array<string | null>>> = [];
    let offset: number | undefined = 0;
    while (offset !== undefined) {
      const p = await tb.engine.results(started.id, offset, 1000);
      pages.push(p.rows);
      offset = p.next;
    }
    assert.deepEqual(
      pages.map((p) => p.length),
      [1000, 1000, 501],
    );
    assert.deepEqual(pages[0]![0], ['x', 's']);
    const data = pages.flat().slice(1);
    assert.equal(data.length, 2500);
    data.forEach((row, i) => assert.deepEqual(row, [String(i), 'é'.repeat(i % 7)]));
  });

  it('fails a query with a syntax error at once, with Athena’s AthenaError and the place in the SQL', async () => {
    const started = await tb.engine.whenFinished((await tb.engine.start({ query: 'SELECT *\nFORM lab.events' })).id);
    assert.equal(started.state, 'FAILED');
    assert.equal(started.failure?.category, 2);
    assert.equal(started.failure?.errorType, 1000);
    assert.equal(started.failure?.retryable, false);
    assert.match(started.stateChangeReason!, /^SYNTAX_ERROR: line 2:\d+: /);
    await assert.rejects(tb.engine.results(started.id, 0, 10), isQueryError('InvalidRequest', /Query did not finish successfully. Final query state: FAILED/));
  });

  it('names unknown tables, schemas and columns as Athena does', async () => {
    const table = await tb.run('SELECT * FROM lab.nope');
    assert.equal(table.record.stateChangeReason, "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.lab.nope' does not exist");
    const schema = await tb.run('SELECT * FROM nodb.t');
    assert.equal(schema.record.stateChangeReason, "SCHEMA_NOT_FOUND: line 1:15: Schema 'nodb' does not exist");
    const column = await tb.run('SELECT idd FROM lab.events');
    assert.equal(column.record.stateChangeReason, "COLUMN_NOT_FOUND: line 1:8: Column 'idd' cannot be resolved");
  });

  it('uses the session database for unqualified names', async () => {
    assert.deepEqual(await tb.rows('SELECT count(*) FROM events', { database: 'lab' }), [['10']]);
  });

  it('puts ExecutionParameters into the `?`s and fails on a wrong count', async () => {
    assert.deepEqual(await tb.rows('SELECT count(*), ? AS tag FROM lab.events WHERE id < ?', { executionParameters: ["'x'", '4'] }), [['4', 'x']]);
    const bad = await tb.run('SELECT ? + ?', { executionParameters: ['1'] });
    assert.equal(bad.record.state, 'FAILED');
    assert.match(bad.record.stateChangeReason!, /^INVALID_PARAMETER_USAGE: Incorrect number of parameters: expected 2 but found 1/);
  });

  it('answers a repeated ClientRequestToken with the same execution, and refuses it for another request', async () => {
    const token = 'a'.repeat(40);
    const first = await tb.engine.start({ query: 'SELECT 1', clientRequestToken: token });
    const again = await tb.engine.start({ query: 'SELECT 1', clientRequestToken: token });
    assert.equal(again.id, first.id);
    await assert.rejects(tb.engine.start({ query: 'SELECT 2', clientRequestToken: token }), isQueryError('InvalidRequest', /Idempotent parameters do not match/));
  });

  it('refuses unknown executions, and results before the end', async () => {
    assert.throws(() => tb.engine.get('nope'), isQueryError('InvalidRequest', /QueryExecution nope was not found/));
    const running = await tb.engine.start({ query: ENDLESS });
    await assert.rejects(tb.engine.results(running.id, 0, 10), isQueryError('InvalidRequest', /Query has not yet finished. Current state: (QUEUED|RUNNING)/));
    await tb.engine.stop(running.id);
  });

  it('stops a running query: CANCELLED at once, and its connection serves the next query', async () => {
    const running = await tb.engine.start({ query: ENDLESS });
    await tb.engine.stop(running.id);
    const record = await tb.engine.whenFinished(running.id);
    assert.equal(record.state, 'CANCELLED');
    assert.equal(record.stateChangeReason, 'Query cancelled by user');
    assert.deepEqual(await tb.rows('SELECT 42'), [['42']]);
    // stopping a finished query changes nothing
    await tb.engine.stop(running.id);
    assert.equal(tb.engine.get(running.id).state, 'CANCELLED');
  });

  it('reads output locations from the request, the work group, and the enforced work group', async () => {
    await tb.lake.ensureBucket('wg-out');
    await tb.lake.ensureBucket('mine');
    await tb.engine.workGroups.create({ name: 'team', settings: { outputLocation: 's3://wg-out/team/', enforce: false, publishMetrics: false }, createdAtMs: 0, tags: {} });
    const byRequest = await tb.run('SELECT 1', { workGroup: 'team', outputLocation: 's3://mine/x/' });
    assert.equal(byRequest.record.outputLocation, `s3://mine/x/${byRequest.record.id}.csv`);
    const byGroup = await tb.run('SELECT 1', { workGroup: 'team' });
    assert.equal(byGroup.record.outputLocation, `s3://wg-out/team/${byGroup.record.id}.csv`);
    await tb.engine.workGroups.update('team', { enforce: true });
    const enforced = await tb.run('SELECT 1', { workGroup: 'team', outputLocation: 's3://mine/x/' });
    assert.equal(enforced.record.outputLocation, `s3://wg-out/team/${enforced.record.id}.csv`);
    await assert.rejects(tb.engine.start({ query: 'SELECT 1', outputLocation: 's3://no-such-bucket/' }), isQueryError('InvalidRequest', /Unable to verify\/create output bucket no-such-bucket/));
    await assert.rejects(tb.engine.start({ query: 'SELECT 1', workGroup: 'nope' }), isQueryError('InvalidRequest', /WorkGroup nope is not found/));
    assert.deepEqual(
      tb.engine.list('team').map((r) => r.id),
      [enforced.record.id, byGroup.record.id, byRequest.record.id],
    );
  });

  it('fails a query that would scan more than its work group allows', async () => {
    await tb.engine.workGroups.create({ name: 'small', settings: { enforce: false, publishMetrics: false, bytesScannedCutoff: 10 }, createdAtMs: 0, tags: {} });
    const r = await tb.run('SELECT count(*) FROM lab.events', { workGroup: 'small' });
    assert.equal(r.record.state, 'FAILED');
    assert.match(r.record.stateChangeReason!, /BytesScannedCutoffPerQuery/);
  });

  it('runs PREPARE, EXECUTE … USING and DEALLOCATE PREPARE in the work group', async () => {
    assert.equal((await tb.run('PREPARE by_user FROM SELECT count(*) FROM lab.events WHERE userid = ?')).record.state, 'SUCCEEDED');
    assert.equal(tb.engine.preparedStatements.get('primary', 'by_user').queryStatement, 'SELECT count(*) FROM lab.events WHERE userid = ?');
    const executed = await tb.run(`EXECUTE by_user USING 'u1'`);
    assert.equal(executed.record.substatementType, 'SELECT');
    assert.deepEqual(executed.rows, [['3']]);
    await tb.run('DEALLOCATE PREPARE by_user');
    const missing = await tb.run(`EXECUTE by_user USING 'u1'`);
    assert.match(missing.record.stateChangeReason!, /Prepared statement not found: by_user/);
  });

  it('fails a query over a file that is not Parquet, naming the file, and keeps serving', async () => {
    await tb.putText('broken', 'data/not-parquet.parquet', 'this is not parquet');
    await tb.catalog.createTable('lab', {
      name: 'broken',
      storage: { location: 's3://broken/data/', columns: [{ name: 'a', type: 'int' }], serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' } },
    });
    const r = await tb.run('SELECT * FROM lab.broken');
    assert.equal(r.record.state, 'FAILED');
    assert.equal(r.record.failure?.errorName, 'HIVE_BAD_DATA');
    assert.equal(r.record.failure?.errorType, 1001);
    assert.match(r.record.stateChangeReason!, /s3:\/\/broken\/data\/not-parquet\.parquet/);
    assert.doesNotMatch(r.record.stateChangeReason!, new RegExp(tb.dir));
    assert.deepEqual(await tb.rows('SELECT count(*) FROM lab.events'), [['10']]);
  });

  it('reads files of different schemas (a column added later is NULL in older files; names match regardless of case)', async () => {
    await tb.writeObject('evolving', 'data/1-old.parquet', 'SELECT 1::BIGINT AS ID');
    await tb.writeObject('evolving', 'data/2-new.parquet', "SELECT 2::INTEGER AS id, 'gold' AS Tier");
    await tb.catalog.createTable('lab', {
      name: 'evolving',
      storage: {
        location: 's3://evolving/data/',
        columns: [
          { name: 'id', type: 'bigint' },
          { name: 'tier', type: 'string' },
          { name: 'never', type: 'double' },
        ],
        serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
      },
    });
    const r = await tb.run('SELECT * FROM lab.evolving ORDER BY id');
    assert.deepEqual(r.rows, [
      ['1', null, null],
      ['2', 'gold', null],
    ]);
    assert.deepEqual(r.types, ['bigint', 'varchar', 'double']);
  });

  it('runs another query while one runs (DuckDB’s threads, not the event loop)', async () => {
    const long = await tb.engine.start({ query: ENDLESS });
    const timer = await new Promise<number>((resolve) => {
      const t0 = Date.now();
      setTimeout(() => resolve(Date.now() - t0), 5);
    });
    assert.ok(timer < 1000);
    assert.deepEqual(await tb.rows('SELECT 1 + 1'), [['2']]);
    assert.equal(tb.engine.get(long.id).state, 'RUNNING');
    await tb.engine.stop(long.id);
  });

  it('lists executions newest first', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await tb.run(`SELECT ${i}`)).record.id);
    assert.deepEqual(
      tb.engine
        .list('primary')
        .slice(0, 3)
        .map((r) => r.id),
      ids.reverse(),
    );
  });
});

describe('QueryEngine limits', () => {
  it('queues beyond maxConcurrent, refuses beyond maxQueued, and cancels queued queries', async () => {
    const tb = await QueryTestbed.create({ maxConcurrent: 1, maxQueued: 1 });
    try {
      const a = await tb.engine.start({ query: ENDLESS });
      const b = await tb.engine.start({ query: 'SELECT 1' });
      assert.equal(tb.engine.get(b.id).state, 'QUEUED');
      await assert.rejects(tb.engine.start({ query: 'SELECT 2' }), isQueryError('TooManyRequests'));
      await tb.engine.stop(b.id);
      assert.equal(tb.engine.get(b.id).state, 'CANCELLED');
      await tb.engine.stop(a.id);
      assert.equal((await tb.engine.whenFinished(a.id)).state, 'CANCELLED');
      assert.deepEqual(await tb.rows('SELECT 3'), [['3']]);
    } finally {
      await tb.close();
    }
  });

  it('fails a query that runs past the time limit', async () => {
    const tb = await QueryTestbed.create({ timeoutSeconds: 1 });
    try {
      const r = await tb.run(ENDLESS);
      assert.equal(r.record.state, 'FAILED');
      assert.equal(r.record.failure?.errorName, 'EXCEEDED_TIME_LIMIT');
      assert.equal(r.record.stateChangeReason, 'EXCEEDED_TIME_LIMIT: Query exceeded maximum time limit of 1 seconds');
    } finally {
      await tb.close();
    }
  });

  it('fails a result larger than maxResultMiB instead of writing it, and leaves no result file', async () => {
    const tb = await QueryTestbed.create({ maxResultMiB: 1 });
    try {
      const r = await tb.run("SELECT x, repeat('x', 100) FROM range(100000) t(x)");
      assert.equal(r.record.state, 'FAILED');
      assert.match(r.record.stateChangeReason!, /^EXCEEDED_RESULT_LIMIT: /);
      await assert.rejects(tb.lake.headObject('results', `${r.record.id}.csv`));
    } finally {
      await tb.close();
    }
  });
});

describe('QueryEngine after a restart', () => {
  it('still answers for finished executions, and fails the ones that were running', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lakehose-query-restart-'));
    const documents = new MemoryDocumentStore();
    try {
      const first = await QueryTestbed.create({}, documents, dir);
      const done = await first.run("SELECT 'kept' AS v");
      // a record left RUNNING, as a crash would leave it
      const stuck: QueryExecutionRecord = { ...done.record, id: 'stuck-1', state: 'RUNNING', result: undefined, completedAtMs: undefined };
      await documents.collection<QueryExecutionRecord>('query-executions').put('stuck-1', stuck);
      await first.close();

      const second = await QueryTestbed.create({}, documents, dir);
      try {
        const again = second.engine.get(done.record.id);
        assert.equal(again.state, 'SUCCEEDED');
        const page = await second.engine.results(done.record.id, 0, 10);
        assert.deepEqual(page.rows, [['v'], ['kept']]);
        const failed = second.engine.get('stuck-1');
        assert.equal(failed.state, 'FAILED');
        assert.match(failed.stateChangeReason!, /stopped while the query was queued or running/);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
