import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CloudWatchClient, DescribeAlarmHistoryCommand, DescribeAlarmsCommand, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import type { PublishRequest } from '../../src/engines/topics/types.js';
import { startServer, type InProcessServer } from '../helpers/server.js';

/**
 * Kinesis records → AWS/Kinesis IncomingRecords → alarms → SNS topic, through the real
 * server and the AWS SDK. The metrics and alarm clock is stepped by the test (a minute per
 * step, each followed by an evaluation pass) instead of waiting for real minutes; everything
 * else runs as in production. The
 * alarms are the seed's pair: high and low incoming records, both notifying one topic.
 */
const MIN = 60_000;
const TOPIC = 'arn:aws:sns:eu-west-1:000000000000:pipeline-alerts';

const CONFIG = `
region: eu-west-1
streams:
  - name: orders
    shardCount: 1
topics:
  list:
    - name: pipeline-alerts
      subscriptions:
        - protocol: email-json
          endpoint: ops@example.com
          confirmed: true
alarms:
  - name: orders-incoming-high
    description: More than 100 records a minute
    namespace: AWS/Kinesis
    metricName: IncomingRecords
    dimensions: { StreamName: orders }
    statistic: Sum
    periodSeconds: 60
    evaluationPeriods: 1
    threshold: 100
    comparisonOperator: GreaterThanThreshold
    alarmActions: [pipeline-alerts]
    okActions: [${TOPIC}]
  - name: orders-incoming-low
    description: Fewer than 50 records a minute
    namespace: AWS/Kinesis
    metricName: IncomingRecords
    dimensions: { StreamName: orders }
    statistic: Sum
    periodSeconds: 60
    evaluationPeriods: 1
    threshold: 50
    comparisonOperator: LessThanThreshold
    treatMissingData: breaching
    alarmActions: [pipeline-alerts]
    okActions: [pipeline-alerts]
`;

interface Published {
  readonly topicArn: string;
  readonly subject: string | undefined;
  readonly message: Record<string, unknown>;
  readonly email: string;
}

