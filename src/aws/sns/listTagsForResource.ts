import type { ListTagsForResourceRequest, ListTagsForResourceResponse } from '@aws-sdk/client-sns';
import type { Operation } from '../wire/Service.js';
import type { SnsDeps } from './common.js';
import { resourceNotFound } from './tagErrors.js';

export const listTagsForResource = ({ topics }: SnsDeps): Operation<ListTagsForResourceRequest, ListTagsForResourceResponse> =>
  async (input) => {
    const tags = await resourceNotFound(async () => topics.listTags(input.ResourceArn!));
    return { Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) };
  };
