import { getJson, seg } from '../api';
import { Chart } from '../components/Chart';
import { Badge, Empty, ErrorNote, Loading, Page } from '../components/ui';
import * as fmt from '../format';
import { href, usePoll } from '../hooks';
import type { AlarmDetail, AlarmHistoryRow, AlarmRow } from '../../../src/console/ConsoleApiTypes.ts';

const REFRESH_MS = 3000;

export function Alarms() {
  const { data, error } = usePoll(() => getJson<{ alarms: AlarmRow[]; history: Array<AlarmHistoryRow & { alarmName: string }> }>('alarms'), REFRESH_MS, []);
  return (
    <Page title="Alarms">
      <ErrorNote error={error} />
      {!data ? (
        error ? null : <Loading what="alarms" />
      ) : data.alarms.length === 0 ? (
        <Empty>No alarms. Declare them under `alarms:` in lakehose.yaml or with `aws cloudwatch put-metric-alarm`.</Empty>
      ) : (
        <>
          <table class="grid" data-testid="alarms-table">
            <thead>
              <tr>
                <th>State</th>
                <th>Alarm</th>
                <th>Metric</th>
                <th>Condition</th>
                <th>Since</th>
                <th>Actions</th>
              </tr>
            </thead>
            <tbody>
              {data.alarms.map((a) => (
                <tr data-testid={`alarm-row-${a.name}`}>
                  <td>
                    <Badge state={a.state} testId={`alarm-state-${a.name}`} />
                  </td>
                  <td>
                    <a href={href('alarms', a.name)}>{a.name}</a>
                    {a.description ? <div class="muted small">{a.description}</div> : null}
                  </td>
                  <td class="small">{a.metric}</td>
                  <td class="small">{a.condition}</td>
                  <td class="small" title={a.stateReason}>
                    {fmt.ago(a.stateUpdatedMs)}
                  </td>
                  <td class="small">
                    {a.actions.length === 0 ? '–' : a.actions.map((x) => <div class="mono">{x.split(':').slice(-1)[0]}</div>)}
                    {a.actionsEnabled ? null : <div class="muted">(disabled)</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Recent state changes</h2>
          {data.history.length === 0 ? (
            <Empty>No state changes yet.</Empty>
          ) : (
            <table class="grid" data-testid="alarm-history">
              <tbody>
                {data.history.map((h) => (
                  <tr>
                    <td class="small nowrap">{fmt.dateTime(h.timestampMs)}</td>
                    <td>
                      <a href={href('alarms', h.alarmName)}>{h.alarmName}</a>
                    </td>
                    <td class="small">{h.summary}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </Page>
  );
}

export function AlarmPage(props: { name: string }) {
  const { data, error } = usePoll(() => getJson<AlarmDetail>(`alarms/${seg(props.name)}`), REFRESH_MS, [props.name]);
  return (
    <Page title={`Alarm ${props.name}`} actions={<a href={href('alarms')}>All alarms</a>}>
      <ErrorNote error={error} />
      {!data ? (
        error ? null : <Loading />
      ) : (
        <>
          <div class="alarm-head">
            <Badge state={data.alarm.state} testId="alarm-detail-state" />
            <span>{data.alarm.stateReason}</span>
          </div>
          <dl class="facts">
            <dt>Metric</dt>
            <dd>{data.alarm.metric}</dd>
            <dt>Condition</dt>
            <dd>{data.alarm.condition}</dd>
            <dt>Actions</dt>
            <dd>{data.alarm.actions.join(', ') || '–'}</dd>
          </dl>
          <figure>
            <figcaption>Metric and threshold, per {data.chart.periodSeconds} s</figcaption>
            <Chart
              times={data.chart.times}
              height={220}
              lines={[
                { label: 'value', values: data.chart.values },
                { label: 'threshold', values: data.chart.times.map(() => data.chart.threshold), color: '#d62728', dashed: true },
              ]}
              format={fmt.count}
            />
          </figure>
          <h2>History</h2>
          <table class="grid">
            <tbody>
              {data.history.map((h) => (
                <tr>
                  <td class="small nowrap">{fmt.dateTime(h.timestampMs)}</td>
                  <td class="small">{h.type}</td>
                  <td class="small">{h.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Page>
  );
}
