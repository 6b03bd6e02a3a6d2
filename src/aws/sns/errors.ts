import { TopicsError } from '../../engines/topics/TopicsError.js';
import { snsModel } from '../models/sns.js';
import { AwsError } from '../wire/AwsError.js';

/**
 * SNS's answer to each domain error, by the error shape's name (the awsQuery protocol sends
 * the shape's code and status: NotFoundException → NotFound, 404). The switch fails to
 * compile when a kind is missing.
 */
export function snsErrorShape(kind: TopicsError['kind']): string {
  switch (kind) {
    case 'NotFound':
      return 'NotFoundException';
    case 'InvalidParameter':
      return 'InvalidParameterException';
    case 'InvalidParameterValue':
      return 'InvalidParameterValueException';
    case 'FilterPolicyLimitExceeded':
      return 'FilterPolicyLimitExceededException';
    case 'TagLimitExceeded':
      return 'TagLimitExceededException';
    case 'EmptyBatchRequest':
      return 'EmptyBatchRequestException';
    case 'TooManyEntriesInBatchRequest':
      return 'TooManyEntriesInBatchRequestException';
    case 'BatchEntryIdsNotDistinct':
      return 'BatchEntryIdsNotDistinctException';
    case 'InvalidBatchEntryId':
      return 'InvalidBatchEntryIdException';
    case 'BatchRequestTooLong':
      return 'BatchRequestTooLongException';
    case 'AuthorizationError':
      return 'AuthorizationErrorException';
    case 'StorageUnavailable':
      return 'InternalErrorException';
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

export function snsError(error: unknown): AwsError | undefined {
  if (!(error instanceof TopicsError)) return undefined;
  return new AwsError(snsErrorShape(error.kind), error.message, error.kind === 'StorageUnavailable' ? 500 : 400);
}

/** The code SNS puts on the wire for an error shape (PublishBatch's failed entries carry it). */
export function snsWireCode(shapeName: string): string {
  return snsModel.shapes[shapeName]?.error?.code ?? shapeName;
}
