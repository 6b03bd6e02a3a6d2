import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, it } from 'node:test';
import { AwsChunkedDecodeError } from './AwsChunkedDecodeError.js';
import { AwsChunkedDecoder, type ChunkSigningContext } from './AwsChunkedDecoder.js';
import { EMPTY_SHA256 } from './payloadHash.js';
import { deriveSigningKey } from './SigningKeyCache.js';
import { verifySigV4 } from './verifySigV4.js';

// The worked example of "Signature Calculations for the Authorization Header: Transferring
// Payload in Multiple Chunks": 66560 bytes of 'a' sent as 65536 + 1024 + 0.
const DOC = {
  secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  amzDate: '20130524T000000Z',
  scope: '20130524/us-east-1/s3/aws4_request',
  seed: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
  chunk1: 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
  chunk2: '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
  final: 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
  // aws-crt's test of the same upload with trailers first:1st, second:2nd, third:3rd.
  trailer: 'df5735bd9f3295cd9386572292562fefc93ba94e80a0a1ddcbd652c4e0a75e6c',
};

const DOC_HEADERS = {
  host: 's3.amazonaws.com',
  'x-amz-date': DOC.amzDate,
  'x-amz-storage-class': 'REDUCED_REDUNDANCY',
  'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'content-encoding': 'aws-chunked',
  'x-amz-decoded-content-length': '66560',
  'content-length': '66824',
  authorization:
    `AWS4-HMAC-SHA256 Credential=${DOC.accessKeyId}/${DOC.scope},SignedHeaders=content-encoding;content-length;host;` +
    `x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=${DOC.seed}`,
};

const docSigning: ChunkSigningContext = {
  signingKey: deriveSigningKey(DOC.secret, '20130524', 'us-east-1', 's3'),
  amzDate: DOC.amzDate,
  scope: DOC.scope,
  seedSignature: DOC.seed,
};

function docBody(opts: { corruptSecondChunk?: boolean; trailer?: string } = {}): Buffer {
  const second = Buffer.alloc(1024, 'a');
  if (opts.corruptSecondChunk) second[10] = 0x62;
  return Buffer.concat([
    Buffer.from(`10000;chunk-signature=${DOC.chunk1}\r\n`),
    Buffer.alloc(65536, 'a'),
    Buffer.from(`\r\n400;chunk-signature=${DOC.chunk2}\r\n`),
    second,
    Buffer.from(`\r\n0;chunk-signature=${DOC.final}\r\n`),
    Buffer.from(opts.trailer ?? '\r\n'),
  ]);
}

interface Outcome {
  readonly data: Buffer;
  readonly error?: AwsChunkedDecodeError;
}

/** Feeds `body` in pieces of `step` bytes and collects what comes out, even on failure. */
async function decode(decoder: AwsChunkedDecoder, body: Buffer, step = body.length): Promise<Outcome> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < body.length; i += step) pieces.push(body.subarray(i, i + step));
  const out: Buffer[] = [];
  try {
    await pipeline(Readable.from(pieces), decoder, async (source: AsyncIterable<Buffer>) => {
      for await (const part of source) out.push(part);
    });
    return { data: Buffer.concat(out) };
  } catch (err) {
    assert.ok(err instanceof AwsChunkedDecodeError, `unexpected error ${String(err)}`);
    return { data: Buffer.concat(out), error: err };
  }
}

function hmacHex(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('hex');
}

/** Signs a chunked upload by hand, following the documented string to sign. */
function signedBody(signing: ChunkSigningContext, chunks: Buffer[], trailers?: [string, string][]): Buffer {
  let previous = signing.seedSignature;
  const parts: Buffer[] = [];
  for (const data of [...chunks, Buffer.alloc(0)]) {
    const hash = createHash('sha256').update(data).digest('hex');
    const signature = hmacHex(
      signing.signingKey,
      ['AWS4-HMAC-SHA256-PAYLOAD', signing.amzDate, signing.scope, previous, EMPTY_SHA256, hash].join('\n'),
    );
    previous = signature;
    parts.push(Buffer.from(`${data.length.toString(16)};chunk-signature=${signature}\r\n`), data);
    if (data.length > 0) parts.push(Buffer.from('\r\n'));
  }
  if (trailers === undefined) {
    parts.push(Buffer.from('\r\n'));
  } else {
    const canonical = trailers.map(([n, v]) => `${n}:${v}\n`).join('');
    const signature = hmacHex(
      signing.signingKey,
      ['AWS4-HMAC-SHA256-TRAILER', signing.amzDate, signing.scope, previous, createHash('sha256').update(canonical).digest('hex')].join('\n'),
    );
    parts.push(Buffer.from(canonical.replaceAll('\n', '\r\n') + `x-amz-trailer-signature:${signature}\r\n\r\n`));
  }
  return Buffer.concat(parts);
}

