import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type InProcessServer } from '../../test/helpers/server.js';
import { snake } from './prometheusRoute.js';

describe('Prometheus exposition at GET /metrics', () => {
  let server: InProcessServer;
  before(async () => {
    server = await startServer('streams:\n  - name: clicks\n');
  });
  after(async () => server.stop());

  it('names CloudWatch series the Prometheus way', () => {
    assert.equal(snake('AWS/Kinesis'), 'aws_kinesis');
    assert.equal(snake('PutRecords.Latency'), 'put_records_latency');
    assert.equal(snake('DeliveryToS3.DataFreshness'), 'delivery_to_s3_data_freshness');
    assert.equal(snake('StreamName'), 'stream_name');
    assert.equal(snake('9lives'), '_9lives');
  });

  it('shows totals of every series, and alarm states', async () => {
    const { app } = server;
    await app.engines.streams!.putRecords('clicks', [
      { partitionKey: 'a', data: Buffer.from('x') },
      { partitionKey: 'b', data: Buffer.from('yy') },
    ]);
    app.metrics.put({ namespace: 'Shop', name: 'Checkout.Latency', dimensions: { Region: 'eu "west"' } }, 'Milliseconds', [
      { timestampMs: Date.now(), values: { sampleCount: 3, sum: 45, minimum: 5, maximum: 30 } },
    ]);
    await app.engines.alarms!.putAlarm({
      name: 'slow-checkout',
      metric: { namespace: 'Shop', name: 'Checkout.Latency', dimensions: {} },
      statistic: 'Average',
      periodSeconds: 60,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: 100,
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'missing',
      actionsEnabled: false,
      alarmActions: [],
      okActions: [],
      insufficientDataActions: [],
    });
    const r = await fetch(`${server.url}/metrics`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type')!, /^text\/plain; version=0\.0\.4/);
    const text = await r.text();
    const lines = text.split('\n');
    assert.ok(lines.includes('# TYPE aws_kinesis_incoming_records summary'));
    assert.ok(lines.includes('aws_kinesis_incoming_records_sum{stream_name="clicks"} 2'), text);
    assert.ok(lines.includes('aws_kinesis_incoming_records_count{stream_name="clicks"} 1'));
    assert.ok(lines.includes('aws_kinesis_incoming_bytes_sum{stream_name="clicks"} 3'));
    assert.ok(lines.includes('shop_checkout_latency_sum{region="eu \\"west\\""} 45'));
    assert.ok(lines.includes('shop_checkout_latency_count{region="eu \\"west\\""} 3'));
    assert.ok(lines.includes('lakehose_alarm_state{alarm_name="slow-checkout",state="INSUFFICIENT_DATA"} 1'));
    assert.ok(lines.includes('lakehose_alarm_state{alarm_name="slow-checkout",state="ALARM"} 0'));
    assert.ok(text.endsWith('\n'));
  });

  it('leaves signed requests and other paths to the AWS APIs', async () => {
    const signed = await fetch(`${server.url}/metrics`, { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=x' } });
    assert.doesNotMatch(await signed.text(), /# TYPE/);
    const withQuery = await fetch(`${server.url}/metrics?list-type=2`);
    assert.doesNotMatch(await withQuery.text(), /# TYPE/);
  });
});
