import type { DescribeStreamInput, DescribeStreamOutput, Shard } from '@aws-sdk/client-kinesis';
import type { ShardView } from '../../engines/streams/StreamsEngine.js';
import { shardIndexOf } from '../../engines/streams/Stream.js';
import type { Operation } from '../wire/Service.js';
import { resolveStreamName, streamArn, type KinesisDeps } from './common.js';

export function shardShape(s: ShardView): Shard {
  return {
    ShardId: s.shardId,
    ...(s.parentShardId ? { ParentShardId: s.parentShardId } : {}),
    ...(s.adjacentParentShardId ? { AdjacentParentShardId: s.adjacentParentShardId } : {}),
    HashKeyRange: { StartingHashKey: s.startingHashKey, EndingHashKey: s.endingHashKey },
    SequenceNumberRange: {
      StartingSequenceNumber: s.startingSequenceNumber,
      ...(s.endingSequenceNumber ? { EndingSequenceNumber: s.endingSequenceNumber } : {}),
    },
  };
}

export const describeStream = ({ streams }: KinesisDeps): Operation<DescribeStreamInput, DescribeStreamOutput> =>
  (input, ctx) => {
    const name = resolveStreamName(input, ctx);
    const summary = streams.summary(name);
    const limit = input.Limit ?? 100;
    const after = input.ExclusiveStartShardId === undefined ? -1 : (shardIndexOf(input.ExclusiveStartShardId) ?? -1);
    const all = streams.shards(name).filter((s) => (shardIndexOf(s.shardId) ?? 0) > after);
    return {
      StreamDescription: {
        StreamName: name,
        StreamARN: streamArn(ctx, name),
        StreamStatus: summary.status,
        StreamModeDetails: { StreamMode: summary.mode },
        Shards: all.slice(0, limit).map(shardShape),
        HasMoreShards: all.length > limit,
        RetentionPeriodHours: summary.retentionHours,
        StreamCreationTimestamp: new Date(summary.createdAtMs),
        EnhancedMonitoring: [{ ShardLevelMetrics: [...summary.shardLevelMetrics] }],
        EncryptionType: summary.encryption.type,
        ...(summary.encryption.keyId ? { KeyId: summary.encryption.keyId } : {}),
      },
    };
  };
