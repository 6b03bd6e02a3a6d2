// awsQuery edge cases over raw HTTP against a real server that requires SigV4: presigned GET
// requests, signed POSTs without a content type, oversized bodies, unknown actions, list
// indexes with gaps, repeated parameters, request ids.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../../src/aws/wire/sigv4/testKit.js';
import { TEST_CREDENTIALS } from '../helpers/awsCli.js';
import { startServer, type InProcessServer } from '../helpers/server.js';

let server: InProcessServer;
const signer = (service = 'sns') =>
  new SignatureV4({ service, region: 'eu-west-1', sha256: NodeSha256, credentials: TEST_CREDENTIALS, uriEscapePath: true, applyChecksum: true });

before(async () => {
  server = await startServer(
    [
      'region: eu-west-1',
      'server: { maxRequestBodyMiB: 1 }',
      'auth:',
      '  credentials:',
      `    - accessKeyId: ${TEST_CREDENTIALS.accessKeyId}`,
      `      secretAccessKey: ${TEST_CREDENTIALS.secretAccessKey}`,
    ].join('\n'),
  );
});
after(() => server.stop());

/** A POST signed as the SDK signs it; `contentType: null` leaves the header out. */
async function signedPost(body: string, contentType: string | null = 'application/x-www-form-urlencoded', service = 'sns'): Promise<Response> {
  const url = new URL(server.url);
  const headers: Record<string, string> = { host: url.host };
  if (contentType) headers['content-type'] = contentType;
  const signed = await signer(service).sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers, body });
  return fetch(`${server.url}/`, { method: 'POST', headers: signed.headers as Record<string, string>, body });
}

describe('awsQuery over raw HTTP (SigV4 required)', () => {
  it('serves presigned GET requests (query-string SigV4)', async () => {
    const url = new URL(server.url);
    const query = { Action: 'CreateTopic', Version: '2010-03-31', Name: 'presigned' };
    const presigned = await signer().presign({ method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', query, headers: { host: url.host } }, { expiresIn: 300 });
    const qs = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const r = await fetch(`${server.url}/?${qs}`);
    assert.equal(r.status, 200, await r.clone().text());
    assert.match(await r.text(), /<TopicArn>arn:aws:sns:eu-west-1:000000000000:presigned<\/TopicArn>/);
  });

  it('routes a signed POST by its credential scope, content type or not; refuses one signed for another service', async () => {
    const r = await signedPost('Action=ListTopics&Version=2010-03-31', null);
    assert.equal(r.status, 200);
    assert.match(await r.text(), /^<ListTopicsResponse /);
    // Signed for a service Lakehose does not serve over awsQuery: not SNS's to answer.
    const other = await signedPost('Action=GetCallerIdentity&Version=2011-06-15', 'application/x-www-form-urlencoded', 'sts');
    assert.notEqual(other.status, 200);
    assert.doesNotMatch(await other.text(), /GetCallerIdentityResponse/);
  });

  it('answers errors in XML with the request id the header carries', async () => {
    const r = await signedPost('Action=DescribeEverything&Version=2010-03-31');
    assert.equal(r.status, 400);
    assert.equal(r.headers.get('content-type'), 'text/xml');
    const text = await r.text();
    assert.match(text, /^<ErrorResponse xmlns="http:\/\/sns.amazonaws.com\/doc\/2010-03-31\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/);
    assert.equal(/<RequestId>([^<]+)<\/RequestId>/.exec(text)![1], r.headers.get('x-amzn-requestid'));
    const unsigned = await fetch(`${server.url}/`, { method: 'POST', body: 'Action=ListTopics', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(unsigned.status, 403);
    assert.match(await unsigned.text(), /<Code>MissingAuthenticationToken<\/Code>/);
  });

  it('refuses bodies over the limit with 413', async () => {
    const r = await signedPost(`Action=Publish&Version=2010-03-31&TopicArn=x&Message=${'a'.repeat(1024 * 1024 + 10)}`);
    assert.equal(r.status, 413);
    assert.match(await r.text(), /<Code>RequestEntityTooLarge<\/Code>/);
  });

  it('reads list items in index order despite gaps; a repeated parameter takes its last value; unknown ones are ignored', async () => {
    await signedPost('Action=CreateTopic&Version=2010-03-31&Name=tagged');
    const arn = encodeURIComponent('arn:aws:sns:eu-west-1:000000000000:tagged');
    const tag = await signedPost(`Action=TagResource&Version=2010-03-31&ResourceArn=${arn}&Tags.member.7.Key=b&Tags.member.7.Value=2&Tags.member.2.Key=a&Tags.member.2.Value=1&Colour=blue`);
    assert.equal(tag.status, 200, await tag.clone().text());
    const listed = await (await signedPost(`Action=ListTagsForResource&Version=2010-03-31&ResourceArn=${arn}`)).text();
    assert.match(listed, /<Tags><member><Key>a<\/Key><Value>1<\/Value><\/member><member><Key>b<\/Key><Value>2<\/Value><\/member><\/Tags>/);
    const renamed = await (await signedPost('Action=CreateTopic&Version=2010-03-31&Name=first&Name=second')).text();
    assert.match(renamed, /:second<\/TopicArn>/);
  });

  it('reports a missing required parameter and a value that is not a boolean as ValidationError', async () => {
    const r = await signedPost('Action=Subscribe&Version=2010-03-31&Protocol=http');
    assert.equal(r.status, 400);
    assert.match(await r.text(), /<Code>ValidationError<\/Code><Message>1 validation error detected: Value null at &apos;topicArn&apos; failed to satisfy constraint: Member must not be null<\/Message>/);
    const bool = await signedPost('Action=Subscribe&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aeu-west-1%3A000000000000%3Atagged&Protocol=lambda&Endpoint=x&ReturnSubscriptionArn=perhaps');
    assert.equal(bool.status, 400);
    assert.match(await bool.text(), /<Code>ValidationError<\/Code><Message>[^<]*Value &apos;perhaps&apos; at &apos;returnSubscriptionArn&apos;/);
  });
});
