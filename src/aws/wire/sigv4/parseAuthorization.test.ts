import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFailureError } from './authErrors.js';
import { parseAuthorization } from './parseAuthorization.js';
import type { AuthorizationParseFailure, ParseAuthorizationResult, ParsedAuthorization } from './types.js';

const HEADER =
  'AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/kinesis/aws4_request, ' +
  'SignedHeaders=Host;X-Amz-Date;x-amz-target, Signature=abc123';

function parsed(result: ParseAuthorizationResult): ParsedAuthorization {
  if (!result.ok) assert.fail(`not parsed: ${JSON.stringify(result.failure)}`);
  return result.auth;
}

function failure(result: ParseAuthorizationResult): AuthorizationParseFailure {
  assert.equal(result.ok, false);
  return (result as Extract<ParseAuthorizationResult, { ok: false }>).failure;
}

describe('parseAuthorization: the Authorization header', () => {
  it('reads the credential scope, signed headers and signature', () => {
    const auth = parsed(parseAuthorization({ authorization: HEADER, 'x-amz-date': '20240101T101010Z' }, ''));
    assert.deepEqual(auth, {
      accessKeyId: 'AKID',
      date: '20240101',
      region: 'us-east-1',
      service: 'kinesis',
      terminator: 'aws4_request',
      scope: '20240101/us-east-1/kinesis/aws4_request',
      signedHeaders: ['host', 'x-amz-date', 'x-amz-target'],
      signature: 'abc123',
      presigned: false,
      amzDate: '20240101T101010Z',
      rawDate: '20240101T101010Z',
    });
  });

  it('accepts components without spaces and a Date header instead of X-Amz-Date', () => {
    const compact = HEADER.replaceAll(', ', ',');
    const auth = parsed(parseAuthorization({ authorization: compact, date: 'Mon, 01 Jan 2024 10:10:10 GMT' }, ''));
    assert.equal(auth.amzDate, '20240101T101010Z');
    assert.equal(auth.rawDate, 'Mon, 01 Jan 2024 10:10:10 GMT');
  });

  it('says what is missing', () => {
    assert.deepEqual(failure(parseAuthorization({}, '')), { kind: 'missing' });
    assert.deepEqual(failure(parseAuthorization({ authorization: 'AWS4-HMAC-SHA256 Signature=x' }, '')), {
      kind: 'missingComponents',
      presigned: false,
      missing: ['Credential', 'SignedHeaders'],
      missingDate: true,
      header: 'AWS4-HMAC-SHA256 Signature=x',
    });
  });

  it('refuses malformed parts', () => {
    const date = { 'x-amz-date': '20240101T101010Z' };
    assert.equal(failure(parseAuthorization({ authorization: HEADER.replace('SHA256', 'SHA512'), ...date }, '')).kind, 'unsupportedAlgorithm');
    assert.deepEqual(failure(parseAuthorization({ authorization: 'AWS AKID:sig', ...date }, '')), {
      kind: 'unsupportedAlgorithm',
      presigned: false,
      algorithm: 'AWS',
    });
    assert.equal(failure(parseAuthorization({ authorization: HEADER.replace('/aws4_request', ''), ...date }, '')).kind, 'malformedCredential');
    assert.deepEqual(failure(parseAuthorization({ authorization: HEADER, 'x-amz-date': '2024-01-01T10:10:10Z' }, '')), {
      kind: 'malformedDate',
      presigned: false,
      value: '2024-01-01T10:10:10Z',
    });
    assert.equal(failure(parseAuthorization({ authorization: HEADER, 'x-amz-date': '20240230T101010Z' }, '')).kind, 'malformedDate');
    assert.equal(failure(parseAuthorization({ authorization: HEADER + ', Bogus', ...date }, '')).kind, 'malformedComponent');
    assert.equal(failure(parseAuthorization({ authorization: HEADER, ...date }, 'X-Amz-Algorithm=AWS4-HMAC-SHA256')).kind, 'bothMechanisms');
  });
});

describe('parseAuthorization: presigned query parameters', () => {
  const query =
    'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20240101%2Feu-west-1%2Fs3%2Faws4_request' +
    '&X-Amz-Date=20240101T101010Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=abc&x-id=GetObject';

  it('reads the decoded parameters and keeps the raw pairs for the canonical query', () => {
    const auth = parsed(parseAuthorization({ host: 'h' }, query));
    assert.equal(auth.presigned, true);
    assert.equal(auth.accessKeyId, 'AKID');
    assert.equal(auth.region, 'eu-west-1');
    assert.equal(auth.service, 's3');
    assert.equal(auth.expiresSeconds, 300);
    assert.deepEqual(auth.signedHeaders, ['host']);
    assert.equal(auth.queryPairs?.length, 7);
  });

  it('names the missing parameters and refuses bad lifetimes', () => {
    assert.deepEqual(failure(parseAuthorization({}, 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20240101T101010Z')), {
      kind: 'missingComponents',
      presigned: true,
      missing: ['X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders'],
      missingDate: false,
    });
    assert.equal((failure(parseAuthorization({}, query.replace('Expires=300', 'Expires=-1'))) as { reason: string }).reason, 'negative');
    assert.equal((failure(parseAuthorization({}, query.replace('Expires=300', 'Expires=soon'))) as { reason: string }).reason, 'notANumber');
    assert.equal((failure(parseAuthorization({}, query.replace('Expires=300', 'Expires=604801'))) as { reason: string }).reason, 'tooLarge');
    assert.ok(parseAuthorization({}, query.replace('Expires=300', 'Expires=604800')).ok);
  });

  it('recognises an S3 SigV2 presigned URL as unsupported', () => {
    assert.deepEqual(failure(parseAuthorization({}, 'AWSAccessKeyId=AKID&Expires=1700000000&Signature=abc')), {
      kind: 'unsupportedAlgorithm',
      presigned: true,
      algorithm: 'AWS',
    });
  });
});

describe('parseFailureError: JSON services', () => {
  it('words each failure as DynamoDB and Kinesis do', () => {
    assert.deepEqual(parseFailureError({ kind: 'malformedDate', presigned: false, value: '201' }, 'json'), {
      code: 'IncompleteSignatureException',
      message: "Date must be in ISO-8601 'basic format'. Got '201'. See http://en.wikipedia.org/wiki/ISO_8601",
      httpStatus: 400,
    });
    assert.equal(
      parseFailureError({ kind: 'malformedCredential', presigned: false, credential: 'a/b/c/d' }, 'json').message,
      "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'a/b/c/d'",
    );
    assert.equal(
      parseFailureError({ kind: 'unsupportedAlgorithm', presigned: false, algorithm: 'AWS4-HMAC-SHA25' }, 'json').message,
      "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA25' (only AWS4-HMAC-SHA256 for now).",
    );
    assert.equal(
      parseFailureError({ kind: 'unsupportedAlgorithm', presigned: false, algorithm: 'Bearer' }, 'json').code,
      'MissingAuthenticationTokenException',
    );
    assert.equal(
      parseFailureError({ kind: 'missingComponents', presigned: true, missing: ['X-Amz-Date'], missingDate: false }, 'json').message,
      "AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.",
    );
  });
});
