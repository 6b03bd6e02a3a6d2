/**
 * A process for delivery's crash tests (test/crash/firehose.crash.test.ts): the real
 * embedded stores (segmented log, SQLite metadata, file lake) under a DeliveryEngine with
 * a DirectPut stream partitioned by jq into three partitions, so one flush writes three
 * objects under one intent. It reports on stdout, one line per event.
 *
 * Usage: node crashChild.js <mode> <dataDir> [direct|kinesis]
 *   die-at:<step>   puts records in batches (printing `acked <id>` once a batch is stored)
 *                   and kills itself with SIGKILL at the second flush's <step>
 *                   (intent-saved, object-written, committed)
 *   recover         opens the same stores, waits until delivery is idle, prints
 *                   `object <key> <id,id,…>` per object and then `done`
 * With `kinesis` the records go through a Kinesis stream of three shards, so each object
 * holds records of several shards and its flush intent is what regroups them after a crash.
 */
import { join } from 'node:path';
import { SqliteDocumentStore } from '../../adapters/embedded/metadata/SqliteDocumentStore.js';
import { FileObjectStore } from '../../adapters/embedded/objectstore/FileObjectStore.js';
import { SegmentedLogStore } from '../../adapters/embedded/streamlog/SegmentedLogStore.js';
import { Lake } from '../lake/Lake.js';
import type { StreamState } from '../streams/Stream.js';
import { StreamsEngine } from '../streams/StreamsEngine.js';
import { DeliveryEngine } from './DeliveryEngine.js';
import type { DeliveryStreamState } from './model/DeliveryStreamDefinition.js';
import type { ProgressDoc } from './runner/DeliveryProgress.js';
import type { FlushStep } from './runner/DeliveryRunner.js';

const [mode = '', dataDir = '', sourceKind = 'direct'] = process.argv.slice(2);
const say = (line: string) => process.stdout.write(`${line}\n`);
const BUCKET = 'crash';

const dieAt = mode.startsWith('die-at:') ? (mode.slice('die-at:'.length) as FlushStep) : undefined;
let objectsWritten = 0;
let flushes = 0;
/** Die in the second flush: the first one leaves watermarks and checkpoints behind, as a long run does. */
const DIE_IN_FLUSH = 2;

const metadata = await SqliteDocumentStore.open(join(dataDir, 'metadata.sqlite'));
const logs = await SegmentedLogStore.open(join(dataDir, 'streams'));
const store = await FileObjectStore.open({ dataDir });
const lake = new Lake(store);
await lake.ensureBucket(BUCKET);
const streams = await StreamsEngine.open(
  { accountId: '000000000000', shardLimit: 10, onDemandStreamLimit: 1, transitionDelayMs: 0, throughputLimitsByDefault: false, retentionSweepMs: 0 },
  metadata.collection<StreamState>('streams'),
  metadata.collection<{ value: string }>('settings'),
  logs,
);
if (sourceKind === 'kinesis' && !streams.listStreams().includes('src')) await streams.createStream({ name: 'src', shardCount: 3 });
const engine = await DeliveryEngine.open(
  {
    region: 'us-east-1',
    accountId: '000000000000',
    scratchDir: join(dataDir, 'delivery-tmp'),
    logger: { info() {}, warn() {}, error: (m, f) => process.stderr.write(`${m} ${JSON.stringify(f)}\n`) },
    tuning: { retry: { baseMs: 20, maxMs: 200 } },
    onStep: (step, key) => {
      if (step === 'intent-saved') flushes++;
      if (step === 'object-written') {
        objectsWritten++;
        if (dieAt && flushes === DIE_IN_FLUSH) say(`written ${key}`);
      }
      // Die in the middle of the flush: after the first of its objects when the step is object-written.
      if (step === dieAt && flushes === DIE_IN_FLUSH) process.kill(process.pid, 'SIGKILL');
    },
  },
  {
    streams: metadata.collection<DeliveryStreamState>('delivery-streams'),
    progress: metadata.collection<ProgressDoc>('delivery-progress'),
    logs,
    lake,
    tables: () => undefined,
    kinesis: streams,
  },
);

if (dieAt) {
  await engine.create({
    name: 'crash',
    source:
      sourceKind === 'kinesis'
        ? { kind: 'kinesis', streamName: 'src', streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/src', roleArn: 'arn:aws:iam::000000000000:role/r' }
        : { kind: 'direct' },
    destination: {
      bucket: BUCKET,
      roleArn: 'arn:aws:iam::000000000000:role/r',
      prefix: 'p=!{partitionKeyFromQuery:p}/',
      errorOutputPrefix: 'errors/!{firehose:error-output-type}/',
      buffering: { sizeMiB: 128, intervalSeconds: 1 },
      compression: 'UNCOMPRESSED',
      dynamicPartitioning: { enabled: true },
      processing: {
        enabled: true,
        processors: [
          { type: 'MetadataExtraction', parameters: [{ name: 'MetadataExtractionQuery', value: '{p: .p}' }, { name: 'JsonParsingEngine', value: 'JQ-1.6' }] },
          { type: 'AppendDelimiterToRecord', parameters: [] },
        ],
      },
      backupMode: 'Disabled',
      declaredAs: 'ExtendedS3',
    },
  });
  // Keep putting until the hook kills us (the first flush comes after the 1 s interval).
  for (let batch = 0; ; batch++) {
    const ids = Array.from({ length: 30 }, (_, i) => `b${batch}-${i}`);
    const data = ids.map((id, i) => Buffer.from(JSON.stringify({ id, p: ['x', 'y', 'z'][i % 3] })));
    const results =
      sourceKind === 'kinesis'
        ? await streams.putRecords('src', data.map((d, i) => ({ partitionKey: `${batch}-${i}`, data: d })))
        : await engine.put('crash', data, 'PutRecordBatch');
    ids.forEach((id, i) => results[i]!.ok && say(`acked ${id}`));
    await new Promise((r) => setTimeout(r, 10));
  }
} else if (mode === 'recover') {
  await engine.idle(60_000);
  for await (const o of lake.listAllObjects(BUCKET)) {
    const got = await lake.getObject(BUCKET, o.key);
    const chunks: Buffer[] = [];
    for await (const c of got.body) chunks.push(Buffer.from(c as Buffer));
    const ids = Buffer.concat(chunks)
      .toString()
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    say(`object ${o.key} ${ids.join(',')}`);
  }
  await engine.close();
  await streams.close();
  await store.close();
  await logs.close();
  await metadata.close();
  say(`done ${objectsWritten}`);
} else {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exit(2);
}
