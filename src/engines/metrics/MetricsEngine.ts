import type { Counter, Datapoint, Dimensions, MetricId, MetricsRecorder, MetricUnit, StatisticSet } from './Metric.js';
import { metricKey } from './Metric.js';
import type { MetricStore } from './ports.js';

export const MINUTE_MS = 60_000;

interface Series {
  readonly id: MetricId;
  readonly unit: MetricUnit;
  /** Open minutes not yet written to the store, by minute start. */
  readonly minutes: Map<number, StatisticSet>;
}

export interface MetricsEngineOptions {
  /** How long datapoints are kept. */
  readonly retentionHours: number;
  /** How often open minutes are written to the store. */
  readonly flushIntervalMs: number;
  readonly clock?: () => number;
  /** When false, counters are no-ops (to measure what metrics cost). */
  readonly enabled?: boolean;
}

/**
 * Every engine's figures as per-minute time series with CloudWatch's names, namespaces and
 * dimensions. Samples are aggregated in memory (a Map lookup per add) and written to the
 * store each flush; queries merge what is stored with what is still in memory.
 */
export class MetricsEngine implements MetricsRecorder {
  private readonly series = new Map<string, Series>();
  private readonly clock: () => number;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(minuteStartMs: number) => void>();

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

  counter(namespace: string, name: string, dimensions: Dimensions, unit: MetricUnit = 'Count'): Counter {
    if (this.options.enabled === false) return { add() {} };
    const series = this.seriesFor({ namespace, name, dimensions: { ...dimensions } }, unit);
    return { add: (value: number) => this.addTo(series, value, this.clock()) };
  }

  /** PutMetricData: samples at given times (custom metrics). */
  put(id: MetricId, unit: MetricUnit, samples: ReadonlyArray<{ timestampMs: number; values: StatisticSet }>): void {
    const series = this.seriesFor(id, unit);
    for (const s of samples) {
      const minute = Math.floor(s.timestampMs / MINUTE_MS) * MINUTE_MS;
      merge(series.minutes, minute, s.values);
    }
  }

  private seriesFor(id: MetricId, unit: MetricUnit): Series {
    const key = metricKey(id);
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { id, unit, minutes: new Map() }));
    return s;
  }

  private addTo(series: Series, value: number, nowMs: number): void {
    const minute = nowMs - (nowMs % MINUTE_MS);
    const m = series.minutes.get(minute);
    if (m) {
      m.sampleCount++;
      m.sum += value;
      if (value < m.minimum) m.minimum = value;
      if (value > m.maximum) m.maximum = value;
    } else {
      series.minutes.set(minute, { sampleCount: 1, sum: value, minimum: value, maximum: value });
    }
  }

  /** Writes every minute held in memory; closed minutes leave memory. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const now = this.clock();
      const current = now - (now % MINUTE_MS);
      const points: Array<{ id: MetricId; point: Datapoint }> = [];
      const closed = new Set<number>();
      for (const s of this.series.values()) {
        for (const [minute, stats] of s.minutes) {
          if (minute >= current) continue; // still open: written once it closes
          points.push({ id: s.id, point: { timestampMs: minute, unit: s.unit, ...stats } });
          s.minutes.delete(minute);
          closed.add(minute);
        }
      }
      if (points.length > 0) await this.store.write(points);
      await this.store.trimBefore(now - this.options.retentionHours * 3_600_000);
      for (const minute of closed) for (const l of this.listeners) l(minute);
    });
    return this.flushing.catch(() => {});
  }

  /** Called after a minute's datapoints are stored (alarms evaluate then). */
  onMinuteClosed(listener: (minuteStartMs: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Per-minute datapoints of a metric in [startMs, endMs), stored and in memory, oldest first. */
  async datapoints(id: MetricId, startMs: number, endMs: number): Promise<Datapoint[]> {
    const stored = await this.store.read(id, startMs, endMs);
    const byMinute = new Map<number, Datapoint>(stored.map((p) => [p.timestampMs, { ...p }]));
    const live = this.series.get(metricKey(id));
    if (live) {
      for (const [minute, stats] of live.minutes) {
        if (minute < startMs || minute >= endMs) continue;
        const have = byMinute.get(minute);
        if (have) combine(have, stats);
        else byMinute.set(minute, { timestampMs: minute, unit: live.unit, ...stats });
      }
    }
    return [...byMinute.values()].sort((a, b) => a.timestampMs - b.timestampMs);
  }

  /** Metrics with data in the retention window (stored or live). */
  async metrics(filter: { namespace?: string; name?: string } = {}): Promise<MetricId[]> {
    const since = this.clock() - this.options.retentionHours * 3_600_000;
    const out = new Map<string, MetricId>();
    for (const id of await this.store.list({ ...filter, sinceMs: since })) out.set(metricKey(id), id);
    for (const [key, s] of this.series) {
      if (s.minutes.size === 0) continue;
      if (filter.namespace && s.id.namespace !== filter.namespace) continue;
      if (filter.name && s.id.name !== filter.name) continue;
      out.set(key, s.id);
    }
    return [...out.values()];
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    // Keep the open minute too: a restart within the minute merges into it.
    const points: Array<{ id: MetricId; point: Datapoint }> = [];
    await this.flushing;
    for (const s of this.series.values()) {
      for (const [minute, stats] of s.minutes) points.push({ id: s.id, point: { timestampMs: minute, unit: s.unit, ...stats } });
      s.minutes.clear();
    }
    if (points.length > 0) await this.store.write(points);
  }
}

function merge(minutes: Map<number, StatisticSet>, minute: number, add: StatisticSet): void {
  const m = minutes.get(minute);
  if (m) combine(m, add);
  else minutes.set(minute, { ...add });
}

function combine(into: StatisticSet, add: StatisticSet): void {
  into.sampleCount += add.sampleCount;
  into.sum += add.sum;
  into.minimum = Math.min(into.minimum, add.minimum);
  into.maximum = Math.max(into.maximum, add.maximum);
}
