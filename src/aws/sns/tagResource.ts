import type { TagResourceRequest } from '@aws-sdk/client-sns';
import type { Operation } from '../wire/Service.js';
import type { SnsDeps } from './common.js';
import { resourceNotFound } from './tagErrors.js';

export const tagResource = ({ topics }: SnsDeps): Operation<TagResourceRequest, Record<string, never>> =>
  async (input) => {
    await resourceNotFound(() => topics.tagResource(input.ResourceArn!, Object.fromEntries((input.Tags ?? []).map((t) => [t.Key!, t.Value ?? '']))));
    return {};
  };
