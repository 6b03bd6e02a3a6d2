import { aggregatePeriods, STATISTICS, type Statistic } from '../../engines/metrics/aggregate.js';
import type { Datapoint, MetricId, MetricUnit } from '../../engines/metrics/Metric.js';
import type { MetricsEngine } from '../../engines/metrics/MetricsEngine.js';
import { invalidCombination, invalidValue } from './common.js';

export const MAX_DATAPOINTS_PER_CALL = 1440;
const SUB_MINUTE_PERIODS = new Set([1, 5, 10, 20, 30]);

/** Period checks shared by GetMetricStatistics and GetMetricData. */
export function checkPeriod(period: number, name = 'Period'): void {
  if (!(SUB_MINUTE_PERIODS.has(period) || (period >= 60 && period % 60 === 0))) {
    throw invalidValue(`The parameter ${name} must be 1, 5, 10, 20, 30 or a multiple of 60.`);
  }
}

export function checkRange(startMs: number, endMs: number): void {
  if (!(startMs < endMs)) throw invalidValue('The parameter StartTime must be less than the parameter EndTime.');
}

/** The start of the first period: StartTime rounded down to the minute (to the period below a minute). */
export function alignedStart(startMs: number, periodSeconds: number): number {
  const step = periodSeconds < 60 ? periodSeconds * 1000 : 60_000;
  return startMs - (((startMs % step) + step) % step);
}

export function checkStatistic(stat: string): Statistic {
  if ((STATISTICS as readonly string[]).includes(stat)) return stat as Statistic;
  if (/^(p|tm|wm|tc|ts|pr|iqm)/i.test(stat)) {
    throw invalidValue(`The statistic ${stat} is not supported: Lakehose keeps statistic sets (SampleCount, Sum, Minimum, Maximum, Average), not distributions.`);
  }
  throw invalidValue(`The value ${stat} for parameter Stat is invalid.`);
}

/** A metric's datapoints folded into periods, optionally only those of one unit. */
export async function periodStatistics(
  metrics: MetricsEngine,
  id: MetricId,
  startMs: number,
  endMs: number,
  periodSeconds: number,
  unit: MetricUnit | undefined,
): Promise<Datapoint[]> {
  const start = alignedStart(startMs, periodSeconds);
  const buckets = (await metrics.datapoints(id, start, endMs)).filter((p) => unit === undefined || p.unit === unit);
  return aggregatePeriods(buckets, start, endMs, periodSeconds * 1000);
}

export function checkDatapointCount(startMs: number, endMs: number, periodSeconds: number, limit = MAX_DATAPOINTS_PER_CALL): void {
  const count = Math.ceil((endMs - alignedStart(startMs, periodSeconds)) / (periodSeconds * 1000));
  if (count > limit) {
    throw invalidCombination(
      `You have requested up to ${count.toLocaleString('en-US')} datapoints, which exceeds the limit of ${limit.toLocaleString('en-US')}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    );
  }
}