describe('AwsChunkedDecoder: signed payload (AWS documentation example)', () => {
  it('verifies the seed request and yields the chaining context', () => {
    const result = verifySigV4(
      { method: 'PUT', rawPath: '/examplebucket/chunkObject.txt', rawQuery: '', headers: DOC_HEADERS },
      { flavor: 's3', now: new Date('2013-05-24T00:01:00Z'), lookupSecret: () => DOC.secret },
    );
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.seedSignature, DOC.seed);
    assert.deepEqual(result.signingKey, docSigning.signingKey);
    assert.equal(result.scope, DOC.scope);
  });

  for (const step of [1, 7, 4096, 70_000]) {
    it(`decodes and verifies every chunk when fed ${step} bytes at a time`, async () => {
      const decoder = AwsChunkedDecoder.fromHeaders(DOC_HEADERS, docSigning)!;
      const { data, error } = await decode(decoder, docBody(), step);
      assert.equal(error, undefined);
      assert.deepEqual(data, Buffer.alloc(66560, 'a'));
      assert.equal(decoder.decodedLength, 66560);
      assert.equal(decoder.trailers.size, 0);
    });
  }

  it('refuses a corrupted chunk without releasing any of its bytes', async () => {
    const { data, error } = await decode(AwsChunkedDecoder.fromHeaders(DOC_HEADERS, docSigning)!, docBody({ corruptSecondChunk: true }), 1000);
    assert.equal(error?.code, 'SignatureDoesNotMatch');
    assert.equal(error?.httpStatus, 403);
    assert.equal(data.length, 65536, 'only the verified first chunk came out');
  });

  it('refuses chunks chained from another seed', async () => {
    const wrongSeed = { ...docSigning, seedSignature: DOC.chunk1 };
    const { data, error } = await decode(new AwsChunkedDecoder({ mode: 'signed', signing: wrongSeed }), docBody());
    assert.equal(error?.code, 'SignatureDoesNotMatch');
    assert.equal(data.length, 0);
  });

  it('refuses a signed chunk without a signature', async () => {
    const body = Buffer.from('5\r\nhello\r\n0\r\n\r\n');
    const { error } = await decode(new AwsChunkedDecoder({ mode: 'signed', signing: docSigning }), body);
    assert.equal(error?.code, 'SignatureDoesNotMatch');
  });

  it('only decodes when the server has no credentials to verify with', async () => {
    const { data, error } = await decode(AwsChunkedDecoder.fromHeaders(DOC_HEADERS)!, docBody({ corruptSecondChunk: true }));
    assert.equal(error, undefined);
    assert.equal(data.length, 66560);
  });
});

describe('AwsChunkedDecoder: signed payload with trailers', () => {
  it('verifies the trailer signature of the aws-crt vector', async () => {
    const trailer = `first:1st\r\nsecond:2nd\r\nthird:3rd\r\nx-amz-trailer-signature:${DOC.trailer}\r\n\r\n`;
    const decoder = new AwsChunkedDecoder({ mode: 'signed-trailer', signing: docSigning, decodedContentLength: 66560 });
    const { data, error } = await decode(decoder, docBody({ trailer }), 333);
    assert.equal(error, undefined);
    assert.equal(data.length, 66560);
    assert.deepEqual([...decoder.trailers], [['first', '1st'], ['second', '2nd'], ['third', '3rd']]);
  });

  it('refuses a changed trailer value or a missing trailer signature', async () => {
    const changed = `first:1st\r\nsecond:2nd\r\nthird:4th\r\nx-amz-trailer-signature:${DOC.trailer}\r\n\r\n`;
    const r1 = await decode(new AwsChunkedDecoder({ mode: 'signed-trailer', signing: docSigning }), docBody({ trailer: changed }));
    assert.equal(r1.error?.code, 'SignatureDoesNotMatch');
    const unsigned = 'x-amz-checksum-crc32:AAAAAA==\r\n\r\n';
    const r2 = await decode(new AwsChunkedDecoder({ mode: 'signed-trailer', signing: docSigning }), docBody({ trailer: unsigned }));
    assert.equal(r2.error?.code, 'SignatureDoesNotMatch');
  });

  it('round-trips a body signed by hand with a checksum trailer', async () => {
    const signing: ChunkSigningContext = {
      signingKey: deriveSigningKey('secret', '20240102', 'us-east-1', 's3'),
      amzDate: '20240102T030405Z',
      scope: '20240102/us-east-1/s3/aws4_request',
      seedSignature: 'c0ffee'.padEnd(64, '0'),
    };
    const chunks = [Buffer.from('x'.repeat(9000)), Buffer.from('tail')];
    const body = signedBody(signing, chunks, [['x-amz-checksum-crc32', 'AAAAAA==']]);
    const decoder = new AwsChunkedDecoder({ mode: 'signed-trailer', signing, decodedContentLength: 9004 });
    const { data, error } = await decode(decoder, body, 100);
    assert.equal(error, undefined);
    assert.equal(data.toString(), 'x'.repeat(9000) + 'tail');
    assert.equal(decoder.trailers.get('x-amz-checksum-crc32'), 'AAAAAA==');
  });
});

