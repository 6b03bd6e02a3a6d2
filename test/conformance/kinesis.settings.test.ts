import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import {
  DeleteResourcePolicyCommand,
  DeleteStreamCommand,
  DescribeStreamCommand,
  DescribeStreamSummaryCommand,
  DisableEnhancedMonitoringCommand,
  EnableEnhancedMonitoringCommand,
  GetRecordsCommand,
  GetResourcePolicyCommand,
  GetShardIteratorCommand,
  KinesisClient,
  PutRecordCommand,
  PutRecordsCommand,
  PutResourcePolicyCommand,
  RegisterStreamConsumerCommand,
  StartStreamEncryptionCommand,
  StopStreamEncryptionCommand,
  CreateStreamCommand,
  UpdateMaxRecordSizeCommand,
} from '@aws-sdk/client-kinesis';
import { aws, cliBinary, TEST_CREDENTIALS, type CliVersion } from '../helpers/awsCli.js';
import { startServer, tempDir, type InProcessServer } from '../helpers/server.js';

/** Stream settings Terraform's aws_kinesis_stream and aws_kinesis_resource_policy manage. */
describe('Kinesis conformance: stream settings (encryption, enhanced monitoring, resource policies, record size)', () => {
  const CONFIG = 'region: eu-west-1\nstreams:\n  - name: secure\n    shardCount: 2\n  - name: watched\n    shardCount: 2\n';
  let dataDir: string;
  let server: InProcessServer;
  let kinesis: KinesisClient;
  const connect = async () => {
    server = await startServer(CONFIG, dataDir);
    kinesis = new KinesisClient({ endpoint: server.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  };
  const restart = async () => {
    kinesis.destroy();
    await server.stop();
    await connect();
  };
  const rejectsCode = (p: Promise<unknown>, code: string, message?: RegExp) =>
    assert.rejects(p, (e: Error) => {
      assert.equal(e.name, code, e.message);
      if (message) assert.match(e.message, message);
      return true;
    });

  before(async () => {
    dataDir = await tempDir();
    await connect();
  });
  after(async () => {
    kinesis.destroy();
    await server.stop();
  });

  it('starts and stops KMS encryption: described, reported by PutRecord(s), kept across a restart', async () => {
    const key = 'arn:aws:kms:eu-west-1:000000000000:key/12345678-1234-1234-1234-123456789012';
    await kinesis.send(new StartStreamEncryptionCommand({ StreamName: 'secure', EncryptionType: 'KMS', KeyId: key }));
    const s = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'secure' }))).StreamDescriptionSummary!;
    assert.equal(s.EncryptionType, 'KMS');
    assert.equal(s.KeyId, key);
    assert.equal(s.StreamStatus, 'ACTIVE');
    const put = await kinesis.send(new PutRecordCommand({ StreamName: 'secure', PartitionKey: 'p', Data: Buffer.from('secret') }));
    assert.equal(put.EncryptionType, 'KMS');
    const it = await kinesis.send(new GetShardIteratorCommand({ StreamName: 'secure', ShardId: put.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }));
    const got = await kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator! }));
    assert.equal(Buffer.from(got.Records![0]!.Data!).toString(), 'secret');

    await restart();
    const d = (await kinesis.send(new DescribeStreamCommand({ StreamName: 'secure' }))).StreamDescription!;
    assert.equal(d.EncryptionType, 'KMS');
    assert.equal(d.KeyId, key);

    await kinesis.send(new StopStreamEncryptionCommand({ StreamARN: 'arn:aws:kinesis:eu-west-1:000000000000:stream/secure', EncryptionType: 'KMS', KeyId: key }));
    const after = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'secure' }))).StreamDescriptionSummary!;
    assert.equal(after.EncryptionType, 'NONE');
    assert.equal(after.KeyId, undefined);
    const batch = await kinesis.send(new PutRecordsCommand({ StreamName: 'secure', Records: [{ PartitionKey: 'p', Data: Buffer.from('plain') }] }));
    assert.equal(batch.EncryptionType, 'NONE');
  });

  it('refuses encryption requests AWS refuses', async () => {
    await rejectsCode(kinesis.send(new StartStreamEncryptionCommand({ StreamName: 'secure', EncryptionType: 'NONE', KeyId: 'alias/aws/kinesis' })), 'InvalidArgumentException', /only valid value is KMS/);
    await rejectsCode(kinesis.send(new StartStreamEncryptionCommand({ StreamName: 'nowhere', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' })), 'ResourceNotFoundException');
    await rejectsCode(kinesis.send(new StartStreamEncryptionCommand({ StreamName: 'secure', EncryptionType: 'KMS' } as never)), 'ValidationException');
  });

  it('enables and disables shard-level metrics, answering the sets before and after', async () => {
    const on = await kinesis.send(new EnableEnhancedMonitoringCommand({ StreamName: 'watched', ShardLevelMetrics: ['IncomingRecords', 'OutgoingBytes'] }));
    assert.equal(on.StreamName, 'watched');
    assert.deepEqual(on.CurrentShardLevelMetrics, []);
    assert.deepEqual(on.DesiredShardLevelMetrics, ['IncomingRecords', 'OutgoingBytes']);
    const all = await kinesis.send(new EnableEnhancedMonitoringCommand({ StreamName: 'watched', ShardLevelMetrics: ['ALL'] }));
    assert.deepEqual(all.CurrentShardLevelMetrics, ['IncomingRecords', 'OutgoingBytes']);
    assert.equal(all.DesiredShardLevelMetrics!.length, 7);
    const off = await kinesis.send(new DisableEnhancedMonitoringCommand({ StreamName: 'watched', ShardLevelMetrics: ['OutgoingBytes', 'IteratorAgeMilliseconds'] }));
    assert.equal(off.CurrentShardLevelMetrics!.length, 7);
    assert.deepEqual(off.DesiredShardLevelMetrics, ['IncomingBytes', 'IncomingRecords', 'OutgoingRecords', 'WriteProvisionedThroughputExceeded', 'ReadProvisionedThroughputExceeded']);
    const d = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'watched' }))).StreamDescriptionSummary!;
    assert.deepEqual(d.EnhancedMonitoring, [{ ShardLevelMetrics: off.DesiredShardLevelMetrics }]);
    await restart();
    const again = (await kinesis.send(new DescribeStreamCommand({ StreamName: 'watched' }))).StreamDescription!;
    assert.deepEqual(again.EnhancedMonitoring, [{ ShardLevelMetrics: off.DesiredShardLevelMetrics }]);
    await rejectsCode(kinesis.send(new EnableEnhancedMonitoringCommand({ StreamName: 'watched', ShardLevelMetrics: ['Bogus' as never] })), 'ValidationException');
  });

  it('keeps resource policies on streams and consumers, across a restart, gone with their resource', async () => {
    const streamArn = 'arn:aws:kinesis:eu-west-1:000000000000:stream/watched';
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: ['kinesis:GetRecords'], Resource: streamArn }],
    });
    assert.equal((await kinesis.send(new GetResourcePolicyCommand({ ResourceARN: streamArn }))).Policy, '{}');
    await kinesis.send(new PutResourcePolicyCommand({ ResourceARN: streamArn, Policy: policy }));
    const consumer = (await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: 'reader' }))).Consumer!.ConsumerARN!;
    const consumerPolicy = policy.replace('GetRecords', 'SubscribeToShard');
    await kinesis.send(new PutResourcePolicyCommand({ ResourceARN: consumer, Policy: consumerPolicy }));
    await restart();
    assert.equal((await kinesis.send(new GetResourcePolicyCommand({ ResourceARN: streamArn }))).Policy, policy);
    assert.equal((await kinesis.send(new GetResourcePolicyCommand({ ResourceARN: consumer }))).Policy, consumerPolicy);
    await kinesis.send(new DeleteResourcePolicyCommand({ ResourceARN: consumer }));
    assert.equal((await kinesis.send(new GetResourcePolicyCommand({ ResourceARN: consumer }))).Policy, '{}');

    await rejectsCode(kinesis.send(new PutResourcePolicyCommand({ ResourceARN: streamArn, Policy: 'not json' })), 'InvalidArgumentException', /not valid JSON/);
    await rejectsCode(kinesis.send(new PutResourcePolicyCommand({ ResourceARN: streamArn, Policy: '{"Version":"2012-10-17"}' })), 'InvalidArgumentException', /Statement/);
    await rejectsCode(kinesis.send(new GetResourcePolicyCommand({ ResourceARN: 'arn:aws:kinesis:eu-west-1:000000000000:stream/nowhere' })), 'ResourceNotFoundException');
    await rejectsCode(kinesis.send(new GetResourcePolicyCommand({ ResourceARN: `${streamArn}/consumer/ghost:1` })), 'ResourceNotFoundException');
    // a stream deleted and made again starts without its old policy
    await kinesis.send(new DeleteStreamCommand({ StreamName: 'secure' }));
    await restart(); // the config declares it again
    assert.equal((await kinesis.send(new GetResourcePolicyCommand({ ResourceARN: 'arn:aws:kinesis:eu-west-1:000000000000:stream/secure' }))).Policy, '{}');
  });

  it('takes records up to the MaxRecordSizeInKiB of the stream (CreateStream, UpdateMaxRecordSize), and no larger', async () => {
    const big = (mib: number) => Buffer.alloc(Math.round(mib * 1024 * 1024), 7);
    await kinesis.send(new CreateStreamCommand({ StreamName: 'large', ShardCount: 1, MaxRecordSizeInKiB: 2048 }));
    assert.equal((await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'large' }))).StreamDescriptionSummary!.MaxRecordSizeInKiB, 2048);
    await rejectsCode(kinesis.send(new PutRecordCommand({ StreamName: 'secure', PartitionKey: 'p', Data: big(1.5) })), 'InvalidArgumentException');
    await kinesis.send(new PutRecordCommand({ StreamName: 'large', PartitionKey: 'p', Data: big(1.5) }));
    await rejectsCode(kinesis.send(new PutRecordCommand({ StreamName: 'large', PartitionKey: 'p', Data: big(3) })), 'InvalidArgumentException');
    await kinesis.send(new UpdateMaxRecordSizeCommand({ StreamARN: 'arn:aws:kinesis:eu-west-1:000000000000:stream/large', MaxRecordSizeInKiB: 10240 }));
    const put = await kinesis.send(new PutRecordCommand({ StreamName: 'large', PartitionKey: 'p', Data: big(8) }));
    const it = await kinesis.send(new GetShardIteratorCommand({ StreamName: 'large', ShardId: put.ShardId!, ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: put.SequenceNumber! }));
    const got = await kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator! }));
    assert.equal(got.Records![0]!.Data!.length, 8 * 1024 * 1024);
    await rejectsCode(kinesis.send(new UpdateMaxRecordSizeCommand({ StreamARN: 'arn:aws:kinesis:eu-west-1:000000000000:stream/large', MaxRecordSizeInKiB: 20480 })), 'ValidationException');
    await restart();
    assert.equal((await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'large' }))).StreamDescriptionSummary!.MaxRecordSizeInKiB, 10240);
  });

  it('counts shard-level metrics per ShardId while they are on, and only those', async () => {
    const cw = new CloudWatchClient({ endpoint: server.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    try {
      const start = new Date(Date.now() - 60_000);
      const put = await kinesis.send(
        new PutRecordsCommand({ StreamName: 'watched', Records: Array.from({ length: 20 }, (_, i) => ({ PartitionKey: `k${i}`, Data: Buffer.from('0123456789') })) }),
      );
      const perShard = new Map<string, number>();
      for (const r of put.Records!) perShard.set(r.ShardId!, (perShard.get(r.ShardId!) ?? 0) + 1);
      const sum = async (metric: string, shardId: string) => {
        const stats = await cw.send(
          new GetMetricStatisticsCommand({
            Namespace: 'AWS/Kinesis',
            MetricName: metric,
            Dimensions: [
              { Name: 'StreamName', Value: 'watched' },
              { Name: 'ShardId', Value: shardId },
            ],
            StartTime: start,
            EndTime: new Date(Date.now() + 120_000),
            Period: 60,
            Statistics: ['Sum'],
          }),
        );
        return (stats.Datapoints ?? []).reduce((n, d) => n + (d.Sum ?? 0), 0);
      };
      for (const [shardId, count] of perShard) {
        assert.equal(await sum('IncomingRecords', shardId), count, shardId);
        assert.equal(await sum('IncomingBytes', shardId), count * 10, shardId);
      }
      // OutgoingBytes was turned off: reading counts OutgoingRecords only
      const [shardId, count] = [...perShard][0]!;
      const it = await kinesis.send(new GetShardIteratorCommand({ StreamName: 'watched', ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }));
      await kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator! }));
      assert.equal(await sum('OutgoingRecords', shardId), count);
      assert.equal(await sum('OutgoingBytes', shardId), 0);
    } finally {
      cw.destroy();
    }
  });
});

