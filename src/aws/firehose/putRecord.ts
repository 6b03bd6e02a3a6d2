import type { PutRecordInput, PutRecordOutput } from '@aws-sdk/client-firehose';
import { DeliveryError } from '../../engines/delivery/DeliveryError.js';
import { AwsError } from '../wire/AwsError.js';
import type { Operation } from '../wire/Service.js';
import type { FirehoseDeps } from './common.js';

export const putRecord = ({ delivery }: FirehoseDeps): Operation<PutRecordInput, PutRecordOutput> =>
  async (input) => {
    const [result] = await delivery.put(input.DeliveryStreamName!, [input.Record!.Data!], 'PutRecord');
    if (!result!.ok) {
      if (result!.kind === 'Unavailable') throw new DeliveryError('Unavailable', result!.message);
      throw new AwsError('InternalFailure', result!.message, 500);
    }
    return { RecordId: result!.recordId, Encrypted: false };
  };
