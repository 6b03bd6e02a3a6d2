import type { DescribeStreamSummaryInput, DescribeStreamSummaryOutput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import { resolveStreamName, streamArn, type KinesisDeps } from './common.js';

export const describeStreamSummary = ({ streams, consumers }: KinesisDeps): Operation<DescribeStreamSummaryInput, DescribeStreamSummaryOutput> =>
  (input, ctx) => {
    const name = resolveStreamName(input, ctx);
    const s = streams.summary(name);
    return {
      StreamDescriptionSummary: {
        StreamName: name,
        StreamARN: streamArn(ctx, name),
        StreamStatus: s.status,
        StreamModeDetails: { StreamMode: s.mode },
        RetentionPeriodHours: s.retentionHours,
        StreamCreationTimestamp: new Date(s.createdAtMs),
        EnhancedMonitoring: [{ ShardLevelMetrics: [...s.shardLevelMetrics] }],
        EncryptionType: s.encryption.type,
        ...(s.encryption.keyId ? { KeyId: s.encryption.keyId } : {}),
        OpenShardCount: s.openShardCount,
        ConsumerCount: consumers.count(name),
        MaxRecordSizeInKiB: s.maxRecordSizeKiB,
      },
    };
  };
