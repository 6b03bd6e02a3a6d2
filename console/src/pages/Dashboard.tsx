import { getJson } from '../api';
import { Chart } from '../components/Chart';
import { Badge, Empty, ErrorNote, Loading, Page, Stat } from '../components/ui';
import * as fmt from '../format';
import { href, usePoll, type Location } from '../hooks';
import type { DashboardData, ResourcePanel } from '../../../src/console/ConsoleApiTypes.ts';

const WINDOWS = [
  { minutes: 15, label: '15 min' },
  { minutes: 60, label: '1 h' },
  { minutes: 180, label: '3 h' },
  { minutes: 720, label: '12 h' },
  { minutes: 1440, label: '24 h' },
];

/** Refresh often enough that the open minute visibly grows. */
const REFRESH_MS = 3000;

export function Dashboard(props: { loc: Location }) {
  const minutes = Number(props.loc.query.get('minutes') ?? '60') || 60;
  const { data, error } = usePoll(() => getJson<DashboardData>(`dashboard?minutes=${minutes}`), REFRESH_MS, [minutes]);
  const cw = usePoll(() => getJson<string[]>('cloudwatch-dashboards'), 30_000, []);
  return (
    <Page
      title="Dashboard"
      actions={
        <div class="segmented" role="group" aria-label="Time window">
          {WINDOWS.map((w) => (
            <a class={w.minutes === minutes ? 'on' : ''} href={`#/?minutes=${w.minutes}`}>
              {w.label}
            </a>
          ))}
        </div>
      }
    >
      <ErrorNote error={error} />
      {data ? (
        <>
          <div class="summary">
            <a class="summary-item" href={href('alarms')} data-testid="alarm-summary">
              <Stat label="alarms in ALARM" value={String(data.alarms.alarm)} tone={data.alarms.alarm > 0 ? 'bad' : 'good'} />
            </a>
            <Stat label="alarms OK" value={String(data.alarms.ok)} />
            <Stat label="insufficient data" value={String(data.alarms.insufficientData)} />
            <Stat label="streams" value={String(data.panels.filter((p) => p.kind === 'stream').length)} />
            <Stat label="delivery streams" value={String(data.panels.filter((p) => p.kind === 'deliveryStream').length)} />
            <div class="muted small updated">
              per {data.periodSeconds / 60} min · updated {fmt.dateTime(data.nowMs)}
            </div>
          </div>
          {cw.data && cw.data.length > 0 ? (
            <p class="cw-links">
              CloudWatch dashboards:{' '}
              {cw.data.map((n) => (
                <a href={href('cloudwatch', n)}>{n}</a>
              ))}
            </p>
          ) : null}
          {data.panels.length === 0 ? (
            <Empty>No streams or delivery streams yet. Create one in lakehose.yaml or with the AWS CLI, then send records.</Empty>
          ) : (
            data.panels.map((p) => <Panel panel={p} times={data.times} />)
          )}
        </>
      ) : error ? null : (
        <Loading what="metrics" />
      )}
    </Page>
  );
}

function Panel(props: { panel: ResourcePanel; times: number[] }) {
  const p = props.panel;
  const id = `${p.kind}-${p.name}`;
  const s = p.series;
  const c = p.current;
  const delivery = p.kind === 'deliveryStream';
  const successLabel = delivery ? 'S3 delivery success' : 'PutRecords success';
  const freshnessLabel = delivery ? 'data freshness' : 'consumer iterator age';
  const errors = p.totals.errors ?? 0;
  return (
    <article class="panel" data-testid={`panel-${id}`}>
      <header class="panel-head">
        <span class="kind">{delivery ? 'Delivery stream' : 'Stream'}</span>
        <h2>
          <a href={delivery ? href('delivery-streams') : href('streams')}>{p.name}</a>
        </h2>
        {p.status ? <Badge state={p.status} /> : <span class="muted small">(no longer exists)</span>}
      </header>
      <div class="stats">
        <Stat label="records this minute" value={fmt.count(c.incomingRecords)} testId={`current-${id}-incomingRecords`} />
        <Stat label="bytes this minute" value={fmt.bytes(c.incomingBytes)} />
        <Stat label="records in window" value={fmt.count(p.totals.incomingRecords ?? 0)} testId={`total-${id}-incomingRecords`} />
        {delivery ? <Stat label="delivered in window" value={fmt.count(p.totals.deliveredRecords ?? 0)} testId={`total-${id}-deliveredRecords`} /> : null}
        <Stat label={successLabel} value={fmt.percent(p.totals.deliverySuccessPercent)} tone={(p.totals.deliverySuccessPercent ?? 100) < 100 ? 'bad' : undefined} />
        <Stat label={freshnessLabel} value={fmt.seconds(lastValue(s.freshnessSeconds))} />
        <Stat label="errors in window" value={fmt.count(errors)} tone={errors > 0 ? 'bad' : undefined} testId={`total-${id}-errors`} />
      </div>
      <div class="charts">
        <figure>
          <figcaption>Records</figcaption>
          <Chart
            testId={`chart-${id}-records`}
            times={props.times}
            lines={[
              { label: 'incoming', values: s.incomingRecords ?? [] },
              ...(delivery ? [{ label: 'delivered to S3', values: s.deliveredRecords ?? [], color: '#2ca02c' }] : []),
            ]}
            format={fmt.count}
          />
        </figure>
        <figure>
          <figcaption>Bytes</figcaption>
          <Chart testId={`chart-${id}-bytes`} times={props.times} lines={[{ label: 'incoming bytes', values: s.incomingBytes ?? [], color: '#9467bd' }]} format={fmt.bytes} />
        </figure>
        <figure>
          <figcaption>{successLabel} (%)</figcaption>
          <Chart testId={`chart-${id}-success`} times={props.times} lines={[{ label: 'success', values: s.deliverySuccessPercent ?? [], color: '#2ca02c' }]} format={(v) => `${Math.round(v)} %`} yMax={100} />
        </figure>
        <figure>
          <figcaption>{delivery ? 'Data freshness (oldest undelivered record)' : 'Iterator age of readers'}</figcaption>
          <Chart testId={`chart-${id}-freshness`} times={props.times} lines={[{ label: 'seconds', values: s.freshnessSeconds ?? [], color: '#ff7f0e' }]} format={fmt.seconds} />
        </figure>
        <figure>
          <figcaption>Errors (failed, throttled{delivery ? ', not converted, S3 retries' : ''})</figcaption>
          <Chart testId={`chart-${id}-errors`} times={props.times} lines={[{ label: 'errors', values: s.errors ?? [], color: '#d62728' }]} format={fmt.count} />
        </figure>
      </div>
    </article>
  );
}

function lastValue(values: ReadonlyArray<number | null> | undefined): number | null {
  for (let i = (values?.length ?? 0) - 1; i >= 0; i--) if (values![i] !== null && values![i] !== undefined) return values![i]!;
  return null;
}
