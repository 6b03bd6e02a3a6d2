import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deriveSigningKey, SigningKeyCache } from './SigningKeyCache.js';
import {
  AKID,
  asReceived,
  encodeKeyPath,
  SECRET,
  sha256,
  SIGNED_AT,
  signer,
  withHeaders,
  type SmithyQuery,
} from './testKit.js';
import type { SigV4Flavor, SigV4Request, SigV4Result, VerifySigV4Options } from './types.js';
import { verifySigV4 } from './verifySigV4.js';

const MINUTE = 60_000;

function options(flavor: SigV4Flavor, extra: Partial<VerifySigV4Options> = {}): VerifySigV4Options {
  return {
    flavor,
    now: new Date(SIGNED_AT.getTime() + MINUTE),
    lookupSecret: (id) => (id === AKID ? SECRET : undefined),
    ...extra,
  };
}

function errorOf(result: SigV4Result) {
  assert.equal(result.ok, false, 'expected the request to be refused');
  return (result as Extract<SigV4Result, { ok: false }>).error;
}

function assertOk(result: SigV4Result) {
  if (!result.ok) assert.fail(`refused: ${result.error.code}: ${result.error.message}`);
  return result;
}

const KINESIS_BODY = JSON.stringify({ StreamName: 'clicks', Data: 'aGVsbG8=', PartitionKey: 'p1' });

/** A Kinesis PutRecord as the SDK signs it (no x-amz-content-sha256 header). */
async function kinesisPutRecord(body = KINESIS_BODY): Promise<SigV4Request> {
  const signed = await signer('kinesis', 'us-east-1', { applyChecksum: false }).sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: 'localhost',
      port: 4566,
      path: '/',
      query: {},
      headers: {
        host: 'localhost:4566',
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'Kinesis_20131202.PutRecord',
        'content-length': String(Buffer.byteLength(body)),
      },
      body,
    },
    { signingDate: SIGNED_AT },
  );
  return asReceived(signed as never, sha256(body));
}

const S3_KEY = 'photos/2024 summer/café+menu~v1 (final)*.jpg';

