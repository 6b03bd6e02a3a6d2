import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { QueryTestbed } from '../testing/QueryTestbed.js';

/** UNLOAD writes a query's rows to the lake as files, without a table (the SDK conformance suite reads Parquet and JSON back). */
describe('UNLOAD', () => {
  let tb: QueryTestbed;
  const keys = async (bucket: string, prefix: string) => (await tb.lake.listObjects(bucket, { prefix })).objects.map((o) => o.key).sort();
  const text = async (bucket: string, key: string) => {
    const chunks: Buffer[] = [];
    for await (const chunk of (await tb.lake.getObject(bucket, key)).body) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks).toString('utf8');
  };
  const failure = async (sql: string) => {
    const r = await tb.run(sql);
    assert.equal(r.record.state, 'FAILED', `${sql} should fail`);
    return r.record.stateChangeReason!;
  };

  before(async () => {
    tb = await QueryTestbed.create();
    await tb.lake.ensureBucket('out');
  });
  after(() => tb.close());

  it('TEXTFILE with a field delimiter and no compression: \\N for NULL, one line per row; the manifest lists the files', async () => {
    const r = await tb.run(`UNLOAD (SELECT * FROM (VALUES (1, 'a'), (2, NULL)) AS t(n, s) ORDER BY n) TO 's3://out/text' WITH (format = 'TEXTFILE', field_delimiter = '|', compression = 'NONE')`);
    assert.equal(r.record.state, 'SUCCEEDED', r.record.stateChangeReason);
    assert.equal(r.record.statementType, 'DML');
    assert.equal(r.record.substatementType, 'UNLOAD');
    assert.equal(r.record.result?.updateCount, 2);
    assert.deepEqual(r.rows, []);
    const files = await keys('out', 'text/');
    assert.equal(files.length, 1);
    assert.match(files[0]!, /^text\/[0-9a-f-]+_0\.txt$/);
    assert.equal(await text('out', files[0]!), '1|a\n2|\\N\n');
    assert.equal(await text('results', `${r.record.id}-manifest.csv`), `s3://out/${files[0]}\n`);
  });

  it('with partitioned_by, writes new key=value folders beside existing ones but never into a folder that holds data', async () => {
    const first = await tb.run(`UNLOAD (SELECT n, n % 2 AS odd FROM range(4) t(n)) TO 's3://out/parts/' WITH (format = 'JSON', partitioned_by = ARRAY['odd'])`);
    assert.equal(first.record.state, 'SUCCEEDED', first.record.stateChangeReason);
    assert.deepEqual(
      (await keys('out', 'parts/')).map((k) => k.replace(/[0-9a-f-]{36}/, 'ID')),
      ['parts/odd=0/ID_0.json.gz', 'parts/odd=1/ID_0.json.gz'],
    );
    assert.equal(first.record.result?.updateCount, 4);
    // JSON lines, gzip by default (as Athena), without the partition column
    const odd = (await keys('out', 'parts/odd=1/'))[0]!;
    const chunks: Buffer[] = [];
    for await (const chunk of (await tb.lake.getObject('out', odd)).body) chunks.push(Buffer.from(chunk as Uint8Array));
    const lines = gunzipSync(Buffer.concat(chunks)).toString('utf8').trim().split('\n').sort();
    assert.deepEqual(lines, ['{"n":1}', '{"n":3}']);
    const more = await tb.run(`UNLOAD (SELECT 7 AS n, 2 AS odd) TO 's3://out/parts/' WITH (format = 'JSON', partitioned_by = ARRAY['odd'])`);
    assert.equal(more.record.state, 'SUCCEEDED', more.record.stateChangeReason);
    assert.match(await failure(`UNLOAD (SELECT 8 AS n, 1 AS odd) TO 's3://out/parts/' WITH (format = 'JSON', partitioned_by = ARRAY['odd'])`), /^HIVE_PATH_ALREADY_EXISTS: .*s3:\/\/out\/parts\//);
    assert.equal((await keys('out', 'parts/')).length, 3);
  });

  it('writes at most 100 partitions, and nothing when the query makes more', async () => {
    assert.match(
      await failure(`UNLOAD (SELECT n, n AS p FROM range(101) t(n)) TO 's3://out/many/' WITH (format = 'PARQUET', partitioned_by = ARRAY['p'])`),
      /^HIVE_TOO_MANY_OPEN_PARTITIONS: Exceeded limit of 100 open writers for partitions/,
    );
    assert.deepEqual(await keys('out', 'many/'), []);
  });

  it('runs as a prepared statement with parameters', async () => {
    await tb.rows(`PREPARE unload_one FROM UNLOAD (SELECT ? AS v) TO 's3://out/prepared/' WITH (format = 'TEXTFILE', compression = 'NONE')`);
    const r = await tb.run(`EXECUTE unload_one USING 'hello'`);
    assert.equal(r.record.state, 'SUCCEEDED', r.record.stateChangeReason);
    const [file] = await keys('out', 'prepared/');
    assert.equal(await text('out', file!), 'hello\n');
  });

  it('refuses what it cannot do, saying why', async () => {
    assert.match(await failure(`UNLOAD (SELECT 1 AS a) TO 's3://out/x/' WITH (format = 'ORC')`), /^NOT_SUPPORTED: UNLOAD format ORC is not supported/);
    assert.match(await failure(`UNLOAD (SELECT 1 AS a) TO 's3://out/x/' WITH (format = 'AVRO')`), /^NOT_SUPPORTED: UNLOAD format AVRO/);
    assert.match(await failure(`UNLOAD (SELECT 1 AS a) TO 's3://out/x/' WITH (format = 'CSV')`), /^INVALID_TABLE_PROPERTY: UNLOAD format CSV does not exist/);
    assert.match(await failure(`UNLOAD (SELECT 1 AS a) TO 's3://out/x/' WITH (format = 'JSON', compression = 'SNAPPY')`), /^INVALID_TABLE_PROPERTY: UNLOAD compression SNAPPY is not supported for JSON/);
    assert.match(await failure(`UNLOAD (SELECT 1 AS a) TO 's3://out/x/' WITH (external_location = 's3://a/')`), /UNLOAD property 'external_location' does not exist/);
    assert.match(await failure(`UNLOAD (SELECT 1 AS a, 2 AS b) TO 's3://out/x/' WITH (partitioned_by = ARRAY['a'])`), /Partition columns \(a\) must be the last columns/);
    assert.match(await failure(`UNLOAD (SELECT 1 AS a) TO 's3://out/x/' WITH (field_delimiter = '||')`), /field_delimiter must be one character/);
    assert.match(await failure(`UNLOAD (SELECT 1 AS a) TO 's3://no-such-bucket/x/'`), /bucket no-such-bucket does not exist/);
    assert.match(await failure(`UNLOAD (SELECT nope FROM (VALUES 1) AS t(x)) TO 's3://out/x/'`), /^COLUMN_NOT_FOUND: line 1:16: Column 'nope' cannot be resolved/);
    assert.deepEqual(await keys('out', 'x/'), []);
  });
});
