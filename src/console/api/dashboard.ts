import { aggregatePeriods } from '../../engines/metrics/aggregate.js';
import type { Datapoint, MetricId, StatisticSet } from '../../engines/metrics/Metric.js';
import type { DashboardData, ResourcePanel, SeriesKey } from '../ConsoleApiTypes.js';
import type { ConsoleEngines } from '../ConsoleEngines.js';

const MINUTE_MS = 60_000;

/** How one charted figure is made from CloudWatch statistics of a resource's metrics. */
type Term = { readonly metric: string; readonly stat: 'Sum' | 'Average' | 'Maximum' | 'Failures' };
interface SeriesSpec {
  readonly key: SeriesKey;
  /** Added together (errors come from several metrics). */
  readonly terms: readonly Term[];
  readonly scale?: number;
  /** Counts: a period without data had none (0). Gauges and ratios stay missing (a gap). */
  readonly fillZero: boolean;
}

interface ResourceKind {
  readonly kind: ResourcePanel['kind'];
  readonly namespace: string;
  readonly dimension: string;
  readonly series: readonly SeriesSpec[];
}

/** Kinesis streams: records in, PutRecords success, how far consumers are behind, refused records. */
const STREAM: ResourceKind = {
  kind: 'stream',
  namespace: 'AWS/Kinesis',
  dimension: 'StreamName',
  series: [
    { key: 'incomingRecords', terms: [{ metric: 'IncomingRecords', stat: 'Sum' }], fillZero: true },
    { key: 'incomingBytes', terms: [{ metric: 'IncomingBytes', stat: 'Sum' }], fillZero: true },
    { key: 'deliverySuccessPercent', terms: [{ metric: 'PutRecords.Success', stat: 'Average' }], scale: 100, fillZero: false },
    { key: 'freshnessSeconds', terms: [{ metric: 'GetRecords.IteratorAgeMilliseconds', stat: 'Maximum' }], scale: 0.001, fillZero: false },
    {
      key: 'errors',
      terms: [
        { metric: 'PutRecords.FailedRecords', stat: 'Sum' },
        { metric: 'PutRecords.ThrottledRecords', stat: 'Sum' },
      ],
      fillZero: true,
    },
  ],
};

/** Firehose delivery streams: records in and delivered to S3, S3 put success, data freshness, failures. */
const DELIVERY_STREAM: ResourceKind = {
  kind: 'deliveryStream',
  namespace: 'AWS/Firehose',
  dimension: 'DeliveryStreamName',
  series: [
    { key: 'incomingRecords', terms: [{ metric: 'IncomingRecords', stat: 'Sum' }], fillZero: true },
    { key: 'incomingBytes', terms: [{ metric: 'IncomingBytes', stat: 'Sum' }], fillZero: true },
    { key: 'deliveredRecords', terms: [{ metric: 'DeliveryToS3.Records', stat: 'Sum' }], fillZero: true },
    { key: 'deliverySuccessPercent', terms: [{ metric: 'DeliveryToS3.Success', stat: 'Average' }], scale: 100, fillZero: false },
    { key: 'freshnessSeconds', terms: [{ metric: 'DeliveryToS3.DataFreshness', stat: 'Maximum' }], fillZero: false },
    {
      key: 'errors',
      terms: [
        { metric: 'ThrottledRecords', stat: 'Sum' },
        { metric: 'FailedConversion.Records', stat: 'Sum' },
        // DeliveryToS3.Success counts 1 per object written and 0 per failed attempt.
        { metric: 'DeliveryToS3.Success', stat: 'Failures' },
      ],
      fillZero: true,
    },
  ],
};

/** Periods of about three minutes' resolution per hour shown keep a chart near 180 points. */
export function periodFor(minutes: number): number {
  return Math.max(60, Math.ceil((minutes * 60) / 180 / 60) * 60);
}

export interface DashboardQuery {
  readonly minutes: number;
  readonly nowMs: number;
}

/**
 * The dashboard: every stream and delivery stream (those the engines hold, and any that
 * still has metrics in the window), each figure per period. The last period is the one
 * still open, so the charts grow as records arrive; `current` is the current minute so far.
 */
