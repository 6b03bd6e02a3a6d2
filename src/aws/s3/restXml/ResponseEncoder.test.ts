import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { s3Model } from '../../models/s3.js';
import { RequestDecoder } from './RequestDecoder.js';
import { ResponseEncoder } from './ResponseEncoder.js';

const encoder = new ResponseEncoder(s3Model);
const decoder = new RequestDecoder(s3Model);
const op = (name: string) => s3Model.operations[name]!;

describe('ResponseEncoder', () => {
  it('writes document outputs under S3\'s root element, with flattened and wrapped lists', () => {
    const r = encoder.encode(op('ListBuckets'), {
      Owner: { ID: 'abc', DisplayName: 'me' },
      Buckets: [{ Name: 'b1', CreationDate: new Date('2024-01-02T03:04:05Z') }],
    });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/xml');
    assert.match(
      String(r.body),
      /<ListAllMyBucketsResult xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/"><Buckets><Bucket><Name>b1<\/Name><CreationDate>2024-01-02T03:04:05.000Z<\/CreationDate><\/Bucket><\/Buckets><Owner><DisplayName>me<\/DisplayName><ID>abc<\/ID><\/Owner><\/ListAllMyBucketsResult>$/,
    );
    const list = encoder.encode(op('ListObjectsV2'), { Name: 'b', Contents: [{ Key: 'a' }, { Key: 'b' }], CommonPrefixes: [{ Prefix: 'p/' }], KeyCount: 3 });
    assert.match(String(list.body), /<Contents><Key>a<\/Key><\/Contents><Contents><Key>b<\/Key><\/Contents>/);
    assert.match(String(list.body), /<CommonPrefixes><Prefix>p\/<\/Prefix><\/CommonPrefixes>/);
  });

  it('puts header members in headers, dates in RFC 1123, metadata under its prefix, non-Latin-1 as encoded words', () => {
    const r = encoder.encode(op('HeadObject'), {
      ETag: '"e"',
      ContentLength: 3,
      LastModified: new Date('2024-01-02T03:04:05Z'),
      Metadata: { Owner: 'ana', city: 'Zürich', emoji: '😀' },
    });
    assert.equal(r.body, undefined);
    assert.equal(r.headers['etag'], '"e"');
    assert.equal(r.headers['content-length'], '3');
    assert.equal(r.headers['last-modified'], 'Tue, 02 Jan 2024 03:04:05 GMT');
    assert.equal(r.headers['x-amz-meta-owner'], 'ana');
    assert.equal(r.headers['x-amz-meta-city'], 'Zürich');
    assert.equal(r.headers['x-amz-meta-emoji'], `=?UTF-8?B?${Buffer.from('😀').toString('base64')}?=`);
  });

  it('writes payload structures under their own name and XML attributes with their namespace', () => {
    const copy = encoder.encode(op('CopyObject'), { CopyObjectResult: { ETag: '"e"' } });
    assert.match(String(copy.body), /<CopyObjectResult xmlns="[^"]+"><ETag>&quot;e&quot;<\/ETag><\/CopyObjectResult>$/);
    const acl = encoder.encode(op('GetBucketAcl'), { Grants: [{ Grantee: { ID: 'x', Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' }] });
    assert.match(
      String(acl.body),
      /<AccessControlList><Grant><Grantee xmlns:xsi="http:\/\/www.w3.org\/2001\/XMLSchema-instance" xsi:type="CanonicalUser"><ID>x<\/ID><\/Grantee><Permission>FULL_CONTROL<\/Permission><\/Grant><\/AccessControlList>/,
    );
  });

  it('answers with the operation\'s status code and no body for empty outputs', () => {
    const r = encoder.encode(op('DeleteObject'), {});
    assert.equal(r.status, 204);
    assert.equal(r.body, undefined);
  });
});

describe('RequestDecoder', () => {
  it('reads URI, header, prefixed-header and query members by the model', () => {
    const input = decoder.decode(op('PutObject'), {
      bucket: 'b',
      key: 'k/1',
      query: new Map(),
      headers: { 'content-type': 'text/plain', 'content-length': '5', 'x-amz-meta-a': '1', 'x-amz-meta-b-c': '2' },
    });
    assert.deepEqual(input, { Bucket: 'b', Key: 'k/1', ContentType: 'text/plain', ContentLength: 5, Metadata: { a: '1', 'b-c': '2' } });
    const list = decoder.decode(op('ListObjectsV2'), { bucket: 'b', key: undefined, query: new Map([['max-keys', '7'], ['fetch-owner', 'true']]), headers: {} });
    assert.deepEqual(list, { Bucket: 'b', MaxKeys: 7, FetchOwner: true });
    const get = decoder.decode(op('GetObject'), { bucket: 'b', key: 'k', query: new Map(), headers: { 'if-modified-since': 'Tue, 02 Jan 2024 03:04:05 GMT' } });
    assert.deepEqual(get.IfModifiedSince, new Date('2024-01-02T03:04:05Z'));
  });

  it('refuses an integer that is not one with InvalidArgument', () => {
    assert.throws(
      () => decoder.decode(op('ListObjectsV2'), { bucket: 'b', key: undefined, query: new Map([['max-keys', 'ten']]), headers: {} }),
      (e: Error & { code?: string }) => e.code === 'InvalidArgument',
    );
  });

  it('reads XML payloads by their shape (flattened lists, booleans, numbers)', () => {
    const payload = decoder.payloadOf(op('DeleteObjects'))!;
    const value = decoder.decodeXmlPayload(payload.ref, Buffer.from('<Delete><Object><Key>a</Key></Object><Object><Key>b c</Key></Object><Quiet>true</Quiet></Delete>'));
    assert.deepEqual(value, { Objects: [{ Key: 'a' }, { Key: 'b c' }], Quiet: true });
    const complete = decoder.payloadOf(op('CompleteMultipartUpload'))!;
    assert.deepEqual(
      decoder.decodeXmlPayload(complete.ref, Buffer.from('<CompleteMultipartUpload><Part><ETag>"e1"</ETag><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>')),
      { Parts: [{ ETag: '"e1"', PartNumber: 1 }] },
    );
    assert.equal(decoder.decodeXmlPayload(complete.ref, Buffer.from('  ')), undefined);
    assert.throws(() => decoder.decodeXmlPayload(complete.ref, Buffer.from('<oops')), (e: Error & { code?: string }) => e.code === 'MalformedXML');
  });
});
