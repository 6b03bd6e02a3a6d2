import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateDeliveryStreamCommand,
  DeleteDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  FirehoseClient,
  ListDeliveryStreamsCommand,
  ListTagsForDeliveryStreamCommand,
  PutRecordBatchCommand,
  PutRecordCommand,
  StartDeliveryStreamEncryptionCommand,
  StopDeliveryStreamEncryptionCommand,
  TagDeliveryStreamCommand,
  UntagDeliveryStreamCommand,
  UpdateDestinationCommand,
  type ExtendedS3DestinationConfiguration,
} from '@aws-sdk/client-firehose';
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { DuckDBInstance } from '@duckdb/node-api';
import { TEST_CREDENTIALS } from '../helpers/awsCli.js';
import { ROOT, startServer, type InProcessServer } from '../helpers/server.js';

let server: InProcessServer;
let firehose: FirehoseClient;
const ROLE = 'arn:aws:iam::000000000000:role/firehose';
const BUCKET = 'fh-conformance';
const utf8 = (s: string) => new TextEncoder().encode(s);

const CONFIG = `
region: eu-west-1
buckets:
  - name: ${BUCKET}
streams:
  - name: kds-source
    shardCount: 2
functions:
  - name: transform
    handler: firehose-transform.handler
    codeDir: ${resolve(ROOT, 'src/engines/functions/fixtures')}
deliveryStreams:
  - name: declared
    destination:
      bucket: ${BUCKET}
      prefix: declared/
      buffering: { sizeMiB: 1, intervalSeconds: 1 }
catalog:
  databases:
    - name: fh_conformance
      tables:
        - name: hive_events
          storageDescriptor:
            location: s3://${BUCKET}/hive/
            columns:
              - { name: id, type: string }
              - { name: userId, type: string }
              - { name: n, type: int }
              - { name: ts, type: timestamp }
`;

