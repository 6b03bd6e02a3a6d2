import { cloudwatchModel } from '../models/cloudwatch.js';
import type { AnyOperation, ServiceDefinition } from '../wire/Service.js';
import type { CloudWatchDeps } from './common.js';
import { deleteAlarms } from './deleteAlarms.js';
import { deleteDashboards } from './deleteDashboards.js';
import { describeAlarmHistory } from './describeAlarmHistory.js';
import { describeAlarms } from './describeAlarms.js';
import { describeAlarmsForMetric } from './describeAlarmsForMetric.js';
import { disableAlarmActions } from './disableAlarmActions.js';
import { enableAlarmActions } from './enableAlarmActions.js';
import { cloudwatchError } from './errors.js';
import { getDashboard } from './getDashboard.js';
import { getMetricData } from './getMetricData.js';
import { getMetricStatistics } from './getMetricStatistics.js';
import { listDashboards } from './listDashboards.js';
import { listMetrics } from './listMetrics.js';
import { listTagsForResource } from './listTagsForResource.js';
import { putDashboard } from './putDashboard.js';
import { putMetricAlarm } from './putMetricAlarm.js';
import { putMetricData } from './putMetricData.js';
import { setAlarmState } from './setAlarmState.js';
import { tagResource } from './tagResource.js';
import { untagResource } from './untagResource.js';

/** The supported CloudWatch operations (docs/services/cloudwatch.md lists them too). */
const OPERATIONS = {
  DeleteAlarms: deleteAlarms,
  DeleteDashboards: deleteDashboards,
  DescribeAlarmHistory: describeAlarmHistory,
  DescribeAlarms: describeAlarms,
  DescribeAlarmsForMetric: describeAlarmsForMetric,
  DisableAlarmActions: disableAlarmActions,
  EnableAlarmActions: enableAlarmActions,
  GetDashboard: getDashboard,
  GetMetricData: getMetricData,
  GetMetricStatistics: getMetricStatistics,
  ListDashboards: listDashboards,
  ListMetrics: listMetrics,
  ListTagsForResource: listTagsForResource,
  PutDashboard: putDashboard,
  PutMetricAlarm: putMetricAlarm,
  PutMetricData: putMetricData,
  SetAlarmState: setAlarmState,
  TagResource: tagResource,
  UntagResource: untagResource,
} as const;

export const CLOUDWATCH_OPERATIONS = Object.keys(OPERATIONS);

export function cloudwatchService(deps: CloudWatchDeps): ServiceDefinition {
  const operations: Record<string, AnyOperation> = {};
  for (const [name, make] of Object.entries(OPERATIONS)) operations[name] = make(deps) as AnyOperation;
  return { model: cloudwatchModel, operations, mapError: cloudwatchError };
}
