import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { QueryTestbed } from '../testing/QueryTestbed.js';

/** DDL and DML statements Athena users run, end to end through the engine and the catalog. */
describe('statements', () => {
  let tb: QueryTestbed;
  before(async () => {
    tb = await QueryTestbed.create();
    await tb.lake.ensureBucket('lake');
  });
  after(() => tb.close());

  it('CREATE DATABASE, SHOW DATABASES, DROP DATABASE (refused while it holds tables, unless CASCADE)', async () => {
    const created = await tb.run(`CREATE DATABASE IF NOT EXISTS "Shop-DB" COMMENT 'shop'`);
    assert.equal(created.record.statementType, 'DDL');
    assert.equal(created.record.outputLocation, `s3://results/${created.record.id}.txt`);
    assert.deepEqual(await tb.rows(`SHOW DATABASES LIKE 'shop*'`), [['shop-db']]);
    await tb.rows(`CREATE EXTERNAL TABLE "shop-db".t (a int) STORED AS PARQUET LOCATION 's3://lake/t/'`);
    const refused = await tb.run('DROP DATABASE "shop-db"');
    assert.match(refused.record.stateChangeReason!, /Database shop-db is not empty/);
    assert.equal(refused.record.failure?.errorType, 1003);
    await tb.rows('DROP DATABASE "shop-db" CASCADE');
    assert.equal(tb.catalog.findDatabase('shop-db'), undefined);
  });

  it('CREATE EXTERNAL TABLE over JSON lines: keys match columns whatever their case, gzip is read', async () => {
    await tb.putText('lake', 'json/a.json', '{"Id":1,"userId":"u1","ts":"2020-10-10 10:00:00","tags":["a","b"]}\n{"id":2,"USERID":"u2","ts":"2020-10-10T11:00:00Z"}\n');
    await tb.lake.putObject('lake', 'json/b.json.gz', gzipSync('{"id":3,"userid":"u3"}\n'));
    const created = await tb.run(
      `CREATE EXTERNAL TABLE j (id bigint, userid string, ts timestamp, tags array<string>) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://lake/json/'`,
    );
    assert.equal(created.record.state, 'SUCCEEDED', created.record.stateChangeReason);
    assert.deepEqual(await tb.rows('SELECT * FROM j ORDER BY id'), [
      ['1', 'u1', '2020-10-10 10:00:00.000', '[a, b]'],
      ['2', 'u2', '2020-10-10 11:00:00.000', null],
      ['3', 'u3', null, null],
    ]);
  });

  it('reads CSV (OpenCSVSerde: quotes, header skipped) and delimited text (LazySimpleSerDe: \\N is NULL, bad numbers are NULL)', async () => {
    await tb.putText('lake', 'csv/a.csv', 'id,name,amount\n1,alice,2.5\n2,"bob, jr",3\n');
    await tb.rows(
      `CREATE EXTERNAL TABLE c (id string, name string, amount string) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' WITH SERDEPROPERTIES ('separatorChar'=',') LOCATION 's3://lake/csv/' TBLPROPERTIES ('skip.header.line.count'='1')`,
    );
    assert.deepEqual(await tb.rows('SELECT * FROM c ORDER BY id'), [
      ['1', 'alice', '2.5'],
      ['2', 'bob, jr', '3'],
    ]);
    await tb.putText('lake', 'tsv/a.tsv', '1\talice\t\\N\n2\tbob\tx\n3\tcarol\t7\n');
    await tb.rows(`CREATE EXTERNAL TABLE t (id int, name string, n int) ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t' LOCATION 's3://lake/tsv/'`);
    assert.deepEqual(await tb.rows('SELECT * FROM t ORDER BY id'), [
      ['1', 'alice', null],
      ['2', 'bob', null],
      ['3', 'carol', '7'],
    ]);
  });

  it('CREATE TABLE AS SELECT writes Parquet partitions, registers them, and reports the rows written', async () => {
    const r = await tb.run(
      `CREATE TABLE summary WITH (format = 'PARQUET', external_location = 's3://lake/summary/', partitioned_by = ARRAY['name']) AS SELECT CAST(id AS int) AS id, CAST(amount AS double) AS amount, name FROM c`,
    );
    assert.equal(r.record.state, 'SUCCEEDED', r.record.stateChangeReason);
    assert.equal(r.record.statementType, 'DDL');
    assert.equal(r.record.result?.updateCount, 2);
    const manifest = await tb.lake.getObject('results', `${r.record.id}-manifest.csv`);
    assert.ok(manifest.info.size > 0);
    manifest.body.destroy();
    assert.deepEqual(await tb.rows('SHOW PARTITIONS summary'), [['name=alice'], ['name=bob, jr']]);
    assert.deepEqual(await tb.rows('SELECT * FROM summary ORDER BY id'), [
      ['1', '2.5', 'alice'],
      ['2', '3.0', 'bob, jr'],
    ]);
    const again = await tb.run(`CREATE TABLE other WITH (external_location = 's3://lake/summary/') AS SELECT 1 AS x`);
    assert.match(again.record.stateChangeReason!, /HIVE_PATH_ALREADY_EXISTS/);
    const exists = await tb.run(`CREATE TABLE summary AS SELECT 1 AS x`);
    assert.equal(exists.record.failure?.errorName, 'ALREADY_EXISTS');
  });

  it('INSERT INTO adds files and partitions, by position or by column list', async () => {
    const r = await tb.run(`INSERT INTO summary VALUES (3, 9.5, 'carol'), (4, 1.0, 'alice')`);
    assert.equal(r.record.statementType, 'DML');
    assert.equal(r.record.substatementType, 'INSERT');
    assert.equal(r.record.result?.updateCount, 2);
    assert.deepEqual(await tb.rows('SELECT name, count(*), sum(amount) FROM summary GROUP BY name ORDER BY name'), [
      ['alice', '2', '3.5'],
      ['bob, jr', '1', '3.0'],
      ['carol', '1', '9.5'],
    ]);
    await tb.rows(`INSERT INTO t (id, name) SELECT 9, 'z'`);
    assert.deepEqual(await tb.rows('SELECT * FROM t WHERE id = 9'), [['9', 'z', null]]);
    const wrong = await tb.run('INSERT INTO t SELECT 1');
    assert.equal(wrong.record.failure?.errorName, 'TYPE_MISMATCH');
  });

  it('CTAS in JSON and TEXTFILE, read back', async () => {
    await tb.rows(`CREATE TABLE js WITH (format = 'JSON') AS SELECT * FROM j`);
    assert.deepEqual(await tb.rows('SELECT id, tags FROM js ORDER BY id'), [
      ['1', '[a, b]'],
      ['2', null],
      ['3', null],
    ]);
    await tb.rows(`CREATE TABLE tx WITH (format = 'TEXTFILE', field_delimiter = ',') AS SELECT id, name FROM t WHERE id < 3`);
    assert.deepEqual(await tb.rows('SELECT * FROM tx ORDER BY id'), [
      ['1', 'alice'],
      ['2', 'bob'],
    ]);
  });

  it('ALTER TABLE ADD COLUMNS, SET TBLPROPERTIES, ADD and DROP PARTITION; DESCRIBE and SHOW show the changes', async () => {
    await tb.rows('ALTER TABLE t ADD COLUMNS (extra string)');
    assert.deepEqual(await tb.rows('SHOW COLUMNS IN t'), [['id'], ['name'], ['n'], ['extra']]);
    const described = await tb.rows('DESCRIBE t');
    assert.equal(described[3]![0], `${'extra'.padEnd(20)}\t${'string'.padEnd(20)}\t${''.padEnd(20)}`);
    await tb.rows(`ALTER TABLE t SET TBLPROPERTIES ('owner' = 'data-team')`);
    assert.deepEqual(await tb.rows(`SHOW TBLPROPERTIES t ('owner')`), [['owner\tdata-team']]);
    await tb.rows(`ALTER TABLE summary ADD IF NOT EXISTS PARTITION (name = 'dave') LOCATION 's3://lake/elsewhere/'`);
    assert.equal(tb.catalog.getPartition('default', 'summary', ['dave']).storage.location, 's3://lake/elsewhere/');
    await tb.rows(`ALTER TABLE summary DROP PARTITION (name = 'dave')`);
    assert.deepEqual((await tb.rows('SHOW PARTITIONS summary')).length, 3);
    const createText = (await tb.rows('SHOW CREATE TABLE summary')).map((l) => l[0]).join('\n');
    assert.match(createText, /^CREATE EXTERNAL TABLE `default`.`summary`\(\n {2}`id` int,\n {2}`amount` double\)\nPARTITIONED BY \(\n {2}`name` string\)/);
  });

  it('SHOW TABLES with a pattern, DROP TABLE (IF EXISTS), information_schema', async () => {
    assert.deepEqual(await tb.rows(`SHOW TABLES 's*|j'`), [['j'], ['summary']]);
    await tb.rows('DROP TABLE tx');
    await tb.rows('DROP TABLE IF EXISTS tx');
    const missing = await tb.run('DROP TABLE tx');
    assert.equal(missing.record.failure?.errorName, 'TABLE_NOT_FOUND');
    assert.deepEqual(await tb.rows(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'summary'`), [
      ['id', 'int'],
      ['amount', 'double'],
      ['name', 'string'],
    ]);
  });

  it('EXPLAIN shows DuckDB’s plan as rows of text', async () => {
    const r = await tb.run('EXPLAIN SELECT count(*) FROM summary');
    assert.equal(r.record.state, 'SUCCEEDED');
    assert.deepEqual(r.columns, ['Query Plan']);
    assert.ok(r.rows.some((l) => /PARQUET_SCAN|READ_PARQUET|TABLE_SCAN/.test(l[0] ?? '')));
  });
});
