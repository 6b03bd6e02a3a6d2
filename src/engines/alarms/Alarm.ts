import type { Statistic } from '../metrics/aggregate.js';
import type { MetricId, MetricUnit } from '../metrics/Metric.js';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export const ALARM_STATES: readonly AlarmState[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

export type ComparisonOperator =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';

export const COMPARISON_OPERATORS: readonly ComparisonOperator[] = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
];

/** How periods without data count (CloudWatch's TreatMissingData). */
export type MissingDataTreatment = 'missing' | 'ignore' | 'breaching' | 'notBreaching';

export const MISSING_DATA_TREATMENTS: readonly MissingDataTreatment[] = ['missing', 'ignore', 'breaching', 'notBreaching'];

/** What an alarm compares: M of the last N periods' statistic against a threshold. */
export interface AlarmRule {
  readonly statistic: Statistic;
  readonly periodSeconds: number;
  /** N */
  readonly evaluationPeriods: number;
  /** M (defaults to N) */
  readonly datapointsToAlarm: number;
  readonly threshold: number;
  readonly comparison: ComparisonOperator;
  readonly treatMissingData: MissingDataTreatment;
}

/** An alarm as its owner defines it (PutMetricAlarm, or the config file). */
export interface AlarmDefinition extends AlarmRule {
  readonly name: string;
  readonly description?: string | undefined;
  readonly metric: MetricId;
  readonly unit?: MetricUnit | undefined;
  readonly actionsEnabled: boolean;
  readonly alarmActions: readonly string[];
  readonly okActions: readonly string[];
  readonly insufficientDataActions: readonly string[];
}

/** An alarm with its state, as kept in the metadata store. */
export interface Alarm extends AlarmDefinition {
  readonly arn: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly state: AlarmState;
  readonly stateReason: string;
  /** JSON text, as CloudWatch shows it (absent after a plain SetAlarmState). */
  readonly stateReasonData?: string | undefined;
  /** Last change of the state or its reason. */
  readonly stateUpdatedMs: number;
  /** Last change of the state value itself. */
  readonly stateTransitionedMs: number;
  readonly configurationUpdatedMs: number;
}

/** One state change, as the actions are told about it. */
export interface AlarmTransition {
  readonly alarm: Alarm;
  readonly oldState: AlarmState;
  readonly newState: AlarmState;
  readonly reason: string;
  readonly reasonData?: string | undefined;
  readonly atMs: number;
}

export type AlarmHistoryType = 'ConfigurationUpdate' | 'StateUpdate' | 'Action';

export const ALARM_HISTORY_TYPES: readonly AlarmHistoryType[] = ['ConfigurationUpdate', 'StateUpdate', 'Action'];

export interface AlarmHistoryItem {
  readonly alarmName: string;
  readonly timestampMs: number;
  readonly type: AlarmHistoryType;
  readonly summary: string;
  /** JSON text, as DescribeAlarmHistory returns it. */
  readonly data: string;
}

/** The actions that fire when an alarm enters a state. */
export function actionsFor(alarm: AlarmDefinition, state: AlarmState): readonly string[] {
  switch (state) {
    case 'ALARM':
      return alarm.alarmActions;
    case 'OK':
      return alarm.okActions;
    case 'INSUFFICIENT_DATA':
      return alarm.insufficientDataActions;
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}
