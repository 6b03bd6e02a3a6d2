import { z } from 'zod';
import { COMPARISON_OPERATORS, MISSING_DATA_TREATMENTS } from '../../engines/alarms/Alarm.js';
import { STATISTICS } from '../../engines/metrics/aggregate.js';
import { RETENTION_DAYS } from '../../engines/logs/LogsEngine.js';

const UNITS = [
  'Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes', 'Bits', 'Kilobits',
  'Megabits', 'Gigabits', 'Terabits', 'Percent', 'Count', 'Bytes/Second', 'Kilobytes/Second', 'Megabytes/Second',
  'Gigabytes/Second', 'Terabytes/Second', 'Bits/Second', 'Kilobits/Second', 'Megabits/Second', 'Gigabits/Second',
  'Terabits/Second', 'Count/Second', 'None',
] as const;

const actions = z
  .array(z.string().min(1).max(1024))
  .max(5)
  .default([])
  .describe('SNS topics to notify: ARNs, or topic names in this region and account.');

/**
 * A CloudWatch metric alarm (the fields of PutMetricAlarm / Terraform's
 * aws_cloudwatch_metric_alarm; `periodSeconds` is Period). Alarms declared here are created
 * at start, and updated when their definition changes; their state is kept.
 */
export const alarmSchema = z
  .strictObject({
    name: z.string().min(1).max(255).describe('AlarmName.'),
    description: z.string().max(1024).optional().describe('AlarmDescription.'),
    namespace: z.string().min(1).max(255).describe('The metric namespace, e.g. AWS/Firehose or AWS/Kinesis.'),
    metricName: z.string().min(1).max(255).describe('e.g. IncomingRecords.'),
    dimensions: z.record(z.string(), z.string()).default({}).describe('e.g. { DeliveryStreamName: my-stream }.'),
    statistic: z.enum(STATISTICS as [string, ...string[]]).describe('SampleCount, Average, Sum, Minimum or Maximum.'),
    unit: z.enum(UNITS).optional().describe('Only datapoints with this unit count.'),
    periodSeconds: z
      .number()
      .int()
      .refine((p) => p === 10 || p === 20 || p === 30 || (p >= 60 && p % 60 === 0), 'must be 10, 20, 30 or a multiple of 60')
      .describe('Period: the length of one datapoint.'),
    evaluationPeriods: z.number().int().min(1).describe('N: how many recent periods are evaluated.'),
    datapointsToAlarm: z.number().int().min(1).optional().describe('M of N breaching periods that raise the alarm (default N).'),
    threshold: z.number(),
    comparisonOperator: z.enum(COMPARISON_OPERATORS as [string, ...string[]]),
    treatMissingData: z.enum(MISSING_DATA_TREATMENTS as [string, ...string[]]).default('missing').describe('missing, ignore, breaching or notBreaching.'),
    actionsEnabled: z.boolean().default(true),
    alarmActions: actions,
    okActions: actions,
    insufficientDataActions: actions,
  })
  .refine((a) => a.datapointsToAlarm === undefined || a.datapointsToAlarm <= a.evaluationPeriods, {
    message: 'datapointsToAlarm must not exceed evaluationPeriods',
    path: ['datapointsToAlarm'],
  });

/** A CloudWatch Logs group that exists at start (Terraform's aws_cloudwatch_log_group and _log_stream). */
export const logGroupSchema = z.strictObject({
  name: z.string().regex(/^[.\-_/#A-Za-z0-9]{1,512}$/, 'must be 1–512 letters, digits or . - _ / #').describe('logGroupName.'),
  retentionInDays: z
    .number()
    .int()
    .refine((d) => RETENTION_DAYS.includes(d), `must be one of ${RETENTION_DAYS.join(', ')}`)
    .optional()
    .describe('Events older than this are deleted; absent keeps them (within the store size bound).'),
  streams: z.array(z.string().regex(/^[^:*]{1,512}$/, 'must not contain : or *')).default([]).describe('Log streams to create in the group.'),
});

export type AlarmConfig = z.infer<typeof alarmSchema>;
export type LogGroupConfig = z.infer<typeof logGroupSchema>;
