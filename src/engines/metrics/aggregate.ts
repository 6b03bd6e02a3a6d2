import type { Datapoint, StatisticSet } from './Metric.js';

/** The statistics CloudWatch computes from a statistic set (percentiles need raw values). */
export type Statistic = 'SampleCount' | 'Average' | 'Sum' | 'Minimum' | 'Maximum';

export const STATISTICS: readonly Statistic[] = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];

export function statisticValue(set: StatisticSet, statistic: Statistic): number {
  switch (statistic) {
    case 'SampleCount':
      return set.sampleCount;
    case 'Sum':
      return set.sum;
    case 'Minimum':
      return set.minimum;
    case 'Maximum':
      return set.maximum;
    case 'Average':
      return set.sampleCount === 0 ? 0 : set.sum / set.sampleCount;
    default: {
      const unreachable: never = statistic;
      return unreachable;
    }
  }
}

/**
 * Folds stored buckets (minutes, or seconds for high-resolution data) into periods
 * [startMs + k·periodMs, startMs + (k+1)·periodMs) within [startMs, endMs). Periods without
 * any bucket are absent, as in CloudWatch: missing, not zero. `points` must be sorted by time.
 */
export function aggregatePeriods(points: readonly Datapoint[], startMs: number, endMs: number, periodMs: number): Datapoint[] {
  const out: Datapoint[] = [];
  let current: { -readonly [K in keyof Datapoint]: Datapoint[K] } | undefined;
  for (const p of points) {
    if (p.timestampMs < startMs || p.timestampMs >= endMs) continue;
    const periodStart = startMs + Math.floor((p.timestampMs - startMs) / periodMs) * periodMs;
    if (current && current.timestampMs === periodStart) {
      combine(current, p);
    } else {
      current = { timestampMs: periodStart, unit: p.unit, sampleCount: p.sampleCount, sum: p.sum, minimum: p.minimum, maximum: p.maximum };
      out.push(current);
    }
  }
  return out;
}

export function combine(into: StatisticSet, add: StatisticSet): void {
  into.sampleCount += add.sampleCount;
  into.sum += add.sum;
  if (add.minimum < into.minimum) into.minimum = add.minimum;
  if (add.maximum > into.maximum) into.maximum = add.maximum;
}
