import type { Dimension, MetricAlarm, StandardUnit } from '@aws-sdk/client-cloudwatch';
import type { Alarm } from '../../engines/alarms/Alarm.js';
import type { AlarmsEngine } from '../../engines/alarms/AlarmsEngine.js';
import type { Dashboards } from '../../engines/metrics/Dashboards.js';
import type { Dimensions, MetricUnit } from '../../engines/metrics/Metric.js';
import type { MetricsEngine } from '../../engines/metrics/MetricsEngine.js';
import { AwsError } from '../wire/AwsError.js';

/** What every CloudWatch operation is built from. */
export interface CloudWatchDeps {
  readonly metrics: MetricsEngine;
  readonly alarms: AlarmsEngine;
  readonly dashboards: Dashboards;
}

/*
 * Errors are thrown by their model shape name (the SDK's exception classes); the protocol
 * layer sends the query code (`InvalidParameterValue`) where the client expects it.
 */
export const invalidValue = (message: string) => new AwsError('InvalidParameterValueException', message, 400);
export const invalidCombination = (message: string) => new AwsError('InvalidParameterCombinationException', message, 400);
export const missingParameter = (name: string) => new AwsError('MissingRequiredParameterException', `The parameter ${name} is required.`, 400);
export const invalidNextToken = () => new AwsError('InvalidNextToken', 'The service returned an invalid NextToken.', 400);

/** CloudWatch's dimension list as a name → value map; a name given twice is an error. */
export function toDimensions(list: readonly Dimension[] | undefined, path = 'Dimensions'): Dimensions {
  const out: Record<string, string> = {};
  for (const d of list ?? []) {
    if (d.Name === undefined || d.Value === undefined) throw missingParameter(`${path}.member.Name/Value`);
    if (Object.hasOwn(out, d.Name)) throw invalidValue(`No metric may have duplicate dimension names: the dimension name ${d.Name} is given twice.`);
    out[d.Name] = d.Value;
  }
  return out;
}

export function fromDimensions(d: Dimensions): Dimension[] {
  return Object.keys(d)
    .sort()
    .map((Name) => ({ Name, Value: d[Name]! }));
}

export function unit(u: StandardUnit | string | undefined): MetricUnit | undefined {
  return u as MetricUnit | undefined;
}

/** The MetricAlarm shape of DescribeAlarms and DescribeAlarmsForMetric. */
export function metricAlarmShape(a: Alarm): MetricAlarm {
  return {
    AlarmName: a.name,
    AlarmArn: a.arn,
    ...(a.description !== undefined ? { AlarmDescription: a.description } : {}),
    AlarmConfigurationUpdatedTimestamp: new Date(a.configurationUpdatedMs),
    ActionsEnabled: a.actionsEnabled,
    OKActions: [...a.okActions],
    AlarmActions: [...a.alarmActions],
    InsufficientDataActions: [...a.insufficientDataActions],
    StateValue: a.state,
    StateReason: a.stateReason,
    ...(a.stateReasonData !== undefined ? { StateReasonData: a.stateReasonData } : {}),
    StateUpdatedTimestamp: new Date(a.stateUpdatedMs),
    MetricName: a.metric.name,
    Namespace: a.metric.namespace,
    Statistic: a.statistic,
    Dimensions: fromDimensions(a.metric.dimensions),
    Period: a.periodSeconds,
    ...(a.unit !== undefined ? { Unit: a.unit } : {}),
    EvaluationPeriods: a.evaluationPeriods,
    DatapointsToAlarm: a.datapointsToAlarm,
    Threshold: a.threshold,
    ComparisonOperator: a.comparison,
    TreatMissingData: a.treatMissingData,
    StateTransitionedTimestamp: new Date(a.stateTransitionedMs),
  };
}

/** Opaque pagination tokens: base64 of a small JSON document. */
export function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64');
}

export function decodeToken<T>(token: string, check: (v: unknown) => v is T): T {
  try {
    const v: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (check(v)) return v;
  } catch {
    // fall through
  }
  throw invalidNextToken();
}

export const isOffsetToken = (v: unknown): v is { offset: number } =>
  typeof v === 'object' && v !== null && Number.isInteger((v as { offset?: unknown }).offset) && (v as { offset: number }).offset >= 0;

/** One page of a list, with CloudWatch's NextToken. */
export function page<T>(items: readonly T[], nextToken: string | undefined, limit: number): { items: T[]; nextToken?: string } {
  const offset = nextToken === undefined ? 0 : decodeToken(nextToken, isOffsetToken).offset;
  const slice = items.slice(offset, offset + limit);
  return offset + limit < items.length ? { items: slice, nextToken: encodeToken({ offset: offset + limit }) } : { items: slice };
}
