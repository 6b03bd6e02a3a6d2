import { aggregatePeriods, STATISTICS, statisticValue, type Statistic } from '../../engines/metrics/aggregate.js';
import type { MetricId } from '../../engines/metrics/Metric.js';
import type { CloudWatchDashboardData } from '../ConsoleApiTypes.js';
import type { ConsoleEngines } from '../ConsoleEngines.js';
import { notAvailable } from './ApiRequest.js';

/** A metric line of a widget, after CloudWatch's `.` and `...` shorthands were expanded. */
export interface WidgetMetric {
  readonly id: MetricId;
  readonly stat: Statistic;
  readonly periodSeconds: number;
  readonly label: string;
}

export interface MetricWidget {
  readonly title: string;
  readonly periodSeconds: number;
  readonly metrics: WidgetMetric[];
}

export async function dashboardNames(engines: ConsoleEngines): Promise<string[]> {
  if (!engines.dashboards) throw notAvailable('CloudWatch dashboards');
  return (await engines.dashboards.list()).map((d) => d.name).sort();
}

/** A dashboard stored with PutDashboard (Terraform's aws_cloudwatch_dashboard), its metric graphs drawn from the metrics engine. */
export async function cloudwatchDashboard(engines: ConsoleEngines, name: string, minutes: number, nowMs: number): Promise<CloudWatchDashboardData> {
  if (!engines.dashboards) throw notAvailable('CloudWatch dashboards');
  const d = await engines.dashboards.get(name);
  const { widgets, skipped } = parseDashboardBody(d.body);
  const out: CloudWatchDashboardData['widgets'] = [];
  for (const w of widgets) {
    const periodMs = Math.max(w.periodSeconds, 60, Math.ceil((minutes * 60) / 240 / 60) * 60) * 1000;
    const endMs = nowMs - (nowMs % periodMs) + periodMs;
    const startMs = endMs - Math.ceil((minutes * 60_000) / periodMs) * periodMs;
    const times: number[] = [];
    for (let t = startMs; t < endMs; t += periodMs) times.push(t);
    const lines = [];
    for (const m of w.metrics) {
      const points = aggregatePeriods(await engines.metrics.datapoints(m.id, startMs, endMs), startMs, endMs, periodMs);
      const byStart = new Map(points.map((p) => [p.timestampMs, statisticValue(p, m.stat)]));
      lines.push({ label: m.label, values: times.map((t) => byStart.get(t) ?? null) });
    }
    out.push({ title: w.title, periodSeconds: periodMs / 1000, times, lines });
  }
  return { name: d.name, widgets: out, skipped };
}

/** The metric graphs of a dashboard body; other widget types are named in `skipped`. */
export function parseDashboardBody(body: string): { widgets: MetricWidget[]; skipped: string[] } {
  const widgets: MetricWidget[] = [];
  const skipped: string[] = [];
  const parsed = JSON.parse(body) as { widgets?: unknown };
  for (const raw of Array.isArray(parsed.widgets) ? parsed.widgets : []) {
    const w = raw as { type?: unknown; properties?: Record<string, unknown> };
    const p = w.properties ?? {};
    if (w.type !== 'metric' || !Array.isArray(p['metrics'])) {
      skipped.push(typeof w.type === 'string' ? w.type : 'unknown');
      continue;
    }
    const period = typeof p['period'] === 'number' && p['period'] > 0 ? p['period'] : 300;
    const stat = asStatistic(p['stat']) ?? 'Average';
    const metrics: WidgetMetric[] = [];
    let previous: unknown[] = [];
    for (const entry of p['metrics'] as unknown[]) {
      if (!Array.isArray(entry)) continue;
      const options = (entry.length > 0 && isObject(entry[entry.length - 1]) ? entry[entry.length - 1] : {}) as Record<string, unknown>;
      const parts = expand(isObject(entry[entry.length - 1]) ? entry.slice(0, -1) : entry, previous);
      previous = parts;
      if (typeof options['expression'] === 'string') continue; // metric math is not evaluated
      const [namespace, metricName, ...dims] = parts;
      if (typeof namespace !== 'string' || typeof metricName !== 'string') continue;
      const dimensions: Record<string, string> = {};
      for (let i = 0; i + 1 < dims.length; i += 2) dimensions[String(dims[i])] = String(dims[i + 1]);
      const lineStat = asStatistic(options['stat']) ?? stat;
      const dimText = Object.values(dimensions).join(' ');
      metrics.push({
        id: { namespace, name: metricName, dimensions },
        stat: lineStat,
        periodSeconds: typeof options['period'] === 'number' ? options['period'] : period,
        label: typeof options['label'] === 'string' ? options['label'] : `${metricName}${dimText ? ` ${dimText}` : ''} (${lineStat})`,
      });
    }
    const title = typeof p['title'] === 'string' ? p['title'] : metrics.map((m) => m.id.name).join(', ');
    widgets.push({ title, periodSeconds: period, metrics });
  }
  return { widgets, skipped };
}

/** `"."` repeats the previous line's value at that place; a leading `"..."` repeats its leading values. */
function expand(parts: unknown[], previous: unknown[]): unknown[] {
  let out = parts;
  if (parts[0] === '...') {
    const rest = parts.slice(1);
    out = [...previous.slice(0, Math.max(0, previous.length - rest.length)), ...rest];
  }
  return out.map((v, i) => (v === '.' ? previous[i] : v));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function asStatistic(v: unknown): Statistic | undefined {
  return STATISTICS.find((s) => s === v);
}
