import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DeleteDashboardsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  DescribeAlarmsForMetricCommand,
  DisableAlarmActionsCommand,
  EnableAlarmActionsCommand,
  GetDashboardCommand,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListDashboardsCommand,
  ListMetricsCommand,
  ListTagsForResourceCommand,
  PutDashboardCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type CloudWatchClientConfig,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { AwsQueryProtocol, AwsSmithyRpcV2CborProtocol } from '@aws-sdk/core/protocols';
import { startServer, type InProcessServer } from '../helpers/server.js';

/**
 * CloudWatch with the AWS SDK v3 in each wire protocol CloudWatch speaks: awsJson 1.0 (this
 * SDK's default, query-compatible errors), Smithy RPC v2 CBOR (newer SDKs) and awsQuery
 * (older SDKs, the AWS CLI v2).
 */
let server: InProcessServer;
before(async () => {
  server = await startServer('region: eu-west-1\n');
});
after(async () => server.stop());

const PROTOCOLS: Record<string, Partial<CloudWatchClientConfig>> = {
  json: {},
  cbor: { protocol: AwsSmithyRpcV2CborProtocol, protocolSettings: { defaultNamespace: 'com.amazonaws.cloudwatch', awsQueryCompatible: true } },
  query: {
    protocol: AwsQueryProtocol,
    protocolSettings: { defaultNamespace: 'com.amazonaws.cloudwatch', xmlNamespace: 'http://monitoring.amazonaws.com/doc/2010-08-01/', version: '2010-08-01' },
  },
};

const MIN = 60_000;

/** `name` is the SDK's exception class; undefined where two shapes share a code (the SDK may pick either). */
async function rejects(p: Promise<unknown>, name: string | undefined, code: string, status?: number): Promise<void> {
  await assert.rejects(p, (e: Error & { Code?: string; $metadata?: { httpStatusCode?: number } }) => {
    if (name !== undefined) assert.equal(e.name, name);
    assert.equal(e.Code ?? e.name, code);
    if (status !== undefined) assert.equal(e.$metadata?.httpStatusCode, status);
    return true;
  });
}

