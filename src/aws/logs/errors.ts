import { LogsError } from '../../engines/logs/LogsError.js';
import { AwsError } from '../wire/AwsError.js';

/** CloudWatch Logs' answer to each domain error; the switch fails to compile when a kind is missing. */
export function logsError(error: unknown): AwsError | undefined {
  if (!(error instanceof LogsError)) return undefined;
  switch (error.kind) {
    case 'GroupNotFound':
    case 'StreamNotFound':
      return new AwsError('ResourceNotFoundException', error.message);
    case 'GroupExists':
    case 'StreamExists':
      return new AwsError('ResourceAlreadyExistsException', error.message);
    case 'InvalidArgument':
      return new AwsError('InvalidParameterException', error.message);
    case 'LimitExceeded':
      return new AwsError('LimitExceededException', error.message);
    default: {
      const unreachable: never = error.kind;
      return unreachable;
    }
  }
}
