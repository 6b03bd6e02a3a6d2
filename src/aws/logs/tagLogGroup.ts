import type { TagLogGroupRequest } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../wire/Service.js';
import type { LogsDeps } from './common.js';

/** The older tagging call, by group name (still used by tools). */
export const tagLogGroup = ({ logs }: LogsDeps): Operation<TagLogGroupRequest, Record<string, never>> =>
  async (input) => {
    await logs.tag(input.logGroupName!, input.tags ?? {});
    return {};
  };
