import type { CreateLogStreamRequest } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../wire/Service.js';
import type { LogsDeps } from './common.js';

export const createLogStream = ({ logs }: LogsDeps): Operation<CreateLogStreamRequest, Record<string, never>> =>
  async (input) => {
    await logs.createStream(input.logGroupName!, input.logStreamName!);
    return {};
  };
