import type { DescribeLogStreamsRequest, DescribeLogStreamsResponse } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../wire/Service.js';
import { groupName, page, type LogsDeps } from './common.js';

export const describeLogStreams = ({ logs }: LogsDeps): Operation<DescribeLogStreamsRequest, DescribeLogStreamsResponse> =>
  async (input) => {
    const group = groupName(input);
    const streams = await logs.describeStreams(group, { prefix: input.logStreamNamePrefix, orderBy: input.orderBy, descending: input.descending });
    const { items, nextToken } = page(streams, input.nextToken, input.limit ?? 50);
    return {
      logStreams: items.map((s) => ({
        logStreamName: s.name,
        creationTime: s.createdMs,
        ...(s.firstEventMs !== undefined ? { firstEventTimestamp: s.firstEventMs } : {}),
        ...(s.lastEventMs !== undefined ? { lastEventTimestamp: s.lastEventMs } : {}),
        ...(s.lastIngestionMs !== undefined ? { lastIngestionTime: s.lastIngestionMs, uploadSequenceToken: String(s.lastIngestionMs).padStart(20, '0') } : {}),
        arn: logs.streamArn(group, s.name),
        storedBytes: 0, // deprecated by CloudWatch Logs, which reports 0
      })),
      ...(nextToken ? { nextToken } : {}),
    };
  };
