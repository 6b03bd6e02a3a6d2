import type { Datapoint, MetricId } from './Metric.js';

/** Where datapoints are kept (embedded: SQLite): one per metric and minute, or per second for high-resolution data. */
export interface MetricStore {
  /** Adds closed buckets; a bucket written twice is merged (sums add, extremes widen). */
  write(points: ReadonlyArray<{ id: MetricId; point: Datapoint }>): Promise<void>;
  /** Buckets of one metric in [startMs, endMs), oldest first. */
  read(id: MetricId, startMs: number, endMs: number): Promise<Datapoint[]>;
  /** Every metric with data since `sinceMs`, optionally filtered. */
  list(filter: { namespace?: string | undefined; name?: string | undefined; sinceMs: number }): Promise<MetricId[]>;
  /** Merges sub-minute buckets in [fromMs, toMs) into their minutes (high-resolution data ages into standard). */
  rollUp(fromMs: number, toMs: number): Promise<void>;
  /** Drops datapoints older than `cutoffMs`. */
  trimBefore(cutoffMs: number): Promise<void>;
}
