import type { AlarmTransition } from '../../engines/alarms/Alarm.js';
import { isoDate } from '../../engines/alarms/stateReason.js';

/** Region names as CloudWatch writes them in alarm messages and subjects. */
const REGION_NAMES: Readonly<Record<string, string>> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-east-2': 'US East (Ohio)',
  'us-west-1': 'US West (N. California)',
  'us-west-2': 'US West (Oregon)',
  'ca-central-1': 'Canada (Central)',
  'sa-east-1': 'South America (Sao Paulo)',
  'eu-west-1': 'EU (Ireland)',
  'eu-west-2': 'EU (London)',
  'eu-west-3': 'EU (Paris)',
  'eu-central-1': 'EU (Frankfurt)',
  'eu-north-1': 'EU (Stockholm)',
  'eu-south-1': 'EU (Milan)',
  'ap-northeast-1': 'Asia Pacific (Tokyo)',
  'ap-northeast-2': 'Asia Pacific (Seoul)',
  'ap-northeast-3': 'Asia Pacific (Osaka)',
  'ap-southeast-1': 'Asia Pacific (Singapore)',
  'ap-southeast-2': 'Asia Pacific (Sydney)',
  'ap-south-1': 'Asia Pacific (Mumbai)',
};

export function regionName(region: string): string {
  return REGION_NAMES[region] ?? region;
}

export interface AlarmNotification {
  /** SNS subjects are at most 100 characters. */
  readonly subject: string;
  /** The JSON document every non-email subscriber receives (the `default` message). */
  readonly json: string;
  /** The text email subscribers receive. */
  readonly email: string;
  /** For Publish with MessageStructure=json: `{"default": json, "email": text}`. */
  readonly structured: string;
}

/**
 * The message CloudWatch publishes to an SNS topic when an alarm changes state: a JSON
 * document with AlarmName, NewStateValue, Trigger{…} and the rest (field names and forms as
 * CloudWatch sends them, e.g. `Statistic: "SUM"`, dimensions as `{value, name}`), and a
 * readable text for email subscribers.
 */
export function alarmNotification(t: AlarmTransition, accountId: string, region: string): AlarmNotification {
  const a = t.alarm;
  const where = regionName(region);
  const message = {
    AlarmName: a.name,
    AlarmDescription: a.description ?? null,
    AWSAccountId: accountId,
    AlarmConfigurationUpdatedTimestamp: isoDate(a.configurationUpdatedMs),
    NewStateValue: t.newState,
    NewStateReason: t.reason,
    StateChangeTime: isoDate(t.atMs),
    Region: where,
    AlarmArn: a.arn,
    OldStateValue: t.oldState,
    OKActions: [...a.okActions],
    AlarmActions: [...a.alarmActions],
    InsufficientDataActions: [...a.insufficientDataActions],
    Trigger: {
      MetricName: a.metric.name,
      Namespace: a.metric.namespace,
      StatisticType: 'Statistic',
      Statistic: a.statistic.toUpperCase(),
      Unit: a.unit ?? null,
      Dimensions: Object.keys(a.metric.dimensions)
        .sort()
        .map((name) => ({ value: a.metric.dimensions[name]!, name })),
      Period: a.periodSeconds,
      EvaluationPeriods: a.evaluationPeriods,
      DatapointsToAlarm: a.datapointsToAlarm,
      ComparisonOperator: a.comparison,
      Threshold: a.threshold,
      TreatMissingData: a.treatMissingData,
      EvaluateLowSampleCountPercentile: '',
    },
  };
  const json = JSON.stringify(message);
  const subject = truncate(`${t.newState}: "${a.name}" in ${where}`, 100);
  const when = emailDate(t.atMs);
  const list = (xs: readonly string[]) => (xs.length === 0 ? '' : ` [${xs.join(', ')}]`);
  const dims = Object.keys(a.metric.dimensions)
    .sort()
    .map((k) => `${k} = ${a.metric.dimensions[k]}`)
    .join(', ');
  const email = [
    `You are receiving this email because your Amazon CloudWatch Alarm "${a.name}" in the ${where} region has entered the ${t.newState} state, because "${t.reason}" at "${when}".`,
    '',
    'Alarm Details:',
    `- Name:                       ${a.name}`,
    `- Description:                ${a.description ?? ''}`,
    `- State Change:               ${t.oldState} -> ${t.newState}`,
    `- Reason for State Change:    ${t.reason}`,
    `- Timestamp:                  ${when}`,
    `- AWS Account:                ${accountId}`,
    `- Alarm Arn:                  ${a.arn}`,
    '',
    'Threshold:',
    `- The alarm is in the ALARM state when the metric is ${a.comparison} ${a.threshold} for at least ${a.datapointsToAlarm} of the last ${a.evaluationPeriods} period(s) of ${a.periodSeconds} seconds.`,
    '',
    'Monitored Metric:',
    `- MetricNamespace:                     ${a.metric.namespace}`,
    `- MetricName:                          ${a.metric.name}`,
    `- Dimensions:                          [${dims}]`,
    `- Period:                              ${a.periodSeconds} seconds`,
    `- Statistic:                           ${a.statistic}`,
    `- Unit:                                ${a.unit ?? 'not specified'}`,
    `- TreatMissingData:                    ${a.treatMissingData}`,
    '',
    'State Change Actions:',
    `- OK:${list(a.okActions)}`,
    `- ALARM:${list(a.alarmActions)}`,
    `- INSUFFICIENT_DATA:${list(a.insufficientDataActions)}`,
    '',
  ].join('\n');
  return { subject, json, email, structured: JSON.stringify({ default: json, email }) };
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max);
}

/** "Monday 01 January, 2024 12:00:00 UTC", as in CloudWatch's alarm emails. */
function emailDate(ms: number): string {
  const d = new Date(ms);
  const day = d.toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
  const month = d.toLocaleDateString('en-US', { month: 'long', timeZone: 'UTC' });
  const p = (x: number) => String(x).padStart(2, '0');
  return `${day} ${p(d.getUTCDate())} ${month}, ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC`;
}

/**
 * The event CloudWatch passes to a Lambda function named as an alarm action
 * (`arn:aws:lambda:…:function:name`): source aws.cloudwatch, alarmData with the new and
 * previous state and the alarm's metric.
 */
export function alarmLambdaEvent(t: AlarmTransition, accountId: string, region: string): Record<string, unknown> {
  const a = t.alarm;
  const state = (value: string, reason: string, reasonData: string | undefined, ms: number) => ({
    value,
    reason,
    ...(reasonData !== undefined ? { reasonData } : {}),
    timestamp: isoDate(ms),
  });
  return {
    source: 'aws.cloudwatch',
    alarmArn: a.arn,
    accountId,
    time: isoDate(t.atMs),
    region,
    alarmData: {
      alarmName: a.name,
      state: state(t.newState, t.reason, t.reasonData, t.atMs),
      previousState: { value: t.oldState },
      configuration: {
        ...(a.description !== undefined ? { description: a.description } : {}),
        metrics: [
          {
            id: 'm1',
            metricStat: {
              metric: { namespace: a.metric.namespace, name: a.metric.name, dimensions: { ...a.metric.dimensions } },
              period: a.periodSeconds,
              stat: a.statistic,
              ...(a.unit !== undefined ? { unit: a.unit } : {}),
            },
            returnData: true,
          },
        ],
      },
    },
  };
}
