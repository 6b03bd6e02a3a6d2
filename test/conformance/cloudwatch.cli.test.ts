import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aws, cliBinary, type CliVersion } from '../helpers/awsCli.js';
import { startServer, type InProcessServer } from '../helpers/server.js';

/**
 * CloudWatch with the real AWS CLI: v1 (botocore 1.43 picks awsJson 1.0 from the model's
 * protocol list) and v2 (its bundled model speaks awsQuery).
 */
let server: InProcessServer;
before(async () => {
  server = await startServer('region: eu-west-1\n');
});
after(async () => server.stop());

const MIN = 60_000;

/** CLI v1 prints timestamps as received (epoch seconds in JSON); v2 as ISO 8601. */
function epochMs(t: string | number): number {
  return typeof t === 'number' ? t * 1000 : Date.parse(t);
}

for (const version of [1, 2] as CliVersion[]) {
  describe(`CloudWatch conformance: AWS CLI v${version}`, { skip: cliBinary(version) ? false : 'AWS CLI v2 not installed' }, () => {
    const cw = (...args: string[]) => aws(version, server.url, ['cloudwatch', ...args]);
    const ns = `Lakehose/Cli/v${version}`;
    const t0 = Math.floor(Date.now() / MIN) * MIN - 10 * MIN;
    const iso = (ms: number) => new Date(ms).toISOString();

    it('put-metric-data, get-metric-statistics, get-metric-data, list-metrics', async () => {
      const put = await cw('put-metric-data', '--namespace', ns, '--metric-name', 'Requests', '--dimensions', 'Route=/a', '--value', '7', '--unit', 'Count', '--timestamp', iso(t0 + 1000));
      assert.equal(put.code, 0, put.stderr);
      const put2 = await cw(
        'put-metric-data',
        '--namespace',
        ns,
        '--metric-data',
        JSON.stringify([{ MetricName: 'Requests', Dimensions: [{ Name: 'Route', Value: '/a' }], Timestamp: iso(t0 + MIN + 1000), StatisticValues: { SampleCount: 2, Sum: 9, Minimum: 4, Maximum: 5 }, Unit: 'Count' }]),
      );
      assert.equal(put2.code, 0, put2.stderr);
      const stats = await cw(
        'get-metric-statistics', '--namespace', ns, '--metric-name', 'Requests', '--dimensions', 'Name=Route,Value=/a',
        '--start-time', iso(t0), '--end-time', iso(t0 + 2 * MIN), '--period', '60', '--statistics', 'Sum', 'SampleCount', 'Maximum',
      );
      assert.equal(stats.code, 0, stats.stderr);
      const points = stats
        .json<{ Label: string; Datapoints: Array<{ Timestamp: string | number; Sum: number; SampleCount: number; Maximum: number; Unit: string }> }>()
        .Datapoints.map((p) => [epochMs(p.Timestamp) - t0, p.Sum, p.SampleCount, p.Maximum, p.Unit])
        .sort((a, b) => Number(a[0]) - Number(b[0]));
      assert.deepEqual(points, [
        [0, 7, 1, 7, 'Count'],
        [MIN, 9, 2, 5, 'Count'],
      ]);
      const data = await cw(
        'get-metric-data', '--start-time', iso(t0), '--end-time', iso(t0 + 2 * MIN), '--metric-data-queries',
        JSON.stringify([{ Id: 'r', MetricStat: { Metric: { Namespace: ns, MetricName: 'Requests', Dimensions: [{ Name: 'Route', Value: '/a' }] }, Period: 120, Stat: 'Sum' } }]),
      );
      assert.equal(data.code, 0, data.stderr);
      assert.deepEqual(data.json<{ MetricDataResults: Array<{ Id: string; Values: number[]; StatusCode: string }> }>().MetricDataResults.map((r) => [r.Id, r.Values, r.StatusCode]), [['r', [16], 'Complete']]);
      const list = await cw('list-metrics', '--namespace', ns);
      assert.equal(list.code, 0, list.stderr);
      assert.deepEqual(list.json<{ Metrics: unknown[] }>().Metrics, [{ Namespace: ns, MetricName: 'Requests', Dimensions: [{ Name: 'Route', Value: '/a' }] }]);
    });

    it('put-metric-alarm, describe-alarms, describe-alarms-for-metric, set-alarm-state, history, actions, delete', async () => {
      const name = `cli-v${version}-high`;
      const put = await cw(
        // A metric without data, and missing data ignored: the server's evaluation passes,
        // which may come between these commands, leave the state as the test sets it.
        'put-metric-alarm', '--alarm-name', name, '--alarm-description', 'too many', '--namespace', ns, '--metric-name', 'Quiet',
        '--dimensions', 'Name=Route,Value=/a', '--statistic', 'Sum', '--period', '300', '--evaluation-periods', '1', '--threshold', '1000',
        '--comparison-operator', 'GreaterThanThreshold', '--treat-missing-data', 'ignore', '--alarm-actions', 'arn:aws:sns:eu-west-1:000000000000:ops',
      );
      assert.equal(put.code, 0, put.stderr);
      const d = await cw('describe-alarms', '--alarm-names', name);
      assert.equal(d.code, 0, d.stderr);
      const [a] = d.json<{ MetricAlarms: Array<Record<string, unknown>> }>().MetricAlarms;
      assert.equal(a!.AlarmName, name);
      assert.equal(a!.StateValue, 'INSUFFICIENT_DATA');
      assert.equal(a!.Threshold, 1000);
      assert.equal(a!.ComparisonOperator, 'GreaterThanThreshold');
      assert.equal(a!.TreatMissingData, 'ignore');
      assert.deepEqual(a!.AlarmActions, ['arn:aws:sns:eu-west-1:000000000000:ops']);
      const fm = await cw('describe-alarms-for-metric', '--namespace', ns, '--metric-name', 'Quiet', '--dimensions', 'Name=Route,Value=/a');
      assert.deepEqual(fm.json<{ MetricAlarms: Array<{ AlarmName: string }> }>().MetricAlarms.map((x) => x.AlarmName), [name]);

      assert.equal((await cw('set-alarm-state', '--alarm-name', name, '--state-value', 'ALARM', '--state-reason', 'cli test')).code, 0);
      const inAlarm = await cw('describe-alarms', '--state-value', 'ALARM', '--alarm-name-prefix', `cli-v${version}`);
      assert.deepEqual(inAlarm.json<{ MetricAlarms: Array<{ AlarmName: string; StateReason: string }> }>().MetricAlarms.map((x) => [x.AlarmName, x.StateReason]), [[name, 'cli test']]);
      const h = await cw('describe-alarm-history', '--alarm-name', name, '--history-item-type', 'StateUpdate');
      assert.equal(h.code, 0, h.stderr);
      assert.deepEqual(h.json<{ AlarmHistoryItems: Array<{ HistorySummary: string }> }>().AlarmHistoryItems.map((x) => x.HistorySummary), ['Alarm updated from INSUFFICIENT_DATA to ALARM']);

      assert.equal((await cw('disable-alarm-actions', '--alarm-names', name)).code, 0);
      assert.equal((await cw('describe-alarms', '--alarm-names', name)).json<{ MetricAlarms: Array<{ ActionsEnabled: boolean }> }>().MetricAlarms[0]!.ActionsEnabled, false);
      assert.equal((await cw('enable-alarm-actions', '--alarm-names', name)).code, 0);
      assert.equal((await cw('delete-alarms', '--alarm-names', name)).code, 0);
      assert.deepEqual((await cw('describe-alarms', '--alarm-names', name)).json<{ MetricAlarms: unknown[] }>().MetricAlarms, []);
    });

    it('prints CloudWatch error codes', async () => {
      const missing = await cw('set-alarm-state', '--alarm-name', 'no-such-alarm', '--state-value', 'OK', '--state-reason', 'x');
      assert.notEqual(missing.code, 0);
      assert.match(missing.stderr, /\(ResourceNotFound\)/);
      const period = await cw('put-metric-alarm', '--alarm-name', 'bad', '--namespace', ns, '--metric-name', 'Requests', '--statistic', 'Sum', '--period', '45', '--evaluation-periods', '1', '--threshold', '1', '--comparison-operator', 'GreaterThanThreshold');
      assert.match(period.stderr, /\(ValidationError\).*Period must be 10, 20, 30 or a multiple of 60/);
      const reserved = await cw('put-metric-data', '--namespace', 'AWS/EC2', '--metric-name', 'x', '--value', '1');
      assert.match(reserved.stderr, /\(InvalidParameterValue\).*AWS\/EC2/);
      const stats = await cw('get-metric-statistics', '--namespace', ns, '--metric-name', 'Requests', '--start-time', iso(t0), '--end-time', iso(t0 + MIN), '--period', '45', '--statistics', 'Sum');
      assert.match(stats.stderr, /\(InvalidParameterValue\)/);
    });
  });
}
