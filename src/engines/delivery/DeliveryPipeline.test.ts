import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { MemoryDocumentStore } from '../../adapters/memory/MemoryDocumentStore.js';
import { MemoryStreamLogStore } from '../../adapters/memory/MemoryStreamLogStore.js';
import { FunctionsEngine } from '../functions/FunctionsEngine.js';
import type { StreamState } from '../streams/Stream.js';
import { StreamsEngine } from '../streams/StreamsEngine.js';
import { encodeKplRecord } from './deaggregation/index.js';
import type { DeliveryLake } from './ports.js';
import { BUCKET, directStream, harness, json, objects, tables, until, type Harness } from './testKit.js';

const open: Harness[] = [];
const closers: Array<() => Promise<void>> = [];
async function h(...args: Parameters<typeof harness>): Promise<Harness> {
  const x = await harness(...args);
  open.push(x);
  return x;
}
after(async () => {
  for (const x of open) await x.close();
  for (const c of closers) await c();
});

const lines = (body: Buffer) => body.toString().split('\n').filter((l) => l !== '');
const ERROR_PREFIX = 'errors/!{firehose:error-output-type}/';

describe('dynamic partitioning', () => {
  it('partitions by jq keys (MetadataExtraction, JQ-1.6); records without keys go to processing-failed', async () => {
    const x = await h();
    await x.engine.create(
      directStream('dp', {
        prefix: 'customer=!{partitionKeyFromQuery:customer}/year=!{partitionKeyFromQuery:year}/',
        errorOutputPrefix: ERROR_PREFIX,
        dynamicPartitioning: { enabled: true },
        processing: {
          enabled: true,
          processors: [
            { type: 'MetadataExtraction', parameters: [{ name: 'MetadataExtractionQuery', value: '{customer: .customer, year: .ts | strftime("%Y")}' }, { name: 'JsonParsingEngine', value: 'JQ-1.6' }] },
            { type: 'AppendDelimiterToRecord', parameters: [] },
          ],
        },
      }),
    );
    const records = [
      json(1, { customer: 'a', ts: 1600000000 }),
      json(2, { customer: 'b', ts: 1600000000 }),
      json(3, { customer: 'a', ts: 1700000000 }),
      json(4, { customer: 'a', ts: 1600000000 }),
      Buffer.from('not json'),
    ];
    await x.engine.put('dp', records, 'PutRecordBatch');
    await x.engine.idle();
    const all = await objects(x.lake);
    const byFolder = new Map<string, number[]>();
    for (const o of all) {
      const folder = o.key.slice(0, o.key.lastIndexOf('/') + 1);
      if (folder.startsWith('errors/')) continue;
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), ...lines(o.body).map((l) => JSON.parse(l).id as number)]);
    }
    assert.deepEqual(Object.fromEntries(byFolder), {
      'customer=a/year=2020/': [1, 4],
      'customer=b/year=2020/': [2],
      'customer=a/year=2023/': [3],
    });
    const errors = all.filter((o) => o.key.startsWith('errors/processing-failed/'));
    assert.equal(errors.length, 1);
    const err = JSON.parse(errors[0]!.body.toString()) as Record<string, unknown>;
    assert.equal(err.errorCode, 'DynamicPartitioning.MetadataExtractionFailed');
    assert.equal(Buffer.from(err.rawData as string, 'base64').toString(), 'not json');
    assert.equal(typeof err.arrivalTimestamp, 'number');
    assert.equal(typeof err.attemptEndingTimestamp, 'number');
    assert.equal(err.attemptsMade, 1);
    assert.equal(x.engine.status()[0]!.metrics['DeliveryToS3.Records'], 5);
  });

  it('sends records of partitions past the active-partition limit to activePartitionExceeded', async () => {
    const x = await h({ options: { activePartitionLimit: 2 } });
    await x.engine.create(
      directStream('limit', {
        prefix: 'c=!{partitionKeyFromQuery:c}/',
        errorOutputPrefix: ERROR_PREFIX,
        dynamicPartitioning: { enabled: true },
        buffering: { sizeMiB: 128, intervalSeconds: 1 },
        processing: { enabled: true, processors: [{ type: 'MetadataExtraction', parameters: [{ name: 'MetadataExtractionQuery', value: '{c: .c}' }, { name: 'JsonParsingEngine', value: 'JQ-1.6' }] }] },
      }),
    );
    await x.engine.put('limit', [json(1, { c: 'x' }), json(2, { c: 'y' }), json(3, { c: 'z' }), json(4, { c: 'x' })], 'PutRecordBatch');
    await x.engine.idle();
    const exceeded = await objects(x.lake, BUCKET, 'errors/activePartitionExceeded/');
    assert.equal(exceeded.length, 1);
    const err = JSON.parse(exceeded[0]!.body.toString()) as { errorCode: string; rawData: string };
    assert.equal(err.errorCode, 'DynamicPartitioning.ActivePartitionsLimitExceeded');
    assert.equal(JSON.parse(Buffer.from(err.rawData, 'base64').toString()).id, 3);
    assert.deepEqual((await objects(x.lake, BUCKET, 'c=')).map((o) => o.key.split('/')[0]).sort(), ['c=x', 'c=y']);
    assert.equal(x.engine.status()[0]!.metrics['PartitionCountExceeded'], 1);
  });

  it('splits JSON aggregates (RecordDeAggregation) before partitioning', async () => {
    const x = await h();
    await x.engine.create(
      directStream('deagg', {
        prefix: 'c=!{partitionKeyFromQuery:c}/',
        errorOutputPrefix: ERROR_PREFIX,
        dynamicPartitioning: { enabled: true },
        processing: {
          enabled: true,
          processors: [
            { type: 'RecordDeAggregation', parameters: [{ name: 'SubRecordType', value: 'JSON' }] },
            { type: 'MetadataExtraction', parameters: [{ name: 'MetadataExtractionQuery', value: '{c: .c}' }, { name: 'JsonParsingEngine', value: 'JQ-1.6' }] },
            { type: 'AppendDelimiterToRecord', parameters: [] },
          ],
        },
      }),
    );
    await x.engine.put('deagg', [Buffer.from('{"id":1,"c":"a"}{"id":2,"c":"b"}\n{"id":3,"c":"a"}')], 'PutRecord');
    await x.engine.idle();
    const a = await objects(x.lake, BUCKET, 'c=a/');
    assert.deepEqual(lines(a[0]!.body).map((l) => JSON.parse(l).id), [1, 3]);
    assert.equal((await objects(x.lake, BUCKET, 'c=b/')).length, 1);
  });
});

