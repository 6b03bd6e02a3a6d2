import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { CloudWatchClient, PutDashboardCommand, PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { ListBucketsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startServer, type InProcessServer } from '../../test/helpers/server.js';
import type { AlarmDetail, AlarmRow, CatalogDatabase, DeliveryStreamRow, CatalogTableDetail, CloudWatchDashboardData, DashboardData, ObjectListing, QueryStatus, SessionInfo, TopicRow } from './ConsoleApiTypes.js';

const CONFIG = `
region: eu-west-1
streams:
  - name: clicks
    shardCount: 1
buckets:
  - name: lake
deliveryStreams:
  - name: to-archive
    destination:
      bucket: lake
      prefix: archive/
      compression: GZIP
      buffering: { sizeMiB: 5, intervalSeconds: 120 }
catalog:
  databases:
    - name: web
      tables:
        - name: visits
          partitionKeys:
            - { name: day, type: string }
          storageDescriptor:
            location: s3://lake/visits/
            inputFormat: org.apache.hadoop.mapred.TextInputFormat
            serDeInfo:
              serializationLibrary: org.openx.data.jsonserde.JsonSerDe
            columns:
              - { name: page, type: string }
              - { name: ms, type: bigint }
topics:
  list:
    - name: alerts
      subscriptions:
        - protocol: email
          endpoint: ops@example.com
`;

const CREDENTIALS = { accessKeyId: 'AKIDLAKEHOSETEST0001', secretAccessKey: 'secret' };

describe('console JSON API on a running server', () => {
  let server: InProcessServer;
  const api = async <T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T; headers: Headers }> => {
    const res = await fetch(`${server.url}/_console/api/${path}`, init);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
  };
  const post = <T>(path: string, body: unknown) => api<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  before(async () => {
    server = await startServer(CONFIG);
    // Held in the middle of a minute: every figure of this suite falls in the same open minute.
    const heldAt = Math.floor(Date.now() / 60_000) * 60_000 + 30_000;
    server.app.metrics.useClock(() => heldAt);
  });
  after(async () => {
    await server.stop();
  });

  it('serves the console page at / to a browser, and leaves / to S3 for SDKs', async () => {
    const page = await fetch(server.url + '/', { headers: { accept: 'text/html,application/xhtml+xml' } });
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await page.text(), /<title>Lakehose console<\/title>/);
    const s3 = new S3Client({ endpoint: server.url, region: 'eu-west-1', forcePathStyle: true, credentials: CREDENTIALS, maxAttempts: 1 });
    try {
      const buckets = await s3.send(new ListBucketsCommand({}));
      assert.ok(buckets.Buckets?.some((b) => b.Name === 'lake'));
    } finally {
      s3.destroy();
    }
  });

  it('tells the page who it is talking to, and that no sign-in is needed without credentials', async () => {
    const { status, body } = await api<SessionInfo>('session');
    assert.equal(status, 200);
    assert.equal(body.authRequired, false);
    assert.equal(body.signedIn, true);
    assert.equal(body.region, 'eu-west-1');
    assert.match(body.version, /^\d+\.\d+\.\d+/);
  });

  it('charts a stream\'s records and bytes per minute, the open minute included', async () => {
    const kinesis = new KinesisClient({ endpoint: server.url, region: 'eu-west-1', credentials: CREDENTIALS, maxAttempts: 1 });
    try {
      const r = await kinesis.send(new PutRecordsCommand({ StreamName: 'clicks', Records: Array.from({ length: 12 }, (_, i) => ({ PartitionKey: `p${i}`, Data: Buffer.from('0123456789') })) }));
      assert.equal(r.FailedRecordCount, 0);
    } finally {
      kinesis.destroy();
    }
    const { status, body } = await api<DashboardData>('dashboard?minutes=15');
    assert.equal(status, 200);
    assert.equal(body.periodSeconds, 60);
    assert.equal(body.times.length, 15);
    assert.ok(body.times.at(-1)! <= body.nowMs && body.nowMs < body.times.at(-1)! + 60_000, 'the last period is the open one');
    const clicks = body.panels.find((p) => p.kind === 'stream' && p.name === 'clicks')!;
    assert.equal(clicks.status, 'ACTIVE');
    assert.equal(clicks.totals.incomingRecords, 12);
    assert.equal(clicks.totals.incomingBytes, 120);
    assert.equal(clicks.current.incomingRecords, 12);
    assert.equal(clicks.series.incomingRecords!.at(-1), 12);
    assert.equal(clicks.series.incomingRecords!.reduce((a, b) => a! + b!, 0), 12, 'counts are 0, not missing, in quiet minutes');
    assert.equal(clicks.totals.deliverySuccessPercent, 100);
    assert.equal(clicks.totals.errors, 0);
    assert.equal(clicks.series.freshnessSeconds!.every((v) => v === null), true, 'gauges stay missing without data');
  });

  it('shows a delivery stream from its AWS/Firehose figures: success rate, freshness and errors', async () => {
    // Delivery's own counters, as its runner adds them (2 objects written, 1 failed put).
    const m = server.app.metrics;
    const d = { DeliveryStreamName: 'to-lake' };
    m.counter('AWS/Firehose', 'IncomingRecords', d).add(50);
    m.counter('AWS/Firehose', 'IncomingBytes', d, 'Bytes').add(5000);
    m.counter('AWS/Firehose', 'DeliveryToS3.Records', d).add(50);
    const success = m.counter('AWS/Firehose', 'DeliveryToS3.Success', d);
    success.add(1);
    success.add(0);
    success.add(1);
    m.counter('AWS/Firehose', 'DeliveryToS3.DataFreshness', d, 'Seconds').add(42);
    m.counter('AWS/Firehose', 'ThrottledRecords', d).add(3);
    const { body } = await api<DashboardData>('dashboard?minutes=60');
    const panel = body.panels.find((p) => p.kind === 'deliveryStream' && p.name === 'to-lake')!;
    assert.ok(panel, 'a delivery stream with figures is shown');
    assert.equal(panel.totals.incomingRecords, 50);
    assert.equal(panel.totals.deliveredRecords, 50);
    assert.equal(Math.round(panel.totals.deliverySuccessPercent! * 100) / 100, 66.67);
    assert.equal(panel.totals.freshnessSeconds, 42);
    assert.equal(panel.totals.errors, 4, '3 throttled records + 1 failed S3 put');
  });

  it('refuses a window it cannot draw', async () => {
    assert.equal((await api('dashboard?minutes=2')).status, 400);
    assert.equal((await api('dashboard?minutes=abc')).status, 400);
  });

  it('lists alarms with their state and history, and one alarm with its metric against the threshold', async () => {
    const cw = new CloudWatchClient({ endpoint: server.url, region: 'eu-west-1', credentials: CREDENTIALS, maxAttempts: 1 });
    try {
      await cw.send(
        new PutMetricAlarmCommand({
          AlarmName: 'clicks/high',
          Namespace: 'AWS/Kinesis',
          MetricName: 'IncomingRecords',
          Dimensions: [{ Name: 'StreamName', Value: 'clicks' }],
          Statistic: 'Sum',
          Period: 60,
          EvaluationPeriods: 3,
          DatapointsToAlarm: 2,
          Threshold: 100,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        }),
      );
      await cw.send(new SetAlarmStateCommand({ AlarmName: 'clicks/high', StateValue: 'ALARM', StateReason: 'test' }));
    } finally {
      cw.destroy();
    }
    const { body } = await api<{ alarms: AlarmRow[]; history: Array<{ alarmName: string; summary: string }> }>('alarms');
    const row = body.alarms.find((a) => a.name === 'clicks/high')!;
    assert.equal(row.state, 'ALARM');
    assert.equal(row.condition, 'Sum >= 100 for 2 of 3 period(s) of 60 s');
    assert.equal(row.metric, 'AWS/Kinesis IncomingRecords (StreamName=clicks)');
    assert.equal(body.history[0]!.alarmName, 'clicks/high');
    assert.match(body.history[0]!.summary, /to ALARM/);

    const detail = await api<AlarmDetail>(`alarms/${encodeURIComponent('clicks/high')}`);
    assert.equal(detail.status, 200);
    assert.equal(detail.body.chart.threshold, 100);
    assert.equal(detail.body.chart.times.length, detail.body.chart.values.length);
    assert.equal(detail.body.chart.values.at(-1), 12, 'the open minute holds the 12 records sent');
    assert.deepEqual(detail.body.history.map((h) => h.type), ['StateUpdate', 'ConfigurationUpdate']);

    const missing = await api<{ error: string }>('alarms/nope');
    assert.equal(missing.status, 404);
    assert.match(missing.body.error, /nope/);
  });

  it('lists topics with their subscriptions, without confirmation tokens', async () => {
    const { body } = await api<TopicRow[]>('topics');
    const alerts = body.find((t) => t.name === 'alerts')!;
    assert.equal(alerts.arn, 'arn:aws:sns:eu-west-1:000000000000:alerts');
    assert.deepEqual(
      alerts.subscriptions.map((s) => [s.protocol, s.endpoint, s.confirmed]),
      [['email', 'ops@example.com', false]],
    );
    assert.equal(JSON.stringify(body).includes('token'), false);
  });

  it('lists streams with their shards and delivery streams with their destination', async () => {
    const streams = await api<Array<{ name: string; openShards: number; shards: unknown[] }>>('streams');
    assert.deepEqual(streams.body.map((s) => [s.name, s.openShards, s.shards.length]), [['clicks', 1, 1]]);
    const delivery = await api<DeliveryStreamRow[]>('delivery-streams');
    assert.equal(delivery.status, 200);
    const d = delivery.body.find((x) => x.name === 'to-archive')!;
    assert.deepEqual(
      [d.status, d.source, d.destination, d.compression, d.bufferingSizeMiB, d.bufferingIntervalSeconds],
      ['ACTIVE', 'DirectPut', 's3://lake/archive/', 'GZIP', 5, 120],
    );
  });

  it('browses a bucket by folders and downloads an object as an attachment', async () => {
    const s3 = new S3Client({ endpoint: server.url, region: 'eu-west-1', forcePathStyle: true, credentials: CREDENTIALS, maxAttempts: 1 });
    try {
      for (const key of ['visits/day=1/a.json', 'visits/day=1/b.json', 'visits/day=2/c.json', 'readme.txt']) {
        await s3.send(new PutObjectCommand({ Bucket: 'lake', Key: key, Body: key.endsWith('.json') ? '{"page":"/","ms":5}\n{"page":"/x","ms":7}\n' : 'hello', ContentType: 'text/html' }));
      }
    } finally {
      s3.destroy();
    }
    const root = await api<ObjectListing>('buckets/lake/objects');
    assert.deepEqual(root.body.folders, ['visits/']);
    assert.deepEqual(root.body.objects.map((o) => o.key), ['readme.txt']);
    const day1 = await api<ObjectListing>(`buckets/lake/objects?prefix=${encodeURIComponent('visits/day=1/')}`);
    assert.deepEqual(day1.body.objects.map((o) => [o.key, o.size]), [
      ['visits/day=1/a.json', 41],
      ['visits/day=1/b.json', 41],
    ]);

    const res = await fetch(`${server.url}/_console/api/buckets/lake/download?key=readme.txt`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'hello');
    assert.equal(res.headers.get('content-disposition'), `attachment; filename="readme.txt"; filename*=UTF-8''readme.txt`);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('content-security-policy'), 'sandbox', 'an HTML object never runs as the console\'s page');
    assert.equal((await api('buckets/lake/download?key=nope')).status, 404);
    assert.equal((await api('buckets/no-such-bucket/objects')).status, 404);
    assert.equal((await api('buckets/lake/download')).status, 400);
  });

  it('lists catalog databases and tables, and one table with its columns', async () => {
    const { body } = await api<CatalogDatabase[]>('catalog');
    const web = body.find((d) => d.name === 'web')!;
    assert.deepEqual(web.tables, [{ name: 'visits', location: 's3://lake/visits/', format: 'JSON', columns: 2, partitionKeys: ['day'] }]);
    const table = await api<CatalogTableDetail>('catalog/web/visits');
    assert.deepEqual(table.body.columns, [
      { name: 'page', type: 'string' },
      { name: 'ms', type: 'bigint' },
    ]);
    assert.deepEqual(table.body.partitionKeys, [{ name: 'day', type: 'string' }]);
    assert.equal((await api('catalog/web/nope')).status, 404);
  });

  it('runs SQL through the query engine: rows, failures with Athena\'s message, and the CSV', async () => {
    await post('queries', { sql: 'MSCK REPAIR TABLE visits', database: 'web' }).then((r) => waitFor((r.body as QueryStatus).id));
    const started = await post<QueryStatus>('queries', { sql: 'SELECT day, count(*) AS n, sum(ms) AS total FROM visits GROUP BY day ORDER BY day', database: 'web' });
    assert.equal(started.status, 201);
    const done = await waitFor(started.body.id);
    assert.equal(done.state, 'SUCCEEDED', done.error);
    assert.deepEqual(done.result!.columns, [
      { name: 'day', type: 'varchar' },
      { name: 'n', type: 'bigint' },
      { name: 'total', type: 'bigint' },
    ]);
    assert.deepEqual(done.result!.rows, [
      ['1', '4', '24'],
      ['2', '2', '12'],
    ]);
    assert.equal(done.result!.totalRows, 2);
    assert.equal(done.result!.truncated, false);

    const csv = await fetch(`${server.url}/_console/api/queries/${done.id}/csv`);
    assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(csv.headers.get('content-disposition'), `attachment; filename="${done.id}.csv"; filename*=UTF-8''${done.id}.csv`);
    assert.equal(await csv.text(), '"day","n","total"\n"1","4","24"\n"2","2","12"\n');

    const bad = await waitFor((await post<QueryStatus>('queries', { sql: 'SELECT nope FROM visits', database: 'web' })).body.id);
    assert.equal(bad.state, 'FAILED');
    assert.match(bad.error ?? '', /nope/);
    assert.equal((await api(`queries/${bad.id}/csv`)).status, 409);

    const recent = await api<QueryStatus[]>('queries');
    assert.equal(recent.body[0]!.id, bad.id, 'newest first');
    assert.equal((await post('queries', { sql: '  ' })).status, 400);
    assert.equal((await api('queries', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' })).status, 400);
    assert.equal((await api('queries/00000000-0000-0000-0000-000000000000')).status, 400);
  });

  it('draws the metric graphs of a CloudWatch dashboard stored with PutDashboard', async () => {
    const cw = new CloudWatchClient({ endpoint: server.url, region: 'eu-west-1', credentials: CREDENTIALS, maxAttempts: 1 });
    try {
      const body = {
        widgets: [
          { type: 'metric', properties: { title: 'Clicks', period: 60, stat: 'Sum', metrics: [['AWS/Kinesis', 'IncomingRecords', 'StreamName', 'clicks'], ['...', 'none']] } },
          { type: 'text', properties: { markdown: '# hi' } },
        ],
      };
      await cw.send(new PutDashboardCommand({ DashboardName: 'pipeline', DashboardBody: JSON.stringify(body) }));
    } finally {
      cw.destroy();
    }
    assert.deepEqual((await api<string[]>('cloudwatch-dashboards')).body, ['pipeline']);
    const { body } = await api<CloudWatchDashboardData>('cloudwatch-dashboards/pipeline?minutes=30');
    assert.deepEqual(body.skipped, ['text']);
    const w = body.widgets[0]!;
    assert.equal(w.title, 'Clicks');
    assert.deepEqual(w.lines.map((l) => l.label), ['IncomingRecords clicks (Sum)', 'IncomingRecords none (Sum)']);
    assert.equal(w.lines[0]!.values.at(-1), 12);
    assert.equal(w.lines[1]!.values.every((v) => v === null), true);
    assert.equal((await api('cloudwatch-dashboards/nope')).status, 404);
  });

  it('answers only the console\'s own pages: other sites\' requests are refused', async () => {
    assert.equal((await api('dashboard', { headers: { origin: 'http://evil.example' } })).status, 403);
    assert.equal((await api('dashboard', { headers: { 'sec-fetch-site': 'cross-site' } })).status, 403);
    const host = new URL(server.url).host;
    assert.equal((await api('dashboard', { headers: { origin: `http://${host}`, 'sec-fetch-site': 'same-origin' } })).status, 200);
  });

  it('says what is wrong with a path or method', async () => {
    assert.equal((await api('nothing-here')).status, 404);
    const wrong = await api<{ error: string }>('dashboard', { method: 'DELETE' });
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'GET');
    assert.equal((await fetch(`${server.url}/_console/..%2f..%2fpackage.json`)).status, 404);
    assert.equal((await fetch(`${server.url}/_console/assets/nope.js`)).status, 404);
  });

  const waitFor = async (id: string): Promise<QueryStatus> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { body } = await api<QueryStatus>(`queries/${id}`);
      if (body.state !== 'QUEUED' && body.state !== 'RUNNING') return body;
      if (Date.now() > deadline) throw new Error(`query ${id} still ${body.state}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
});

describe('console sign-in when the config lists credentials', () => {
  let server: InProcessServer;
  before(async () => {
    server = await startServer(`
auth:
  credentials:
    - accessKeyId: AKIDCONSOLETEST00001
      secretAccessKey: s3cret-key
`);
  });
  after(async () => {
    await server.stop();
  });

  it('wants a session for the API, gives one for a valid key pair, and ends it', async () => {
    const info = (await (await fetch(`${server.url}/_console/api/session`)).json()) as SessionInfo;
    assert.deepEqual([info.authRequired, info.signedIn], [true, false]);
    assert.equal((await fetch(`${server.url}/_console/api/dashboard`)).status, 401);

    const signIn = (secret: string) =>
      fetch(`${server.url}/_console/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accessKeyId: 'AKIDCONSOLETEST00001', secretAccessKey: secret }) });
    const wrong = await signIn('guess');
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('set-cookie'), null);

    const ok = await signIn('s3cret-key');
    assert.equal(ok.status, 200);
    const cookie = ok.headers.get('set-cookie')!;
    assert.match(cookie, /^lakehose_console=AKIDCONSOLETEST00001\.\d+\.[\w-]+; Path=\/_console\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    const session = cookie.split(';')[0]!;
    assert.equal((await fetch(`${server.url}/_console/api/dashboard`, { headers: { cookie: session } })).status, 200);
    const forged = session.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    assert.equal((await fetch(`${server.url}/_console/api/dashboard`, { headers: { cookie: forged } })).status, 401);

    const out = await fetch(`${server.url}/_console/api/session`, { method: 'DELETE', headers: { cookie: session } });
    assert.match(out.headers.get('set-cookie')!, /^lakehose_console=; .*Max-Age=0$/);
  });
});
