import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { s3Model } from '../../models/s3.js';
import { OperationMatcher, type TargetKind } from './OperationMatcher.js';
import { parseQueryString } from './RequestDecoder.js';

const matcher = new OperationMatcher(s3Model);

function op(method: string, kind: TargetKind, query = '', headers: Record<string, string> = {}): string | undefined {
  return matcher.match(method, kind, parseQueryString(query), headers)?.name;
}

describe('OperationMatcher', () => {
  it('tells object writes apart by their query and headers', () => {
    const copy = { 'x-amz-copy-source': '/b/k' };
    assert.equal(op('PUT', 'object'), 'PutObject');
    assert.equal(op('PUT', 'object', 'x-id=PutObject'), 'PutObject');
    assert.equal(op('PUT', 'object', '', copy), 'CopyObject');
    assert.equal(op('PUT', 'object', 'partNumber=1&uploadId=u'), 'UploadPart');
    assert.equal(op('PUT', 'object', 'partNumber=1&uploadId=u', copy), 'UploadPartCopy');
    assert.equal(op('PUT', 'object', 'tagging'), 'PutObjectTagging');
  });

  it('tells reads, deletes and posts apart', () => {
    assert.equal(op('GET', 'object'), 'GetObject');
    assert.equal(op('GET', 'object', 'uploadId=u'), 'ListParts');
    assert.equal(op('HEAD', 'object'), 'HeadObject');
    assert.equal(op('DELETE', 'object'), 'DeleteObject');
    assert.equal(op('DELETE', 'object', 'uploadId=u'), 'AbortMultipartUpload');
    assert.equal(op('POST', 'object', 'uploads'), 'CreateMultipartUpload');
    assert.equal(op('POST', 'object', 'uploadId=u'), 'CompleteMultipartUpload');
    assert.equal(op('POST', 'bucket', 'delete'), 'DeleteObjects');
  });

  it('tells bucket operations apart, preferring current operations to deprecated twins', () => {
    assert.equal(op('GET', 'service'), 'ListBuckets');
    assert.equal(op('GET', 'bucket'), 'ListObjects');
    assert.equal(op('GET', 'bucket', 'list-type=2&prefix=a'), 'ListObjectsV2');
    assert.equal(op('GET', 'bucket', 'uploads'), 'ListMultipartUploads');
    assert.equal(op('GET', 'bucket', 'location'), 'GetBucketLocation');
    assert.equal(op('GET', 'bucket', 'lifecycle'), 'GetBucketLifecycleConfiguration');
    assert.equal(op('GET', 'bucket', 'notification'), 'GetBucketNotificationConfiguration');
    assert.equal(op('GET', 'bucket', 'analytics'), 'ListBucketAnalyticsConfigurations');
    assert.equal(op('GET', 'bucket', 'analytics&id=x'), 'GetBucketAnalyticsConfiguration');
    assert.equal(op('PUT', 'bucket'), 'CreateBucket');
    assert.equal(op('HEAD', 'bucket'), 'HeadBucket');
    assert.equal(op('DELETE', 'bucket'), 'DeleteBucket');
  });

  it('finds nothing for a method no operation takes', () => {
    assert.equal(op('PATCH', 'object'), undefined);
    assert.equal(op('DELETE', 'service'), undefined);
    assert.equal(matcher.allows('GET', 'object'), true);
    assert.equal(matcher.allows('PATCH', 'bucket'), false);
  });
});

describe('parseQueryString', () => {
  it('decodes names and values, + as a space, first value wins', () => {
    const q = parseQueryString('prefix=a%2Bb+c&delimiter=%2F&uploads&x=1&x=2');
    assert.equal(q.get('prefix'), 'a+b c');
    assert.equal(q.get('delimiter'), '/');
    assert.equal(q.get('uploads'), '');
    assert.equal(q.get('x'), '1');
  });
});
