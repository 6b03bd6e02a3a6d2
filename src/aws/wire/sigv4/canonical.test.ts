import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canonicalHeaders,
  canonicalizeComponent,
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  parseQuery,
} from './canonical.js';
import { sha256Hex } from './payloadHash.js';
import { verifySigV4 } from './verifySigV4.js';

describe('canonicalizeComponent', () => {
  it('returns an already canonical component unchanged', () => {
    const text = '/bucket/a%20b/%C3%A9~x_y-z.json';
    assert.equal(canonicalizeComponent(text, true), text);
  });

  it('brings other spellings of the same bytes to the canonical one', () => {
    assert.equal(canonicalizeComponent('%c3%a9', true), '%C3%A9');
    assert.equal(canonicalizeComponent('a(b)*!', true), 'a%28b%29%2A%21');
    assert.equal(canonicalizeComponent('%7E%41', true), '~A', 'unreserved bytes are written plainly');
    assert.equal(canonicalizeComponent('a+b', false), 'a%2Bb', 'a plus sign is a plus sign, not a space');
    assert.equal(canonicalizeComponent('é', true), '%C3%A9', 'literal non-ASCII goes out as UTF-8');
    assert.equal(canonicalizeComponent('😀', true), '%F0%9F%98%80');
  });

  it('keeps an escaped slash escaped, and encodes literal slashes outside paths', () => {
    assert.equal(canonicalizeComponent('/a%2Fb/c', true), '/a%2Fb/c');
    assert.equal(canonicalizeComponent('a/b', false), 'a%2Fb');
  });

  it('encodes a percent sign that starts no escape', () => {
    assert.equal(canonicalizeComponent('100%', false), '100%25');
    assert.equal(canonicalizeComponent('%zz%4', false), '%25zz%254');
  });
});

describe('canonicalUri', () => {
  it('keeps S3 paths as sent, dot segments and double slashes included', () => {
    assert.equal(canonicalUri('/b/./a//c/../d', 's3'), '/b/./a//c/../d');
    assert.equal(canonicalUri('', 's3'), '/');
  });

  it('normalises other services\' paths and encodes them twice', () => {
    assert.equal(canonicalUri('/a/./b/../c//d/', 'json'), '/a/c/d/');
    assert.equal(canonicalUri('/functions/my%20fn/invocations', 'json'), '/functions/my%2520fn/invocations');
    assert.equal(canonicalUri('/x/..', 'query'), '/');
    assert.equal(canonicalUri('/', 'json'), '/');
  });
});

describe('canonicalQuery', () => {
  it('sorts by encoded name, then value, and gives bare names an empty value', () => {
    const pairs = parseQuery('b=2&a=2&a=1&uploads&&c=x%2Fy');
    assert.equal(canonicalQuery(pairs), 'a=1&a=2&b=2&c=x%2Fy&uploads=');
  });

  it('leaves out the signature of a presigned URL', () => {
    assert.equal(canonicalQuery(parseQuery('X-Amz-Signature=abc&X-Amz-Date=1'), 'X-Amz-Signature'), 'X-Amz-Date=1');
  });

  it('sorts by byte order: upper case before lower case', () => {
    assert.equal(canonicalQuery(parseQuery('a=1&B=2&_=3')), 'B=2&_=3&a=1');
  });
});

describe('canonicalHeaders', () => {
  it('trims values, collapses inner runs of spaces and joins repeated headers with commas', () => {
    const headers = { 'x-a': '  one   two ', 'x-b': ['1', ' 2 '], host: 'h' };
    assert.equal(canonicalHeaders(headers, ['host', 'x-a', 'x-b', 'x-missing']), 'host:h\nx-a:one two\nx-b:1,2\nx-missing:\n');
  });

  it('takes the signed Host from :authority on HTTP/2', () => {
    assert.equal(canonicalHeaders({ ':authority': 'localhost:4566', 'x-a': '1' }, ['host', 'x-a']), 'host:localhost:4566\nx-a:1\n');
  });
});

describe('the AWS documentation example (IAM ListUsers)', () => {
  // "Create a canonical request" / "Create a string to sign" walk-through, GET iam ListUsers.
  const headers = {
    host: 'iam.amazonaws.com',
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    'x-amz-date': '20150830T123600Z',
  };

  it('builds the documented canonical request', () => {
    const creq = canonicalRequest(
      'GET',
      canonicalUri('/', 'query'),
      canonicalQuery(parseQuery('Action=ListUsers&Version=2010-05-08')),
      headers,
      ['content-type', 'host', 'x-amz-date'],
      sha256Hex(''),
    );
    assert.equal(sha256Hex(creq), 'f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59');
  });

  it('verifies the documented signature', () => {
    const result = verifySigV4(
      {
        method: 'GET',
        rawPath: '/',
        rawQuery: 'Action=ListUsers&Version=2010-05-08',
        payloadHash: sha256Hex(''),
        headers: {
          ...headers,
          authorization:
            'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, ' +
            'SignedHeaders=content-type;host;x-amz-date, ' +
            'Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
        },
      },
      {
        flavor: 'query',
        now: new Date('2015-08-30T12:40:00Z'),
        lookupSecret: () => 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      },
    );
    assert.ok(result.ok, JSON.stringify(result));
  });
});
