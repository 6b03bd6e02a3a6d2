import type { StartDeliveryStreamEncryptionInput, StartDeliveryStreamEncryptionOutput } from '@aws-sdk/client-firehose';
import { AwsError } from '../wire/AwsError.js';
import type { Operation } from '../wire/Service.js';
import type { FirehoseDeps } from './common.js';

/** Recorded and shown by Describe; data at rest is as safe as the data directory's disk. */
export const startDeliveryStreamEncryption = ({ delivery }: FirehoseDeps): Operation<StartDeliveryStreamEncryptionInput, StartDeliveryStreamEncryptionOutput> =>
  async (input) => {
    const c = input.DeliveryStreamEncryptionConfigurationInput;
    const keyType = c?.KeyType ?? 'AWS_OWNED_CMK';
    if (keyType === 'CUSTOMER_MANAGED_CMK' && !c?.KeyARN) {
      throw new AwsError('InvalidArgumentException', 'KeyARN is required when KeyType is CUSTOMER_MANAGED_CMK.');
    }
    await delivery.setEncryption(input.DeliveryStreamName!, { keyType, ...(c?.KeyARN ? { keyArn: c.KeyARN } : {}), status: 'ENABLED' });
    return {};
  };
