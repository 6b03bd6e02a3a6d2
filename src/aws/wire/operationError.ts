import { AwsError, internalFailure } from './AwsError.js';
import type { Logger } from './Logger.js';
import type { ServiceDefinition } from './Service.js';

/**
 * What a failed operation answers, whatever the protocol: its AwsError (with the service's
 * own name for constraint failures), the service's mapping of a domain error, or
 * InternalFailure for anything unexpected (logged with where it happened).
 */
export function operationError(
  error: unknown,
  service: ServiceDefinition | undefined,
  logger: Logger,
  where: { readonly requestId: string; readonly service: string | undefined; readonly operation: string },
): AwsError {
  if (error instanceof AwsError) {
    const renamed = service?.validationErrorCode;
    return renamed && error.code === 'ValidationException' ? new AwsError(renamed, error.message, error.status, error.fields) : error;
  }
  const mapped = service?.mapError(error);
  if (mapped) return mapped;
  logger.error('unexpected error in operation', { ...where, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  return internalFailure();
}