describe('AwsChunkedDecoder: unsigned payload with trailer (what current SDKs and the CLI send)', () => {
  const headers = {
    'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
    'content-encoding': 'aws-chunked',
    'x-amz-trailer': 'x-amz-checksum-crc32',
    'x-amz-decoded-content-length': '11',
  };

  it('decodes the chunks and exposes the checksum trailer', async () => {
    const body = Buffer.from('6\r\nhello \r\n5\r\nworld\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n');
    for (const step of [1, 3, body.length]) {
      const decoder = AwsChunkedDecoder.fromHeaders(headers)!;
      const { data, error } = await decode(decoder, body, step);
      assert.equal(error, undefined);
      assert.equal(data.toString(), 'hello world');
      assert.deepEqual([...decoder.trailers], [['x-amz-checksum-crc32', 'DUoRhQ==']]);
    }
  });

  it('accepts a body that ends right after the last chunk, as the JS SDK sends without a checksum', async () => {
    const decoder = new AwsChunkedDecoder({ mode: 'unsigned-trailer' });
    const { data, error } = await decode(decoder, Buffer.from('b\r\nhello world\r\n0\r\n'));
    assert.equal(error, undefined);
    assert.equal(data.toString(), 'hello world');
    assert.equal(decoder.trailers.size, 0);
  });

  it('ignores chunk signatures it was not asked to check', async () => {
    const body = Buffer.from(`5;chunk-signature=${'0'.repeat(64)}\r\nhello\r\n0;chunk-signature=${'1'.repeat(64)}\r\n\r\n`);
    const { data, error } = await decode(new AwsChunkedDecoder({ mode: 'unsigned-trailer' }), body);
    assert.equal(error, undefined);
    assert.equal(data.toString(), 'hello');
  });
});

describe('AwsChunkedDecoder: refusals', () => {
  it('checks x-amz-decoded-content-length both ways', async () => {
    const body = Buffer.from('5\r\nhello\r\n0\r\n\r\n');
    const short = await decode(new AwsChunkedDecoder({ mode: 'unsigned-trailer', decodedContentLength: 6 }), body);
    assert.equal(short.error?.code, 'IncompleteBody');
    assert.equal(short.error?.httpStatus, 400);
    const long = await decode(new AwsChunkedDecoder({ mode: 'unsigned-trailer', decodedContentLength: 4 }), body);
    assert.equal(long.error?.code, 'IncompleteBody');
    assert.equal(long.data.length, 0, 'the oversized chunk was refused before any of it came out');
  });

  it('refuses a body cut short', async () => {
    for (const cut of ['5\r\nhel', '5\r\nhello\r\n', '5\r\nhello', '5\r']) {
      const { error } = await decode(new AwsChunkedDecoder({ mode: 'unsigned-trailer' }), Buffer.from(cut));
      assert.equal(error?.code, 'IncompleteBody', `cut after ${JSON.stringify(cut)}`);
    }
  });

  it('refuses broken framing', async () => {
    for (const bad of ['zz\r\nhello\r\n0\r\n\r\n', '5\r\nhelloXY0\r\n\r\n', '0\r\nno-colon\r\n\r\n', '0\r\n\r\ntrailing junk']) {
      const { error } = await decode(new AwsChunkedDecoder({ mode: 'unsigned-trailer' }), Buffer.from(bad));
      assert.equal(error?.code, 'InvalidRequest', JSON.stringify(bad));
    }
  });

  it('is not used for plain bodies', () => {
    assert.equal(AwsChunkedDecoder.fromHeaders({ 'x-amz-content-sha256': EMPTY_SHA256 }), undefined);
    assert.equal(AwsChunkedDecoder.fromHeaders({}), undefined);
    assert.ok(AwsChunkedDecoder.fromHeaders({ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-encoding': 'aws-chunked' }));
  });
});