describe('transform function (Lambda processor)', () => {
  it('calls the function with AWS event shape; Ok rewrites, Dropped drops, ProcessingFailed goes to processing-failed', async () => {
    const functions = await FunctionsEngine.create({ logSink: () => {} });
    closers.push(() => functions.close());
    functions.register({ name: 'transform', handler: 'firehose-transform.handler', codeDir: resolve(process.cwd(), 'src/engines/functions/fixtures') });
    const x = await h({ functions });
    const lambdaArn = 'arn:aws:lambda:eu-west-1:000000000000:function:transform';
    await x.engine.create(
      directStream('tx', {
        prefix: 'c=!{partitionKeyFromLambda:customer_id}/',
        errorOutputPrefix: ERROR_PREFIX,
        dynamicPartitioning: { enabled: true },
        processing: {
          enabled: true,
          processors: [{ type: 'Lambda', parameters: [{ name: 'LambdaArn', value: lambdaArn }, { name: 'BufferIntervalInSeconds', value: '0' }, { name: 'NumberOfRetries', value: '1' }] }],
        },
      }),
    );
    await x.engine.put('tx', [json(1, { customer_id: 'c1' }), json(2, { drop: true }), Buffer.from('[1,2]'), json(4, { customer_id: 'c2' }), json(5, { customer_id: 'c1' })], 'PutRecordBatch');
    await x.engine.idle();
    const c1 = await objects(x.lake, BUCKET, 'c=c1/');
    assert.deepEqual(lines(c1[0]!.body).map((l) => JSON.parse(l)), [
      { id: 1, customer_id: 'c1', transformed: true },
      { id: 5, customer_id: 'c1', transformed: true },
    ]);
    assert.equal((await objects(x.lake, BUCKET, 'c=c2/')).length, 1);
    const failed = await objects(x.lake, BUCKET, 'errors/processing-failed/');
    const errs = failed.flatMap((o) => lines(o.body).map((l) => JSON.parse(l) as Record<string, unknown>));
    assert.equal(errs.length, 1, 'one record failed; the dropped one is nowhere');
    assert.equal(errs[0]!.errorCode, 'Lambda.ProcessingFailedStatus');
    assert.equal(errs[0]!.lambdaArn, lambdaArn);
    assert.equal(Buffer.from(errs[0]!.rawData as string, 'base64').toString(), '[1,2]');
    const m = x.engine.status()[0]!.metrics;
    assert.equal(m['SucceedProcessing.Records'], 4, 'Ok and Dropped count as processed');
    assert.equal(m['ExecuteProcessing.Success'], 1);
  });

  it('retries a failing invocation NumberOfRetries times, then fails the whole batch', async () => {
    let calls = 0;
    const x = await h({
      functions: {
        async invoke() {
          calls++;
          return { ok: false, errorType: 'HandlerError', errorMessage: 'boom', durationMs: 1 };
        },
      },
    });
    await x.engine.create(
      directStream('retry', {
        processing: {
          enabled: true,
          processors: [{ type: 'Lambda', parameters: [{ name: 'LambdaArn', value: 'arn:aws:lambda:eu-west-1:000000000000:function:f' }, { name: 'NumberOfRetries', value: '2' }, { name: 'BufferIntervalInSeconds', value: '0' }] }],
        },
      }),
    );
    await x.engine.put('retry', [json(1), json(2)], 'PutRecordBatch');
    await x.engine.idle();
    assert.equal(calls, 3, 'one attempt and two retries');
    const errs = (await objects(x.lake, BUCKET, 'processing-failed/')).flatMap((o) => lines(o.body).map((l) => JSON.parse(l) as Record<string, unknown>));
    assert.deepEqual(errs.map((e) => [e.errorCode, e.errorMessage, e.attemptsMade]), [
      ['Lambda.FunctionError', 'boom', 3],
      ['Lambda.FunctionError', 'boom', 3],
    ]);
  });

  it('treats answers with unknown record ids as failures of those records', async () => {
    const functions = await FunctionsEngine.create({ logSink: () => {} });
    closers.push(() => functions.close());
    functions.register({ name: 'wrong', handler: 'firehose-transform.wrongRecordId', codeDir: resolve(process.cwd(), 'src/engines/functions/fixtures') });
    const x = await h({ functions });
    await x.engine.create(
      directStream('wrong', {
        processing: { enabled: true, processors: [{ type: 'Lambda', parameters: [{ name: 'LambdaArn', value: 'arn:aws:lambda:eu-west-1:000000000000:function:wrong' }, { name: 'BufferIntervalInSeconds', value: '0' }] }] },
      }),
    );
    await x.engine.put('wrong', [json(1)], 'PutRecord');
    await x.engine.idle();
    const errs = (await objects(x.lake, BUCKET, 'processing-failed/')).flatMap((o) => lines(o.body).map((l) => JSON.parse(l) as Record<string, unknown>));
    assert.equal(errs[0]!.errorCode, 'Lambda.MissingRecordId');
  });
});

