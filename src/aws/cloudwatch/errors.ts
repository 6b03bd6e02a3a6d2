import { AlarmsError } from '../../engines/alarms/AlarmsError.js';
import { DashboardError } from '../../engines/metrics/DashboardError.js';
import { AwsError } from '../wire/AwsError.js';

/**
 * CloudWatch's answer to each domain error, by model shape name (the protocol layer turns it
 * into the query code, `ResourceNotFound`, `InvalidFormat` …). The switches fail to compile
 * when a kind is missing.
 */
export function cloudwatchError(error: unknown): AwsError | undefined {
  if (error instanceof AlarmsError) {
    switch (error.kind) {
      case 'AlarmNotFound':
        return new AwsError('ResourceNotFound', error.message, 404);
      case 'InvalidArgument':
        // PutMetricAlarm models no such error: CloudWatch answers with its generic ValidationError.
        return new AwsError('ValidationError', error.message, 400);
      case 'MissingArgument':
        return new AwsError('MissingRequiredParameterException', error.message, 400);
      case 'InvalidCombination':
        return new AwsError('InvalidParameterCombinationException', error.message, 400);
      case 'InvalidFormat':
        return new AwsError('InvalidFormatFault', error.message, 400);
      case 'LimitExceeded':
        return new AwsError('LimitExceededFault', error.message, 400);
      default: {
        const unreachable: never = error.kind;
        return unreachable;
      }
    }
  }
  if (error instanceof DashboardError) {
    switch (error.kind) {
      case 'DashboardNotFound':
        return new AwsError('DashboardNotFoundError', error.message, 404);
      case 'InvalidDashboard':
        return new AwsError('DashboardInvalidInputError', [error.message, ...error.problems.map((p) => `${p.path || '/'}: ${p.message}`)].join('; '), 400);
      default: {
        const unreachable: never = error.kind;
        return unreachable;
      }
    }
  }
  return undefined;
}
