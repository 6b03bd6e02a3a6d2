import type { DescribeAlarmHistoryInput, DescribeAlarmHistoryOutput } from '@aws-sdk/client-cloudwatch';
import type { Operation } from '../wire/Service.js';
import { page, type CloudWatchDeps } from './common.js';

const DEFAULT_PAGE = 100;

export const describeAlarmHistory = ({ alarms }: CloudWatchDeps): Operation<DescribeAlarmHistoryInput, DescribeAlarmHistoryOutput> =>
  async (input) => {
    const wantsMetric = input.AlarmTypes === undefined || input.AlarmTypes.length === 0 || input.AlarmTypes.includes('MetricAlarm');
    const items = wantsMetric
      ? await alarms.history({
          alarmName: input.AlarmName,
          type: input.HistoryItemType,
          startMs: input.StartDate?.getTime(),
          endMs: input.EndDate?.getTime(),
        })
      : [];
    if ((input.ScanBy ?? 'TimestampDescending') === 'TimestampDescending') items.reverse();
    const { items: shown, nextToken } = page(items, input.NextToken, input.MaxRecords ?? DEFAULT_PAGE);
    return {
      AlarmHistoryItems: shown.map((i) => ({
        AlarmName: i.alarmName,
        AlarmType: 'MetricAlarm',
        Timestamp: new Date(i.timestampMs),
        HistoryItemType: i.type,
        HistorySummary: i.summary,
        HistoryData: i.data,
      })),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  };
