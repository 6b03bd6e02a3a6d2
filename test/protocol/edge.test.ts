import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { after, before, describe, it } from 'node:test';
import { decode as decodeCbor, encode as encodeCbor } from 'cbor-x';
import { startServer, type InProcessServer } from '../helpers/server.js';

let server: InProcessServer;

before(async () => {
  server = await startServer('streams:\n  - name: raw\n    shardCount: 1\n');
});
after(async () => server.stop());

function post(body: string | Buffer, headers: Record<string, string>) {
  return fetch(`${server.url}/`, { method: 'POST', body, headers });
}

const kinesisJson = (op: string) => ({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `Kinesis_20131202.${op}` });

describe('edge protocol handling (raw HTTP)', () => {
  it('serves /health', async () => {
    const r = await fetch(`${server.url}/health`);
    assert.equal(r.status, 200);
    assert.equal(((await r.json()) as { status: string }).status, 'ok');
  });

  it('answers unsigned JSON requests and tags every response with a request id', async () => {
    const r = await post('{}', kinesisJson('ListStreams'));
    assert.equal(r.status, 200);
    assert.match(r.headers.get('x-amzn-requestid')!, /^[0-9a-f-]{36}$/);
    assert.equal(r.headers.get('content-type'), 'application/x-amz-json-1.1');
    assert.deepEqual(((await r.json()) as { StreamNames: string[] }).StreamNames, ['raw']);
  });

  it('rejects malformed JSON, empty bodies and non-object documents with SerializationException', async () => {
    for (const body of ['{"StreamName":', '', '[1,2]', '"x"']) {
      const r = await post(body, kinesisJson('DescribeStream'));
      assert.equal(r.status, 400, body);
      assert.equal(r.headers.get('x-amzn-errortype'), 'SerializationException');
      assert.equal(((await r.json()) as { __type: string }).__type, 'SerializationException');
    }
  });

  it('rejects unknown operations with UnknownOperationException', async () => {
    const r = await post('{}', kinesisJson('StealAllTheRecords'));
    assert.equal(r.status, 400);
    assert.equal(((await r.json()) as { __type: string }).__type, 'UnknownOperationException');
  });

  it('answers wrong types and missing members like AWS', async () => {
    const r = await post(JSON.stringify({ StreamName: 'raw', PartitionKey: 5, Data: 'AA==' }), kinesisJson('PutRecord'));
    assert.equal(((await r.json()) as { __type: string }).__type, 'SerializationException');
    const m = await post(JSON.stringify({ StreamName: 'raw', Data: 'AA==' }), kinesisJson('PutRecord'));
    const body = (await m.json()) as { __type: string; message: string };
    assert.equal(body.__type, 'ValidationException');
    assert.match(body.message, /Value null at 'partitionKey' failed to satisfy constraint: Member must not be null/);
  });

  it('refuses bodies over the configured limit with 413', async () => {
    const huge = Buffer.alloc(17 * 1024 * 1024, 'a');
    const r = await post(huge, kinesisJson('PutRecords'));
    assert.equal(r.status, 413);
    const again = await post('{}', kinesisJson('ListStreams'));
    assert.equal(again.status, 200, 'the server still answers');
  });

  it('speaks CBOR (application/x-amz-cbor-1.1) with binary blobs', async () => {
    const put = await post(encodeCbor({ StreamName: 'raw', PartitionKey: 'k', Data: Buffer.from('cbor!') }), {
      'content-type': 'application/x-amz-cbor-1.1',
      'x-amz-target': 'Kinesis_20131202.PutRecord',
    });
    assert.equal(put.status, 200);
    assert.equal(put.headers.get('content-type'), 'application/x-amz-cbor-1.1');
    const out = decodeCbor(Buffer.from(await put.arrayBuffer())) as { ShardId: string; SequenceNumber: string };
    assert.equal(out.ShardId, 'shardId-000000000000');
    const it = decodeCbor(
      Buffer.from(
        await (
          await post(encodeCbor({ StreamName: 'raw', ShardId: out.ShardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: out.SequenceNumber }), {
            'content-type': 'application/x-amz-cbor-1.1',
            'x-amz-target': 'Kinesis_20131202.GetShardIterator',
          })
        ).arrayBuffer(),
      ),
    ) as { ShardIterator: string };
    const got = decodeCbor(
      Buffer.from(
        await (await post(encodeCbor({ ShardIterator: it.ShardIterator }), { 'content-type': 'application/x-amz-cbor-1.1', 'x-amz-target': 'Kinesis_20131202.GetRecords' })).arrayBuffer(),
      ),
    ) as { Records: Array<{ Data: Uint8Array; ApproximateArrivalTimestamp: Date }> };
    assert.equal(Buffer.from(got.Records[0]!.Data).toString(), 'cbor!');
    assert.ok(got.Records[0]!.ApproximateArrivalTimestamp instanceof Date);
    const bad = await post(Buffer.from([0xff, 0x00, 0x13]), { 'content-type': 'application/x-amz-cbor-1.1', 'x-amz-target': 'Kinesis_20131202.ListStreams' });
    assert.equal(bad.status, 400);
    assert.equal((decodeCbor(Buffer.from(await bad.arrayBuffer())) as { __type: string }).__type, 'SerializationException');
  });

  it('answers CORS preflights and exposes AWS headers to browsers', async () => {
    const pre = await fetch(`${server.url}/`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-amz-target,content-type' },
    });
    assert.equal(pre.status, 200);
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    assert.equal(pre.headers.get('access-control-allow-headers'), 'x-amz-target,content-type');
    const r = await fetch(`${server.url}/`, { method: 'POST', body: '{}', headers: { ...kinesisJson('ListStreams'), origin: 'http://localhost:3000' } });
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
    assert.match(r.headers.get('access-control-expose-headers')!, /x-amzn-RequestId/);
  });

  it('serves cleartext HTTP/2 (prior knowledge) on the same port', async () => {
    const session = http2.connect(server.url);
    try {
      const body = await new Promise<string>((resolve, reject) => {
        const req = session.request({ ':method': 'POST', ':path': '/', ...kinesisJson('ListStreams') });
        let data = '';
        req.setEncoding('utf8');
        req.on('data', (d: string) => (data += d));
        req.on('end', () => resolve(data));
        req.on('error', reject);
        req.end('{}');
      });
      assert.deepEqual((JSON.parse(body) as { StreamNames: string[] }).StreamNames, ['raw']);
    } finally {
      session.close();
    }
  });
});
