import type { DeleteRetentionPolicyRequest } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../wire/Service.js';
import type { LogsDeps } from './common.js';

export const deleteRetentionPolicy = ({ logs }: LogsDeps): Operation<DeleteRetentionPolicyRequest, Record<string, never>> =>
  async (input) => {
    await logs.putRetention(input.logGroupName!, undefined);
    return {};
  };
