import type { TagResourceInput } from '@aws-sdk/client-cloudwatch';
import type { Operation } from '../wire/Service.js';
import type { CloudWatchDeps } from './common.js';

export const tagResource = ({ alarms }: CloudWatchDeps): Operation<TagResourceInput, Record<string, never>> =>
  async (input) => {
    const tags: Record<string, string> = {};
    for (const t of input.Tags ?? []) tags[t.Key!] = t.Value!;
    await alarms.tag(input.ResourceARN!, tags);
    return {};
  };
