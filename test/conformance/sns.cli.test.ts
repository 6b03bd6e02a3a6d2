// SNS through the real AWS CLI v1 and v2 (awsQuery, SigV4-signed: the server requires signatures here).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, HttpSubscriber } from '../../src/engines/topics/testKit.js';
import { aws, cliBinary, TEST_CREDENTIALS, type CliVersion } from '../helpers/awsCli.js';
import { startServer, type InProcessServer } from '../helpers/server.js';

let server: InProcessServer;
let endpoint: HttpSubscriber;

before(async () => {
  server = await startServer(
    ['region: eu-west-1', 'auth:', '  credentials:', `    - accessKeyId: ${TEST_CREDENTIALS.accessKeyId}`, `      secretAccessKey: ${TEST_CREDENTIALS.secretAccessKey}`].join('\n'),
  );
  endpoint = await HttpSubscriber.start();
});

after(async () => {
  await endpoint.stop();
  await server.stop();
});

for (const version of [1, 2] as CliVersion[]) {
  describe(`SNS with AWS CLI v${version}`, { skip: cliBinary(version) === undefined }, () => {
    const name = `cli-v${version}`;
    const topicArn = `arn:aws:sns:eu-west-1:000000000000:${name}`;
    const run = (...args: string[]) => aws(version, server.url, ['sns', ...args]);
    /** The exit status for an error the service answered: 255 in CLI v1, 254 in v2. */
    const serviceErrorExit = version === 1 ? 255 : 254;

    it('create-topic, subscribe (http), confirm, list-subscriptions-by-topic', async () => {
      const created = await run('create-topic', '--name', name, '--attributes', 'DisplayName=CLI', '--tags', 'Key=made-by,Value=cli');
      assert.equal(created.code, 0, created.stderr);
      assert.equal(created.json().TopicArn, topicArn);

      const sub = await run('subscribe', '--topic-arn', topicArn, '--protocol', 'http', '--notification-endpoint', `${endpoint.url}/${name}`);
      assert.equal(sub.code, 0, sub.stderr);
      assert.equal(sub.json().SubscriptionArn, 'pending confirmation');
      const request = await eventually(() => endpoint.confirmations().find((c) => c.json?.TopicArn === topicArn), 'the confirmation request');
      const confirmed = await run('confirm-subscription', '--topic-arn', topicArn, '--token', String(request.json!.Token));
      assert.equal(confirmed.code, 0, confirmed.stderr);
      const arn = String(confirmed.json().SubscriptionArn);
      assert.match(arn, new RegExp(`^${topicArn}:[0-9a-f-]{36}$`));

      const listed = await run('list-subscriptions-by-topic', '--topic-arn', topicArn);
      assert.equal(listed.code, 0, listed.stderr);
      assert.deepEqual(listed.json().Subscriptions, [{ SubscriptionArn: arn, Owner: '000000000000', Protocol: 'http', Endpoint: `${endpoint.url}/${name}`, TopicArn: topicArn }]);
    });

    it('set-subscription-attributes (FilterPolicy) and publish with message attributes', async () => {
      const arn = String((await run('list-subscriptions-by-topic', '--topic-arn', topicArn)).json<{ Subscriptions: Array<{ SubscriptionArn: string }> }>().Subscriptions[0]!.SubscriptionArn);
      const set = await run('set-subscription-attributes', '--subscription-arn', arn, '--attribute-name', 'FilterPolicy', '--attribute-value', '{"level":["critical"]}');
      assert.equal(set.code, 0, set.stderr);
      const attrs = await run('get-subscription-attributes', '--subscription-arn', arn);
      assert.equal(attrs.json<{ Attributes: Record<string, string> }>().Attributes.FilterPolicy, '{"level":["critical"]}');
      assert.equal(attrs.json<{ Attributes: Record<string, string> }>().Attributes.FilterPolicyScope, 'MessageAttributes');

      const skipped = await run('publish', '--topic-arn', topicArn, '--message', 'just info', '--message-attributes', '{"level":{"DataType":"String","StringValue":"info"}}');
      assert.equal(skipped.code, 0, skipped.stderr);
      const sent = await run('publish', '--topic-arn', topicArn, '--subject', 'Disk full', '--message', 'disk is full é', '--message-attributes', '{"level":{"DataType":"String","StringValue":"critical"}}');
      assert.equal(sent.code, 0, sent.stderr);
      const messageId = String(sent.json().MessageId);
      const got = await eventually(() => endpoint.notifications().find((n) => n.json?.MessageId === messageId), 'the critical notification');
      assert.equal(got.json!.Message, 'disk is full é');
      assert.equal(got.json!.Subject, 'Disk full');
      assert.equal(endpoint.notifications().some((n) => n.json?.Message === 'just info' && n.json.TopicArn === topicArn), false, 'filtered out');
    });

    it('reports NotFound, InvalidParameter and ParameterValueInvalid as AWS does', async () => {
      const missing = await run('publish', '--topic-arn', `${topicArn}-missing`, '--message', 'm');
      assert.equal(missing.code, serviceErrorExit);
      assert.match(missing.stderr, /An error occurred \(NotFound\) when calling the Publish operation.*: Topic does not exist/);
      const badProtocol = await run('subscribe', '--topic-arn', topicArn, '--protocol', 'fax', '--notification-endpoint', 'x');
      assert.equal(badProtocol.code, serviceErrorExit);
      assert.match(badProtocol.stderr, /\(InvalidParameter\) when calling the Subscribe operation.*: Invalid parameter: Amazon SNS does not support this protocol string: fax/);
      const badPolicy = await run('set-subscription-attributes', '--subscription-arn', `${topicArn}:00000000-0000-0000-0000-000000000000`, '--attribute-name', 'FilterPolicy', '--attribute-value', '{}');
      assert.equal(badPolicy.code, serviceErrorExit);
      assert.match(badPolicy.stderr, /\(NotFound\)/);
      const badType = await run('publish', '--topic-arn', topicArn, '--message', 'm', '--message-attributes', '{"n":{"DataType":"Number","StringValue":"NaNish"}}');
      assert.equal(badType.code, serviceErrorExit);
      assert.match(badType.stderr, /\(ParameterValueInvalid\)/);
    });

    it('refuses unsigned and wrongly signed requests when credentials are configured', async () => {
      const wrong = await aws(version, server.url, ['sns', 'list-topics'], { AWS_SECRET_ACCESS_KEY: 'not-the-secret' });
      assert.equal(wrong.code, serviceErrorExit);
      assert.match(wrong.stderr, /\(SignatureDoesNotMatch\)/);
      const unsigned = await fetch(`${server.url}/?Action=ListTopics&Version=2010-03-31`);
      assert.equal(unsigned.status, 403);
      assert.match(await unsigned.text(), /<Code>MissingAuthenticationToken<\/Code>/);
    });

    it('list-topics and delete-topic', async () => {
      const topics = await run('list-topics');
      assert.ok(topics.json<{ Topics: Array<{ TopicArn: string }> }>().Topics.some((t) => t.TopicArn === topicArn));
      assert.equal((await run('delete-topic', '--topic-arn', topicArn)).code, 0);
      const gone = await run('get-topic-attributes', '--topic-arn', topicArn);
      assert.match(gone.stderr, /\(NotFound\)/);
    });
  });
}
