import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import { startServer, type InProcessServer } from '../helpers/server.js';

// S3's wire format as raw HTTP sees it: XML documents, headers, status codes, routing on the
// shared edge port. Without credentials configured, unsigned requests are accepted.

let server: InProcessServer;
let agent: http.Agent;

before(async () => {
  server = await startServer('region: eu-west-1\nbuckets:\n  - name: raw-bucket\n');
  agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
});
after(async () => {
  agent.destroy();
  await server.stop();
});

interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** One request on a kept-alive connection (one socket), so connection reuse is exercised. */
function request(method: string, path: string, headers: Record<string, string | number> = {}, body?: Buffer | string): Promise<RawResponse> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

function tag(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

describe('S3 conformance: the wire format', () => {
  it('renders errors as S3 <Error> documents with request ids in headers and body', async () => {
    const r = await request('GET', '/no-such-bucket/some%20key');
    assert.equal(r.status, 404);
    assert.equal(r.headers['content-type'], 'application/xml');
    assert.match(r.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error>/);
    assert.equal(tag(r.body, 'Code'), 'NoSuchBucket');
    assert.equal(tag(r.body, 'Message'), 'The specified bucket does not exist');
    assert.equal(tag(r.body, 'BucketName'), 'no-such-bucket');
    assert.equal(tag(r.body, 'Resource'), '/no-such-bucket/some key');
    assert.equal(tag(r.body, 'RequestId'), r.headers['x-amz-request-id']);
    assert.ok(r.headers['x-amz-id-2']);
    assert.equal(tag(r.body, 'HostId'), r.headers['x-amz-id-2']);
  });

  it('answers HEAD errors with the status and no body', async () => {
    const r = await request('HEAD', '/raw-bucket/missing');
    assert.equal(r.status, 404);
    assert.equal(r.body, '');
    assert.ok(r.headers['x-amz-request-id']);
  });

  it('quotes ETags, writes Last-Modified in RFC 1123, and XML timestamps in ISO 8601', async () => {
    const put = await request('PUT', '/raw-bucket/dated.txt', { 'content-type': 'text/plain' }, 'dated');
    assert.equal(put.status, 200);
    assert.equal(put.headers.etag, `"${md5('dated')}"`);
    const get = await request('GET', '/raw-bucket/dated.txt');
    assert.equal(get.body, 'dated');
    assert.match(get.headers['last-modified'] ?? '', /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/);
    assert.equal(get.headers['content-length'], '5');
    const list = await request('GET', '/raw-bucket?list-type=2&prefix=dated');
    assert.match(list.body, /<ListBucketResult xmlns="http:\/\/s3\.amazonaws\.com\/doc\/2006-03-01\/">/);
    assert.match(tag(list.body, 'LastModified') ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(tag(list.body, 'ETag'), `&quot;${md5('dated')}&quot;`);
    assert.equal(tag(list.body, 'KeyCount'), '1');
  });

  it('writes GetBucketLocation as a bare LocationConstraint element', async () => {
    const r = await request('GET', '/raw-bucket?location');
    assert.match(r.body, /<LocationConstraint xmlns="http:\/\/s3\.amazonaws\.com\/doc\/2006-03-01\/">eu-west-1<\/LocationConstraint>/);
  });

  it('refuses unknown methods (405) and answers NotImplemented (501) for unsupported operations', async () => {
    const patch = await request('PATCH', '/raw-bucket/x');
    assert.equal(patch.status, 405);
    assert.equal(tag(patch.body, 'Code'), 'MethodNotAllowed');
    const torrent = await request('GET', '/raw-bucket/dated.txt?torrent');
    assert.equal(torrent.status, 501);
    assert.equal(tag(torrent.body, 'Code'), 'NotImplemented');
    assert.match(tag(torrent.body, 'Message') ?? '', /GetObjectTorrent/);
  });

  it('renders conditional-write refusals as S3 does: 412 with <Condition>, 501 naming the header', async () => {
    await request('PUT', '/raw-bucket/conditional', {}, 'first');
    const refused = await request('PUT', '/raw-bucket/conditional', { 'if-none-match': '*' }, 'second');
    assert.equal(refused.status, 412);
    assert.equal(tag(refused.body, 'Code'), 'PreconditionFailed');
    assert.equal(tag(refused.body, 'Condition'), 'If-None-Match');
    const etagValue = await request('PUT', '/raw-bucket/conditional', { 'if-none-match': `"${md5('first')}"` }, 'second');
    assert.equal(etagValue.status, 501);
    assert.equal(tag(etagValue.body, 'Code'), 'NotImplemented');
    assert.equal(tag(etagValue.body, 'Message'), 'A header you provided implies functionality that is not implemented');
    assert.equal(tag(etagValue.body, 'Header'), 'If-None-Match');
    // A refused upload of several MiB on this kept-alive socket: the answer arrives and the socket serves the next request.
    const big = await request('PUT', '/raw-bucket/conditional', { 'if-match': '"0"', 'content-length': 4 * 1024 * 1024 }, Buffer.alloc(4 * 1024 * 1024, 'b'));
    assert.equal(big.status, 412);
    assert.equal(tag(big.body, 'Condition'), 'If-Match');
    const after = await request('GET', '/raw-bucket/conditional');
    assert.equal(after.body, 'first');
  });

  it('refuses malformed XML bodies and DOCTYPEs with MalformedXML', async () => {
    const broken = await request('POST', '/raw-bucket?delete', { 'content-type': 'application/xml' }, '<Delete><Object><Key>a</Key></Delete>');
    assert.equal(broken.status, 400);
    assert.equal(tag(broken.body, 'Code'), 'MalformedXML');
    const doctype = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "y">]><Delete><Object><Key>&x;</Key></Object></Delete>';
    const entity = await request('POST', '/raw-bucket?delete', {}, doctype);
    assert.equal(tag(entity.body, 'Code'), 'MalformedXML');
    const badMd5 = await request('POST', '/raw-bucket?delete', { 'content-md5': '1B2M2Y8AsgTpgAmY7PhCfg==' }, '<Delete><Object><Key>a</Key></Object></Delete>');
    assert.equal(tag(badMd5.body, 'Code'), 'BadDigest');
  });

  it('reads the connection\'s next request after refusing an upload it did not read', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 1);
    const refused = await request('PUT', '/no-such-bucket/big', { 'content-length': big.length }, big);
    assert.equal(refused.status, 404);
    const next = await request('GET', '/raw-bucket/dated.txt');
    assert.equal(next.status, 200);
    assert.equal(next.body, 'dated');
  });

  it('decodes aws-chunked bodies with a checksum trailer, and refuses a wrong checksum or length', async () => {
    const data = Buffer.from('chunked payload');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(data));
    const framed = (checksum: string, declared = data.length) => ({
      headers: {
        'content-encoding': 'aws-chunked',
        'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        'x-amz-decoded-content-length': declared,
        'x-amz-trailer': 'x-amz-checksum-crc32',
      },
      body: `${(7).toString(16)}\r\n${data.subarray(0, 7).toString()}\r\n${(data.length - 7).toString(16)}\r\n${data.subarray(7).toString()}\r\n0\r\nx-amz-checksum-crc32:${checksum}\r\n\r\n`,
    });
    const good = framed(crc.toString('base64'));
    const ok = await request('PUT', '/raw-bucket/chunked', good.headers, good.body);
    assert.equal(ok.status, 200, ok.body);
    assert.equal(ok.headers['x-amz-checksum-crc32'], crc.toString('base64'));
    assert.equal((await request('GET', '/raw-bucket/chunked')).body, 'chunked payload');
    const bad = framed('AAAAAA==');
    const refused = await request('PUT', '/raw-bucket/chunked-bad', bad.headers, bad.body);
    assert.equal(tag(refused.body, 'Code'), 'BadDigest');
    const short = framed(crc.toString('base64'), data.length + 1);
    assert.equal(tag((await request('PUT', '/raw-bucket/chunked-bad', short.headers, short.body)).body, 'Code'), 'IncompleteBody');
    assert.equal((await request('HEAD', '/raw-bucket/chunked-bad')).status, 404);
  });

  it('refuses a body whose SHA-256 differs from the x-amz-content-sha256 it announced', async () => {
    const r = await request('PUT', '/raw-bucket/sha', { 'x-amz-content-sha256': '0'.repeat(64) }, 'abc');
    assert.equal(r.status, 400);
    assert.equal(tag(r.body, 'Code'), 'XAmzContentSHA256Mismatch');
  });
});

