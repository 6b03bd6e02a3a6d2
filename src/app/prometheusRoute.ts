import type { EdgeRequest, EdgeResponse, EdgeRoute } from '../aws/wire/EdgeRequest.js';
import { ALARM_STATES } from '../engines/alarms/Alarm.js';
import type { AlarmsEngine } from '../engines/alarms/AlarmsEngine.js';
import type { MetricsEngine } from '../engines/metrics/MetricsEngine.js';

/**
 * `GET /metrics` in the Prometheus text format (0.0.4), for Grafana and other scrapers.
 *
 * Every CloudWatch series this process has counted is a summary without quantiles:
 * `aws_kinesis_incoming_records_sum{stream_name="s"}` and `…_count`, totals since the
 * process started (Prometheus counters may reset on restart). Alarm states are gauges:
 * `lakehose_alarm_state{alarm_name="a",state="ALARM"} 1`.
 *
 * S3 answers every other path, and a bucket could be called "metrics": a scrape is told apart
 * by carrying no AWS signature and no query string.
 */
export function prometheusRoute(metrics: MetricsEngine, alarms?: AlarmsEngine): EdgeRoute {
  return {
    name: 'prometheus',
    handle(req: EdgeRequest): Promise<EdgeResponse> | undefined {
      if (req.rawPath !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD') || req.rawQuery !== '') return undefined;
      if (req.headers.authorization !== undefined || Object.keys(req.headers).some((h) => h.startsWith('x-amz-'))) return undefined;
      const body = exposition(metrics, alarms);
      return Promise.resolve({
        status: 200,
        headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' },
        body: req.method === 'HEAD' ? '' : body,
      });
    },
  };
}

export function exposition(metrics: MetricsEngine, alarms?: AlarmsEngine): string {
  const families = new Map<string, { help: string; lines: string[] }>();
  for (const t of metrics.totals()) {
    const family = `${snake(t.id.namespace)}_${snake(t.id.name)}`;
    let f = families.get(family);
    if (!f) families.set(family, (f = { help: `CloudWatch ${t.id.namespace} ${t.id.name} (${t.unit}), totals since start`, lines: [] }));
    const labels = labelText(Object.entries(t.id.dimensions).map(([k, v]) => [snake(k), v]));
    f.lines.push(`${family}_sum${labels} ${num(t.sum)}`, `${family}_count${labels} ${num(t.sampleCount)}`);
  }
  const out: string[] = [];
  for (const [name, f] of [...families.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    out.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} summary`, ...f.lines);
  }
  const list = alarms?.describe() ?? [];
  if (list.length > 0) {
    out.push('# HELP lakehose_alarm_state 1 for the state each CloudWatch alarm is in, 0 for the others', '# TYPE lakehose_alarm_state gauge');
    for (const a of list) {
      for (const s of ALARM_STATES) out.push(`lakehose_alarm_state${labelText([['alarm_name', a.name], ['state', s]])} ${a.state === s ? 1 : 0}`);
    }
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

/** `AWS/Kinesis` → `aws_kinesis`, `PutRecords.Latency` → `put_records_latency`, `StreamName` → `stream_name`. */
export function snake(s: string): string {
  const out = s
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
    .toLowerCase();
  return /^[0-9]/.test(out) ? `_${out}` : out || '_';
}

function labelText(pairs: ReadonlyArray<readonly [string, string]>): string {
  if (pairs.length === 0) return '';
  return `{${pairs.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',')}}`;
}

function num(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}
