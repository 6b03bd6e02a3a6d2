import type { TagDeliveryStreamInput, TagDeliveryStreamOutput } from '@aws-sdk/client-firehose';
import type { Operation } from '../wire/Service.js';
import type { FirehoseDeps } from './common.js';

export const tagDeliveryStream = ({ delivery }: FirehoseDeps): Operation<TagDeliveryStreamInput, TagDeliveryStreamOutput> =>
  async (input) => {
    const tags: Record<string, string> = {};
    for (const t of input.Tags!) tags[t.Key!] = t.Value ?? '';
    await delivery.tag(input.DeliveryStreamName!, tags);
    return {};
  };
