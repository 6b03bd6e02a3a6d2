import type { UntagResourceRequest } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../wire/Service.js';
import { groupFromArn, type LogsDeps } from './common.js';

export const untagResource = ({ logs }: LogsDeps): Operation<UntagResourceRequest, Record<string, never>> =>
  async (input) => {
    await logs.untag(groupFromArn(input.resourceArn!), input.tagKeys ?? []);
    return {};
  };