describe('record format conversion', () => {
  it('writes Parquet by the catalog table; records that do not fit go to format-conversion-failed', async () => {
    const x = await h({
      tables: tables({ 'db.events': [{ name: 'id', type: 'string' }, { name: 'userId', type: 'string' }, { name: 'n', type: 'int' }, { name: 'timestamp', type: 'timestamp' }] }),
    });
    await x.engine.create(
      directStream('pq', {
        prefix: 'events/',
        buffering: { sizeMiB: 64, intervalSeconds: 1 },
        formatConversion: {
          enabled: true,
          schema: { databaseName: 'db', tableName: 'events' },
          deserializer: { kind: 'openx' },
          serializer: { kind: 'parquet', compression: 'ZSTD' },
        },
      }),
    );
    await x.engine.put(
      'pq',
      [
        Buffer.from('{"id":"1","userId":"u1","n":5,"timestamp":"2024-01-02T03:04:05Z"}'),
        Buffer.from('{"id":"2","USERID":"u2"}'),
        Buffer.from('{"id":"3","n":"not a number"}'),
      ],
      'PutRecordBatch',
    );
    await x.engine.idle();
    const keys: string[] = [];
    for await (const o of x.lake.listAllObjects(BUCKET)) keys.push(o.key);
    const data = keys.filter((k) => !k.includes('-failed/'));
    assert.equal(data.length, 1, `one Parquet object, got ${keys.join(', ')}`);
    assert.match(data[0]!, /\.parquet$/);
    const path = (await x.lake.localPath(BUCKET, data[0]!))!;
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const types = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`)).getRowObjects().map((r) => [r.column_name, r.column_type]);
    assert.deepEqual(types, [
      ['id', 'VARCHAR'],
      ['userid', 'VARCHAR'],
      ['n', 'INTEGER'],
      ['timestamp', 'TIMESTAMP'],
    ]);
    const rows = (await conn.runAndReadAll(`SELECT id, userid, n, CAST("timestamp" AS VARCHAR) AS ts FROM read_parquet('${path}') ORDER BY id`)).getRowObjects();
    assert.deepEqual(rows, [
      { id: '1', userid: 'u1', n: 5, ts: '2024-01-02 03:04:05' },
      { id: '2', userid: 'u2', n: null, ts: null },
    ]);
    conn.closeSync();
    db.closeSync();
    // Without ErrorOutputPrefix the error prefix is <Prefix><error-output-type>/yyyy/MM/dd/HH/.
    const failed = keys.filter((k) => k.startsWith('events/format-conversion-failed/'));
    assert.equal(failed.length, 1, `an error object under the default error prefix, got ${keys.join(', ')}`);
    const [errObj] = await objects(x.lake, BUCKET, 'events/format-conversion-failed/');
    const err = JSON.parse(errObj!.body.toString()) as Record<string, unknown>;
    assert.equal(err.lastErrorCode, 'DataFormatConversion.MalformedData');
    assert.equal(Buffer.from(err.rawData as string, 'base64').toString(), '{"id":"3","n":"not a number"}');
    assert.deepEqual(err.dataCatalogTable, {
      catalogId: '000000000000',
      databaseName: 'db',
      tableName: 'events',
      region: 'eu-west-1',
      versionId: '1',
      catalogArn: 'arn:aws:glue:eu-west-1:000000000000:catalog',
    });
    const m = x.engine.status()[0]!.metrics;
    assert.equal(m['SucceedConversion.Records'], 2);
    assert.equal(m['FailedConversion.Records'], 1);
  });
});

describe('record format conversion of large buffers', () => {
  it('normalises as the buffer fills (several spooled chunks) and still writes one Parquet object', async () => {
    const x = await h({ tables: tables({ 'db.t': [{ name: 'n', type: 'int' }, { name: 'label', type: 'string' }] }) });
    await x.engine.create(
      directStream('big', {
        prefix: 'big/',
        buffering: { sizeMiB: 64, intervalSeconds: 2 },
        formatConversion: { enabled: true, schema: { databaseName: 'db', tableName: 't' }, deserializer: { kind: 'openx' }, serializer: { kind: 'parquet' } },
      }),
    );
    const total = 12_000;
    for (let start = 0; start < total; start += 500) {
      const batch = Array.from({ length: 500 }, (_, i) => {
        const n = start + i;
        return Buffer.from(n % 1000 === 7 ? `{"n":"bad-${n}"}` : `{"n":${n},"label":"row ${n}"}`);
      });
      await x.engine.put('big', batch, 'PutRecordBatch');
    }
    await x.engine.idle();
    const keys: string[] = [];
    for await (const o of x.lake.listAllObjects(BUCKET, 'big/')) keys.push(o.key);
    const data = keys.filter((k) => k.endsWith('.parquet'));
    assert.equal(data.length, 1, keys.join(', '));
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const path = (await x.lake.localPath(BUCKET, data[0]!))!;
    const [row] = (await conn.runAndReadAll(`SELECT count(*)::INTEGER AS c, min(n) AS lo, max(n) AS hi FROM read_parquet('${path}')`)).getRowObjects();
    conn.closeSync();
    db.closeSync();
    assert.deepEqual(row, { c: total - 12, lo: 0, hi: total - 1 });
    const errors = (await objects(x.lake, BUCKET, 'big/format-conversion-failed/')).flatMap((o) => lines(o.body).map((l) => JSON.parse(l) as { rawData: string }));
    assert.deepEqual(
      errors.map((e) => Buffer.from(e.rawData, 'base64').toString()).sort(),
      Array.from({ length: 12 }, (_, k) => `{"n":"bad-${k * 1000 + 7}"}`).sort(),
    );
    const status = x.engine.status()[0]!;
    assert.equal(status.metrics['SucceedConversion.Records'], total - 12);
    assert.equal(status.bufferedBytes, 0, 'nothing left in memory');
  });
});

describe('source record backup', () => {
  it('writes the raw records under the backup destination (S3BackupMode Enabled)', async () => {
    const x = await h();
    await x.lake.ensureBucket('backup-bucket');
    await x.engine.create(
      directStream('bk', {
        prefix: 'out/',
        processing: { enabled: true, processors: [{ type: 'AppendDelimiterToRecord', parameters: [] }] },
        backupMode: 'Enabled',
        backup: { bucket: 'backup-bucket', roleArn: 'arn:aws:iam::000000000000:role/r', prefix: 'raw/', buffering: { sizeMiB: 1, intervalSeconds: 1 }, compression: 'GZIP' },
      }),
    );
    await x.engine.put('bk', [json(1), json(2)], 'PutRecordBatch');
    await x.engine.idle();
    const raw = await objects(x.lake, 'backup-bucket', 'raw/', 'GZIP');
    assert.equal(raw.length, 1);
    assert.match(raw[0]!.key, /\.gz$/);
    assert.equal(raw[0]!.body.toString(), '{"id":1}{"id":2}', 'untransformed: no delimiter appended');
    assert.equal((await objects(x.lake, BUCKET, 'out/'))[0]!.body.toString(), '{"id":1}\n{"id":2}\n');
    assert.equal(x.engine.status()[0]!.metrics['BackupToS3.Records'], 2);
  });
});

describe('exactly once across a crash', () => {
  it('a flush interrupted after writing some objects is replayed into the same keys', async () => {
    // Partitions a and b flush together; the lake "crashes" after writing a's object.
    let writtenA: string | undefined;
    let die!: (e: Error) => void;
    const dying = new Promise<never>((_, reject) => (die = reject));
    dying.catch(() => {});
    const x = await h();
    const crashingLake: DeliveryLake = {
      async putObject(bucket, key, body, options) {
        if (key.startsWith('c=b/')) return dying; // the process dies while writing b
        const r = await x.lake.putObject(bucket, key, body, options);
        if (key.startsWith('c=a/')) writtenA = key;
        return r;
      },
    };
    const definition = directStream('eo', {
      prefix: 'c=!{partitionKeyFromQuery:c}/',
      errorOutputPrefix: ERROR_PREFIX,
      dynamicPartitioning: { enabled: true },
      buffering: { sizeMiB: 128, intervalSeconds: 1 },
      processing: {
        enabled: true,
        processors: [
          { type: 'MetadataExtraction', parameters: [{ name: 'MetadataExtractionQuery', value: '{c: .c}' }, { name: 'JsonParsingEngine', value: 'JQ-1.6' }] },
          { type: 'AppendDelimiterToRecord', parameters: [] },
        ],
      },
    });
    await x.reopen({ lake: crashingLake });
    await x.engine.create(definition);
    await x.engine.put('eo', [json(1, { c: 'a' }), json(2, { c: 'b' }), json(3, { c: 'a' })], 'PutRecordBatch');
    await until('a to be written', () => writtenA);
    // More records arrive while b's write hangs.
    await x.engine.put('eo', [json(4, { c: 'a' }), json(5, { c: 'b' })], 'PutRecordBatch');
    die(new Error('killed'));
    await x.reopen({ lake: x.lake }); // restart: the open intent is replayed
    await x.engine.idle();
    const all = await objects(x.lake, BUCKET, 'c=');
    const ids = all.flatMap((o) => lines(o.body).map((l) => JSON.parse(l).id as number)).sort();
    assert.deepEqual(ids, [1, 2, 3, 4, 5], 'every record exactly once');
    assert.ok(all.some((o) => o.key === writtenA), 'the replayed object kept its key');
    const a = all.filter((o) => o.key.startsWith('c=a/'));
    assert.equal(a.length, 2);
    assert.deepEqual(lines(a.find((o) => o.key === writtenA)!.body).map((l) => JSON.parse(l).id), [1, 3], 'the replayed object holds what it held before');
    assert.deepEqual(lines(a.find((o) => o.key !== writtenA)!.body).map((l) => JSON.parse(l).id), [4]);
  });
});

describe('Kinesis stream as source', () => {
  it('reads every shard, children after their parents, for several delivery streams', async () => {
    const docs = new MemoryDocumentStore();
    const logs = new MemoryStreamLogStore();
    const streams = await StreamsEngine.open(
      { accountId: '000000000000', shardLimit: 50, onDemandStreamLimit: 5, transitionDelayMs: 0, throughputLimitsByDefault: false, retentionSweepMs: 0 },
      docs.collection<StreamState>('streams'),
      docs.collection<{ value: string }>('settings'),
      logs,
    );
    closers.push(() => streams.close());
    await streams.createStream({ name: 'src', shardCount: 2 });
    const x = await h({ kinesis: streams, logs });
    const kinesisSource = { kind: 'kinesis' as const, streamName: 'src', streamArn: 'arn:aws:kinesis:eu-west-1:000000000000:stream/src', roleArn: 'arn:aws:iam::000000000000:role/r' };
    for (const name of ['k1', 'k2']) {
      const d = directStream(name, { prefix: `${name}/`, processing: { enabled: true, processors: [{ type: 'AppendDelimiterToRecord', parameters: [] }] } });
      await x.engine.create({ ...d, source: kinesisSource });
    }
    const put = (ids: number[]) => streams.putRecords('src', ids.map((i) => ({ partitionKey: `pk${i}`, data: json(i) })));
    await put([1, 2, 3, 4, 5, 6]);
    await streams.splitShard('src', 'shardId-000000000000', '100000000000000000000000000000000000');
    await put([7, 8, 9, 10, 11, 12]);
    // A KPL aggregated record is split into its user records.
    await streams.putRecords('src', [{ partitionKey: 'agg', data: encodeKplRecord([{ partitionKey: 'x', data: json(13) }, { partitionKey: 'y', data: json(14) }]) }]);
    await assert.rejects(x.engine.put('k1', [json(0)], 'PutRecord'), /not permitted on KinesisStreamAsSource/);
    await until('all records in both streams', async () => {
      for (const name of ['k1', 'k2']) {
        const ids = (await objects(x.lake, BUCKET, `${name}/`)).flatMap((o) => lines(o.body).map((l) => JSON.parse(l).id as number));
        if (ids.length < 14) return undefined;
        assert.deepEqual(ids.sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], `${name} has each record once`);
      }
      return true;
    });
    const m = x.engine.status().find((s) => s.name === 'k1')!.metrics;
    assert.equal(m['DataReadFromKinesisStream.Records'], 13);
  });
});