async function rejectsCode(p: Promise<unknown>, code: string, message?: RegExp) {
  await assert.rejects(p, (e: Error & { name: string }) => {
    assert.equal(e.name, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

function s3(extra: Partial<ExtendedS3DestinationConfiguration> = {}): ExtendedS3DestinationConfiguration {
  return { RoleARN: ROLE, BucketARN: `arn:aws:s3:::${BUCKET}`, BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 1 }, ...extra };
}

/** Object keys and bodies under a prefix, straight from the lake. */
async function objectsUnder(prefix: string): Promise<Array<{ key: string; body: string }>> {
  const lake = server.app.engines.lake!;
  const out: Array<{ key: string; body: string }> = [];
  for await (const o of lake.listAllObjects(BUCKET, prefix)) {
    const got = await lake.getObject(BUCKET, o.key);
    const chunks: Buffer[] = [];
    for await (const c of got.body) chunks.push(Buffer.from(c as Buffer));
    out.push({ key: o.key, body: Buffer.concat(chunks).toString() });
  }
  return out;
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Firehose conformance: AWS SDK v3', () => {
  before(async () => {
    server = await startServer(CONFIG);
    firehose = new FirehoseClient({ endpoint: server.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  });
  after(async () => {
    firehose.destroy();
    await server.stop();
  });

  it('has the delivery streams the config declares', async () => {
    const d = await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'declared' }));
    const desc = d.DeliveryStreamDescription!;
    assert.equal(desc.DeliveryStreamStatus, 'ACTIVE');
    assert.equal(desc.DeliveryStreamType, 'DirectPut');
    assert.equal(desc.VersionId, '1');
    assert.equal(desc.Destinations![0]!.DestinationId, 'destinationId-000000000001');
    assert.equal(desc.Destinations![0]!.ExtendedS3DestinationDescription!.Prefix, 'declared/');
    assert.ok(desc.CreateTimestamp instanceof Date);
  });

  it('creates a DirectPut stream and describes it back as AWS does', async () => {
    const created = await firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'sdk-direct',
        DeliveryStreamType: 'DirectPut',
        ExtendedS3DestinationConfiguration: s3({
          Prefix: 'direct/!{timestamp:yyyy}/',
          ErrorOutputPrefix: 'direct-errors/!{firehose:error-output-type}/',
          CompressionFormat: 'GZIP',
          ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'AppendDelimiterToRecord' }] },
        }),
        Tags: [{ Key: 'team', Value: 'data' }],
      }),
    );
    assert.equal(created.DeliveryStreamARN, 'arn:aws:firehose:eu-west-1:000000000000:deliverystream/sdk-direct');
    const d = (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'sdk-direct' }))).DeliveryStreamDescription!;
    const ext = d.Destinations![0]!.ExtendedS3DestinationDescription!;
    assert.equal(ext.BucketARN, `arn:aws:s3:::${BUCKET}`);
    assert.equal(ext.RoleARN, ROLE);
    assert.deepEqual(ext.BufferingHints, { SizeInMBs: 1, IntervalInSeconds: 1 });
    assert.equal(ext.CompressionFormat, 'GZIP');
    assert.equal(ext.S3BackupMode, 'Disabled');
    assert.deepEqual(ext.ProcessingConfiguration, { Enabled: true, Processors: [{ Type: 'AppendDelimiterToRecord', Parameters: [] }] });
    assert.equal(d.Destinations![0]!.S3DestinationDescription!.Prefix, 'direct/!{timestamp:yyyy}/');
    await rejectsCode(
      firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'sdk-direct', ExtendedS3DestinationConfiguration: s3() })),
      'ResourceInUseException',
    );
  });

  it('lists delivery streams with paging and a type filter', async () => {
    const all = await firehose.send(new ListDeliveryStreamsCommand({}));
    assert.ok(all.DeliveryStreamNames!.includes('declared') && all.DeliveryStreamNames!.includes('sdk-direct'));
    const page = await firehose.send(new ListDeliveryStreamsCommand({ Limit: 1 }));
    assert.deepEqual(page.DeliveryStreamNames, ['declared']);
    assert.equal(page.HasMoreDeliveryStreams, true);
    const next = await firehose.send(new ListDeliveryStreamsCommand({ Limit: 1, ExclusiveStartDeliveryStreamName: 'declared' }));
    assert.deepEqual(next.DeliveryStreamNames, ['sdk-direct']);
    const kinesis = await firehose.send(new ListDeliveryStreamsCommand({ DeliveryStreamType: 'KinesisStreamAsSource' }));
    assert.deepEqual(kinesis.DeliveryStreamNames, []);
  });

  it('PutRecord and PutRecordBatch store records and land them in the lake', async () => {
    const one = await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'sdk-direct', Record: { Data: utf8('{"n":0}') } }));
    assert.ok(one.RecordId && one.RecordId.length > 0);
    assert.equal(one.Encrypted, false);
    const batch = await firehose.send(
      new PutRecordBatchCommand({ DeliveryStreamName: 'sdk-direct', Records: [1, 2, 3].map((n) => ({ Data: utf8(`{"n":${n}}`) })) }),
    );
    assert.equal(batch.FailedPutCount, 0);
    assert.equal(batch.RequestResponses!.length, 3);
    assert.ok(batch.RequestResponses!.every((r) => r.RecordId && !r.ErrorCode));
    const year = String(new Date().getUTCFullYear());
    const objects = await eventually('delivered objects', async () => {
      const o = await objectsUnder(`direct/${year}/`);
      return o.length > 0 ? o : undefined;
    });
    assert.match(objects[0]!.key, new RegExp(`^direct/${year}/sdk-direct-1-\\d{4}(-\\d{2}){5}-[0-9a-f-]{36}\\.gz$`));
  });

  it('answers AWS errors for bad calls', async () => {
    await rejectsCode(firehose.send(new PutRecordCommand({ DeliveryStreamName: 'nope', Record: { Data: utf8('x') } })), 'ResourceNotFoundException');
    await rejectsCode(firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'nope' })), 'ResourceNotFoundException');
    await rejectsCode(
      firehose.send(new PutRecordCommand({ DeliveryStreamName: 'sdk-direct', Record: { Data: new Uint8Array(1_024_001) } })),
      'ValidationException',
      /1024000/,
    );
    await rejectsCode(
      firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'sdk-direct', Records: Array.from({ length: 501 }, () => ({ Data: utf8('x') })) })),
      'ValidationException',
      /500/,
    );
    await rejectsCode(
      firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'sdk-direct', Records: Array.from({ length: 5 }, () => ({ Data: new Uint8Array(1_000_000) })) })),
      'InvalidArgumentException',
      /4194304/,
    );
    await rejectsCode(
      firehose.send(
        new CreateDeliveryStreamCommand({
          DeliveryStreamName: 'bad-dp',
          ExtendedS3DestinationConfiguration: s3({ Prefix: 'c=!{partitionKeyFromQuery:c}/', DynamicPartitioningConfiguration: { Enabled: true } }),
        }),
      ),
      'InvalidArgumentException',
      /ErrorOutputPrefix/,
    );
    await rejectsCode(
      firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'bad-prefix', ExtendedS3DestinationConfiguration: s3({ Prefix: 'x/!{firehose:error-output-type}/' }) })),
      'InvalidArgumentException',
      /error-output-type/,
    );
  });

  it('tags and untags', async () => {
    await firehose.send(new TagDeliveryStreamCommand({ DeliveryStreamName: 'sdk-direct', Tags: [{ Key: 'env', Value: 'dev' }] }));
    await firehose.send(new UntagDeliveryStreamCommand({ DeliveryStreamName: 'sdk-direct', TagKeys: ['team'] }));
    const tags = await firehose.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: 'sdk-direct' }));
    assert.deepEqual(tags.Tags, [{ Key: 'env', Value: 'dev' }]);
    assert.equal(tags.HasMoreTags, false);
    await rejectsCode(
      firehose.send(new TagDeliveryStreamCommand({ DeliveryStreamName: 'sdk-direct', Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) })),
      'LimitExceededException',
    );
  });

  it('UpdateDestination increments the version and checks the current one', async () => {
    await rejectsCode(
      firehose.send(new UpdateDestinationCommand({ DeliveryStreamName: 'sdk-direct', CurrentDeliveryStreamVersionId: '5', DestinationId: 'destinationId-000000000001', ExtendedS3DestinationUpdate: { Prefix: 'v2/' } })),
      'ConcurrentModificationException',
    );
    await firehose.send(
      new UpdateDestinationCommand({
        DeliveryStreamName: 'sdk-direct',
        CurrentDeliveryStreamVersionId: '1',
        DestinationId: 'destinationId-000000000001',
        ExtendedS3DestinationUpdate: { Prefix: 'v2/', ErrorOutputPrefix: 'v2-errors/', CompressionFormat: 'UNCOMPRESSED' },
      }),
    );
    const d = (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'sdk-direct' }))).DeliveryStreamDescription!;
    assert.equal(d.VersionId, '2');
    assert.ok(d.LastUpdateTimestamp instanceof Date);
    const ext = d.Destinations![0]!.ExtendedS3DestinationDescription!;
    assert.equal(ext.Prefix, 'v2/');
    assert.equal(ext.CompressionFormat, 'UNCOMPRESSED');
    assert.deepEqual(ext.BufferingHints, { SizeInMBs: 1, IntervalInSeconds: 1 }, 'fields not in the update stay');
    await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'sdk-direct', Record: { Data: utf8('{"n":"v2"}\n') } }));
    const v2 = await eventually('a v2 object', async () => (await objectsUnder('v2/')).at(0));
    assert.match(v2.key, /\/sdk-direct-2-/);
  });

  it('records server-side encryption settings', async () => {
    await firehose.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: 'sdk-direct', DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' } }));
    let d = (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'sdk-direct' }))).DeliveryStreamDescription!;
    assert.equal(d.DeliveryStreamEncryptionConfiguration!.Status, 'ENABLED');
    await firehose.send(new StopDeliveryStreamEncryptionCommand({ DeliveryStreamName: 'sdk-direct' }));
    d = (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'sdk-direct' }))).DeliveryStreamDescription!;
    assert.equal(d.DeliveryStreamEncryptionConfiguration!.Status, 'DISABLED');
  });

  it('partitions dynamically by jq keys, with a Lambda transform in front', async () => {
    await firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'sdk-dp',
        ExtendedS3DestinationConfiguration: s3({
          Prefix: 'dp/customer=!{partitionKeyFromQuery:customer_id}/',
          ErrorOutputPrefix: 'dp-errors/!{firehose:error-output-type}/!{timestamp:yyyy}/',
          DynamicPartitioningConfiguration: { Enabled: true },
          ProcessingConfiguration: {
            Enabled: true,
            Processors: [
              {
                Type: 'Lambda',
                Parameters: [
                  { ParameterName: 'LambdaArn', ParameterValue: 'arn:aws:lambda:eu-west-1:000000000000:function:transform' },
                  { ParameterName: 'BufferIntervalInSeconds', ParameterValue: '0' },
                ],
              },
              {
                Type: 'MetadataExtraction',
                Parameters: [
                  { ParameterName: 'MetadataExtractionQuery', ParameterValue: '{customer_id: .customer_id}' },
                  { ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' },
                ],
              },
            ],
          },
        }),
      }),
    );
    const records = ['{"customer_id":"a","v":1}', '{"customer_id":"b","v":2}', '{"drop":true}', 'not json', '{"customer_id":"a","v":3}'];
    const r = await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'sdk-dp', Records: records.map((s) => ({ Data: utf8(s) })) }));
    assert.equal(r.FailedPutCount, 0);
    const a = await eventually('partition a', async () => (await objectsUnder('dp/customer=a/')).at(0));
    assert.deepEqual(a.body.trim().split('\n').map((l) => JSON.parse(l).v), [1, 3]);
    assert.equal((await eventually('partition b', async () => (await objectsUnder('dp/customer=b/')).at(0))).body.includes('"v":2'), true);
    const failed = await eventually('the failed record', async () => (await objectsUnder('dp-errors/processing-failed/')).at(0));
    const err = JSON.parse(failed.body) as { errorCode: string; rawData: string };
    assert.equal(err.errorCode, 'Lambda.ProcessingFailedStatus');
    assert.equal(Buffer.from(err.rawData, 'base64').toString(), 'not json');
  });

  it('reads a Kinesis stream (KinesisStreamAsSource) and refuses PutRecord there', async () => {
    await firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'sdk-kds',
        DeliveryStreamType: 'KinesisStreamAsSource',
        KinesisStreamSourceConfiguration: { KinesisStreamARN: 'arn:aws:kinesis:eu-west-1:000000000000:stream/kds-source', RoleARN: ROLE },
        ExtendedS3DestinationConfiguration: s3({ Prefix: 'kds/', ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'AppendDelimiterToRecord' }] } }),
      }),
    );
    const d = (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'sdk-kds' }))).DeliveryStreamDescription!;
    assert.equal(d.DeliveryStreamType, 'KinesisStreamAsSource');
    assert.equal(d.Source!.KinesisStreamSourceDescription!.KinesisStreamARN, 'arn:aws:kinesis:eu-west-1:000000000000:stream/kds-source');
    assert.ok(d.Source!.KinesisStreamSourceDescription!.DeliveryStartTimestamp instanceof Date);
    await rejectsCode(firehose.send(new PutRecordCommand({ DeliveryStreamName: 'sdk-kds', Record: { Data: utf8('x') } })), 'InvalidArgumentException');
    const kinesis = new KinesisClient({ endpoint: server.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    await kinesis.send(new PutRecordsCommand({ StreamName: 'kds-source', Records: Array.from({ length: 20 }, (_, i) => ({ PartitionKey: `k${i}`, Data: utf8(`{"i":${i}}`) })) }));
    kinesis.destroy();
    const ids = await eventually('all 20 records', async () => {
      const got = (await objectsUnder('kds/')).flatMap((o) => o.body.trim().split('\n').map((l) => JSON.parse(l).i as number));
      return got.length >= 20 ? got.sort((x, y) => x - y) : undefined;
    });
    assert.deepEqual(ids, Array.from({ length: 20 }, (_, i) => i));
    await rejectsCode(
      firehose.send(
        new CreateDeliveryStreamCommand({
          DeliveryStreamName: 'sdk-kds-missing',
          DeliveryStreamType: 'KinesisStreamAsSource',
          KinesisStreamSourceConfiguration: { KinesisStreamARN: 'arn:aws:kinesis:eu-west-1:000000000000:stream/missing', RoleARN: ROLE },
          ExtendedS3DestinationConfiguration: s3(),
        }),
      ),
      'InvalidArgumentException',
      /not found/,
    );
  });

  it('counts AWS/Firehose metrics and shows them on the status route', async () => {
    const res = await fetch(`${server.url}/_lakehose/status`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { deliveryStreams: Array<{ name: string; metrics: Record<string, number> }> };
    const s = body.deliveryStreams.find((x) => x.name === 'sdk-direct')!;
    assert.ok(s.metrics['IncomingRecords']! >= 5);
    assert.ok(s.metrics['DeliveryToS3.Records']! >= 4);
    assert.equal(s.metrics['DeliveryToS3.Success'], s.metrics['DeliveryToS3.ObjectCount'], 'every S3 put succeeded');
    const ids = await server.app.metrics.metrics({ namespace: 'AWS/Firehose' });
    const names = new Set(ids.filter((m) => m.dimensions['DeliveryStreamName'] === 'sdk-direct').map((m) => m.name));
    for (const n of ['IncomingRecords', 'IncomingBytes', 'IncomingPutRequests', 'PutRecordBatch.Records', 'DeliveryToS3.Records', 'DeliveryToS3.Bytes', 'DeliveryToS3.Success']) {
      assert.ok(names.has(n), `${n} is a metric`);
    }
  });

  it('converts JSON to Parquet with the HiveJsonSerDe and its TimestampFormats; records that do not fit go to format-conversion-failed', async () => {
    const timestampFormats = ["yyyy-MM-dd'T'HH:mm:ss.SSSZ", 'dd/MM/yyyy HH:mm', 'millis'];
    await firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'sdk-hive',
        ExtendedS3DestinationConfiguration: s3({
          Prefix: 'hive/',
          ErrorOutputPrefix: 'hive-errors/!{firehose:error-output-type}/',
          BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 1 },
          DataFormatConversionConfiguration: {
            Enabled: true,
            SchemaConfiguration: { DatabaseName: 'fh_conformance', TableName: 'hive_events', RoleARN: ROLE },
            InputFormatConfiguration: { Deserializer: { HiveJsonSerDe: { TimestampFormats: timestampFormats } } },
            OutputFormatConfiguration: { Serializer: { ParquetSerDe: {} } },
          },
        }),
      }),
    );
    const d = (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'sdk-hive' }))).DeliveryStreamDescription!;
    const conversion = d.Destinations![0]!.ExtendedS3DestinationDescription!.DataFormatConversionConfiguration!;
    assert.deepEqual(conversion.InputFormatConfiguration, { Deserializer: { HiveJsonSerDe: { TimestampFormats: timestampFormats } } });

    const records = [
      '{"id":"a","UserId":"u1","n":1,"ts":"2024-05-06T07:08:09.123+0200"}',
      '{"ID":"b","userid":"u2","n":2,"ts":"06/05/2024 07:08"}',
      '{"id":"c","n":3,"ts":1715000000123}',
      '{"id":"d","n":4,"ts":"2024-05-06 07:08:09.5"}',
      // No format reads an ISO time without milliseconds, nor does java.sql.Timestamp.
      '{"id":"e","n":5,"ts":"2024-05-06T07:08:09Z"}',
      // The Hive SerDe does not read numbers from strings.
      '{"id":"f","n":"6","ts":"2024-05-06 07:08:09"}',
    ];
    const put = await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'sdk-hive', Records: records.map((r) => ({ Data: utf8(r) })) }));
    assert.equal(put.FailedPutCount, 0);

    const lake = server.app.engines.lake!;
    const key = await eventually('the Parquet object', async () => {
      for await (const o of lake.listAllObjects(BUCKET, 'hive/')) if (o.key.endsWith('.parquet')) return o.key;
      return undefined;
    });
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      const path = (await lake.localPath(BUCKET, key))!;
      const types = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`)).getRowObjects().map((r) => [r.column_name, r.column_type]);
      assert.deepEqual(types, [
        ['id', 'VARCHAR'],
        ['userid', 'VARCHAR'],
        ['n', 'INTEGER'],
        ['ts', 'TIMESTAMP'],
      ]);
      const rows = (await conn.runAndReadAll(`SELECT id, userid, n, CAST(ts AS VARCHAR) AS ts FROM read_parquet('${path}') ORDER BY id`)).getRowObjects();
      assert.deepEqual(rows, [
        { id: 'a', userid: 'u1', n: 1, ts: '2024-05-06 05:08:09.123' },
        { id: 'b', userid: 'u2', n: 2, ts: '2024-05-06 07:08:00' },
        { id: 'c', userid: null, n: 3, ts: '2024-05-06 12:53:20.123' },
        { id: 'd', userid: null, n: 4, ts: '2024-05-06 07:08:09.5' },
      ]);
    } finally {
      conn.closeSync();
      db.closeSync();
    }

    const failed = await eventually('the failed records', async () => {
      const lines = (await objectsUnder('hive-errors/format-conversion-failed/')).flatMap((o) => o.body.split('\n').filter((l) => l !== ''));
      return lines.length >= 2 ? lines.map((l) => JSON.parse(l) as { lastErrorCode: string; rawData: string }) : undefined;
    });
    assert.deepEqual(failed.map((e) => e.lastErrorCode), ['DataFormatConversion.MalformedData', 'DataFormatConversion.MalformedData']);
    assert.deepEqual(failed.map((e) => JSON.parse(Buffer.from(e.rawData, 'base64').toString()).id as string).sort(), ['e', 'f']);
  });

  it('refuses TimestampFormats that are not Joda-Time patterns, at create and at update', async () => {
    const conversion = (formats: string[]) => ({
      Enabled: true,
      SchemaConfiguration: { DatabaseName: 'fh_conformance', TableName: 'hive_events', RoleARN: ROLE },
      InputFormatConfiguration: { Deserializer: { HiveJsonSerDe: { TimestampFormats: formats } } },
      OutputFormatConfiguration: { Serializer: { ParquetSerDe: {} } },
    });
    await rejectsCode(
      firehose.send(
        new CreateDeliveryStreamCommand({
          DeliveryStreamName: 'sdk-hive-bad',
          ExtendedS3DestinationConfiguration: s3({ BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 }, DataFormatConversionConfiguration: conversion(['yyyy-MM-ddTHH:mm']) }),
        }),
      ),
      'InvalidArgumentException',
      /Illegal pattern component: T/,
    );
    const d = (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'sdk-hive' }))).DeliveryStreamDescription!;
    await rejectsCode(
      firehose.send(
        new UpdateDestinationCommand({
          DeliveryStreamName: 'sdk-hive',
          CurrentDeliveryStreamVersionId: d.VersionId!,
          DestinationId: 'destinationId-000000000001',
          ExtendedS3DestinationUpdate: { DataFormatConversionConfiguration: conversion(['millis', 'HH:mm z']) },
        }),
      ),
      'InvalidArgumentException',
      /'HH:mm z'/,
    );
  });

  it('deletes a delivery stream', async () => {
    await firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: 'sdk-kds' }));
    await rejectsCode(firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'sdk-kds' })), 'ResourceNotFoundException');
    await rejectsCode(firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: 'sdk-kds' })), 'ResourceNotFoundException');
  });
});