describe('S3 conformance: routing on the shared edge port', () => {
  it('leaves /health alone', async () => {
    const r = await request('GET', '/health');
    assert.equal(r.status, 200);
    assert.equal(JSON.parse(r.body).status, 'ok');
  });

  it('leaves a browser\'s page request to the console, but answers the same path for an S3 client', async () => {
    const page = await request('GET', '/', { accept: 'text/html,application/xhtml+xml' });
    assert.equal(page.headers['x-amz-request-id'], undefined);
    assert.doesNotMatch(page.body, /ListAllMyBucketsResult/);
    const api = await request('GET', '/', { accept: 'text/html', 'x-amz-date': '20240101T000000Z' });
    assert.match(api.body, /<ListAllMyBucketsResult/);
    assert.match(api.body, /<Name>raw-bucket<\/Name>/);
  });

  it('leaves requests signed for other services to their routes', async () => {
    const auth = 'AWS4-HMAC-SHA256 Credential=AKIDLAKEHOSETEST0001/20240101/eu-west-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=00';
    const r = await request('GET', '/2015-03-31/functions', { authorization: auth, 'x-amz-date': '20240101T000000Z' });
    assert.equal(r.headers['x-amz-request-id'], undefined);
    const json = await request('POST', '/', { 'x-amz-target': 'DynamoDB_20120810.ListTables', 'content-type': 'application/x-amz-json-1.0' }, '{}');
    assert.equal(json.headers['x-amz-request-id'], undefined);
  });

  it('accepts virtual-host style requests (bucket.localhost, bucket.s3.localhost)', async () => {
    const port = new URL(server.url).port;
    const created = await request('PUT', '/', { host: `vhost-bucket.localhost:${port}` });
    assert.equal(created.status, 200, created.body);
    const put = await request('PUT', '/dir/file.txt', { host: `vhost-bucket.s3.localhost:${port}` }, 'virtual');
    assert.equal(put.status, 200);
    assert.equal((await request('GET', '/vhost-bucket/dir/file.txt')).body, 'virtual');
    const list = await request('GET', '/?list-type=2', { host: `vhost-bucket.localhost:${port}` });
    assert.match(list.body, /<Key>dir\/file.txt<\/Key>/);
  });

  it('counts request metrics per bucket under AWS/S3', async () => {
    await request('PUT', '/raw-bucket/metered', {}, '12345');
    await request('GET', '/raw-bucket/metered');
    await request('GET', '/raw-bucket/not-there');
    const sum = async (name: string) => {
      const points = await server.app.metrics.datapoints(
        { namespace: 'AWS/S3', name, dimensions: { BucketName: 'raw-bucket', FilterId: 'EntireBucket' } },
        0,
        Date.now() + 120_000,
      );
      return points.reduce((s, p) => s + p.sum, 0);
    };
    assert.ok((await sum('AllRequests')) >= 3);
    assert.ok((await sum('GetRequests')) >= 2);
    assert.ok((await sum('PutRequests')) >= 1);
    assert.ok((await sum('BytesUploaded')) >= 5);
    assert.ok((await sum('BytesDownloaded')) >= 5);
    assert.ok((await sum('4xxErrors')) >= 1);
    // Names of buckets that do not exist make no series.
    await request('GET', '/not-a-bucket-here/x');
    const ids = await server.app.metrics.metrics({ namespace: 'AWS/S3' });
    assert.ok(ids.some((id) => id.dimensions.BucketName === 'raw-bucket'));
    assert.ok(!ids.some((id) => id.dimensions.BucketName === 'not-a-bucket-here'));
  });
});
