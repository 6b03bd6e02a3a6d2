import type { ListTagsForDeliveryStreamInput, ListTagsForDeliveryStreamOutput } from '@aws-sdk/client-firehose';
import type { Operation } from '../wire/Service.js';
import type { FirehoseDeps } from './common.js';

export const listTagsForDeliveryStream = ({ delivery }: FirehoseDeps): Operation<ListTagsForDeliveryStreamInput, ListTagsForDeliveryStreamOutput> =>
  (input) => {
    const all = Object.entries(delivery.tags(input.DeliveryStreamName!))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .filter(([k]) => input.ExclusiveStartTagKey === undefined || k > input.ExclusiveStartTagKey);
    const limit = input.Limit ?? 50;
    return { Tags: all.slice(0, limit).map(([Key, Value]) => ({ Key, Value })), HasMoreTags: all.length > limit };
  };
