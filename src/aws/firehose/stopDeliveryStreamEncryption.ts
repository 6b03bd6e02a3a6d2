import type { StopDeliveryStreamEncryptionInput, StopDeliveryStreamEncryptionOutput } from '@aws-sdk/client-firehose';
import type { Operation } from '../wire/Service.js';
import type { FirehoseDeps } from './common.js';

export const stopDeliveryStreamEncryption = ({ delivery }: FirehoseDeps): Operation<StopDeliveryStreamEncryptionInput, StopDeliveryStreamEncryptionOutput> =>
  async (input) => {
    await delivery.setEncryption(input.DeliveryStreamName!, { keyType: 'AWS_OWNED_CMK', status: 'DISABLED' });
    return {};
  };
