import { getJson } from '../api';
import { Badge, Empty, ErrorNote, Loading, Page } from '../components/ui';
import * as fmt from '../format';
import { href, usePoll } from '../hooks';
import type { DeliveryStreamRow, StreamRow, TopicRow } from '../../../src/console/ConsoleApiTypes.ts';

export function Topics() {
  const { data, error } = usePoll(() => getJson<TopicRow[]>('topics'), 10_000, []);
  return (
    <Page title="Topics and subscriptions">
      <ErrorNote error={error} />
      {!data ? (
        error ? null : <Loading />
      ) : data.length === 0 ? (
        <Empty>No topics.</Empty>
      ) : (
        data.map((t) => (
          <article class="card" data-testid={`topic-${t.name}`}>
            <h2>
              {t.name} {t.fifo ? <span class="badge unknown">FIFO</span> : null}
            </h2>
            <div class="mono small muted">{t.arn}</div>
            {t.subscriptions.length === 0 ? (
              <Empty>No subscriptions.</Empty>
            ) : (
              <table class="grid">
                <thead>
                  <tr>
                    <th>Protocol</th>
                    <th>Endpoint</th>
                    <th>Status</th>
                  </tr>
                </thead>
                <tbody>
                  {t.subscriptions.map((s) => (
                    <tr>
                      <td>{s.protocol}</td>
                      <td class="mono small">{s.endpoint}</td>
                      <td>{s.confirmed ? <span class="badge good">confirmed</span> : <span class="badge unknown">pending confirmation</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </article>
        ))
      )}
    </Page>
  );
}

export function Streams() {
  const { data, error } = usePoll(() => getJson<StreamRow[]>('streams'), 10_000, []);
  return (
    <Page title="Streams">
      <ErrorNote error={error} />
      {!data ? (
        error ? null : <Loading />
      ) : data.length === 0 ? (
        <Empty>No Kinesis streams.</Empty>
      ) : (
        <table class="grid" data-testid="streams-table">
          <thead>
            <tr>
              <th>Stream</th>
              <th>Status</th>
              <th>Mode</th>
              <th>Open shards</th>
              <th>Retention</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {data.map((s) => (
              <tr>
                <td>
                  <a href={href('') + `?minutes=60`}>{s.name}</a>
                  <details>
                    <summary class="small muted">{s.shards.length} shard(s)</summary>
                    <ul class="small mono">
                      {s.shards.map((sh) => (
                        <li>
                          {sh.shardId} {sh.open ? '' : '(closed)'}
                        </li>
                      ))}
                    </ul>
                  </details>
                </td>
                <td>
                  <Badge state={s.status} />
                </td>
                <td>{s.mode}</td>
                <td>{s.openShards}</td>
                <td>{s.retentionHours} h</td>
                <td class="small">{fmt.dateTime(s.createdMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}

export function DeliveryStreams() {
  const { data, error } = usePoll(() => getJson<DeliveryStreamRow[]>('delivery-streams'), 5000, []);
  return (
    <Page title="Delivery streams">
      <ErrorNote error={error} />
      {!data ? (
        error ? null : <Loading />
      ) : data.length === 0 ? (
        <Empty>No delivery streams.</Empty>
      ) : (
        <table class="grid" data-testid="delivery-table">
          <thead>
            <tr>
              <th>Delivery stream</th>
              <th>Status</th>
              <th>Source</th>
              <th>Destination</th>
              <th>Buffering</th>
              <th>Waiting</th>
              <th>Freshness</th>
              <th>Delivered</th>
            </tr>
          </thead>
          <tbody>
            {data.map((d) => (
              <tr>
                <td>{d.name}</td>
                <td>
                  <Badge state={d.status} />
                </td>
                <td class="small">{d.source}</td>
                <td class="small mono">
                  <a href={bucketLink(d.destination)}>{d.destination}</a>
                  <div class="muted">
                    {d.format ?? 'as received'}
                    {d.compression && d.compression !== 'UNCOMPRESSED' ? `, ${d.compression}` : ''}
                  </div>
                </td>
                <td class="small">
                  {d.bufferingSizeMiB} MiB / {d.bufferingIntervalSeconds} s
                </td>
                <td class="small">{fmt.count((d.backlogRecords ?? 0) + (d.bufferedRecords ?? 0))} records</td>
                <td class="small">{fmt.seconds(d.dataFreshnessSeconds)}</td>
                <td class="small">{fmt.count(d.totals['DeliveryToS3.Records'] ?? 0)} records</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}

/** `s3://bucket/prefix/` → the bucket page at that prefix (up to the last `/`). */
function bucketLink(s3: string): string {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(s3);
  if (!m) return href('buckets');
  const prefix = m[2]!.slice(0, m[2]!.lastIndexOf('/') + 1);
  return `${href('buckets', m[1]!)}${prefix ? `?prefix=${encodeURIComponent(prefix)}` : ''}`;
}
