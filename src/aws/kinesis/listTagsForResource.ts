import type { ListTagsForResourceInput, ListTagsForResourceOutput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import { resolveStreamName, type KinesisDeps } from './common.js';

export const listTagsForResource = ({ streams }: KinesisDeps): Operation<ListTagsForResourceInput, ListTagsForResourceOutput> =>
  (input, ctx) => {
    const tags = streams.tags(resolveStreamName({ StreamARN: input.ResourceARN }, ctx));
    return { Tags: Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : 1)).map(([Key, Value]) => ({ Key, Value })) };
  };
