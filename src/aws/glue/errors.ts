import { CatalogError, type CatalogErrorKind } from '../../engines/catalog/CatalogError.js';
import { AwsError } from '../wire/AwsError.js';

/** Glue's error code for each domain error kind; the switch fails to compile when a kind is missing. */
export function glueErrorCode(kind: CatalogErrorKind): string {
  switch (kind) {
    case 'EntityNotFound':
      return 'EntityNotFoundException';
    case 'AlreadyExists':
      return 'AlreadyExistsException';
    case 'InvalidInput':
      return 'InvalidInputException';
    case 'ResourceNumberLimitExceeded':
      return 'ResourceNumberLimitExceededException';
    case 'ConcurrentModification':
      return 'ConcurrentModificationException';
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

export function glueError(error: unknown): AwsError | undefined {
  if (!(error instanceof CatalogError)) return undefined;
  return new AwsError(glueErrorCode(error.kind), error.message);
}

/** A per-item error in a batch response (BatchCreatePartition, BatchDeleteTable …). */
export function errorDetail(error: CatalogError): { ErrorCode: string; ErrorMessage: string } {
  return { ErrorCode: glueErrorCode(error.kind), ErrorMessage: error.message };
}