for (const [protocol, settings] of Object.entries(PROTOCOLS)) {
  describe(`CloudWatch conformance: SDK v3, ${protocol}`, () => {
    let cw: CloudWatchClient;
    const ns = `Lakehose/Conformance/${protocol}`;
    // Whole minutes in the recent past, so every datapoint is closed and within two weeks.
    const t0 = Math.floor(Date.now() / MIN) * MIN - 10 * MIN;

    before(() => {
      cw = new CloudWatchClient({
        endpoint: server.url,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'AKIDLAKEHOSETEST0001', secretAccessKey: 'secret' },
        maxAttempts: 1,
        ...settings,
      });
    });
    after(() => cw.destroy());

    it('puts custom metrics and reads statistics per period', async () => {
      const dims = [{ Name: 'Service', Value: 'api' }];
      await cw.send(
        new PutMetricDataCommand({
          Namespace: ns,
          MetricData: [
            { MetricName: 'Latency', Dimensions: dims, Timestamp: new Date(t0 + 5_000), Value: 10, Unit: 'Milliseconds' },
            { MetricName: 'Latency', Dimensions: dims, Timestamp: new Date(t0 + 20_000), Value: 30, Unit: 'Milliseconds' },
            { MetricName: 'Latency', Dimensions: dims, Timestamp: new Date(t0 + MIN + 1), StatisticValues: { SampleCount: 4, Sum: 100, Minimum: 5, Maximum: 50 }, Unit: 'Milliseconds' },
            { MetricName: 'Latency', Dimensions: dims, Timestamp: new Date(t0 + 2 * MIN), Values: [1, 2], Counts: [3, 1], Unit: 'Milliseconds' },
          ],
        }),
      );
      const stats = await cw.send(
        new GetMetricStatisticsCommand({
          Namespace: ns,
          MetricName: 'Latency',
          Dimensions: dims,
          StartTime: new Date(t0),
          EndTime: new Date(t0 + 3 * MIN),
          Period: 60,
          Statistics: ['SampleCount', 'Sum', 'Average', 'Minimum', 'Maximum'],
        }),
      );
      assert.equal(stats.Label, 'Latency');
      const points = [...(stats.Datapoints ?? [])].sort((a, b) => a.Timestamp!.getTime() - b.Timestamp!.getTime());
      assert.deepEqual(
        points.map((p) => [p.Timestamp!.getTime() - t0, p.SampleCount, p.Sum, p.Average, p.Minimum, p.Maximum, p.Unit]),
        [
          [0, 2, 40, 20, 10, 30, 'Milliseconds'],
          [MIN, 4, 100, 25, 5, 50, 'Milliseconds'],
          [2 * MIN, 4, 5, 1.25, 1, 2, 'Milliseconds'],
        ],
      );
      const wide = await cw.send(
        new GetMetricStatisticsCommand({ Namespace: ns, MetricName: 'Latency', Dimensions: dims, StartTime: new Date(t0), EndTime: new Date(t0 + 3 * MIN), Period: 180, Statistics: ['Sum'] }),
      );
      assert.deepEqual(wide.Datapoints?.map((p) => p.Sum), [145]);
      // Dimensions name a different metric: none means no datapoints.
      const other = await cw.send(new GetMetricStatisticsCommand({ Namespace: ns, MetricName: 'Latency', StartTime: new Date(t0), EndTime: new Date(t0 + 3 * MIN), Period: 60, Statistics: ['Sum'] }));
      assert.deepEqual(other.Datapoints, []);
    });

    it('GetMetricData returns series newest first by default, or oldest first', async () => {
      const metric = { Namespace: ns, MetricName: 'Latency', Dimensions: [{ Name: 'Service', Value: 'api' }] };
      const r = await cw.send(
        new GetMetricDataCommand({
          StartTime: new Date(t0),
          EndTime: new Date(t0 + 3 * MIN),
          MetricDataQueries: [
            { Id: 'sum', MetricStat: { Metric: metric, Period: 60, Stat: 'Sum' } },
            { Id: 'max', Label: 'worst', MetricStat: { Metric: metric, Period: 120, Stat: 'Maximum' } },
            { Id: 'hidden', ReturnData: false, MetricStat: { Metric: metric, Period: 60, Stat: 'Sum' } },
          ],
        }),
      );
      const byId: Record<string, MetricDataResult> = Object.fromEntries((r.MetricDataResults ?? []).map((x) => [x.Id!, x]));
      assert.deepEqual(Object.keys(byId).sort(), ['max', 'sum']);
      assert.deepEqual(byId.sum!.Values, [5, 100, 40]);
      assert.deepEqual(byId.sum!.Timestamps!.map((t) => t.getTime() - t0), [2 * MIN, MIN, 0]);
      assert.equal(byId.sum!.StatusCode, 'Complete');
      assert.equal(byId.sum!.Label, 'Latency');
      assert.equal(byId.max!.Label, 'worst');
      assert.deepEqual(byId.max!.Values, [2, 50]);
      const asc = await cw.send(
        new GetMetricDataCommand({ StartTime: new Date(t0), EndTime: new Date(t0 + 3 * MIN), ScanBy: 'TimestampAscending', MetricDataQueries: [{ Id: 'a', MetricStat: { Metric: metric, Period: 60, Stat: 'Average' } }] }),
      );
      assert.deepEqual(asc.MetricDataResults![0]!.Values, [20, 25, 1.25]);
    });

    it('GetMetricData pages with MaxDatapoints and NextToken', async () => {
      const metric = { Namespace: ns, MetricName: 'Latency', Dimensions: [{ Name: 'Service', Value: 'api' }] };
      const queries = [
        { Id: 'a', MetricStat: { Metric: metric, Period: 60, Stat: 'Sum' } },
        { Id: 'b', MetricStat: { Metric: metric, Period: 60, Stat: 'Maximum' } },
      ];
      const values: Record<string, number[]> = { a: [], b: [] };
      let token: string | undefined;
      let pages = 0;
      do {
        const r = await cw.send(new GetMetricDataCommand({ StartTime: new Date(t0), EndTime: new Date(t0 + 3 * MIN), MetricDataQueries: queries, MaxDatapoints: 2, ScanBy: 'TimestampAscending', NextToken: token }));
        for (const x of r.MetricDataResults ?? []) values[x.Id!]!.push(...(x.Values ?? []));
        token = r.NextToken;
        pages++;
      } while (token);
      assert.equal(pages, 3);
      assert.deepEqual(values, { a: [40, 100, 5], b: [30, 50, 2] });
    });

    it('lists metrics, filtered by namespace, name and dimensions', async () => {
      await cw.send(new PutMetricDataCommand({ Namespace: ns, MetricData: [{ MetricName: 'Errors', Dimensions: [{ Name: 'Service', Value: 'worker' }], Value: 1 }] }));
      const all = await cw.send(new ListMetricsCommand({ Namespace: ns }));
      const names = (all.Metrics ?? []).map((m) => `${m.MetricName}:${m.Dimensions?.map((d) => `${d.Name}=${d.Value}`).join(',')}`).sort();
      assert.deepEqual(names, ['Errors:Service=worker', 'Latency:Service=api']);
      const byDim = await cw.send(new ListMetricsCommand({ Namespace: ns, Dimensions: [{ Name: 'Service', Value: 'worker' }] }));
      assert.deepEqual(byDim.Metrics?.map((m) => m.MetricName), ['Errors']);
      const byName = await cw.send(new ListMetricsCommand({ Namespace: ns, MetricName: 'Latency', Dimensions: [{ Name: 'Service' }] }));
      assert.deepEqual(byName.Metrics?.map((m) => m.MetricName), ['Latency']);
    });

    it('refuses what CloudWatch refuses, with its error codes', async () => {
      await rejects(cw.send(new PutMetricDataCommand({ Namespace: 'AWS/EC2', MetricData: [{ MetricName: 'x', Value: 1 }] })), 'InvalidParameterValueException', 'InvalidParameterValue', 400);
      await rejects(
        cw.send(new PutMetricDataCommand({ Namespace: ns, MetricData: [{ MetricName: 'x', Value: 1, StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 } }] })),
        'InvalidParameterCombinationException',
        'InvalidParameterCombination',
      );
      await rejects(
        cw.send(new PutMetricDataCommand({ Namespace: ns, MetricData: [{ MetricName: 'x', Value: 1, Timestamp: new Date(Date.now() - 15 * 86_400_000) }] })),
        'InvalidParameterValueException',
        'InvalidParameterValue',
      );
      await rejects(
        cw.send(new GetMetricStatisticsCommand({ Namespace: ns, MetricName: 'Latency', StartTime: new Date(t0), EndTime: new Date(t0 + MIN), Period: 45, Statistics: ['Sum'] })),
        'InvalidParameterValueException',
        'InvalidParameterValue',
      );
      await rejects(
        cw.send(new GetMetricStatisticsCommand({ Namespace: ns, MetricName: 'Latency', StartTime: new Date(t0), EndTime: new Date(t0 + 2 * 86_400_000), Period: 60, Statistics: ['Sum'] })),
        'InvalidParameterCombinationException',
        'InvalidParameterCombination',
      );
      await rejects(
        cw.send(new GetMetricStatisticsCommand({ Namespace: ns, MetricName: 'Latency', StartTime: new Date(t0), EndTime: new Date(t0 + MIN), Period: 60, Statistics: ['Sum'], ExtendedStatistics: ['p99'] })),
        'InvalidParameterCombinationException',
        'InvalidParameterCombination',
      );
    });

    it('creates, describes, sets, disables and deletes alarms, with history and tags', async () => {
      const name = `cpu-${protocol}`;
      await cw.send(
        new PutMetricAlarmCommand({
          AlarmName: name,
          AlarmDescription: 'latency too high',
          Namespace: ns,
          // A metric without data, and missing data ignored: an evaluation pass of the running
          // server may come at any time between these calls and must not change the state.
          MetricName: 'Quiet',
          Dimensions: [{ Name: 'Service', Value: 'api' }],
          Statistic: 'Average',
          Period: 300,
          EvaluationPeriods: 3,
          DatapointsToAlarm: 2,
          Threshold: 40.5,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'ignore',
          AlarmActions: ['arn:aws:sns:eu-west-1:000000000000:alerts'],
          Tags: [{ Key: 'team', Value: 'data' }],
        }),
      );
      const d = await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
      assert.equal(d.MetricAlarms?.length, 1);
      const a = d.MetricAlarms![0]!;
      assert.equal(a.AlarmArn, `arn:aws:cloudwatch:eu-west-1:000000000000:alarm:${name}`);
      assert.equal(a.StateValue, 'INSUFFICIENT_DATA');
      assert.equal(a.Threshold, 40.5);
      assert.equal(a.DatapointsToAlarm, 2);
      assert.equal(a.TreatMissingData, 'ignore');
      assert.equal(a.ActionsEnabled, true);
      assert.deepEqual(a.Dimensions, [{ Name: 'Service', Value: 'api' }]);
      assert.deepEqual(a.AlarmActions, ['arn:aws:sns:eu-west-1:000000000000:alerts']);
      assert.ok(a.AlarmConfigurationUpdatedTimestamp instanceof Date);
      assert.deepEqual(d.CompositeAlarms ?? [], []);

      const forMetric = await cw.send(new DescribeAlarmsForMetricCommand({ Namespace: ns, MetricName: 'Quiet', Dimensions: [{ Name: 'Service', Value: 'api' }] }));
      assert.deepEqual(forMetric.MetricAlarms?.map((x) => x.AlarmName), [name]);
      assert.deepEqual((await cw.send(new DescribeAlarmsForMetricCommand({ Namespace: ns, MetricName: 'Quiet', Statistic: 'Sum' }))).MetricAlarms, []);

      await cw.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: 'ALARM', StateReason: 'testing', StateReasonData: '{"x":1}' }));
      assert.deepEqual((await cw.send(new DescribeAlarmsCommand({ StateValue: 'ALARM', AlarmNamePrefix: 'cpu-' }))).MetricAlarms?.map((x) => x.AlarmName), [name]);
      const history = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: name }));
      const items = history.AlarmHistoryItems ?? [];
      assert.deepEqual(items.map((i) => i.HistoryItemType).slice(0, 2).sort(), ['Action', 'StateUpdate'], 'newest first: the action, then the state update');
      const update = items.find((i) => i.HistoryItemType === 'StateUpdate')!;
      assert.equal(update.HistorySummary, 'Alarm updated from INSUFFICIENT_DATA to ALARM');
      assert.equal(JSON.parse(update.HistoryData!).newState.stateValue, 'ALARM');
      assert.equal(items[items.length - 1]!.HistoryItemType, 'ConfigurationUpdate');
      const onlyConfig = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: name, HistoryItemType: 'ConfigurationUpdate', ScanBy: 'TimestampAscending' }));
      assert.equal(onlyConfig.AlarmHistoryItems?.length, 1);

      await cw.send(new DisableAlarmActionsCommand({ AlarmNames: [name] }));
      assert.equal((await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms![0]!.ActionsEnabled, false);
      await cw.send(new EnableAlarmActionsCommand({ AlarmNames: [name] }));
      assert.equal((await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms![0]!.ActionsEnabled, true);

      const arn = a.AlarmArn!;
      await cw.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'env', Value: 'dev' }] }));
      await cw.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['team'] }));
      assert.deepEqual((await cw.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, [{ Key: 'env', Value: 'dev' }]);

      await rejects(cw.send(new DeleteAlarmsCommand({ AlarmNames: [name, 'no-such-alarm'] })), 'ResourceNotFound', 'ResourceNotFound', 404);
      assert.equal((await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms?.length, 1, 'nothing deleted');
      await cw.send(new DeleteAlarmsCommand({ AlarmNames: [name] }));
      assert.deepEqual((await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms, []);
    });

    it('pages DescribeAlarms with MaxRecords and NextToken', async () => {
      for (let i = 0; i < 5; i++) {
        await cw.send(new PutMetricAlarmCommand({ AlarmName: `page-${protocol}-${i}`, Namespace: ns, MetricName: 'Errors', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' }));
      }
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: `page-${protocol}-`, MaxRecords: 2, NextToken: token }));
        seen.push(...(page.MetricAlarms ?? []).map((x) => x.AlarmName!));
        token = page.NextToken;
      } while (token);
      assert.deepEqual(seen, [0, 1, 2, 3, 4].map((i) => `page-${protocol}-${i}`));
      await rejects(cw.send(new DescribeAlarmsCommand({ NextToken: 'not-a-token' })), 'InvalidNextToken', 'InvalidNextToken');
    });

    it('refuses alarm definitions CloudWatch refuses', async () => {
      const base = { AlarmName: `bad-${protocol}`, Namespace: ns, MetricName: 'Errors', Statistic: 'Sum' as const, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' as const };
      await rejects(cw.send(new PutMetricAlarmCommand({ ...base, Period: 45 })), 'ValidationException', 'ValidationError', 400);
      await rejects(cw.send(new PutMetricAlarmCommand({ ...base, Period: 60, EvaluationPeriods: 2, DatapointsToAlarm: 3 })), 'ValidationException', 'ValidationError');
      await rejects(cw.send(new SetAlarmStateCommand({ AlarmName: 'no-such-alarm', StateValue: 'OK', StateReason: 'x' })), 'ResourceNotFound', 'ResourceNotFound', 404);
      await cw.send(new PutMetricAlarmCommand({ ...base, Period: 60 }));
      await rejects(cw.send(new SetAlarmStateCommand({ AlarmName: base.AlarmName, StateValue: 'OK', StateReason: 'x', StateReasonData: '{oops' })), 'InvalidFormatFault', 'InvalidFormat');
    });

    it('keeps dashboards', async () => {
      const name = `dash-${protocol}`;
      const body = JSON.stringify({ widgets: [{ type: 'metric', properties: { metrics: [[ns, 'Latency']] } }] });
      const put = await cw.send(new PutDashboardCommand({ DashboardName: name, DashboardBody: body }));
      assert.deepEqual(put.DashboardValidationMessages ?? [], []);
      const got = await cw.send(new GetDashboardCommand({ DashboardName: name }));
      assert.equal(got.DashboardBody, body);
      assert.equal(got.DashboardArn, `arn:aws:cloudwatch::000000000000:dashboard/${name}`);
      assert.ok((await cw.send(new ListDashboardsCommand({ DashboardNamePrefix: 'dash-' }))).DashboardEntries?.some((e) => e.DashboardName === name));
      await rejects(cw.send(new PutDashboardCommand({ DashboardName: name, DashboardBody: '{"widgets": 3}' })), 'DashboardInvalidInputError', 'InvalidParameterInput', 400);
      await cw.send(new DeleteDashboardsCommand({ DashboardNames: [name] }));
      // DashboardNotFoundError and ResourceNotFound share the code ResourceNotFound.
      await rejects(cw.send(new GetDashboardCommand({ DashboardName: name })), undefined, 'ResourceNotFound', 404);
    });
  });
}