/** An S3 GetObject whose key needs encoding, signed as the S3 client signs (path as sent). */
async function s3GetObject(query?: SmithyQuery): Promise<SigV4Request> {
  const signed = await signer('s3', 'eu-west-1', { uriEscapePath: false }).sign(
    {
      method: 'GET',
      protocol: 'http:',
      hostname: 'localhost',
      port: 4566,
      path: '/lake-bucket/' + encodeKeyPath(S3_KEY),
      query: query ?? {},
      headers: { host: 'localhost:4566', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', range: 'bytes=0-99' },
    },
    { signingDate: SIGNED_AT },
  );
  return asReceived(signed as never);
}

describe('verifySigV4: a Kinesis-style JSON POST', () => {
  it('accepts the request and returns what chunk signing needs', async () => {
    const request = await kinesisPutRecord();
    const result = assertOk(verifySigV4(request, options('json')));
    assert.equal(result.accessKeyId, AKID);
    assert.equal(result.region, 'us-east-1');
    assert.equal(result.service, 'kinesis');
    assert.equal(result.amzDate, '20240102T030405Z');
    assert.equal(result.scope, '20240102/us-east-1/kinesis/aws4_request');
    assert.deepEqual(result.signingKey, deriveSigningKey(SECRET, '20240102', 'us-east-1', 'kinesis'));
    const header = request.headers['authorization'] as string;
    assert.equal(result.seedSignature, header.slice(header.indexOf('Signature=') + 'Signature='.length));
  });

  it('refuses a changed method, path, query, header or body with InvalidSignatureException', async () => {
    const request = await kinesisPutRecord();
    const tampered: SigV4Request[] = [
      { ...request, method: 'PUT' },
      { ...request, rawPath: '/other' },
      { ...request, rawQuery: 'Action=Describe' },
      withHeaders(request, { 'x-amz-target': 'Kinesis_20131202.DeleteStream' }),
      { ...request, payloadHash: sha256(KINESIS_BODY.replace('clicks', 'orders')) },
    ];
    for (const t of tampered) {
      const error = errorOf(verifySigV4(t, options('json')));
      assert.equal(error.code, 'InvalidSignatureException');
      assert.equal(error.httpStatus, 400);
      assert.match(error.message, /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\.\n\nThe Canonical String for this request should have been\n'/);
    }
  });

  it('shows the canonical request it computed in the mismatch message', async () => {
    const request = await kinesisPutRecord();
    const error = errorOf(verifySigV4({ ...request, method: 'PUT' }, options('json')));
    assert.ok(error.message.includes(`'PUT\n/\n\ncontent-length:${Buffer.byteLength(KINESIS_BODY)}\ncontent-type:application/x-amz-json-1.1\nhost:localhost:4566\n`));
    assert.ok(error.message.includes("The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20240102T030405Z\n20240102/us-east-1/kinesis/aws4_request\n"));
  });

  it('refuses a changed x-amz-date within the same day as a mismatch', async () => {
    const request = await kinesisPutRecord();
    const error = errorOf(verifySigV4(withHeaders(request, { 'x-amz-date': '20240102T030406Z' }), options('json')));
    assert.equal(error.code, 'InvalidSignatureException');
    assert.match(error.message, /^The request signature we calculated/);
  });

  it('refuses an x-amz-date on another day than the credential scope', async () => {
    const request = await kinesisPutRecord();
    const error = errorOf(
      verifySigV4(withHeaders(request, { 'x-amz-date': '20240103T000100Z' }), options('json', { now: new Date('2024-01-03T00:00:00Z') })),
    );
    assert.equal(error.code, 'InvalidSignatureException');
    assert.equal(
      error.message,
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240102' != '20240103', from '20240103T000100Z'.",
    );
  });

  it('refuses a wrong secret as a mismatch and an unknown key as UnrecognizedClientException', async () => {
    const request = await kinesisPutRecord();
    const wrongSecret = errorOf(verifySigV4(request, options('json', { lookupSecret: () => 'not-the-secret' })));
    assert.equal(wrongSecret.code, 'InvalidSignatureException');
    const unknown = errorOf(verifySigV4(request, options('json', { lookupSecret: () => undefined })));
    assert.deepEqual(unknown, {
      code: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      httpStatus: 400,
    });
  });

  it('refuses a request signed more than 15 minutes ago or ahead', async () => {
    const request = await kinesisPutRecord();
    const late = errorOf(verifySigV4(request, options('json', { now: new Date(SIGNED_AT.getTime() + 16 * MINUTE) })));
    assert.deepEqual(late, {
      code: 'InvalidSignatureException',
      message: 'Signature expired: 20240102T030405Z is now earlier than 20240102T030505Z (20240102T032005Z - 15 min.)',
      httpStatus: 400,
    });
    const early = errorOf(verifySigV4(request, options('json', { now: new Date(SIGNED_AT.getTime() - 16 * MINUTE) })));
    assert.equal(early.code, 'InvalidSignatureException');
    assert.equal(
      early.message,
      'Signature not yet current: 20240102T030405Z is still later than 20240102T030305Z (20240102T024805Z + 15 min.)',
    );
    // Exactly at the limit is still fine.
    assertOk(verifySigV4(request, options('json', { now: new Date(SIGNED_AT.getTime() + 15 * MINUTE) })));
  });

  it('honours a custom skew window', async () => {
    const request = await kinesisPutRecord();
    const error = errorOf(verifySigV4(request, options('json', { now: new Date(SIGNED_AT.getTime() + 6 * MINUTE), maxSkewMs: 5 * MINUTE })));
    assert.match(error.message, /^Signature expired: .* - 5 min\.\)$/);
  });

  it('speaks the awsQuery vocabulary for the query flavor', async () => {
    const request = await kinesisPutRecord();
    assert.deepEqual(errorOf(verifySigV4({ ...request, method: 'PUT' }, options('query'))).code, 'SignatureDoesNotMatch');
    assert.equal(errorOf(verifySigV4({ ...request, method: 'PUT' }, options('query'))).httpStatus, 403);
    assert.deepEqual(errorOf(verifySigV4(request, options('query', { lookupSecret: () => undefined }))), {
      code: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
      httpStatus: 403,
    });
    const expired = errorOf(verifySigV4(request, options('query', { now: new Date(SIGNED_AT.getTime() + 16 * MINUTE) })));
    assert.equal(expired.code, 'SignatureDoesNotMatch');
    assert.match(expired.message, /^Signature expired: 20240102T030405Z is now earlier than /);
    assert.deepEqual(errorOf(verifySigV4(withHeaders(request, { authorization: undefined }), options('query'))), {
      code: 'MissingAuthenticationToken',
      message: 'Request is missing Authentication Token',
      httpStatus: 403,
    });
  });

  it('answers a missing or incomplete Authorization as Kinesis does', async () => {
    const request = await kinesisPutRecord();
    assert.deepEqual(errorOf(verifySigV4(withHeaders(request, { authorization: undefined }), options('json'))), {
      code: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
      httpStatus: 400,
    });
    const header = 'AWS4-HMAC-SHA256 Credential=AKID/20240102/us-east-1/kinesis/aws4_request';
    const incomplete = errorOf(
      verifySigV4(withHeaders(request, { authorization: header, 'x-amz-date': undefined }), options('json')),
    );
    assert.deepEqual(incomplete, {
      code: 'IncompleteSignatureException',
      message:
        "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. " +
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=" + header,
      httpStatus: 400,
    });
  });

  it('requires the Host header to be signed', async () => {
    const request = await kinesisPutRecord();
    const header = (request.headers['authorization'] as string).replace('host;', '');
    const error = errorOf(verifySigV4(withHeaders(request, { authorization: header }), options('json')));
    assert.deepEqual(error, {
      code: 'InvalidSignatureException',
      message: "'Host' must be a 'SignedHeader' in the AWS Authorization.",
      httpStatus: 400,
    });
  });

  it('checks the scope against the expected region and service when asked', async () => {
    const request = await kinesisPutRecord();
    const error = errorOf(verifySigV4(request, options('json', { expectedRegion: 'eu-west-1', expectedService: 'firehose' })));
    assert.equal(error.code, 'InvalidSignatureException');
    assert.equal(
      error.message,
      "Credential should be scoped to a valid region, not 'us-east-1'. Credential should be scoped to correct service: 'firehose'.",
    );
  });

  it('accepts the x-amz-content-sha256 header a client signed when no body hash is given', async () => {
    const body = '{"StreamName":"clicks"}';
    const signed = await signer('kinesis', 'us-east-1').sign(
      {
        method: 'POST', protocol: 'http:', hostname: 'localhost', path: '/', query: {},
        headers: { host: 'localhost', 'x-amz-target': 'Kinesis_20131202.DescribeStream' }, body,
      },
      { signingDate: SIGNED_AT },
    );
    assertOk(verifySigV4(asReceived(signed as never), options('json')));
    assertOk(verifySigV4(asReceived(signed as never, sha256(body)), options('json')));
  });
});

describe('verifySigV4: S3 with a key that needs encoding', () => {
  it('accepts the path exactly as sent', async () => {
    const request = await s3GetObject();
    assert.equal(
      request.rawPath,
      '/lake-bucket/photos/2024%20summer/caf%C3%A9%2Bmenu~v1%20%28final%29%2A.jpg',
    );
    const result = assertOk(verifySigV4(request, options('s3')));
    assert.equal(result.service, 's3');
    assert.equal(result.region, 'eu-west-1');
  });

  it('accepts the same path when the client left safe characters or lower-case escapes raw', async () => {
    // Same bytes, spelled differently on the wire: the canonical form is what was signed.
    const request = await s3GetObject();
    const respelled = request.rawPath.replace('%28', '(').replace('%29', ')').replace('%C3%A9', '%c3%a9');
    assertOk(verifySigV4({ ...request, rawPath: respelled }, options('s3')));
  });

  it('refuses a changed key with SignatureDoesNotMatch and the S3 debugging fields', async () => {
    const request = await s3GetObject();
    const error = errorOf(verifySigV4({ ...request, rawPath: request.rawPath.replace('summer', 'winter') }, options('s3')));
    assert.equal(error.code, 'SignatureDoesNotMatch');
    assert.equal(error.httpStatus, 403);
    assert.equal(
      error.message,
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
    assert.equal(error.fields?.['AWSAccessKeyId'], AKID);
    assert.match(error.fields?.['CanonicalRequest'] ?? '', /^GET\n\/lake-bucket\/photos\/2024%20winter\//);
    assert.match(error.fields?.['StringToSign'] ?? '', /^AWS4-HMAC-SHA256\n20240102T030405Z\n20240102\/eu-west-1\/s3\/aws4_request\n[0-9a-f]{64}$/);
    assert.match(error.fields?.['StringToSignBytes'] ?? '', /^41 57 53 34 /);
  });

  it('does not normalise S3 paths: dot segments and double slashes are part of the key', async () => {
    const request = await s3GetObject();
    const error = errorOf(verifySigV4({ ...request, rawPath: request.rawPath.replace('/photos/', '/photos/./') }, options('s3')));
    assert.equal(error.code, 'SignatureDoesNotMatch');
  });

  it('refuses a changed header, an unknown key, a stale clock', async () => {
    const request = await s3GetObject();
    assert.equal(errorOf(verifySigV4(withHeaders(request, { range: 'bytes=0-999' }), options('s3'))).code, 'SignatureDoesNotMatch');
    assert.deepEqual(errorOf(verifySigV4(request, options('s3', { lookupSecret: () => undefined }))), {
      code: 'InvalidAccessKeyId',
      message: 'The AWS Access Key Id you provided does not exist in our records.',
      httpStatus: 403,
      fields: { AWSAccessKeyId: AKID },
    });
    assert.deepEqual(errorOf(verifySigV4(request, options('s3', { now: new Date(SIGNED_AT.getTime() + 20 * MINUTE) }))), {
      code: 'RequestTimeTooSkewed',
      message: 'The difference between the request time and the current time is too large.',
      httpStatus: 403,
      fields: { RequestTime: '20240102T030405Z', ServerTime: '2024-01-02T03:24:05Z', MaxAllowedSkewMilliseconds: '900000' },
    });
  });

  it('refuses an x-amz-date on another day as a malformed header', async () => {
    const request = await s3GetObject();
    const error = errorOf(
      verifySigV4(withHeaders(request, { 'x-amz-date': '20240103T000000Z' }), options('s3', { now: new Date('2024-01-03T00:00:00Z') })),
    );
    assert.deepEqual(error, {
      code: 'AuthorizationHeaderMalformed',
      message: 'The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.',
      httpStatus: 400,
    });
  });

  it('refuses a wrong region with the expected one named', async () => {
    const request = await s3GetObject();
    const error = errorOf(verifySigV4(request, options('s3', { expectedRegion: 'us-east-1' })));
    assert.deepEqual(error, {
      code: 'AuthorizationHeaderMalformed',
      message: "The authorization header is malformed; the region 'eu-west-1' is wrong; expecting 'us-east-1'",
      httpStatus: 400,
      fields: { Region: 'us-east-1' },
    });
  });

  it('requires x-amz-content-sha256 and refuses unsigned x-amz-* headers', async () => {
    const request = await s3GetObject();
    assert.equal(
      errorOf(verifySigV4(withHeaders(request, { 'x-amz-content-sha256': undefined }), options('s3'))).code,
      'InvalidRequest',
    );
    assert.deepEqual(errorOf(verifySigV4(withHeaders(request, { 'x-amz-acl': 'public-read' }), options('s3'))), {
      code: 'AccessDenied',
      message: 'There were headers present in the request which were not signed',
      httpStatus: 403,
      fields: { HeadersNotSigned: 'x-amz-acl' },
    });
  });

  it('answers anonymous and malformed requests as S3 does', async () => {
    const request = await s3GetObject();
    assert.deepEqual(errorOf(verifySigV4(withHeaders(request, { authorization: undefined }), options('s3'))), {
      code: 'AccessDenied',
      message: 'Access Denied',
      httpStatus: 403,
    });
    const malformed = errorOf(verifySigV4(withHeaders(request, { authorization: 'AWS4-HMAC-SHA256 Credential=x' }), options('s3')));
    assert.equal(malformed.code, 'AuthorizationHeaderMalformed');
    assert.equal(
      malformed.message,
      'The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.',
    );
    const v2 = errorOf(verifySigV4(withHeaders(request, { authorization: 'AWS AKID:c2lnbmF0dXJl' }), options('s3')));
    assert.equal(v2.code, 'InvalidRequest');
  });
});

describe('verifySigV4: S3 PUT with a signed payload', () => {
  async function putObject(body: string): Promise<SigV4Request> {
    const signed = await signer('s3', 'us-east-1', { uriEscapePath: false }).sign(
      {
        method: 'PUT', protocol: 'http:', hostname: 'localhost', path: '/b/k.json', query: {},
        headers: { host: 'localhost', 'content-type': 'application/json' }, body,
      },
      { signingDate: SIGNED_AT },
    );
    return asReceived(signed as never);
  }

  it('signs the claimed digest and catches a body that does not match it', async () => {
    const request = await putObject('{"a":1}');
    assert.equal(request.headers['x-amz-content-sha256'], sha256('{"a":1}'));
    assertOk(verifySigV4(request, options('s3')));
    assertOk(verifySigV4({ ...request, payloadHash: sha256('{"a":1}') }, options('s3')));
    assert.deepEqual(errorOf(verifySigV4({ ...request, payloadHash: sha256('{"a":2}') }, options('s3'))), {
      code: 'XAmzContentSHA256Mismatch',
      message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
      httpStatus: 400,
      fields: { ClientComputedContentSHA256: sha256('{"a":1}'), S3ComputedContentSHA256: sha256('{"a":2}') },
    });
  });
});

describe('verifySigV4: query-string requests', () => {
  it('accepts an S3 ListObjectsV2 whose parameters need encoding, in any order on the wire', async () => {
    const query = { 'list-type': '2', prefix: 'year=2024/month=01/a b+c~é', 'max-keys': '10', delimiter: '/' };
    const request = await s3GetObject(query);
    assert.match(request.rawQuery, /prefix=year%3D2024%2Fmonth%3D01%2Fa%20b%2Bc~%C3%A9/);
    assertOk(verifySigV4(request, options('s3')));
    const reversed = request.rawQuery.split('&').reverse().join('&');
    assertOk(verifySigV4({ ...request, rawQuery: reversed }, options('s3')));
    const tampered = request.rawQuery.replace('max-keys=10', 'max-keys=1000');
    assert.equal(errorOf(verifySigV4({ ...request, rawQuery: tampered }, options('s3'))).code, 'SignatureDoesNotMatch');
  });

  it('accepts an awsQuery GET (SNS style) and refuses a changed parameter', async () => {
    const query = { Action: 'ListTopics', Version: '2010-03-31', NextToken: 'a/b=c' };
    const signed = await signer('sns', 'us-east-1').sign(
      { method: 'GET', protocol: 'http:', hostname: 'localhost', path: '/', query, headers: { host: 'localhost' } },
      { signingDate: SIGNED_AT },
    );
    const request = asReceived(signed as never, sha256(''));
    assertOk(verifySigV4(request, options('query')));
    const error = errorOf(verifySigV4({ ...request, rawQuery: request.rawQuery.replace('ListTopics', 'DeleteTopic') }, options('query')));
    assert.equal(error.code, 'SignatureDoesNotMatch');
    assert.equal(error.httpStatus, 403);
  });

  it('double-encodes paths for non-S3 services', async () => {
    // A rest-json style path with an escaped character: the signer encodes it twice.
    const signed = await signer('glue', 'us-east-1').sign(
      { method: 'GET', protocol: 'http:', hostname: 'localhost', path: '/tables/my%20table', query: {}, headers: { host: 'localhost' } },
      { signingDate: SIGNED_AT },
    );
    assertOk(verifySigV4(asReceived(signed as never, sha256('')), options('json')));
  });
});

describe('verifySigV4: presigned S3 URLs', () => {
  async function presignedGet(expiresIn = 3600): Promise<SigV4Request> {
    const presigned = await signer('s3', 'us-east-1', { uriEscapePath: false }).presign(
      {
        method: 'GET', protocol: 'http:', hostname: 'localhost', port: 4566,
        path: '/lake-bucket/' + encodeKeyPath(S3_KEY),
        query: { 'x-id': 'GetObject' },
        // The S3 presigner signs UNSIGNED-PAYLOAD and hoists it into the query.
        headers: { host: 'localhost:4566', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      },
      { signingDate: SIGNED_AT, expiresIn },
    );
    return asReceived(presigned as never);
  }

  it('accepts the URL within its lifetime', async () => {
    const request = await presignedGet();
    assert.match(request.rawQuery, /X-Amz-Expires=3600/);
    const result = assertOk(verifySigV4(request, options('s3', { now: new Date(SIGNED_AT.getTime() + 59 * MINUTE) })));
    assert.equal(result.presigned, true);
  });

  it('refuses it once expired, with the S3 fields', async () => {
    const request = await presignedGet(600);
    const error = errorOf(verifySigV4(request, options('s3', { now: new Date(SIGNED_AT.getTime() + 10 * MINUTE + 1000) })));
    assert.deepEqual(error, {
      code: 'AccessDenied',
      message: 'Request has expired',
      httpStatus: 403,
      fields: { 'X-Amz-Expires': '600', Expires: '2024-01-02T03:14:05Z', ServerTime: '2024-01-02T03:14:06Z' },
    });
  });

  it('refuses a URL dated in the future', async () => {
    const request = await presignedGet();
    const error = errorOf(verifySigV4(request, options('s3', { now: new Date(SIGNED_AT.getTime() - 20 * MINUTE) })));
    assert.equal(error.code, 'AccessDenied');
    assert.equal(error.message, 'Request is not yet valid');
  });

  it('refuses changed parameters, a wrong secret, and a lifetime over a week', async () => {
    const request = await presignedGet();
    const longer = { ...request, rawQuery: request.rawQuery.replace('X-Amz-Expires=3600', 'X-Amz-Expires=7200') };
    assert.equal(errorOf(verifySigV4(longer, options('s3'))).code, 'SignatureDoesNotMatch');
    assert.equal(errorOf(verifySigV4({ ...request, rawPath: '/lake-bucket/other' }, options('s3'))).code, 'SignatureDoesNotMatch');
    assert.equal(errorOf(verifySigV4(request, options('s3', { lookupSecret: () => 'other' }))).code, 'SignatureDoesNotMatch');
    const tooLong = { ...request, rawQuery: request.rawQuery.replace('X-Amz-Expires=3600', 'X-Amz-Expires=604801') };
    assert.deepEqual(errorOf(verifySigV4(tooLong, options('s3'))), {
      code: 'AuthorizationQueryParametersError',
      message:
        'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
      httpStatus: 400,
    });
    const noExpires = { ...request, rawQuery: request.rawQuery.replace(/X-Amz-Expires=3600&?/, '') };
    assert.equal(errorOf(verifySigV4(noExpires, options('s3'))).code, 'AuthorizationQueryParametersError');
  });

  it('refuses a request that carries both a header and a query signature', async () => {
    const request = await presignedGet();
    const error = errorOf(
      verifySigV4(withHeaders(request, { authorization: 'AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=x' }), options('s3')),
    );
    assert.equal(error.code, 'InvalidArgument');
    assert.match(error.message, /^Only one auth mechanism allowed/);
  });
});

describe('verifySigV4: AWS documentation vectors', () => {
  const docSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const docOptions = (now: string): VerifySigV4Options => ({
    flavor: 's3',
    now: new Date(now),
    lookupSecret: (id) => (id === 'AKIAIOSFODNN7EXAMPLE' ? docSecret : undefined),
  });

  it('GET Object with a Range header (S3 "Examples: Signature Calculations")', () => {
    const result = verifySigV4(
      {
        method: 'GET',
        rawPath: '/test.txt',
        rawQuery: '',
        headers: {
          host: 'examplebucket.s3.amazonaws.com',
          range: 'bytes=0-9',
          'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
          'x-amz-date': '20130524T000000Z',
          authorization:
            'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
            'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,' +
            'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
        },
      },
      docOptions('2013-05-24T00:05:00Z'),
    );
    assertOk(result);
  });

  it('presigned GET (S3 "Authenticating Requests: Using Query Parameters")', () => {
    const result = verifySigV4(
      {
        method: 'GET',
        rawPath: '/test.txt',
        rawQuery:
          'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request' +
          '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host' +
          '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
        headers: { host: 'examplebucket.s3.amazonaws.com' },
      },
      docOptions('2013-05-24T12:00:00Z'),
    );
    assertOk(result);
  });
});

describe('SigningKeyCache', () => {
  it('derives once per (secret, date, region, service) and evicts the oldest', () => {
    const cache = new SigningKeyCache(2);
    const a = cache.get('s', '20240101', 'us-east-1', 'kinesis');
    assert.equal(cache.get('s', '20240101', 'us-east-1', 'kinesis'), a, 'second lookup reuses the same key');
    assert.deepEqual(a, deriveSigningKey('s', '20240101', 'us-east-1', 'kinesis'));
    cache.get('s', '20240102', 'us-east-1', 'kinesis');
    cache.get('s', '20240103', 'us-east-1', 'kinesis');
    assert.equal(cache.size, 2);
    assert.notEqual(cache.get('s', '20240101', 'us-east-1', 'kinesis'), a, 'the oldest entry was evicted');
  });

  it('matches the signing key in the AWS documentation example', () => {
    // From "Examples of how to derive a signing key for Signature Version 4".
    const key = deriveSigningKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20120215', 'us-east-1', 'iam');
    assert.equal(key.toString('hex'), 'f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d');
  });
});
