import type { TagResourceRequest } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../wire/Service.js';
import { groupFromArn, type LogsDeps } from './common.js';

export const tagResource = ({ logs }: LogsDeps): Operation<TagResourceRequest, Record<string, never>> =>
  async (input) => {
    await logs.tag(groupFromArn(input.resourceArn!), input.tags ?? {});
    return {};
  };
