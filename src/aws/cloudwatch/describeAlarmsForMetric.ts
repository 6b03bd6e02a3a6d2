import type { DescribeAlarmsForMetricInput, DescribeAlarmsForMetricOutput } from '@aws-sdk/client-cloudwatch';
import type { Operation } from '../wire/Service.js';
import { metricAlarmShape, toDimensions, unit, type CloudWatchDeps } from './common.js';
import { checkStatistic } from './statistics.js';

export const describeAlarmsForMetric = ({ alarms }: CloudWatchDeps): Operation<DescribeAlarmsForMetricInput, DescribeAlarmsForMetricOutput> =>
  (input) => ({
    MetricAlarms: alarms
      .forMetric({
        namespace: input.Namespace!,
        metricName: input.MetricName!,
        dimensions: input.Dimensions !== undefined ? toDimensions(input.Dimensions) : undefined,
        statistic: input.Statistic !== undefined ? checkStatistic(input.Statistic) : undefined,
        periodSeconds: input.Period,
        unit: unit(input.Unit),
      })
      .map(metricAlarmShape),
  });
