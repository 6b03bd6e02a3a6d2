import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { deriveSigningKey, EMPTY_SHA256 } from '../../src/aws/wire/sigv4/index.js';
import { AKID, encodeKeyPath, SECRET, signer, wireQuery } from '../../src/aws/wire/sigv4/testKit.js';
import { aws, cliBinary, TEST_CREDENTIALS, type CliVersion } from '../helpers/awsCli.js';
import { startServer, tempDir, type InProcessServer } from '../helpers/server.js';
import { failure } from '../helpers/s3.js';

// With credentials in the config every S3 request must carry a valid SigV4 signature:
// in the Authorization header, in a presigned URL, and on every chunk of a signed
// aws-chunked body.

let server: InProcessServer;
let s3: S3Client;
let host: string;
let port: number;

const config = `region: eu-west-1
auth:
  credentials:
    - accessKeyId: ${AKID}
      secretAccessKey: ${SECRET}
    - accessKeyId: ${TEST_CREDENTIALS.accessKeyId}
      secretAccessKey: ${TEST_CREDENTIALS.secretAccessKey}
buckets:
  - name: secure
`;

before(async () => {
  server = await startServer(config);
  const url = new URL(server.url);
  host = url.host;
  port = Number(url.port);
  s3 = client(SECRET);
});
after(async () => {
  s3.destroy();
  await server.stop();
});

