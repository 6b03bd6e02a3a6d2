import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { logIdOf } from './DeliveryEngine.js';
import { DeliveryError } from './DeliveryError.js';
import { BUCKET, directStream, harness, json, objects, until, type Harness } from './testKit.js';

const open: Harness[] = [];
async function h(...args: Parameters<typeof harness>): Promise<Harness> {
  const x = await harness(...args);
  open.push(x);
  return x;
}
after(async () => {
  for (const x of open) await x.close();
});

async function rejectsKind(p: Promise<unknown>, kind: string, re?: RegExp) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof DeliveryError, `expected DeliveryError, got ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    if (re) assert.match(e.message, re);
    return true;
  });
}

function lines(body: Buffer): string[] {
  return body.toString().split('\n').filter((l) => l !== '');
}

describe('DeliveryEngine: DirectPut to S3', () => {
  it('delivers records in order under the default YYYY/MM/dd/HH/ prefix with AWS object names', async () => {
    const x = await h();
    const arn = await x.engine.create(directStream('plain', { processing: { enabled: true, processors: [{ type: 'AppendDelimiterToRecord', parameters: [] }] } }));
    assert.equal(arn, 'arn:aws:firehose:eu-west-1:000000000000:deliverystream/plain');
    const results = await x.engine.put('plain', [json(1), json(2), json(3)], 'PutRecordBatch');
    assert.ok(results.every((r) => r.ok));
    assert.equal(new Set(results.map((r) => (r.ok ? r.recordId : ''))).size, 3, 'record ids are distinct');
    const [obj] = await until('an object', async () => {
      const all = await objects(x.lake);
      return all.length > 0 ? all : undefined;
    });
    assert.match(obj!.key, /^\d{4}\/\d{2}\/\d{2}\/\d{2}\/plain-1-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const now = new Date();
    const hourPrefix = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${String(now.getUTCDate()).padStart(2, '0')}/`;
    assert.ok(obj!.key.startsWith(hourPrefix), `${obj!.key} is in today's UTC folder`);
    assert.deepEqual(lines(obj!.body).map((l) => JSON.parse(l).id), [1, 2, 3]);
  });

  it('compresses with the destination format and its extension (GZIP → .gz)', async () => {
    const x = await h();
    await x.engine.create(directStream('gz', { compression: 'GZIP', prefix: 'logs/' }));
    await x.engine.put('gz', [json(1), json(2)], 'PutRecordBatch');
    const [obj] = await until('an object', async () => ((await objects(x.lake, BUCKET, 'logs/', 'GZIP')).at(0) ? objects(x.lake, BUCKET, 'logs/', 'GZIP') : undefined));
    assert.match(obj!.key, /^logs\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/gz-1-.*\.gz$/, 'a Prefix without expressions gets the time path appended');
    assert.equal(obj!.contentEncoding, 'gzip');
    assert.equal(obj!.body.toString(), '{"id":1}{"id":2}', 'records are concatenated without delimiters');
  });

  it('flushes by size before the interval (size measured before compression)', async () => {
    const x = await h();
    await x.engine.create(directStream('bysize', { buffering: { sizeMiB: 1, intervalSeconds: 900 }, compression: 'GZIP' }));
    const record = Buffer.alloc(100 * 1024, 'a');
    for (let i = 0; i < 25; i++) await x.engine.put('bysize', [record], 'PutRecord');
    const objs = await until('two objects', async () => {
      const all = await objects(x.lake, BUCKET, '', 'GZIP');
      return all.length >= 2 ? all : undefined;
    });
    for (const o of objs) assert.ok(o.body.length >= 1024 * 1024, `object of ${o.body.length} bytes reached the 1 MiB hint`);
  });

  it('flushes by interval, never before it', async () => {
    const x = await h();
    await x.engine.create(directStream('bytime', { buffering: { sizeMiB: 128, intervalSeconds: 1 } }));
    const started = Date.now();
    await x.engine.put('bytime', [json(7)], 'PutRecord');
    await until('an object', async () => ((await objects(x.lake)).length === 1 ? true : undefined));
    assert.ok(Date.now() - started >= 1000, 'the object appeared after the 1 s interval');
  });

  it('drops delivered records from the DirectPut log', async () => {
    const x = await h();
    await x.engine.create(directStream('trim', { buffering: { sizeMiB: 1, intervalSeconds: 1 } }));
    await x.engine.put('trim', [json(1), json(2), json(3)], 'PutRecordBatch');
    await x.engine.idle();
    const uid = x.engine.describe('trim').uid;
    const log = await x.logs.openShard(logIdOf(uid), 'direct');
    assert.equal(log.nextOffset, 3);
    assert.ok(log.startOffset > 0, `delivered records were trimmed (start offset ${log.startOffset})`);
  });

  it('validates by Firehose rules', async () => {
    const x = await h();
    await rejectsKind(x.engine.create(directStream('dp', { dynamicPartitioning: { enabled: true }, prefix: 'a/' })), 'InvalidArgument', /partitionKeyFrom|ErrorOutputPrefix/);
    await rejectsKind(
      x.engine.create(directStream('dp2', { dynamicPartitioning: { enabled: true }, prefix: 'c=!{partitionKeyFromQuery:c}/' })),
      'InvalidArgument',
      /ErrorOutputPrefix/,
    );
    await rejectsKind(x.engine.create(directStream('p', { prefix: 'x/!{timestamp:yyyy}/' })), 'InvalidArgument', /ErrorOutputPrefix cannot be null/);
    await rejectsKind(x.engine.create(directStream('e', { prefix: 'x/', errorOutputPrefix: 'err/!{timestamp:yyyy}/' })), 'InvalidArgument', /error-output-type/);
    await rejectsKind(
      x.engine.create(
        directStream('jq', {
          dynamicPartitioning: { enabled: true },
          prefix: 'c=!{partitionKeyFromQuery:c}/',
          errorOutputPrefix: 'err/!{firehose:error-output-type}/',
          processing: { enabled: true, processors: [{ type: 'MetadataExtraction', parameters: [{ name: 'MetadataExtractionQuery', value: '{c: .c' }, { name: 'JsonParsingEngine', value: 'JQ-1.6' }] }] },
        }),
      ),
      'InvalidArgument',
      /MetadataExtractionQuery/,
    );
    await rejectsKind(
      x.engine.create(
        directStream('conv', {
          compression: 'GZIP',
          buffering: { sizeMiB: 64, intervalSeconds: 60 },
          formatConversion: {
            enabled: true,
            schema: { databaseName: 'd', tableName: 't' },
            deserializer: { kind: 'openx' },
            serializer: { kind: 'parquet' },
          },
        }),
      ),
      'InvalidArgument',
      /UNCOMPRESSED/,
    );
    await rejectsKind(
      x.engine.create(
        directStream('conv2', {
          buffering: { sizeMiB: 5, intervalSeconds: 60 },
          formatConversion: { enabled: true, schema: { databaseName: 'd', tableName: 't' }, deserializer: { kind: 'openx' }, serializer: { kind: 'parquet' } },
        }),
      ),
      'InvalidArgument',
      /SizeInMBs must be at least 64/,
    );
    await x.engine.create(directStream('ok'));
    await rejectsKind(x.engine.create(directStream('ok')), 'InUse', /already exists/);
    await rejectsKind(x.engine.put('missing', [json(1)], 'PutRecord'), 'NotFound');
    await rejectsKind(x.engine.put('ok', [Buffer.alloc(1024 * 1000), Buffer.alloc(1024 * 1000), Buffer.alloc(1024 * 1000), Buffer.alloc(1024 * 1000), Buffer.alloc(1024 * 200)], 'PutRecordBatch'), 'InvalidArgument', /4194304/);
  });

  it('UpdateDestination delivers what came before under the old version, then uses the new one', async () => {
    const x = await h();
    await x.engine.create(directStream('upd', { prefix: 'v1/', buffering: { sizeMiB: 128, intervalSeconds: 900 } }));
    await x.engine.put('upd', [json(1)], 'PutRecord');
    await rejectsKind(x.engine.updateDestination('upd', '7', 'destinationId-000000000001', (d) => d), 'ConcurrentModification');
    await rejectsKind(x.engine.updateDestination('upd', '1', 'destinationId-000000000009', (d) => d), 'InvalidArgument');
    await x.engine.updateDestination('upd', '1', 'destinationId-000000000001', (d) => ({ ...d, prefix: 'v2/', buffering: { sizeMiB: 1, intervalSeconds: 1 } }));
    assert.equal(x.engine.describe('upd').version, 2);
    const v1 = await objects(x.lake, BUCKET, 'v1/');
    assert.equal(v1.length, 1, 'the record before the update was delivered by the update (drain)');
    assert.match(v1[0]!.key, /upd-1-/);
    await x.engine.put('upd', [json(2)], 'PutRecord');
    const v2 = await until('a v2 object', async () => (await objects(x.lake, BUCKET, 'v2/')).at(0));
    assert.match(v2.key, /\/upd-2-/, 'object names carry the new version');
    assert.equal(JSON.parse(v2.body.toString()).id, 2);
  });

  it('refuses records past the backlog bound with Unavailable, one by one, while delivery is stuck', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let writes = 0;
    const x = await h({
      // A tiny memory budget: once a buffer holds a record the reader stops, so the backlog grows.
      options: { backlogLimitRecords: 5, memoryBudgetBytes: 1 },
      lake: {
        async putObject() {
          writes++;
          await gate;
          throw new Error('blocked');
        },
      },
    });
    await x.engine.create(directStream('slow', { buffering: { sizeMiB: 1, intervalSeconds: 0 } }));
    await x.engine.put('slow', [json(0)], 'PutRecord');
    await until('a write to be under way', () => writes > 0);
    const first = await x.engine.put('slow', Array.from({ length: 10 }, (_, i) => json(i)), 'PutRecordBatch');
    assert.deepEqual(first.map((r) => r.ok), [true, true, true, true, true, false, false, false, false, false], 'records past the bound of 5 are refused');
    for (const r of first.slice(5)) assert.equal(!r.ok && r.kind, 'Unavailable');
    assert.equal(x.engine.status()[0]!.metrics['ThrottledRecords'], 5);
    release();
  });
});