for (const version of [1, 2] as CliVersion[]) {
  describe(`Kinesis encryption and enhanced monitoring: AWS CLI v${version}`, { skip: cliBinary(version) ? false : 'AWS CLI v2 not installed' }, () => {
    let server: InProcessServer;
    before(async () => {
      server = await startServer('region: eu-west-1\nstreams:\n  - name: cli\n    shardCount: 1\n');
    });
    after(async () => server.stop());
    const k = (...args: string[]) => aws(version, server.url, ['kinesis', ...args]);

    it('start-stream-encryption, enable-enhanced-monitoring and back', async () => {
      const start = await k('start-stream-encryption', '--stream-name', 'cli', '--encryption-type', 'KMS', '--key-id', 'alias/aws/kinesis');
      assert.equal(start.code, 0, start.stderr);
      const on = await k('enable-enhanced-monitoring', '--stream-name', 'cli', '--shard-level-metrics', 'ALL');
      assert.equal(on.code, 0, on.stderr);
      assert.equal(on.json<{ DesiredShardLevelMetrics: string[] }>().DesiredShardLevelMetrics.length, 7);
      const d = (await k('describe-stream-summary', '--stream-name', 'cli')).json<{ StreamDescriptionSummary: { EncryptionType: string; KeyId: string; EnhancedMonitoring: Array<{ ShardLevelMetrics: string[] }> } }>();
      assert.equal(d.StreamDescriptionSummary.EncryptionType, 'KMS');
      assert.equal(d.StreamDescriptionSummary.KeyId, 'alias/aws/kinesis');
      assert.equal(d.StreamDescriptionSummary.EnhancedMonitoring[0]!.ShardLevelMetrics.length, 7);
      assert.equal((await k('stop-stream-encryption', '--stream-name', 'cli', '--encryption-type', 'KMS', '--key-id', 'alias/aws/kinesis')).code, 0);
      const off = await k('disable-enhanced-monitoring', '--stream-name', 'cli', '--shard-level-metrics', 'ALL');
      assert.equal(off.code, 0, off.stderr);
      assert.deepEqual(off.json<{ DesiredShardLevelMetrics: string[] }>().DesiredShardLevelMetrics, []);
      const bad = await k('start-stream-encryption', '--stream-name', 'missing', '--encryption-type', 'KMS', '--key-id', 'alias/aws/kinesis');
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /ResourceNotFoundException/);
    });
  });
}