export async function dashboardData(engines: ConsoleEngines, q: DashboardQuery): Promise<DashboardData> {
  const periodMs = periodFor(q.minutes) * 1000;
  const endMs = q.nowMs - (q.nowMs % periodMs) + periodMs;
  const startMs = endMs - Math.ceil((q.minutes * MINUTE_MS) / periodMs) * periodMs;
  const times: number[] = [];
  for (let t = startMs; t < endMs; t += periodMs) times.push(t);

  const streams = new Map<string, string | undefined>();
  if (engines.streams) for (const name of engines.streams.listStreams()) streams.set(name, statusOf(() => engines.streams!.summary(name).status));
  const deliveries = new Map<string, string | undefined>();
  for (const s of engines.delivery?.status() ?? []) deliveries.set(s.name, s.status);
  await addFromMetrics(engines, STREAM, startMs, streams);
  await addFromMetrics(engines, DELIVERY_STREAM, startMs, deliveries);

  const panels: ResourcePanel[] = [];
  for (const [name, status] of [...streams].sort(byName)) panels.push(await panelOf(engines, STREAM, name, status, times, periodMs, q.nowMs));
  for (const [name, status] of [...deliveries].sort(byName)) panels.push(await panelOf(engines, DELIVERY_STREAM, name, status, times, periodMs, q.nowMs));

  const alarms = { ok: 0, alarm: 0, insufficientData: 0 };
  for (const a of engines.alarms?.describe() ?? []) {
    if (a.state === 'OK') alarms.ok++;
    else if (a.state === 'ALARM') alarms.alarm++;
    else alarms.insufficientData++;
  }
  return { nowMs: q.nowMs, startMs, periodSeconds: periodMs / 1000, times, panels, alarms };
}

function statusOf(read: () => string): string | undefined {
  try {
    return read();
  } catch {
    return undefined; // deleted meanwhile
  }
}

function byName(a: [string, unknown], b: [string, unknown]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/** Resources that are gone (or not wired) but still have figures in the window are shown too. */
async function addFromMetrics(engines: ConsoleEngines, kind: ResourceKind, sinceMs: number, into: Map<string, string | undefined>): Promise<void> {
  const ids = await engines.metrics.metrics({ namespace: kind.namespace, name: kind.series[0]!.terms[0]!.metric, sinceMs });
  for (const id of ids) {
    const keys = Object.keys(id.dimensions);
    const name = id.dimensions[kind.dimension];
    if (keys.length === 1 && name !== undefined && !into.has(name)) into.set(name, undefined);
  }
}

async function panelOf(
  engines: ConsoleEngines,
  kind: ResourceKind,
  name: string,
  status: string | undefined,
  times: readonly number[],
  periodMs: number,
  nowMs: number,
): Promise<ResourcePanel> {
  const startMs = times[0]!;
  const endMs = startMs + times.length * periodMs;
  const minuteStart = nowMs - (nowMs % MINUTE_MS);
  const points = new Map<string, Datapoint[]>();
  for (const metric of new Set(kind.series.flatMap((s) => s.terms.map((t) => t.metric)))) {
    const id: MetricId = { namespace: kind.namespace, name: metric, dimensions: { [kind.dimension]: name } };
    points.set(metric, await engines.metrics.datapoints(id, startMs, endMs));
  }
  const byPeriod = new Map<string, Map<number, StatisticSet>>();
  const current = new Map<string, StatisticSet | undefined>();
  const whole = new Map<string, StatisticSet | undefined>();
  for (const [metric, list] of points) {
    byPeriod.set(metric, new Map(aggregatePeriods(list, startMs, endMs, periodMs).map((p) => [p.timestampMs, p])));
    current.set(metric, aggregatePeriods(list, minuteStart, minuteStart + MINUTE_MS, MINUTE_MS)[0]);
    whole.set(metric, aggregatePeriods(list, startMs, endMs, endMs - startMs)[0]);
  }
  const panel: { -readonly [K in keyof ResourcePanel]: ResourcePanel[K] } = { kind: kind.kind, name, series: {}, current: {}, totals: {} };
  if (status !== undefined) panel.status = status;
  for (const spec of kind.series) {
    panel.series[spec.key] = times.map((t) => figure(spec, (metric) => byPeriod.get(metric)?.get(t)));
    panel.current[spec.key] = figure(spec, (metric) => current.get(metric));
    const total = figure(spec, (metric) => whole.get(metric));
    if (total !== null) panel.totals[spec.key] = total;
  }
  return panel;
}

/** One figure from the statistic sets of its terms; null when none had data (and it is not a count). */
export function figure(spec: SeriesSpec, setOf: (metric: string) => StatisticSet | undefined): number | null {
  let value: number | null = null;
  for (const term of spec.terms) {
    const set = setOf(term.metric);
    if (!set || set.sampleCount === 0) continue;
    const v = termValue(term, set);
    value = value === null ? v : term.stat === 'Maximum' ? Math.max(value, v) : value + v;
  }
  if (value === null) return spec.fillZero ? 0 : null;
  return value * (spec.scale ?? 1);
}

function termValue(term: Term, set: StatisticSet): number {
  switch (term.stat) {
    case 'Sum':
      return set.sum;
    case 'Average':
      return set.sum / set.sampleCount;
    case 'Maximum':
      return set.maximum;
    case 'Failures':
      return set.sampleCount - set.sum;
    default: {
      const unreachable: never = term.stat;
      return unreachable;
    }
  }
}
