import type { Datapoint, MetricId } from './Metric.js';

/** Where per-minute datapoints are kept (embedded: SQLite). */
export interface MetricStore {
  /** Adds closed minutes; a minute written twice is merged (sums add, extremes widen). */
  write(points: ReadonlyArray<{ id: MetricId; point: Datapoint }>): Promise<void>;
  /** Datapoints of one metric in [startMs, endMs), oldest first. */
  read(id: MetricId, startMs: number, endMs: number): Promise<Datapoint[]>;
  /** Every metric with data since `sinceMs`, optionally filtered. */
  list(filter: { namespace?: string; name?: string; sinceMs: number }): Promise<MetricId[]>;
  /** Drops datapoints older than `cutoffMs`. */
  trimBefore(cutoffMs: number): Promise<void>;
}
