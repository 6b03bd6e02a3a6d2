import type { PutRetentionPolicyRequest } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../wire/Service.js';
import type { LogsDeps } from './common.js';

export const putRetentionPolicy = ({ logs }: LogsDeps): Operation<PutRetentionPolicyRequest, Record<string, never>> =>
  async (input) => {
    await logs.putRetention(input.logGroupName!, input.retentionInDays!);
    return {};
  };
