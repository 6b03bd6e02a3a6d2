import type { UpdateDestinationInput, UpdateDestinationOutput } from '@aws-sdk/client-firehose';
import { AwsError } from '../wire/AwsError.js';
import type { Operation } from '../wire/Service.js';
import { applyExtendedUpdate, applyS3Update, type FirehoseDeps } from './common.js';

const UNSUPPORTED = [
  'RedshiftDestinationUpdate',
  'ElasticsearchDestinationUpdate',
  'AmazonopensearchserviceDestinationUpdate',
  'SplunkDestinationUpdate',
  'HttpEndpointDestinationUpdate',
  'AmazonOpenSearchServerlessDestinationUpdate',
  'SnowflakeDestinationUpdate',
  'IcebergDestinationUpdate',
] as const;

export const updateDestination = ({ delivery }: FirehoseDeps): Operation<UpdateDestinationInput, UpdateDestinationOutput> =>
  async (input) => {
    for (const field of UNSUPPORTED) {
      if (input[field] !== undefined) throw new AwsError('InvalidArgumentException', `${field} is not supported by Lakehose: it delivers to S3 (the lake) only.`);
    }
    const extended = input.ExtendedS3DestinationUpdate;
    const plain = input.S3DestinationUpdate;
    if ((extended === undefined) === (plain === undefined)) {
      throw new AwsError('InvalidArgumentException', 'Exactly one destination update must be given (ExtendedS3DestinationUpdate or S3DestinationUpdate).');
    }
    await delivery.updateDestination(input.DeliveryStreamName!, input.CurrentDeliveryStreamVersionId!, input.DestinationId!, (current) =>
      extended ? applyExtendedUpdate(current, extended) : applyS3Update(current, plain!),
    );
    return {};
  };
