import type { UntagResourceInput } from '@aws-sdk/client-cloudwatch';
import type { Operation } from '../wire/Service.js';
import type { CloudWatchDeps } from './common.js';

export const untagResource = ({ alarms }: CloudWatchDeps): Operation<UntagResourceInput, Record<string, never>> =>
  async (input) => {
    await alarms.untag(input.ResourceARN!, input.TagKeys ?? []);
    return {};
  };
