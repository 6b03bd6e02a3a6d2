import type { UntagLogGroupRequest } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../wire/Service.js';
import type { LogsDeps } from './common.js';

export const untagLogGroup = ({ logs }: LogsDeps): Operation<UntagLogGroupRequest, Record<string, never>> =>
  async (input) => {
    await logs.untag(input.logGroupName!, input.tags ?? []);
    return {};
  };
