import { DeliveryError } from '../../engines/delivery/DeliveryError.js';
import { AwsError } from '../wire/AwsError.js';

/** Firehose's answer to each domain error; the switch fails to compile when a kind is missing. */
export function firehoseError(error: unknown): AwsError | undefined {
  if (!(error instanceof DeliveryError)) return undefined;
  switch (error.kind) {
    case 'NotFound':
      return new AwsError('ResourceNotFoundException', error.message);
    case 'InUse':
      return new AwsError('ResourceInUseException', error.message);
    case 'InvalidArgument':
      return new AwsError('InvalidArgumentException', error.message);
    case 'LimitExceeded':
      return new AwsError('LimitExceededException', error.message);
    case 'ConcurrentModification':
      return new AwsError('ConcurrentModificationException', error.message);
    case 'Unavailable':
      // 503 so that SDKs retry it, as they do AWS's throttling answer.
      return new AwsError('ServiceUnavailableException', error.message, 503);
    default: {
      const unreachable: never = error.kind;
      return unreachable;
    }
  }
}
