import type { DeleteLogStreamRequest } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../wire/Service.js';
import type { LogsDeps } from './common.js';

export const deleteLogStream = ({ logs }: LogsDeps): Operation<DeleteLogStreamRequest, Record<string, never>> =>
  async (input) => {
    await logs.deleteStream(input.logGroupName!, input.logStreamName!);
    return {};
  };
