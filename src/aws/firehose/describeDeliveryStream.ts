import type { DeliveryStreamDescription, DescribeDeliveryStreamInput, DescribeDeliveryStreamOutput } from '@aws-sdk/client-firehose';
import { DESTINATION_ID } from '../../engines/delivery/model/DeliveryStreamDefinition.js';
import type { Operation } from '../wire/Service.js';
import { deliveryStreamArn, describeExtended, describeS3, type FirehoseDeps } from './common.js';

export const describeDeliveryStream = ({ delivery }: FirehoseDeps): Operation<DescribeDeliveryStreamInput, DescribeDeliveryStreamOutput> =>
  (input, ctx) => {
    const s = delivery.describe(input.DeliveryStreamName!);
    const d = s.destination;
    // The one destination is listed unless the caller pages past it.
    const listed = input.ExclusiveStartDestinationId === undefined || input.ExclusiveStartDestinationId < DESTINATION_ID;
    const description: DeliveryStreamDescription = {
      DeliveryStreamName: s.name,
      DeliveryStreamARN: deliveryStreamArn(ctx, s.name),
      DeliveryStreamStatus: s.status,
      DeliveryStreamEncryptionConfiguration: s.encryption
        ? { KeyType: s.encryption.keyType, ...(s.encryption.keyArn ? { KeyARN: s.encryption.keyArn } : {}), Status: s.encryption.status }
        : { Status: 'DISABLED' },
      DeliveryStreamType: s.source.kind === 'direct' ? 'DirectPut' : 'KinesisStreamAsSource',
      VersionId: String(s.version),
      CreateTimestamp: new Date(s.createdAtMs),
      ...(s.version > 1 ? { LastUpdateTimestamp: new Date(s.updatedAtMs) } : {}),
      ...(s.source.kind === 'kinesis'
        ? {
            Source: {
              KinesisStreamSourceDescription: {
                KinesisStreamARN: s.source.streamArn,
                RoleARN: s.source.roleArn,
                DeliveryStartTimestamp: new Date(s.createdAtMs),
              },
            },
          }
        : {}),
      Destinations: listed
        ? [
            {
              DestinationId: DESTINATION_ID,
              S3DestinationDescription: describeS3(d),
              ...(d.declaredAs === 'ExtendedS3' ? { ExtendedS3DestinationDescription: describeExtended(d) } : {}),
            },
          ]
        : [],
      HasMoreDestinations: false,
    };
    return { DeliveryStreamDescription: description };
  };
