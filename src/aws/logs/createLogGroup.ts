import type { CreateLogGroupRequest } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../wire/Service.js';
import type { LogsDeps } from './common.js';

export const createLogGroup = ({ logs }: LogsDeps): Operation<CreateLogGroupRequest, Record<string, never>> =>
  async (input) => {
    await logs.createGroup(input.logGroupName!, { tags: input.tags ?? {}, ...(input.logGroupClass ? { logGroupClass: input.logGroupClass } : {}) });
    return {};
  };
