import type { Counter, MetricsRecorder } from '../metrics/Metric.js';
import { StreamsError } from './StreamsError.js';

/** The shard-level metrics enhanced monitoring can turn on (dimensions StreamName and ShardId). */
export const SHARD_LEVEL_METRICS = [
  'IncomingBytes',
  'IncomingRecords',
  'OutgoingBytes',
  'OutgoingRecords',
  'WriteProvisionedThroughputExceeded',
  'ReadProvisionedThroughputExceeded',
  'IteratorAgeMilliseconds',
] as const;
export type ShardLevelMetric = (typeof SHARD_LEVEL_METRICS)[number];

/** The metric names of an Enable/DisableEnhancedMonitoring request, `ALL` expanded, in AWS's order. */
export function expandShardLevelMetrics(requested: readonly string[]): ShardLevelMetric[] {
  if (requested.length === 0) throw new StreamsError('InvalidArgument', 'ShardLevelMetrics must name at least one metric.');
  const out = new Set<ShardLevelMetric>();
  for (const name of requested) {
    if (name === 'ALL') SHARD_LEVEL_METRICS.forEach((m) => out.add(m));
    else if ((SHARD_LEVEL_METRICS as readonly string[]).includes(name)) out.add(name as ShardLevelMetric);
    else throw new StreamsError('InvalidArgument', `Unknown shard-level metric ${name}; use ${SHARD_LEVEL_METRICS.join(', ')} or ALL.`);
  }
  return SHARD_LEVEL_METRICS.filter((m) => out.has(m));
}

/** One shard's counters, made when its stream has enhanced monitoring on; a metric left off counts nothing. */
export class ShardCounters {
  readonly incomingBytes: Counter;
  readonly incomingRecords: Counter;
  readonly outgoingBytes: Counter;
  readonly outgoingRecords: Counter;
  readonly writeThroughputExceeded: Counter;
  readonly iteratorAge: Counter;

  constructor(metrics: MetricsRecorder, streamName: string, shardId: string, enabled: readonly ShardLevelMetric[]) {
    const d = { StreamName: streamName, ShardId: shardId };
    const none: Counter = { add: () => {} };
    const c = (name: ShardLevelMetric, unit: 'Count' | 'Bytes' | 'Milliseconds' = 'Count') => (enabled.includes(name) ? metrics.counter('AWS/Kinesis', name, d, unit) : none);
    this.incomingBytes = c('IncomingBytes', 'Bytes');
    this.incomingRecords = c('IncomingRecords');
    this.outgoingBytes = c('OutgoingBytes', 'Bytes');
    this.outgoingRecords = c('OutgoingRecords');
    this.writeThroughputExceeded = c('WriteProvisionedThroughputExceeded');
    this.iteratorAge = c('IteratorAgeMilliseconds', 'Milliseconds');
  }
}
