import { combine } from './aggregate.js';
import type { Counter, Datapoint, Dimensions, MetricId, MetricsRecorder, MetricUnit, StatisticSet } from './Metric.js';
import { HIGH_RESOLUTION_MS, metricKey, STANDARD_RESOLUTION_MS } from './Metric.js';
import type { MetricStore } from './ports.js';

export const MINUTE_MS = STANDARD_RESOLUTION_MS;

/** CloudWatch keeps high-resolution (per-second) data for three hours, then per minute. */
const HIGH_RESOLUTION_KEPT_MS = 3 * 3_600_000;

interface Series {
  readonly id: MetricId;
  unit: MetricUnit;
  /** Open buckets not yet written to the store, by bucket start. */
  readonly buckets: Map<number, StatisticSet>;
  /** Bucket width of the newest samples (a minute, or a second for high-resolution data). */
  readonly bucketMs: number;
  /** Everything counted since start, for Prometheus (counters must only grow). */
  totalCount: number;
  totalSum: number;
}

/** What Prometheus is shown for one series. */
export interface SeriesTotal {
  readonly id: MetricId;
  readonly unit: MetricUnit;
  readonly sampleCount: number;
  readonly sum: number;
}

export interface MetricsEngineOptions {
  /** How long datapoints are kept. */
  readonly retentionHours: number;
  /** How often closed buckets are written to the store. */
  readonly flushIntervalMs: number;
  readonly clock?: () => number;
  /** When false, counters are no-ops (to measure what metrics cost). */
  readonly enabled?: boolean;
}

/**
 * Every engine's figures as per-minute time series with CloudWatch's names, namespaces and
 * dimensions, plus custom metrics (PutMetricData), which may be high resolution (per second).
 * Samples are aggregated in memory (a Map lookup per add) and written to the store each
 * flush; queries merge what is stored with what is still in memory.
 */
export class MetricsEngine implements MetricsRecorder {
  private readonly series = new Map<string, Series>();
  private clock: () => number;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(minuteStartMs: number) => void>();
  /** Sub-minute buckets before this time have been rolled up into minutes. */
  private rolledUpTo = 0;

  constructor(
    private readonly store: MetricStore,
    private readonly options: MetricsEngineOptions,
  ) {
    this.clock = options.clock ?? Date.now;
  }

  start(): void {
    if (this.options.flushIntervalMs > 0) {
      this.timer = setInterval(() => void this.flush(), this.options.flushIntervalMs);
      this.timer.unref();
    }
  }

  /** The engine's time; alarms evaluate on the same clock as the samples they read. */
  now(): number {
    return this.clock();
  }

  /**
   * Test seam: moves every later sample and query onto another clock, so end-to-end tests
   * can step through minutes without waiting for them. Production never calls it.
   */
  useClock(clock: () => number): void {
    this.clock = clock;
  }

  get enabled(): boolean {
    return this.options.enabled !== false;
  }

  get retentionMs(): number {
    return this.options.retentionHours * 3_600_000;
  }

  counter(namespace: string, name: string, dimensions: Dimensions, unit: MetricUnit = 'Count'): Counter {
    if (this.options.enabled === false) return { add() {} };
    const series = this.seriesFor({ namespace, name, dimensions: { ...dimensions } }, unit, STANDARD_RESOLUTION_MS);
    return { add: (value: number) => this.addTo(series, value, this.clock()) };
  }

  /**
   * PutMetricData: samples at given times (custom metrics). `resolutionMs` is a minute, or a
   * second for high-resolution metrics (StorageResolution 1).
   */
  put(
    id: MetricId,
    unit: MetricUnit,
    samples: ReadonlyArray<{ timestampMs: number; values: StatisticSet }>,
    resolutionMs: number = STANDARD_RESOLUTION_MS,
  ): void {
    const width = resolutionMs === HIGH_RESOLUTION_MS ? HIGH_RESOLUTION_MS : STANDARD_RESOLUTION_MS;
    const series = this.seriesFor(id, unit, width);
    series.unit = unit;
    for (const s of samples) {
      const bucket = s.timestampMs - mod(s.timestampMs, width);
      const b = series.buckets.get(bucket);
      if (b) combine(b, s.values);
      else series.buckets.set(bucket, { ...s.values });
      series.totalCount += s.values.sampleCount;
      series.totalSum += s.values.sum;
    }
  }

