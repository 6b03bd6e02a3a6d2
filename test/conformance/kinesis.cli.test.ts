import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aws, cliBinary, type CliVersion } from '../helpers/awsCli.js';
import { startServer, type InProcessServer } from '../helpers/server.js';

let server: InProcessServer;

before(async () => {
  server = await startServer('region: eu-west-1\n');
});
after(async () => server.stop());

for (const version of [1, 2] as CliVersion[]) {
  describe(`Kinesis conformance: AWS CLI v${version}`, { skip: cliBinary(version) ? false : 'AWS CLI v2 not installed' }, () => {
    const stream = `cli-v${version}`;
    const k = (...args: string[]) => aws(version, server.url, ['kinesis', ...args]);
    // v2 takes blobs as base64 unless told otherwise; v1 sends them raw.
    const blobArgs = version === 2 ? ['--cli-binary-format', 'raw-in-base64-out'] : [];

    it('creates, lists and describes a stream', async () => {
      assert.equal((await k('create-stream', '--stream-name', stream, '--shard-count', '2')).code, 0);
      const list = await k('list-streams');
      assert.ok(list.json<{ StreamNames: string[] }>().StreamNames.includes(stream));
      const d = (await k('describe-stream', '--stream-name', stream)).json<{ StreamDescription: { Shards: unknown[]; StreamStatus: string } }>();
      assert.equal(d.StreamDescription.StreamStatus, 'ACTIVE');
      assert.equal(d.StreamDescription.Shards.length, 2);
      const s = (await k('describe-stream-summary', '--stream-name', stream)).json<{ StreamDescriptionSummary: { OpenShardCount: number } }>();
      assert.equal(s.StreamDescriptionSummary.OpenShardCount, 2);
      const shards = (await k('list-shards', '--stream-name', stream)).json<{ Shards: Array<{ ShardId: string }> }>();
      assert.deepEqual(shards.Shards.map((x) => x.ShardId), ['shardId-000000000000', 'shardId-000000000001']);
    });

    it('puts and gets records', async () => {
      const put = await k('put-record', '--stream-name', stream, '--partition-key', 'user-1', '--data', 'hello-cli', ...blobArgs);
      assert.equal(put.code, 0, put.stderr);
      const { ShardId, SequenceNumber } = put.json<{ ShardId: string; SequenceNumber: string }>();
      assert.match(SequenceNumber, /^\d{56}$/);
      const batch = await k('put-records', '--stream-name', stream, '--records', 'PartitionKey=a,Data=one', 'PartitionKey=b,Data=two', ...blobArgs);
      assert.equal(batch.code, 0, batch.stderr);
      assert.equal(batch.json<{ FailedRecordCount: number }>().FailedRecordCount, 0);
      const it1 = (await k('get-shard-iterator', '--stream-name', stream, '--shard-id', ShardId, '--shard-iterator-type', 'AT_SEQUENCE_NUMBER', '--starting-sequence-number', SequenceNumber)).json<{ ShardIterator: string }>();
      const got = (await k('get-records', '--shard-iterator', it1.ShardIterator, '--limit', '1')).json<{ Records: Array<{ Data: string; PartitionKey: string }>; NextShardIterator: string; MillisBehindLatest: number }>();
      assert.equal(got.Records.length, 1);
      assert.equal(Buffer.from(got.Records[0]!.Data, 'base64').toString(), 'hello-cli');
      assert.equal(got.Records[0]!.PartitionKey, 'user-1');
      assert.ok(got.NextShardIterator);
    });

    it('changes retention and tags', async () => {
      assert.equal((await k('increase-stream-retention-period', '--stream-name', stream, '--retention-period-hours', '48')).code, 0);
      assert.equal((await k('decrease-stream-retention-period', '--stream-name', stream, '--retention-period-hours', '24')).code, 0);
      assert.equal((await k('add-tags-to-stream', '--stream-name', stream, '--tags', 'env=dev,team=data')).code, 0);
      assert.equal((await k('remove-tags-from-stream', '--stream-name', stream, '--tag-keys', 'team')).code, 0);
      const tags = (await k('list-tags-for-stream', '--stream-name', stream)).json<{ Tags: Array<{ Key: string; Value: string }> }>();
      assert.deepEqual(tags.Tags, [{ Key: 'env', Value: 'dev' }]);
    });

    it('reshards and switches mode', async () => {
      assert.equal((await k('split-shard', '--stream-name', stream, '--shard-to-split', 'shardId-000000000000', '--new-starting-hash-key', String(1n << 125n))).code, 0);
      assert.equal((await k('merge-shards', '--stream-name', stream, '--shard-to-merge', 'shardId-000000000002', '--adjacent-shard-to-merge', 'shardId-000000000003')).code, 0);
      const upd = await k('update-shard-count', '--stream-name', stream, '--target-shard-count', '4', '--scaling-type', 'UNIFORM_SCALING');
      assert.equal(upd.code, 0, upd.stderr);
      assert.equal(upd.json<{ TargetShardCount: number }>().TargetShardCount, 4);
      const arn = `arn:aws:kinesis:eu-west-1:000000000000:stream/${stream}`;
      const mode = await k('update-stream-mode', '--stream-arn', arn, '--stream-mode-details', 'StreamMode=ON_DEMAND');
      assert.equal(mode.code, 0, mode.stderr);
    });

    it('prints AWS errors for bad input', async () => {
      const missing = await k('describe-stream', '--stream-name', 'does-not-exist');
      assert.notEqual(missing.code, 0);
      assert.match(missing.stderr, /ResourceNotFoundException/);
      const bad = await k('get-records', '--shard-iterator', 'garbage-iterator-value');
      assert.match(bad.stderr, /InvalidArgumentException/);
    });

    it('deletes the stream', async () => {
      assert.equal((await k('delete-stream', '--stream-name', stream)).code, 0);
      assert.match((await k('describe-stream', '--stream-name', stream)).stderr, /ResourceNotFoundException/);
    });
  });
}
