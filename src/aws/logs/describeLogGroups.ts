import type { DescribeLogGroupsRequest, DescribeLogGroupsResponse } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../wire/Service.js';
import { groupName, invalidParameter, page, type LogsDeps } from './common.js';

export const describeLogGroups = ({ logs }: LogsDeps): Operation<DescribeLogGroupsRequest, DescribeLogGroupsResponse> =>
  async (input) => {
    if (input.logGroupNamePrefix !== undefined && input.logGroupNamePattern !== undefined) {
      throw invalidParameter('LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive.');
    }
    const groups = (
      await logs.describeGroups({
        prefix: input.logGroupNamePrefix,
        pattern: input.logGroupNamePattern,
        names: input.logGroupIdentifiers?.map((id) => groupName({ logGroupIdentifier: id })),
      })
    ).filter((g) => input.logGroupClass === undefined || g.logGroupClass === input.logGroupClass);
    const { items, nextToken } = page(groups, input.nextToken, input.limit ?? 50);
    return {
      logGroups: items.map((g) => ({
        logGroupName: g.name,
        creationTime: g.createdMs,
        ...(g.retentionDays !== undefined ? { retentionInDays: g.retentionDays } : {}),
        metricFilterCount: 0,
        arn: `${g.arn}:*`,
        logGroupArn: g.arn,
        storedBytes: g.storedBytes,
        logGroupClass: g.logGroupClass as 'STANDARD',
      })),
      ...(nextToken ? { nextToken } : {}),
    };
  };
