import type { DescribeAlarmsInput, DescribeAlarmsOutput } from '@aws-sdk/client-cloudwatch';
import type { Operation } from '../wire/Service.js';
import { metricAlarmShape, page, type CloudWatchDeps } from './common.js';

const DEFAULT_PAGE = 50;

export const describeAlarms = ({ alarms }: CloudWatchDeps): Operation<DescribeAlarmsInput, DescribeAlarmsOutput> =>
  (input) => {
    // Lakehose has metric alarms only; asking for composite alarms alone finds none.
    const wantsMetric = input.AlarmTypes === undefined || input.AlarmTypes.length === 0 || input.AlarmTypes.includes('MetricAlarm');
    const found = wantsMetric
      ? alarms.describe({ names: input.AlarmNames, namePrefix: input.AlarmNamePrefix, state: input.StateValue, actionPrefix: input.ActionPrefix })
      : [];
    const { items, nextToken } = page(found, input.NextToken, input.MaxRecords ?? DEFAULT_PAGE);
    return { MetricAlarms: items.map(metricAlarmShape), CompositeAlarms: [], ...(nextToken ? { NextToken: nextToken } : {}) };
  };
