import type { PutMetricAlarmInput } from '@aws-sdk/client-cloudwatch';
import { COMPARISON_OPERATORS, MISSING_DATA_TREATMENTS, type ComparisonOperator, type MissingDataTreatment } from '../../engines/alarms/Alarm.js';
import { AwsError } from '../wire/AwsError.js';
import type { Operation } from '../wire/Service.js';
import { missingParameter, toDimensions, unit, type CloudWatchDeps } from './common.js';
import { checkStatistic } from './statistics.js';

const validation = (message: string) => new AwsError('ValidationError', message, 400);
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:.+$/;

export const putMetricAlarm = ({ alarms }: CloudWatchDeps): Operation<PutMetricAlarmInput, Record<string, never>> =>
  async (input) => {
    if (input.Metrics !== undefined && input.Metrics.length > 0) throw validation('Alarms on metric math expressions are not supported by Lakehose; give MetricName, Namespace and Statistic.');
    if (input.EvaluationCriteria !== undefined) throw validation('Alarms with EvaluationCriteria (PromQL) are not supported by Lakehose.');
    if (input.ExtendedStatistic !== undefined) throw validation('ExtendedStatistic (percentiles) is not supported by Lakehose: alarms use Statistic.');
    for (const p of ['MetricName', 'Namespace', 'Statistic', 'Period', 'EvaluationPeriods', 'Threshold', 'ComparisonOperator'] as const) {
      if (input[p] === undefined) throw missingParameter(p);
    }
    const comparison = input.ComparisonOperator!;
    if (!(COMPARISON_OPERATORS as readonly string[]).includes(comparison)) {
      throw validation(`ComparisonOperator ${comparison} needs an anomaly detection band (ThresholdMetricId), which Lakehose does not support.`);
    }
    const treat = input.TreatMissingData ?? 'missing';
    if (!(MISSING_DATA_TREATMENTS as readonly string[]).includes(treat)) {
      throw validation(`TreatMissingData must be one of ${MISSING_DATA_TREATMENTS.join(', ')}, not ${treat}.`);
    }
    const actions = (list: readonly string[] | undefined, name: string): string[] => {
      for (const a of list ?? []) if (!ARN.test(a)) throw validation(`Invalid arn syntax: ${a} (in ${name})`);
      return [...(list ?? [])];
    };
    const tags: Record<string, string> = {};
    for (const t of input.Tags ?? []) tags[t.Key!] = t.Value!;
    const evaluationPeriods = input.EvaluationPeriods!;
    await alarms.putAlarm(
      {
        name: input.AlarmName!,
        description: input.AlarmDescription,
        metric: { namespace: input.Namespace!, name: input.MetricName!, dimensions: toDimensions(input.Dimensions) },
        statistic: checkStatistic(input.Statistic!),
        unit: unit(input.Unit),
        periodSeconds: input.Period!,
        evaluationPeriods,
        datapointsToAlarm: input.DatapointsToAlarm ?? evaluationPeriods,
        threshold: input.Threshold!,
        comparison: comparison as ComparisonOperator,
        treatMissingData: treat as MissingDataTreatment,
        actionsEnabled: input.ActionsEnabled ?? true,
        alarmActions: actions(input.AlarmActions, 'AlarmActions'),
        okActions: actions(input.OKActions, 'OKActions'),
        insufficientDataActions: actions(input.InsufficientDataActions, 'InsufficientDataActions'),
      },
      tags,
    );
    return {};
  };
