// Requests built and signed end to end by the AWS SDK v3 clients, captured before they leave.

import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parseAmzDate } from './amzDate.js';
import { AwsChunkedDecoder } from './AwsChunkedDecoder.js';
import { parseAuthorization } from './parseAuthorization.js';
import { sha256Hex } from './payloadHash.js';
import { lowerHeaders, wireQuery, type SmithyQuery } from './testKit.js';
import type { SigV4Flavor, SigV4Request, SigV4Result } from './types.js';
import { verifySigV4 } from './verifySigV4.js';

const credentials = { accessKeyId: 'AKIDSDKTEST', secretAccessKey: 'sdk/secret+key' };

interface Captured {
  readonly request: SigV4Request;
  readonly body: Buffer;
}

class Captor {
  captured: Captured | undefined;

  /** A request handler that records the signed request and answers nothing. */
  readonly requestHandler = {
    handle: async (req: {
      method: string;
      path: string;
      query?: SmithyQuery;
      headers: Record<string, string | undefined>;
      body?: unknown;
    }): Promise<never> => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = value;
      this.captured = {
        request: { method: req.method, rawPath: req.path, rawQuery: wireQuery(req.query), headers: lowerHeaders(headers) },
        body: await bodyBytes(req.body),
      };
      throw new Error('captured');
    },
  };

  async send(action: () => Promise<unknown>): Promise<Captured> {
    this.captured = undefined;
    await assert.rejects(action());
    assert.ok(this.captured, 'the client sent a request');
    return this.captured;
  }
}

async function bodyBytes(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body);
  // Copy through the underlying bytes: the SDK's JSON body warns when used as a string.
  if (body instanceof Uint8Array) return Buffer.from(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
  const parts: Buffer[] = [];
  for await (const part of body as AsyncIterable<Uint8Array>) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

/** Verifies at the instant the SDK signed, so the test does not depend on the clock. */
function verifyCaptured(c: Captured, flavor: SigV4Flavor, payloadHash?: string): SigV4Result {
  const amzDate = c.request.headers['x-amz-date'] as string;
  return verifySigV4(
    { ...c.request, payloadHash },
    { flavor, now: new Date(parseAmzDate(amzDate)!), lookupSecret: (id) => (id === credentials.accessKeyId ? credentials.secretAccessKey : undefined) },
  );
}

function clientConfig(captor: Captor) {
  return {
    region: 'eu-central-1',
    endpoint: 'http://localhost:4566',
    credentials,
    requestHandler: captor.requestHandler,
    maxAttempts: 1,
  };
}

describe('requests signed by the AWS SDK v3 clients', () => {
  it('Kinesis PutRecord verifies, and parses for routing', async () => {
    const captor = new Captor();
    const kinesis = new KinesisClient(clientConfig(captor));
    const c = await captor.send(() =>
      kinesis.send(new PutRecordCommand({ StreamName: 'clicks', Data: Buffer.from('{"a":1}'), PartitionKey: 'k' })),
    );
    const parsed = parseAuthorization(c.request.headers, c.request.rawQuery);
    assert.ok(parsed.ok);
    assert.equal(parsed.auth.service, 'kinesis');
    assert.equal(parsed.auth.region, 'eu-central-1');
    const result = verifyCaptured(c, 'json', sha256Hex(c.body));
    assert.ok(result.ok, JSON.stringify(result));
    const forged = verifyCaptured(c, 'json', sha256Hex(Buffer.concat([c.body, Buffer.from(' ')])));
    assert.equal(forged.ok ? 'accepted' : forged.error.code, 'InvalidSignatureException');
  });

  it('Firehose PutRecordBatch verifies', async () => {
    const captor = new Captor();
    const firehose = new FirehoseClient(clientConfig(captor));
    const c = await captor.send(() =>
      firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'to-lake', Records: [{ Data: Buffer.from('x') }] })),
    );
    const result = verifyCaptured(c, 'json', sha256Hex(c.body));
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.service, 'firehose');
  });

  it('S3 GetObject and ListObjectsV2 with keys that need encoding verify', async () => {
    const captor = new Captor();
    const s3 = new S3Client({ ...clientConfig(captor), forcePathStyle: true });
    const key = 'raw/year=2024/a b+c~d/é (1)*.json';
    const get = await captor.send(() => s3.send(new GetObjectCommand({ Bucket: 'lake', Key: key })));
    assert.equal(get.request.rawPath, '/lake/raw/year%3D2024/a%20b%2Bc~d/%C3%A9%20%281%29%2A.json');
    const ok = verifyCaptured(get, 's3');
    assert.ok(ok.ok, JSON.stringify(ok));
    const list = await captor.send(() => s3.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: 'raw/a b+é', MaxKeys: 5 })));
    const listed = verifyCaptured(list, 's3');
    assert.ok(listed.ok, JSON.stringify(listed));
  });

  it('S3 PutObject from a stream: verifies, then decodes the aws-chunked body and its checksum trailer', async () => {
    const captor = new Captor();
    const s3 = new S3Client({ ...clientConfig(captor), forcePathStyle: true });
    const c = await captor.send(() =>
      s3.send(new PutObjectCommand({ Bucket: 'lake', Key: 'in/x.txt', Body: Readable.from([Buffer.from('hello '), Buffer.from('world')]) })),
    );
    assert.equal(c.request.headers['x-amz-content-sha256'], 'STREAMING-UNSIGNED-PAYLOAD-TRAILER');
    const result = verifyCaptured(c, 's3');
    assert.ok(result.ok, JSON.stringify(result));

    const decoder = AwsChunkedDecoder.fromHeaders(c.request.headers, result);
    assert.ok(decoder);
    const out: Buffer[] = [];
    decoder.on('data', (part: Buffer) => out.push(part));
    const ended = new Promise((resolve, reject) => decoder.on('end', resolve).on('error', reject));
    decoder.end(c.body);
    await ended;
    assert.equal(Buffer.concat(out).toString(), 'hello world');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32('hello world'));
    assert.equal(decoder.trailers.get('x-amz-checksum-crc32'), crc.toString('base64'));
  });
});
