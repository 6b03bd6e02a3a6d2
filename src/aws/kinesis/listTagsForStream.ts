import type { ListTagsForStreamInput, ListTagsForStreamOutput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import { resolveStreamName, type KinesisDeps } from './common.js';

export const listTagsForStream = ({ streams }: KinesisDeps): Operation<ListTagsForStreamInput, ListTagsForStreamOutput> =>
  (input, ctx) => {
    const all = Object.entries(streams.tags(resolveStreamName(input, ctx)))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .filter(([k]) => input.ExclusiveStartTagKey === undefined || k > input.ExclusiveStartTagKey);
    const limit = input.Limit ?? 50;
    return {
      Tags: all.slice(0, limit).map(([Key, Value]) => ({ Key, Value })),
      HasMoreTags: all.length > limit,
    };
  };
