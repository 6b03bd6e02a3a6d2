/** A metric is named like CloudWatch's: namespace, name and dimensions (AWS's names where one exists). */
export type Dimensions = Readonly<Record<string, string>>;

export type MetricUnit =
  | 'Seconds' | 'Microseconds' | 'Milliseconds' | 'Bytes' | 'Kilobytes' | 'Megabytes' | 'Gigabytes' | 'Terabytes'
  | 'Bits' | 'Kilobits' | 'Megabits' | 'Gigabits' | 'Terabits' | 'Percent' | 'Count' | 'Bytes/Second'
  | 'Kilobytes/Second' | 'Megabytes/Second' | 'Gigabytes/Second' | 'Terabytes/Second' | 'Bits/Second'
  | 'Kilobits/Second' | 'Megabits/Second' | 'Gigabits/Second' | 'Terabits/Second' | 'Count/Second' | 'None';

export interface MetricId {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Dimensions;
}

/** One period's statistic set, as CloudWatch keeps it. */
export interface StatisticSet {
  sampleCount: number;
  sum: number;
  minimum: number;
  maximum: number;
}

export interface Datapoint extends StatisticSet {
  /** Start of the period (epoch ms): a minute, or a second for high-resolution data. */
  readonly timestampMs: number;
  readonly unit: MetricUnit;
}

/** A stable text key for a metric: dimensions sorted by name. */
export function metricKey(id: MetricId): string {
  const dims = Object.keys(id.dimensions)
    .sort()
    .map((k) => `${k}=${id.dimensions[k]}`)
    .join(',');
  return `${id.namespace}\u0000${id.name}\u0000${dims}`;
}

/** Storage resolutions CloudWatch knows: standard (per minute) and high resolution (per second). */
export const STANDARD_RESOLUTION_MS = 60_000;
export const HIGH_RESOLUTION_MS = 1_000;

/** What engines hold: a handle that adds samples to one metric. Cheap enough for hot paths. */
export interface Counter {
  add(value: number): void;
}

/** What every engine is given to record its figures. */
export interface MetricsRecorder {
  counter(namespace: string, name: string, dimensions: Dimensions, unit?: MetricUnit): Counter;
}

/** For engines used without metrics (unit tests, tools). */
export const noMetrics: MetricsRecorder = {
  counter: () => ({ add() {} }),
};
