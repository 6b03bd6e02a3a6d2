import type { DeleteDeliveryStreamInput, DeleteDeliveryStreamOutput } from '@aws-sdk/client-firehose';
import type { Operation } from '../wire/Service.js';
import type { FirehoseDeps } from './common.js';

export const deleteDeliveryStream = ({ delivery }: FirehoseDeps): Operation<DeleteDeliveryStreamInput, DeleteDeliveryStreamOutput> =>
  async (input) => {
    await delivery.delete(input.DeliveryStreamName!);
    return {};
  };