  private seriesFor(id: MetricId, unit: MetricUnit, bucketMs: number): Series {
    const key = metricKey(id) + (bucketMs === HIGH_RESOLUTION_MS ? '\u0000hr' : '');
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { id, unit, buckets: new Map(), bucketMs, totalCount: 0, totalSum: 0 }));
    return s;
  }

  private addTo(series: Series, value: number, nowMs: number): void {
    const minute = nowMs - (nowMs % MINUTE_MS);
    series.totalCount++;
    series.totalSum += value;
    const m = series.buckets.get(minute);
    if (m) {
      m.sampleCount++;
      m.sum += value;
      if (value < m.minimum) m.minimum = value;
      if (value > m.maximum) m.maximum = value;
    } else {
      series.buckets.set(minute, { sampleCount: 1, sum: value, minimum: value, maximum: value });
    }
  }

  /** Writes every closed bucket held in memory; closed buckets leave memory. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const now = this.clock();
      const points: Array<{ id: MetricId; point: Datapoint }> = [];
      const closedMinutes = new Set<number>();
      for (const s of this.series.values()) {
        for (const [bucket, stats] of s.buckets) {
          if (bucket + s.bucketMs > now) continue; // still open: written once it closes
          points.push({ id: s.id, point: { timestampMs: bucket, unit: s.unit, ...stats } });
          s.buckets.delete(bucket);
          closedMinutes.add(bucket - mod(bucket, MINUTE_MS));
        }
      }
      if (points.length > 0) await this.store.write(points);
      const rollUpBefore = now - mod(now, MINUTE_MS) - HIGH_RESOLUTION_KEPT_MS;
      if (rollUpBefore > this.rolledUpTo) {
        await this.store.rollUp(this.rolledUpTo, rollUpBefore);
        this.rolledUpTo = rollUpBefore;
      }
      await this.store.trimBefore(now - this.retentionMs);
      for (const minute of closedMinutes) for (const l of this.listeners) l(minute);
    });
    return this.flushing.catch(() => {});
  }

  /** Called after a minute's datapoints are stored. */
  onMinuteClosed(listener: (minuteStartMs: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Stored buckets of a metric in [startMs, endMs), from the store and from memory, oldest
   * first: one per minute, or per second where high-resolution data was put.
   */
  async datapoints(id: MetricId, startMs: number, endMs: number): Promise<Datapoint[]> {
    const stored = await this.store.read(id, startMs, endMs);
    const byBucket = new Map<number, Datapoint>(stored.map((p) => [p.timestampMs, { ...p }]));
    const key = metricKey(id);
    for (const live of [this.series.get(key), this.series.get(`${key}\u0000hr`)]) {
      if (!live) continue;
      for (const [bucket, stats] of live.buckets) {
        if (bucket < startMs || bucket >= endMs) continue;
        const have = byBucket.get(bucket);
        if (have) combine(have, stats);
        else byBucket.set(bucket, { timestampMs: bucket, unit: live.unit, ...stats });
      }
    }
    return [...byBucket.values()].sort((a, b) => a.timestampMs - b.timestampMs);
  }

  /** Metrics with data since `sinceMs` (default: the retention window), stored or live. */
  async metrics(filter: { namespace?: string; name?: string; sinceMs?: number } = {}): Promise<MetricId[]> {
    const since = filter.sinceMs ?? this.clock() - this.retentionMs;
    const out = new Map<string, MetricId>();
    for (const id of await this.store.list({ namespace: filter.namespace, name: filter.name, sinceMs: since })) out.set(metricKey(id), id);
    for (const s of this.series.values()) {
      if (s.buckets.size === 0) continue;
      if (filter.namespace && s.id.namespace !== filter.namespace) continue;
      if (filter.name && s.id.name !== filter.name) continue;
      out.set(metricKey(s.id), s.id);
    }
    return [...out.values()];
  }

  /** Running totals of every series this process has counted (Prometheus exposition). */
  totals(): SeriesTotal[] {
    const out: SeriesTotal[] = [];
    for (const s of this.series.values()) {
      if (s.totalCount === 0) continue;
      out.push({ id: s.id, unit: s.unit, sampleCount: s.totalCount, sum: s.totalSum });
    }
    return out;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    // Keep the open buckets too: a restart within the minute merges into them.
    await this.flushing;
    const points: Array<{ id: MetricId; point: Datapoint }> = [];
    for (const s of this.series.values()) {
      for (const [bucket, stats] of s.buckets) points.push({ id: s.id, point: { timestampMs: bucket, unit: s.unit, ...stats } });
      s.buckets.clear();
    }
    if (points.length > 0) await this.store.write(points);
  }
}

/** Modulo that stays positive for times before 1970 (PutMetricData accepts any timestamp it validated). */
function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}
