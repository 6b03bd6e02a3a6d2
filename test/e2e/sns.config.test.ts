// Topics and subscriptions declared in lakehose.yaml: created at start, confirmed when the
// file says so, and brought in line with the file at the next start.

import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { GetSubscriptionAttributesCommand, GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, ListTagsForResourceCommand, SNSClient } from '@aws-sdk/client-sns';
import { HttpSubscriber } from '../../src/engines/topics/testKit.js';
import { TEST_CREDENTIALS } from '../helpers/awsCli.js';
import { startServer, tempDir } from '../helpers/server.js';

const TOPIC_ARN = 'arn:aws:sns:eu-west-1:000000000000:declared';

function config(endpointUrl: string, filter: string): string {
  return [
    'region: eu-west-1',
    'functions:',
    '  - name: on-alarm',
    '    handler: index.handler',
    'topics:',
    '  list:',
    '    - name: declared',
    '      displayName: Declared',
    '      attributes: { SignatureVersion: "2" }',
    '      tags: { team: data }',
    '      subscriptions:',
    '        - protocol: http',
    `          endpoint: ${endpointUrl}`,
    '          confirmed: true',
    `          filterPolicy: ${filter}`,
    '          rawMessageDelivery: true',
    '        - protocol: lambda',
    '          endpoint: on-alarm',
  ].join('\n');
}

describe('topics declared in the config', () => {
  it('creates them, skips the handshake when confirmed, and applies changed policies at the next start', async () => {
    const dataDir = await tempDir();
    const endpoint = await HttpSubscriber.start();
    let server: Awaited<ReturnType<typeof startServer>> | undefined;
    let sns: SNSClient | undefined;
    try {
      server = await startServer(config(endpoint.url, '{ level: [critical] }'), dataDir);
      sns = new SNSClient({ endpoint: server.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
      const attributes = (await sns.send(new GetTopicAttributesCommand({ TopicArn: TOPIC_ARN }))).Attributes!;
      assert.equal(attributes.DisplayName, 'Declared');
      assert.equal(attributes.SignatureVersion, '2');
      assert.equal(attributes.SubscriptionsConfirmed, '2');
      assert.deepEqual((await sns.send(new ListTagsForResourceCommand({ ResourceArn: TOPIC_ARN }))).Tags, [{ Key: 'team', Value: 'data' }]);
      const subs = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: TOPIC_ARN }))).Subscriptions!;
      assert.deepEqual(subs.map((s) => [s.Protocol, s.Endpoint]), [
        ['http', endpoint.url],
        ['lambda', 'arn:aws:lambda:eu-west-1:000000000000:function:on-alarm'],
      ]);
      const httpArn = subs[0]!.SubscriptionArn!;
      assert.equal((await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: httpArn }))).Attributes!.FilterPolicy, '{"level":["critical"]}');
      sns.destroy();
      await server.stop();
      server = undefined;
      assert.equal(endpoint.confirmations().length, 0, 'no handshake for a subscription declared confirmed');

      server = await startServer(config(endpoint.url, '{ level: [warning, critical] }'), dataDir);
      sns = new SNSClient({ endpoint: server.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
      const again = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: TOPIC_ARN }))).Subscriptions!;
      assert.equal(again.length, 2, 'not subscribed twice');
      assert.equal(again[0]!.SubscriptionArn, httpArn, 'the same subscription');
      const changed = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: httpArn }))).Attributes!;
      assert.equal(changed.FilterPolicy, '{"level":["warning","critical"]}');
      assert.equal(changed.RawMessageDelivery, 'true');
    } finally {
      // a failed assertion must not leave a server running: the test process would never end
      sns?.destroy();
      await server?.stop();
      await endpoint.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
