import type { CreateDeliveryStreamInput, CreateDeliveryStreamOutput } from '@aws-sdk/client-firehose';
import type { DeliveryStreamDefinition, SourceDefinition } from '../../engines/delivery/model/DeliveryStreamDefinition.js';
import { AwsError } from '../wire/AwsError.js';
import type { Operation } from '../wire/Service.js';
import { extendedDestination, plainDestination, type FirehoseDeps } from './common.js';

/** Destinations Lakehose does not deliver to (it has no Redshift, OpenSearch, Splunk …). */
const UNSUPPORTED = [
  'RedshiftDestinationConfiguration',
  'ElasticsearchDestinationConfiguration',
  'AmazonopensearchserviceDestinationConfiguration',
  'SplunkDestinationConfiguration',
  'HttpEndpointDestinationConfiguration',
  'AmazonOpenSearchServerlessDestinationConfiguration',
  'SnowflakeDestinationConfiguration',
  'IcebergDestinationConfiguration',
] as const;

const KINESIS_ARN = /^arn:[a-z-]+:kinesis:([a-z0-9-]+):(\d{12}):stream\/([a-zA-Z0-9_.-]+)$/;

export const createDeliveryStream = ({ delivery }: FirehoseDeps): Operation<CreateDeliveryStreamInput, CreateDeliveryStreamOutput> =>
  async (input, ctx) => {
    const type = input.DeliveryStreamType ?? 'DirectPut';
    for (const field of UNSUPPORTED) {
      if (input[field] !== undefined) throw new AwsError('InvalidArgumentException', `${field} is not supported by Lakehose: it delivers to S3 (the lake) only.`);
    }
    if (input.MSKSourceConfiguration || input.DatabaseSourceConfiguration || (type !== 'DirectPut' && type !== 'KinesisStreamAsSource')) {
      throw new AwsError('InvalidArgumentException', `DeliveryStreamType ${type} is not supported by Lakehose (DirectPut and KinesisStreamAsSource are).`);
    }
    const configs = [input.S3DestinationConfiguration, input.ExtendedS3DestinationConfiguration].filter((c) => c !== undefined);
    if (configs.length !== 1) {
      throw new AwsError('InvalidArgumentException', 'Exactly one destination configuration must be given (ExtendedS3DestinationConfiguration or S3DestinationConfiguration).');
    }
    let source: SourceDefinition;
    if (type === 'KinesisStreamAsSource') {
      const k = input.KinesisStreamSourceConfiguration;
      if (!k) throw new AwsError('InvalidArgumentException', 'KinesisStreamSourceConfiguration is required when DeliveryStreamType is KinesisStreamAsSource.');
      const m = KINESIS_ARN.exec(k.KinesisStreamARN!);
      if (!m || m[1] !== ctx.region || m[2] !== ctx.accountId) {
        throw new AwsError('InvalidArgumentException', `Kinesis stream ${k.KinesisStreamARN} is not a stream of this account and region.`);
      }
      source = { kind: 'kinesis', streamName: m[3]!, streamArn: k.KinesisStreamARN!, roleArn: k.RoleARN! };
    } else {
      if (input.KinesisStreamSourceConfiguration) {
        throw new AwsError('InvalidArgumentException', 'KinesisStreamSourceConfiguration is only allowed when DeliveryStreamType is KinesisStreamAsSource.');
      }
      source = { kind: 'direct' };
    }
    const destination = input.ExtendedS3DestinationConfiguration
      ? extendedDestination(input.ExtendedS3DestinationConfiguration)
      : plainDestination(input.S3DestinationConfiguration!);
    const tags: Record<string, string> = {};
    for (const t of input.Tags ?? []) tags[t.Key!] = t.Value ?? '';
    const definition: DeliveryStreamDefinition = { name: input.DeliveryStreamName!, source, destination, tags };
    const arn = await delivery.create(definition);
    const sse = input.DeliveryStreamEncryptionConfigurationInput;
    if (sse) {
      await delivery.setEncryption(definition.name, {
        keyType: sse.KeyType ?? 'AWS_OWNED_CMK',
        ...(sse.KeyARN !== undefined ? { keyArn: sse.KeyARN } : {}),
        status: 'ENABLED',
      });
    }
    return { DeliveryStreamARN: arn };
  };
