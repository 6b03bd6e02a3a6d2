import type { UntagDeliveryStreamInput, UntagDeliveryStreamOutput } from '@aws-sdk/client-firehose';
import type { Operation } from '../wire/Service.js';
import type { FirehoseDeps } from './common.js';

export const untagDeliveryStream = ({ delivery }: FirehoseDeps): Operation<UntagDeliveryStreamInput, UntagDeliveryStreamOutput> =>
  async (input) => {
    await delivery.untag(input.DeliveryStreamName!, input.TagKeys!);
    return {};
  };
