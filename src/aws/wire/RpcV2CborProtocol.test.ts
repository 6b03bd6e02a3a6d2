import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decode, encode } from 'cbor-x';
import { startServer, type InProcessServer } from '../../../test/helpers/server.js';

/** Raw HTTP against the RPC v2 CBOR route (CloudWatch), for what SDK clients never send. */
describe('RPC v2 CBOR protocol', () => {
  let server: InProcessServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => server.stop());

  const call = async (operation: string, body: unknown, headers: Record<string, string> = { 'smithy-protocol': 'rpc-v2-cbor' }) => {
    const r = await fetch(`${server.url}/service/GraniteServiceVersion20100801/operation/${operation}`, {
      method: 'POST',
      headers: { 'content-type': 'application/cbor', accept: 'application/cbor', ...headers },
      body: body instanceof Uint8Array ? body : encode(body),
    });
    const bytes = new Uint8Array(await r.arrayBuffer());
    return { status: r.status, headers: r.headers, doc: bytes.length > 0 ? (decode(bytes) as Record<string, unknown>) : undefined };
  };

  it('answers in CBOR with the smithy-protocol header; timestamps are tag 1 dates', async () => {
    const at = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 120_000);
    const put = await call('PutMetricData', { Namespace: 'Raw', MetricData: [{ MetricName: 'M', Value: 2.5, Timestamp: at }] });
    assert.equal(put.status, 200);
    assert.equal(put.headers.get('smithy-protocol'), 'rpc-v2-cbor');
    assert.equal(put.doc, undefined, 'an operation without output has no body');
    const stats = await call('GetMetricStatistics', { Namespace: 'Raw', MetricName: 'M', StartTime: at, EndTime: new Date(at.getTime() + 60_000), Period: 60, Statistics: ['Sum'] });
    assert.equal(stats.status, 200);
    assert.equal(stats.headers.get('content-type'), 'application/cbor');
    const [p] = stats.doc!.Datapoints as Array<{ Timestamp: Date; Sum: number }>;
    assert.ok(p!.Timestamp instanceof Date);
    assert.equal(p!.Timestamp.getTime(), at.getTime());
    assert.equal(p!.Sum, 2.5);
  });

  it('an empty body is an empty input', async () => {
    const r = await call('ListMetrics', new Uint8Array(0));
    assert.equal(r.status, 200);
    assert.ok(Array.isArray(r.doc!.Metrics));
  });

  it('errors carry the shape id, the status of the error shape and the query code', async () => {
    const r = await call('SetAlarmState', { AlarmName: 'none', StateValue: 'OK', StateReason: 'x' });
    assert.equal(r.status, 404);
    assert.equal(r.doc!.__type, 'com.amazonaws.cloudwatch#ResourceNotFound');
    assert.equal(r.headers.get('x-amzn-query-error'), 'ResourceNotFound;Sender');
    const v = await call('SetAlarmState', { AlarmName: 'none', StateValue: 'MAYBE', StateReason: 'x' });
    assert.equal(v.status, 400);
    assert.equal(v.doc!.__type, 'ValidationException');
    assert.equal(v.headers.get('x-amzn-query-error'), 'ValidationError;Sender');
    assert.match(String(v.doc!.message), /Value 'MAYBE' at 'stateValue' failed to satisfy constraint/);
  });

  it('refuses requests without the protocol header, bad CBOR and unknown operations', async () => {
    const noHeader = await call('ListMetrics', {}, {});
    assert.equal(noHeader.status, 400);
    assert.equal(noHeader.doc!.__type, 'SerializationException');
    const bad = await call('ListMetrics', new Uint8Array([0xff, 0x00, 0x13]));
    assert.equal(bad.status, 400);
    assert.equal(bad.doc!.__type, 'SerializationException');
    const list = await call('ListMetrics', [1, 2]);
    assert.equal(list.status, 400);
    const unknown = await call('DescribeEverything', {});
    assert.equal(unknown.status, 404);
    assert.equal(unknown.doc!.__type, 'UnknownOperationException');
    const get = await fetch(`${server.url}/service/GraniteServiceVersion20100801/operation/ListMetrics`, { headers: { 'smithy-protocol': 'rpc-v2-cbor' } });
    assert.equal(get.status, 405);
  });
});

describe('RPC v2 CBOR protocol with SigV4', () => {
  let server: InProcessServer;
  before(async () => {
    server = await startServer('auth:\n  credentials:\n    - accessKeyId: AKIDLAKEHOSETEST0001\n      secretAccessKey: good-secret\n');
  });
  after(async () => server.stop());

  it('accepts requests signed with a known key and refuses others', async () => {
    const { CloudWatchClient, DescribeAlarmsCommand } = await import('@aws-sdk/client-cloudwatch');
    const { AwsSmithyRpcV2CborProtocol } = await import('@aws-sdk/core/protocols');
    const client = (secretAccessKey: string) =>
      new CloudWatchClient({
        endpoint: server.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDLAKEHOSETEST0001', secretAccessKey },
        maxAttempts: 1,
        protocol: AwsSmithyRpcV2CborProtocol,
        protocolSettings: { defaultNamespace: 'com.amazonaws.cloudwatch', awsQueryCompatible: true },
      });
    const good = client('good-secret');
    const bad = client('wrong');
    try {
      assert.deepEqual((await good.send(new DescribeAlarmsCommand({}))).MetricAlarms, []);
      await assert.rejects(bad.send(new DescribeAlarmsCommand({})), (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(e.name, 'InvalidSignatureException');
        assert.equal(e.$metadata?.httpStatusCode, 400);
        return true;
      });
    } finally {
      good.destroy();
      bad.destroy();
    }
  });
});