function client(secretAccessKey: string, accessKeyId = AKID): S3Client {
  return new S3Client({ endpoint: server.url, region: 'eu-west-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
}

function send(method: string, path: string, headers: Record<string, string>, body?: Buffer | string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const code = (xml: string) => /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];

async function presign(method: string, key: string, expiresIn: number, signingDate?: Date): Promise<string> {
  const signed = await signer('s3', 'eu-west-1', { uriEscapePath: false }).presign(
    {
      method,
      protocol: 'http:',
      hostname: '127.0.0.1',
      port,
      path: `/secure/${encodeKeyPath(key)}`,
      query: {},
      // The S3 presigner signs UNSIGNED-PAYLOAD and hoists it into the query.
      headers: { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    },
    { expiresIn, ...(signingDate ? { signingDate } : {}) },
  );
  return `${server.url}${signed.path}?${wireQuery(signed.query as Record<string, string>)}`;
}

describe('S3 conformance: SigV4 with credentials configured', () => {
  it('serves correctly signed SDK requests, plain and streamed', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'secure', Key: 'signed/a b+c.txt', Body: 'signed body' }));
    await s3.send(new PutObjectCommand({ Bucket: 'secure', Key: 'signed/streamed', Body: Readable.from([Buffer.from('streamed '), Buffer.from('body')]), ContentLength: 13 }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'secure', Key: 'signed/a b+c.txt' }));
    assert.equal(await got.Body!.transformToString(), 'signed body');
    const list = await s3.send(new ListObjectsV2Command({ Bucket: 'secure', Prefix: 'signed/a b+' }));
    assert.deepEqual(list.Contents?.map((o) => o.Key), ['signed/a b+c.txt']);
  });

  it('refuses a wrong secret, an unknown key and an unsigned request (403)', async () => {
    const wrong = client('not-the-secret');
    const e = await failure(wrong.send(new GetObjectCommand({ Bucket: 'secure', Key: 'signed/a b+c.txt' })));
    assert.equal(e.name, 'SignatureDoesNotMatch');
    assert.equal(e.$metadata.httpStatusCode, 403);
    wrong.destroy();
    const unknown = client(SECRET, 'AKIDNOBODYKNOWS00000');
    const u = await failure(unknown.send(new ListObjectsV2Command({ Bucket: 'secure' })));
    assert.equal(u.name, 'InvalidAccessKeyId');
    assert.equal(u.$metadata.httpStatusCode, 403);
    unknown.destroy();
    const anonymous = await send('GET', '/secure/signed/streamed', { host });
    assert.equal(anonymous.status, 403);
    assert.equal(code(anonymous.body), 'AccessDenied');
    const head = await failure(client('not-the-secret').send(new HeadObjectCommand({ Bucket: 'secure', Key: 'signed/streamed' })));
    assert.equal(head.$metadata.httpStatusCode, 403);
  });

  it('serves presigned GET and PUT URLs, and refuses tampered or expired ones', async () => {
    const getUrl = await presign('GET', 'signed/a b+c.txt', 300);
    const ok = await fetch(getUrl);
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), 'signed body');

    const putUrl = await presign('PUT', 'presigned/up load.txt', 300);
    const put = await fetch(putUrl, { method: 'PUT', body: 'uploaded via URL' });
    assert.equal(put.status, 200, await put.text());
    const back = await s3.send(new GetObjectCommand({ Bucket: 'secure', Key: 'presigned/up load.txt' }));
    assert.equal(await back.Body!.transformToString(), 'uploaded via URL');

    const tampered = await fetch(getUrl.replace('signed/a%20b', 'signed/x%20b'));
    assert.equal(tampered.status, 403);
    assert.equal(code(await tampered.text()), 'SignatureDoesNotMatch');

    const expiredUrl = await presign('GET', 'signed/a b+c.txt', 60, new Date(Date.now() - 3_600_000));
    const expired = await fetch(expiredUrl);
    assert.equal(expired.status, 403);
    const text = await expired.text();
    assert.equal(code(text), 'AccessDenied');
    assert.match(text, /Request has expired/);
  });

  it('accepts a signed aws-chunked upload and refuses one whose chunk signature is wrong', async () => {
    const data = randomBytes(70_000);
    const chunks = [data.subarray(0, 65_536), data.subarray(65_536)];
    const upload = async (key: string, corrupt: boolean) => {
      const framedLength = chunks.reduce((n, c) => n + c.length.toString(16).length + 17 + 64 + 2 + c.length + 2, 0) + 1 + 17 + 64 + 4;
      const signed = await signer('s3', 'eu-west-1', { uriEscapePath: false }).sign({
        method: 'PUT',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port,
        path: `/secure/${key}`,
        query: {},
        headers: {
          host,
          'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
          'content-encoding': 'aws-chunked',
          'x-amz-decoded-content-length': String(data.length),
          'content-length': String(framedLength),
        },
      });
      const headers = signed.headers as Record<string, string>;
      const amzDate = headers['x-amz-date']!;
      const scope = `${amzDate.slice(0, 8)}/eu-west-1/s3/aws4_request`;
      const key4 = deriveSigningKey(SECRET, amzDate.slice(0, 8), 'eu-west-1', 's3');
      let previous = /Signature=([0-9a-f]{64})/.exec(headers.authorization!)![1]!;
      const parts: Buffer[] = [];
      for (const chunk of [...chunks, Buffer.alloc(0)]) {
        const toSign = ['AWS4-HMAC-SHA256-PAYLOAD', amzDate, scope, previous, EMPTY_SHA256, createHash('sha256').update(chunk).digest('hex')].join('\n');
        let signature = createHmac('sha256', key4).update(toSign).digest('hex');
        previous = signature;
        if (corrupt && chunk.length > 0 && chunk !== chunks[0]) signature = signature.replace(/^./, (c) => (c === '0' ? '1' : '0'));
        parts.push(Buffer.from(`${chunk.length.toString(16)};chunk-signature=${signature}\r\n`), chunk, Buffer.from('\r\n'));
      }
      const body = Buffer.concat(parts);
      assert.equal(body.length, framedLength);
      return send('PUT', `/secure/${key}`, headers, body);
    };
    const ok = await upload('chunked/good.bin', false);
    assert.equal(ok.status, 200, ok.body);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'secure', Key: 'chunked/good.bin' }));
    assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(data));
    const bad = await upload('chunked/bad.bin', true);
    assert.equal(bad.status, 403);
    assert.equal(code(bad.body), 'SignatureDoesNotMatch');
    const missing = await failure(s3.send(new HeadObjectCommand({ Bucket: 'secure', Key: 'chunked/bad.bin' })));
    assert.equal(missing.$metadata.httpStatusCode, 404);
  });
});

for (const version of [1, 2] as CliVersion[]) {
  describe(`S3 conformance: AWS CLI v${version} with credentials configured`, { skip: cliBinary(version) ? false : 'AWS CLI v2 not installed' }, () => {
    it('uploads a file in parts and lists it', async () => {
      const dir = await tempDir('lakehose-s3-auth-');
      try {
        const file = join(dir, 'nine.bin');
        await writeFile(file, randomBytes(9 * 1024 * 1024));
        const cp = await aws(version, server.url, ['s3', 'cp', file, `s3://secure/cli-v${version}/nine.bin`, '--only-show-errors']);
        assert.equal(cp.code, 0, cp.stderr);
        const ls = await aws(version, server.url, ['s3', 'ls', `s3://secure/cli-v${version}/`]);
        assert.match(ls.stdout, / 9437184 nine\.bin/);
        const denied = await aws(version, server.url, ['s3', 'ls', 's3://secure/'], { AWS_SECRET_ACCESS_KEY: 'wrong' });
        assert.notEqual(denied.code, 0);
        assert.match(denied.stderr, /SignatureDoesNotMatch/);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}
