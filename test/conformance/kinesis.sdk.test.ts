import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddTagsToStreamCommand,
  CreateStreamCommand,
  DecreaseStreamRetentionPeriodCommand,
  DeleteStreamCommand,
  DescribeLimitsCommand,
  DescribeStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  IncreaseStreamRetentionPeriodCommand,
  KinesisClient,
  ListShardsCommand,
  ListStreamsCommand,
  ListTagsForStreamCommand,
  MergeShardsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  RemoveTagsFromStreamCommand,
  SplitShardCommand,
  UpdateShardCountCommand,
  UpdateStreamModeCommand,
  waitUntilStreamExists,
  type _Record,
} from '@aws-sdk/client-kinesis';
import { startServer, type InProcessServer } from '../helpers/server.js';
import { TEST_CREDENTIALS } from '../helpers/awsCli.js';

let server: InProcessServer;
let kinesis: KinesisClient;
const arnOf = (name: string) => `arn:aws:kinesis:eu-west-1:000000000000:stream/${name}`;

async function rejectsCode(p: Promise<unknown>, code: string, message?: RegExp) {
  await assert.rejects(p, (e: Error & { name: string; $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.name, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

async function readAll(streamName: string, shardId: string): Promise<_Record[]> {
  const { ShardIterator } = await kinesis.send(new GetShardIteratorCommand({ StreamName: streamName, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }));
  const out: _Record[] = [];
  let it = ShardIterator;
  for (let i = 0; i < 50 && it; i++) {
    const r = await kinesis.send(new GetRecordsCommand({ ShardIterator: it }));
    out.push(...(r.Records ?? []));
    if ((r.Records ?? []).length === 0 && r.MillisBehindLatest === 0) break;
    it = r.NextShardIterator;
  }
  return out;
}

describe('Kinesis conformance: AWS SDK v3 (default HTTP/2 handler)', () => {
  before(async () => {
    server = await startServer('region: eu-west-1\nstreams:\n  - name: declared\n    shardCount: 2\n');
    kinesis = new KinesisClient({ endpoint: server.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  });
  after(async () => {
    kinesis.destroy();
    await server.stop();
  });

  it('has the streams declared in the config', async () => {
    const s = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'declared' }));
    assert.equal(s.StreamDescriptionSummary!.OpenShardCount, 2);
    assert.equal(s.StreamDescriptionSummary!.StreamARN, arnOf('declared'));
  });

  it('creates, describes, lists and deletes streams', async () => {
    await kinesis.send(new CreateStreamCommand({ StreamName: 'life', ShardCount: 3 }));
    await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30 }, { StreamName: 'life' });
    const d = await kinesis.send(new DescribeStreamCommand({ StreamName: 'life' }));
    assert.equal(d.StreamDescription!.StreamStatus, 'ACTIVE');
    assert.equal(d.StreamDescription!.Shards!.length, 3);
    assert.equal(d.StreamDescription!.RetentionPeriodHours, 24);
    assert.ok(d.StreamDescription!.StreamCreationTimestamp instanceof Date);
    const page = await kinesis.send(new DescribeStreamCommand({ StreamName: 'life', Limit: 2 }));
    assert.equal(page.StreamDescription!.Shards!.length, 2);
    assert.equal(page.StreamDescription!.HasMoreShards, true);
    const list = await kinesis.send(new ListStreamsCommand({}));
    assert.deepEqual(list.StreamNames, ['declared', 'life']);
    assert.equal(list.StreamSummaries![1]!.StreamARN, arnOf('life'));
    const first = await kinesis.send(new ListStreamsCommand({ Limit: 1 }));
    assert.equal(first.HasMoreStreams, true);
    const second = await kinesis.send(new ListStreamsCommand({ NextToken: first.NextToken! }));
    assert.deepEqual(second.StreamNames, ['life']);
    await rejectsCode(kinesis.send(new CreateStreamCommand({ StreamName: 'life', ShardCount: 1 })), 'ResourceInUseException', /already exists/);
    await kinesis.send(new DeleteStreamCommand({ StreamARN: arnOf('life') }));
    await rejectsCode(kinesis.send(new DescribeStreamCommand({ StreamName: 'life' })), 'ResourceNotFoundException', /Stream life under account 000000000000 not found/);
  });

  it('writes with PutRecord and PutRecords and reads everything back in order per shard', async () => {
    await kinesis.send(new CreateStreamCommand({ StreamName: 'rw', ShardCount: 2 }));
    const one = await kinesis.send(new PutRecordCommand({ StreamName: 'rw', PartitionKey: 'alpha', Data: Buffer.from('first') }));
    assert.match(one.SequenceNumber!, /^\d{56}$/);
    const batch = await kinesis.send(
      new PutRecordsCommand({
        StreamARN: arnOf('rw'),
        Records: Array.from({ length: 100 }, (_, i) => ({ PartitionKey: `key-${i}`, Data: Buffer.from(`record-${i}`) })),
      }),
    );
    assert.equal(batch.FailedRecordCount, 0);
    assert.equal(batch.Records!.length, 100);
    const byShard = new Map<string, string[]>();
    for (const r of batch.Records!) byShard.set(r.ShardId!, [...(byShard.get(r.ShardId!) ?? []), r.SequenceNumber!]);
    assert.equal(byShard.size, 2);
    for (const [shardId, seqs] of byShard) {
      const got = await readAll('rw', shardId);
      const gotSeqs = got.map((r) => r.SequenceNumber!);
      assert.deepEqual(gotSeqs.filter((s) => seqs.includes(s)), seqs, 'records come back in write order');
      for (const r of got) {
        assert.ok(r.ApproximateArrivalTimestamp instanceof Date);
        assert.ok(r.Data instanceof Uint8Array);
      }
    }
    const all = [...(await readAll('rw', 'shardId-000000000000')), ...(await readAll('rw', 'shardId-000000000001'))];
    assert.equal(all.length, 101);
    assert.ok(all.some((r) => Buffer.from(r.Data!).toString() === 'first' && r.PartitionKey === 'alpha'));
  });

  it('supports every iterator type', async () => {
    await kinesis.send(new CreateStreamCommand({ StreamName: 'it', ShardCount: 1 }));
    const seqs: string[] = [];
    for (let i = 0; i < 5; i++) seqs.push((await kinesis.send(new PutRecordCommand({ StreamName: 'it', PartitionKey: 'k', Data: Buffer.from(String(i)) }))).SequenceNumber!);
    const get = async (type: 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER' | 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP', extra = {}) => {
      const { ShardIterator } = await kinesis.send(new GetShardIteratorCommand({ StreamName: 'it', ShardId: 'shardId-000000000000', ShardIteratorType: type, ...extra }));
      return (await kinesis.send(new GetRecordsCommand({ ShardIterator, Limit: 2 }))).Records!.map((r) => Buffer.from(r.Data!).toString());
    };
    assert.deepEqual(await get('TRIM_HORIZON'), ['0', '1']);
    assert.deepEqual(await get('AT_SEQUENCE_NUMBER', { StartingSequenceNumber: seqs[2] }), ['2', '3']);
    assert.deepEqual(await get('AFTER_SEQUENCE_NUMBER', { StartingSequenceNumber: seqs[2] }), ['3', '4']);
    assert.deepEqual(await get('LATEST'), []);
    assert.deepEqual(await get('AT_TIMESTAMP', { Timestamp: new Date(Date.now() - 60_000) }), ['0', '1']);
    await rejectsCode(
      kinesis.send(new GetShardIteratorCommand({ StreamName: 'it', ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_SEQUENCE_NUMBER' })),
      'InvalidArgumentException',
    );
    await rejectsCode(kinesis.send(new GetRecordsCommand({ ShardIterator: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })), 'InvalidArgumentException', /Invalid ShardIterator/);
  });

  it('lists shards with pagination and filters', async () => {
    await kinesis.send(new CreateStreamCommand({ StreamName: 'ls', ShardCount: 4 }));
    const p1 = await kinesis.send(new ListShardsCommand({ StreamName: 'ls', MaxResults: 3 }));
    assert.equal(p1.Shards!.length, 3);
    const p2 = await kinesis.send(new ListShardsCommand({ NextToken: p1.NextToken! }));
    assert.deepEqual(p2.Shards!.map((s) => s.ShardId), ['shardId-000000000003']);
    assert.equal(p2.NextToken, undefined);
    await rejectsCode(kinesis.send(new ListShardsCommand({ StreamName: 'ls', NextToken: p1.NextToken! })), 'InvalidArgumentException', /cannot be provided together/);
    const after = await kinesis.send(new ListShardsCommand({ StreamName: 'ls', ShardFilter: { Type: 'AFTER_SHARD_ID', ShardId: 'shardId-000000000001' } }));
    assert.deepEqual(after.Shards!.map((s) => s.ShardId), ['shardId-000000000002', 'shardId-000000000003']);
  });

  it('changes retention, tags and capacity mode', async () => {
    await kinesis.send(new CreateStreamCommand({ StreamName: 'cfg', ShardCount: 1, Tags: { team: 'data' } }));
    await kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: 'cfg', RetentionPeriodHours: 72 }));
    await rejectsCode(kinesis.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: 'cfg', RetentionPeriodHours: 96 })), 'InvalidArgumentException');
    await kinesis.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: 'cfg', RetentionPeriodHours: 48 }));
    assert.equal((await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'cfg' }))).StreamDescriptionSummary!.RetentionPeriodHours, 48);
    await kinesis.send(new AddTagsToStreamCommand({ StreamName: 'cfg', Tags: { env: 'dev', owner: 'me' } }));
    await kinesis.send(new RemoveTagsFromStreamCommand({ StreamName: 'cfg', TagKeys: ['owner'] }));
    const tags = await kinesis.send(new ListTagsForStreamCommand({ StreamName: 'cfg' }));
    assert.deepEqual(tags.Tags, [{ Key: 'env', Value: 'dev' }, { Key: 'team', Value: 'data' }]);
    assert.equal(tags.HasMoreTags, false);
    await kinesis.send(new UpdateStreamModeCommand({ StreamARN: arnOf('cfg'), StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
    assert.equal((await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'cfg' }))).StreamDescriptionSummary!.StreamModeDetails!.StreamMode, 'ON_DEMAND');
    const limits = await kinesis.send(new DescribeLimitsCommand({}));
    assert.equal(limits.ShardLimit, 500);
  });

  it('reshards: split, merge, update shard count', async () => {
    await kinesis.send(new CreateStreamCommand({ StreamName: 'rs', ShardCount: 2 }));
    await kinesis.send(new PutRecordCommand({ StreamName: 'rs', PartitionKey: 'p', ExplicitHashKey: '0', Data: Buffer.from('pre-split') }));
    await kinesis.send(new SplitShardCommand({ StreamName: 'rs', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: String(1n << 125n) }));
    let d = await kinesis.send(new DescribeStreamCommand({ StreamName: 'rs' }));
    assert.equal(d.StreamDescription!.Shards!.length, 4);
    assert.ok(d.StreamDescription!.Shards![0]!.SequenceNumberRange!.EndingSequenceNumber);
    const parentIt = (await kinesis.send(new GetShardIteratorCommand({ StreamName: 'rs', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    const drained = await kinesis.send(new GetRecordsCommand({ ShardIterator: parentIt }));
    assert.equal(drained.Records!.length, 1);
    assert.equal(drained.NextShardIterator, undefined);
    assert.deepEqual(drained.ChildShards!.map((c) => c.ShardId), ['shardId-000000000002', 'shardId-000000000003']);
    await kinesis.send(new MergeShardsCommand({ StreamName: 'rs', ShardToMerge: 'shardId-000000000002', AdjacentShardToMerge: 'shardId-000000000003' }));
    d = await kinesis.send(new DescribeStreamCommand({ StreamName: 'rs' }));
    const merged = d.StreamDescription!.Shards!.find((s) => s.ShardId === 'shardId-000000000004')!;
    assert.equal(merged.ParentShardId, 'shardId-000000000002');
    assert.equal(merged.AdjacentParentShardId, 'shardId-000000000003');
    const upd = await kinesis.send(new UpdateShardCountCommand({ StreamName: 'rs', TargetShardCount: 4, ScalingType: 'UNIFORM_SCALING' }));
    assert.deepEqual([upd.CurrentShardCount, upd.TargetShardCount], [2, 4]);
    const open = (await kinesis.send(new ListShardsCommand({ StreamName: 'rs', ShardFilter: { Type: 'AT_LATEST' } }))).Shards!;
    assert.equal(open.length, 4);
    await rejectsCode(kinesis.send(new MergeShardsCommand({ StreamName: 'rs', ShardToMerge: 'shardId-000000000000', AdjacentShardToMerge: 'shardId-000000000001' })), 'InvalidArgumentException');
  });

  it('answers bad input with AWS errors', async () => {
    await rejectsCode(kinesis.send(new PutRecordCommand({ StreamName: 'nope', PartitionKey: 'k', Data: Buffer.from('x') })), 'ResourceNotFoundException');
    await rejectsCode(kinesis.send(new PutRecordCommand({ StreamName: 'declared', PartitionKey: '', Data: Buffer.from('x') })), 'ValidationException', /partitionKey/);
    await rejectsCode(kinesis.send(new PutRecordCommand({ StreamName: 'declared', PartitionKey: 'k', Data: Buffer.alloc(1024 * 1024 + 1) })), 'InvalidArgumentException');
    await rejectsCode(
      kinesis.send(new PutRecordsCommand({ StreamName: 'declared', Records: Array.from({ length: 501 }, () => ({ PartitionKey: 'k', Data: Buffer.from('x') })) })),
      'ValidationException',
      /length less than or equal to 500/,
    );
    await rejectsCode(kinesis.send(new CreateStreamCommand({ StreamName: 'bad/name', ShardCount: 1 })), 'ValidationException');
    await rejectsCode(kinesis.send(new DescribeStreamCommand({ StreamARN: 'arn:aws:kinesis:eu-west-1:111111111111:stream/declared' })), 'ResourceNotFoundException');
  });
});
