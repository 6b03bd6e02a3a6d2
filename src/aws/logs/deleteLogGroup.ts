import type { DeleteLogGroupRequest } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../wire/Service.js';
import type { LogsDeps } from './common.js';

export const deleteLogGroup = ({ logs }: LogsDeps): Operation<DeleteLogGroupRequest, Record<string, never>> =>
  async (input) => {
    await logs.deleteGroup(input.logGroupName!);
    return {};
  };
