import type { Counter, MetricsRecorder, MetricUnit } from '../metrics/Metric.js';

/** The AWS/Firehose metrics Lakehose counts, by AWS name (dimension DeliveryStreamName). */
export const FIREHOSE_METRICS = {
  incomingRecords: ['IncomingRecords', 'Count'],
  incomingBytes: ['IncomingBytes', 'Bytes'],
  incomingPutRequests: ['IncomingPutRequests', 'Count'],
  throttledRecords: ['ThrottledRecords', 'Count'],
  putRecordRequests: ['PutRecord.Requests', 'Count'],
  putRecordBytes: ['PutRecord.Bytes', 'Bytes'],
  putRecordLatency: ['PutRecord.Latency', 'Milliseconds'],
  putRecordBatchRequests: ['PutRecordBatch.Requests', 'Count'],
  putRecordBatchRecords: ['PutRecordBatch.Records', 'Count'],
  putRecordBatchBytes: ['PutRecordBatch.Bytes', 'Bytes'],
  putRecordBatchLatency: ['PutRecordBatch.Latency', 'Milliseconds'],
  kinesisReadRecords: ['DataReadFromKinesisStream.Records', 'Count'],
  kinesisReadBytes: ['DataReadFromKinesisStream.Bytes', 'Bytes'],
  kinesisMillisBehindLatest: ['KinesisMillisBehindLatest', 'Milliseconds'],
  deliveryRecords: ['DeliveryToS3.Records', 'Count'],
  deliveryBytes: ['DeliveryToS3.Bytes', 'Bytes'],
  deliverySuccess: ['DeliveryToS3.Success', 'Count'],
  deliveryObjectCount: ['DeliveryToS3.ObjectCount', 'Count'],
  deliveryFreshness: ['DeliveryToS3.DataFreshness', 'Seconds'],
  backupRecords: ['BackupToS3.Records', 'Count'],
  backupBytes: ['BackupToS3.Bytes', 'Bytes'],
  backupSuccess: ['BackupToS3.Success', 'Count'],
  backupFreshness: ['BackupToS3.DataFreshness', 'Seconds'],
  processingRecords: ['SucceedProcessing.Records', 'Count'],
  processingBytes: ['SucceedProcessing.Bytes', 'Bytes'],
  processingDuration: ['ExecuteProcessing.Duration', 'Milliseconds'],
  processingSuccess: ['ExecuteProcessing.Success', 'Count'],
  conversionRecords: ['SucceedConversion.Records', 'Count'],
  conversionBytes: ['SucceedConversion.Bytes', 'Bytes'],
  failedConversionRecords: ['FailedConversion.Records', 'Count'],
  failedConversionBytes: ['FailedConversion.Bytes', 'Bytes'],
  partitionCount: ['PartitionCount', 'Count'],
  partitionCountExceeded: ['PartitionCountExceeded', 'Count'],
  jqDuration: ['JQProcessing.Duration', 'Milliseconds'],
} as const satisfies Record<string, readonly [string, MetricUnit]>;

export type FirehoseMetric = keyof typeof FIREHOSE_METRICS;

/**
 * One delivery stream's counters. Each figure is added to the per-minute metric series and
 * to a running total since start (what `lakehose status` prints next to the live gauges).
 */
export class DeliveryCounters {
  private readonly counters: Record<FirehoseMetric, Counter>;
  private readonly totals = new Map<FirehoseMetric, number>();
  private readonly latest = new Map<FirehoseMetric, number>();

  constructor(metrics: MetricsRecorder, streamName: string) {
    const dims = { DeliveryStreamName: streamName };
    const counters = {} as Record<FirehoseMetric, Counter>;
    for (const [key, [name, unit]] of Object.entries(FIREHOSE_METRICS) as Array<[FirehoseMetric, readonly [string, MetricUnit]]>) {
      counters[key] = metrics.counter('AWS/Firehose', name, dims, unit);
    }
    this.counters = counters;
  }

  add(metric: FirehoseMetric, value: number): void {
    this.counters[metric].add(value);
    this.totals.set(metric, (this.totals.get(metric) ?? 0) + value);
    this.latest.set(metric, value);
  }

  /** Totals since start by AWS metric name; gauges (freshness, partition count) show their latest sample. */
  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [key, [name]] of Object.entries(FIREHOSE_METRICS) as Array<[FirehoseMetric, readonly [string, MetricUnit]]>) {
      const gauge = key === 'deliveryFreshness' || key === 'backupFreshness' || key === 'partitionCount' || key === 'kinesisMillisBehindLatest';
      const value = gauge ? this.latest.get(key) : this.totals.get(key);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }
}
