import { QueryError } from '../../engines/query/QueryError.js';
import { AwsError } from '../wire/AwsError.js';

/** Athena's answer to each domain error; the switch fails to compile when a kind is missing. */
export function athenaError(error: unknown): AwsError | undefined {
  if (!(error instanceof QueryError)) return undefined;
  switch (error.kind) {
    case 'InvalidRequest':
      return new AwsError('InvalidRequestException', error.message, 400, { AthenaErrorCode: error.code ?? 'INVALID_INPUT' });
    case 'ResourceNotFound':
      return new AwsError('ResourceNotFoundException', error.message, 400);
    case 'MetadataNotFound':
      return new AwsError('MetadataException', error.message, 400);
    case 'TooManyRequests':
      return new AwsError('TooManyRequestsException', error.message, 400, { Reason: 'CONCURRENT_QUERY_LIMIT_EXCEEDED' });
    case 'Unavailable':
      return new AwsError('InternalServerException', error.message, 500);
    default: {
      const unreachable: never = error.kind;
      return unreachable;
    }
  }
}
