import { StreamsError } from '../../engines/streams/StreamsError.js';
import { AwsError } from '../wire/AwsError.js';

/** Kinesis' answer to each domain error; the switch fails to compile when a kind is missing. */
export function kinesisError(error: unknown): AwsError | undefined {
  if (!(error instanceof StreamsError)) return undefined;
  switch (error.kind) {
    case 'StreamNotFound':
    case 'ShardNotFound':
    case 'ConsumerNotFound':
      return new AwsError('ResourceNotFoundException', error.message);
    case 'StreamExists':
    case 'StreamNotActive':
    case 'ConsumerInUse':
      return new AwsError('ResourceInUseException', error.message);
    case 'InvalidArgument':
      return new AwsError('InvalidArgumentException', error.message);
    case 'LimitExceeded':
      return new AwsError('LimitExceededException', error.message);
    case 'IteratorExpired':
      return new AwsError('ExpiredIteratorException', error.message);
    case 'ThroughputExceeded':
      return new AwsError('ProvisionedThroughputExceededException', error.message);
    case 'StorageUnavailable':
      return new AwsError('InternalFailure', error.message, 500);
    default: {
      const unreachable: never = error.kind;
      return unreachable;
    }
  }
}
