import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import type { EdgeRequest } from '../wire/EdgeRequest.js';
import { bucketFromHost, isBrowserPageRequest, requestTarget } from './requestTarget.js';

function req(method: string, rawPath: string, headers: Record<string, string> = {}, rawQuery = ''): EdgeRequest {
  return {
    requestId: 'r',
    method,
    rawPath,
    rawQuery,
    headers,
    receivedAtMs: 0,
    body: new PassThrough(),
    readBody: () => Promise.resolve(Buffer.alloc(0)),
  };
}

describe('requestTarget', () => {
  it('reads path-style bucket and key, percent-decoded, + kept', () => {
    assert.deepEqual(requestTarget(req('GET', '/')), { kind: 'service', resource: '/' });
    assert.deepEqual(requestTarget(req('GET', '/b')), { kind: 'bucket', bucket: 'b', resource: '/b' });
    assert.deepEqual(requestTarget(req('GET', '/b/')), { kind: 'bucket', bucket: 'b', resource: '/b' });
    const t = requestTarget(req('GET', '/b/a%20b/c+d%25e/%E6%97%A5'));
    assert.equal(t.kind, 'object');
    assert.equal(t.key, 'a b/c+d%e/日');
    assert.equal(requestTarget(req('GET', '/b//lead')).key, '/lead');
  });

  it('reads the bucket from a virtual-host style Host', () => {
    assert.equal(bucketFromHost('photos.localhost:4566'), 'photos');
    assert.equal(bucketFromHost('photos.s3.localhost'), 'photos');
    assert.equal(bucketFromHost('my.dotted.bucket.s3.eu-west-1.amazonaws.com'), 'my.dotted.bucket');
    assert.equal(bucketFromHost('s3.localhost:4566'), undefined);
    assert.equal(bucketFromHost('localhost:4566'), undefined);
    assert.equal(bucketFromHost('127.0.0.1:4566'), undefined);
    assert.equal(bucketFromHost('[::1]:4566'), undefined);
    const t = requestTarget(req('PUT', '/k%2By', { host: 'photos.localhost:4566' }));
    assert.deepEqual(t, { kind: 'object', bucket: 'photos', key: 'k+y', resource: '/photos/k+y' });
  });

  it('refuses a path that is not valid percent-encoding', () => {
    assert.throws(() => requestTarget(req('GET', '/b/%E6%97')), /Couldn't parse/);
  });
});

describe('isBrowserPageRequest', () => {
  it('is a GET for HTML without any sign of an S3 client', () => {
    assert.equal(isBrowserPageRequest(req('GET', '/', { accept: 'text/html,*/*' })), true);
    assert.equal(isBrowserPageRequest(req('GET', '/', { accept: '*/*' })), false);
    assert.equal(isBrowserPageRequest(req('HEAD', '/', { accept: 'text/html' })), false);
    assert.equal(isBrowserPageRequest(req('GET', '/', { accept: 'text/html', authorization: 'AWS4-HMAC-SHA256 x' })), false);
    assert.equal(isBrowserPageRequest(req('GET', '/', { accept: 'text/html', 'x-amz-date': '20240101T000000Z' })), false);
    assert.equal(isBrowserPageRequest(req('GET', '/b/k', { accept: 'text/html' }, 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=00')), false);
  });
});