describe('end to end: Kinesis records raise and clear alarms that notify a topic', () => {
  let server: InProcessServer;
  let kinesis: KinesisClient;
  let cw: CloudWatchClient;
  let now: number;
  const published: Published[] = [];

  before(async () => {
    server = await startServer(CONFIG);
    const { app } = server;
    // The test steps the clock and evaluates; no real-time pass may come in between.
    app.engines.alarms!.stopTicking();
    now = Math.floor(Date.now() / MIN) * MIN + 1000;
    app.metrics.useClock(() => now);
    // Watch what the alarms hand to the topics engine, then let it deliver as usual.
    const topics = app.engines.topics!;
    const publish = topics.publish.bind(topics);
    topics.publish = async (topicArn: string, request: PublishRequest) => {
      const structured = JSON.parse(request.message) as { default: string; email: string };
      published.push({ topicArn, subject: request.subject, message: JSON.parse(structured.default) as Record<string, unknown>, email: structured.email });
      return publish(topicArn, request);
    };
    const client = { endpoint: server.url, region: 'eu-west-1', credentials: { accessKeyId: 'AKIDLAKEHOSETEST0001', secretAccessKey: 'x' } };
    kinesis = new KinesisClient(client);
    cw = new CloudWatchClient(client);
  });
  after(async () => {
    kinesis.destroy();
    cw.destroy();
    await server.stop();
  });

  const put = async (n: number) => {
    for (let done = 0; done < n; ) {
      const batch = Math.min(500, n - done);
      const r = await kinesis.send(
        new PutRecordsCommand({ StreamName: 'orders', Records: Array.from({ length: batch }, (_, i) => ({ PartitionKey: `k${i}`, Data: Buffer.from(`{"order":${done + i}}`) })) }),
      );
      assert.equal(r.FailedRecordCount, 0);
      done += batch;
    }
  };
  const nextMinute = async () => {
    now += MIN;
    await server.app.engines.alarms!.evaluateDue();
  };
  const states = async () =>
    Object.fromEntries(((await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'orders-' }))).MetricAlarms ?? []).map((a) => [a.AlarmName, a.StateValue]));

  it('starts with both alarms in INSUFFICIENT_DATA', async () => {
    assert.deepEqual(await states(), { 'orders-incoming-high': 'INSUFFICIENT_DATA', 'orders-incoming-low': 'INSUFFICIENT_DATA' });
  });

  it('200 records in a minute: the high alarm goes to ALARM and publishes CloudWatch\'s message', async () => {
    await put(200);
    await nextMinute();
    assert.deepEqual(await states(), { 'orders-incoming-high': 'ALARM', 'orders-incoming-low': 'OK' });
    const stats = await cw.send(
      new GetMetricStatisticsCommand({ Namespace: 'AWS/Kinesis', MetricName: 'IncomingRecords', Dimensions: [{ Name: 'StreamName', Value: 'orders' }], StartTime: new Date(now - MIN), EndTime: new Date(now), Period: 60, Statistics: ['Sum'] }),
    );
    assert.deepEqual(stats.Datapoints?.map((d) => d.Sum), [200]);

    const high = published.find((p) => p.message.AlarmName === 'orders-incoming-high')!;
    assert.ok(high, 'the high alarm published');
    assert.equal(high.topicArn, TOPIC);
    assert.equal(high.subject, 'ALARM: "orders-incoming-high" in EU (Ireland)');
    const m = high.message;
    assert.equal(m.AlarmDescription, 'More than 100 records a minute');
    assert.equal(m.AWSAccountId, '000000000000');
    assert.equal(m.NewStateValue, 'ALARM');
    assert.equal(m.OldStateValue, 'INSUFFICIENT_DATA');
    assert.match(String(m.NewStateReason), /^Threshold Crossed: 1 out of the last 1 datapoint \[200\.0 \(\d\d\/\d\d\/\d\d \d\d:\d\d:00\)\] was greater than the threshold \(100\.0\)/);
    assert.match(String(m.StateChangeTime), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    assert.match(String(m.AlarmConfigurationUpdatedTimestamp), /\+0000$/);
    assert.equal(m.Region, 'EU (Ireland)');
    assert.equal(m.AlarmArn, 'arn:aws:cloudwatch:eu-west-1:000000000000:alarm:orders-incoming-high');
    assert.deepEqual(m.AlarmActions, [TOPIC]);
    assert.deepEqual(m.OKActions, [TOPIC]);
    assert.deepEqual(m.InsufficientDataActions, []);
    assert.deepEqual(m.Trigger, {
      MetricName: 'IncomingRecords',
      Namespace: 'AWS/Kinesis',
      StatisticType: 'Statistic',
      Statistic: 'SUM',
      Unit: null,
      Dimensions: [{ value: 'orders', name: 'StreamName' }],
      Period: 60,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 100,
      TreatMissingData: 'missing',
      EvaluateLowSampleCountPercentile: '',
    });
    assert.match(high.email, /^You are receiving this email because your Amazon CloudWatch Alarm "orders-incoming-high" in the EU \(Ireland\) region has entered the ALARM state/);
    // The low alarm left INSUFFICIENT_DATA for OK, which notifies its OK action.
    const low = published.find((p) => p.message.AlarmName === 'orders-incoming-low')!;
    assert.equal(low.message.NewStateValue, 'OK');
    assert.equal(published.length, 2);
  });

  it('no repeat while the state holds', async () => {
    await put(150);
    await nextMinute();
    assert.equal(published.length, 2);
  });

  it('10 records in a minute: the high alarm clears, the low one fires', async () => {
    await put(10);
    await nextMinute();
    assert.deepEqual(await states(), { 'orders-incoming-high': 'OK', 'orders-incoming-low': 'ALARM' });
    const [a, b] = published.slice(2).sort((x, y) => String(x.message.AlarmName).localeCompare(String(y.message.AlarmName)));
    assert.equal(published.length, 4);
    assert.deepEqual([a!.message.AlarmName, a!.message.OldStateValue, a!.message.NewStateValue, a!.subject], ['orders-incoming-high', 'ALARM', 'OK', 'OK: "orders-incoming-high" in EU (Ireland)']);
    assert.match(String(a!.message.NewStateReason), /was not greater than the threshold \(100\.0\)/);
    assert.deepEqual([b!.message.AlarmName, b!.message.OldStateValue, b!.message.NewStateValue], ['orders-incoming-low', 'OK', 'ALARM']);
    assert.match(String(b!.message.NewStateReason), /\[10\.0 .*was less than the threshold \(50\.0\)/);
    assert.equal((b!.message.Trigger as { TreatMissingData: string }).TreatMissingData, 'breaching');
  });

  it('back to a normal rate: everything OK again', async () => {
    await put(80);
    await nextMinute();
    assert.deepEqual(await states(), { 'orders-incoming-high': 'OK', 'orders-incoming-low': 'OK' });
    assert.equal(published.length, 5);
    assert.deepEqual([published[4]!.message.AlarmName, published[4]!.message.NewStateValue], ['orders-incoming-low', 'OK']);
  });

  it('no records at all: the low alarm treats the missing minutes as breaching', async () => {
    await nextMinute();
    await nextMinute();
    await nextMinute(); // the last real minute has left the evaluation range (N + 2 periods)
    // The high alarm treats missing data as missing: with no datapoint left in its range it
    // has nothing to decide on. It has no INSUFFICIENT_DATA action, so only the low alarm notifies.
    assert.deepEqual(await states(), { 'orders-incoming-high': 'INSUFFICIENT_DATA', 'orders-incoming-low': 'ALARM' });
    assert.equal(published.length, 6);
    assert.deepEqual([published[5]!.message.AlarmName, published[5]!.message.NewStateValue], ['orders-incoming-low', 'ALARM']);
    assert.equal(published[5]!.message.NewStateReason, 'Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [Breaching].');
  });

  it('keeps the history in DescribeAlarmHistory and in a log group', async () => {
    const h = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: 'orders-incoming-high', HistoryItemType: 'StateUpdate', ScanBy: 'TimestampAscending' }));
    assert.deepEqual(h.AlarmHistoryItems?.map((i) => i.HistorySummary).slice(0, 2), ['Alarm updated from INSUFFICIENT_DATA to ALARM', 'Alarm updated from ALARM to OK']);
    const actions = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: 'orders-incoming-high', HistoryItemType: 'Action' }));
    assert.ok(actions.AlarmHistoryItems!.every((i) => i.HistorySummary === `Successfully executed action ${TOPIC}`));
    await server.app.engines.logs!.flush();
    const logs = new CloudWatchLogsClient({ endpoint: server.url, region: 'eu-west-1', credentials: { accessKeyId: 'AKIDLAKEHOSETEST0001', secretAccessKey: 'x' } });
    try {
      const events = await logs.send(new FilterLogEventsCommand({ logGroupName: '/lakehose/alarms/history', logStreamNames: ['orders-incoming-high'], filterPattern: '{ $.historyItemType = "StateUpdate" }' }));
      assert.ok((events.events?.length ?? 0) >= 2);
    } finally {
      logs.destroy();
    }
  });

  it('the topic delivered the alarm JSON to its email-json subscriber', async () => {
    const outbox = join(server.dataDir, 'topics', 'outbox');
    const deadline = Date.now() + 15_000;
    const wanted = (b: string) => b.includes('\\"AlarmName\\":\\"orders-incoming-high\\"');
    let bodies: string[] = [];
    // Poll for the exact content: a mail may be read while it is still being written.
    while (Date.now() < deadline && !bodies.some(wanted)) {
      await new Promise((r) => setTimeout(r, 100));
      const files = await readdir(outbox).catch(() => [] as string[]);
      bodies = await Promise.all(files.map((f) => readFile(join(outbox, f), 'utf8')));
    }
    const mail = bodies.find(wanted);
    assert.ok(mail, `an email-json notification for the high alarm (${bodies.length} mails)`);
    assert.match(mail, /"Type" ?: ?"Notification"/);
  });
});
