// SNS through @aws-sdk/client-sns against a real server, with real HTTP subscribers on loopback.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  PublishBatchCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
  SNSClient,
  SubscribeCommand,
  TagResourceCommand,
  UnsubscribeCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-sns';
import { eventually, HttpSubscriber, verifyMessageSignature } from '../../src/engines/topics/testKit.js';
import { TEST_CREDENTIALS } from '../helpers/awsCli.js';
import { startServer, type InProcessServer } from '../helpers/server.js';

let server: InProcessServer;
let sns: SNSClient;
let functionDir: string;
const ARN = (name: string) => `arn:aws:sns:eu-west-1:000000000000:${name}`;
/** A short retry policy so retry tests take seconds (1 s is the smallest delay SNS allows). */
const FAST_RETRIES = JSON.stringify({ healthyRetryPolicy: { numRetries: 3, minDelayTarget: 1, maxDelayTarget: 1, backoffFunction: 'linear' } });

async function rejectsCode(p: Promise<unknown>, name: string, status: number, message?: RegExp): Promise<void> {
  await assert.rejects(p, (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.name, name, e.message);
    assert.equal(e.$metadata?.httpStatusCode, status);
    if (message) assert.match(e.message, message);
    return true;
  });
}

/** Subscribes an HTTP endpoint and completes the handshake the way a subscriber's code does: GET the SubscribeURL. */
async function confirmedHttpSubscription(topicArn: string, endpoint: HttpSubscriber, attributes?: Record<string, string>): Promise<string> {
  const before = endpoint.confirmations().length;
  const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: endpoint.url, Attributes: attributes }));
  assert.equal(SubscriptionArn, 'pending confirmation');
  const confirmation = await eventually(() => endpoint.confirmations()[before], 'the SubscriptionConfirmation request');
  const r = await fetch(String(confirmation.json!.SubscribeURL));
  assert.equal(r.status, 200);
  return /<SubscriptionArn>([^<]+)<\/SubscriptionArn>/.exec(await r.text())![1]!;
}

before(async () => {
  functionDir = await mkdtemp(join(tmpdir(), 'lakehose-sns-fn-'));
  await writeFile(
    join(functionDir, 'record.mjs'),
    "import { appendFile } from 'node:fs/promises';\nexport const handler = async (event) => { await appendFile(process.env.OUT, JSON.stringify(event) + '\\n'); return 'ok'; };\n",
  );
  server = await startServer(
    [
      'region: eu-west-1',
      'functions:',
      '  - name: record-sns',
      '    handler: record.handler',
      `    codeDir: ${functionDir}`,
      `    environment: { OUT: ${join(functionDir, 'events.ndjson')} }`,
      'topics:',
      '  http: { timeoutSeconds: 5 }',
    ].join('\n'),
  );
  sns = new SNSClient({ endpoint: server.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
});

after(async () => {
  sns.destroy();
  await server.stop();
  await rm(functionDir, { recursive: true, force: true });
});

describe('SNS topics (SDK v3)', () => {
  it('creates (idempotently), lists, describes, changes and deletes topics', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'alarms', Attributes: { DisplayName: 'Alarms' }, Tags: [{ Key: 'team', Value: 'data' }] }));
    assert.equal(TopicArn, ARN('alarms'));
    assert.equal((await sns.send(new CreateTopicCommand({ Name: 'alarms' }))).TopicArn, TopicArn);
    await rejectsCode(sns.send(new CreateTopicCommand({ Name: 'alarms', Attributes: { DisplayName: 'Other' } })), 'InvalidParameterException', 400, /already exists with different attributes/);
    const { Topics } = await sns.send(new ListTopicsCommand({}));
    assert.ok(Topics!.some((t) => t.TopicArn === TopicArn));

    const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
    assert.equal(Attributes!.TopicArn, TopicArn);
    assert.equal(Attributes!.DisplayName, 'Alarms');
    assert.equal(Attributes!.Owner, '000000000000');
    assert.equal(Attributes!.SubscriptionsConfirmed, '0');
    assert.equal(JSON.parse(Attributes!.EffectiveDeliveryPolicy!).http.defaultHealthyRetryPolicy.numRetries, 3);
    assert.equal(JSON.parse(Attributes!.Policy!).Statement[0].Resource, TopicArn);

    await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'DisplayName', AttributeValue: 'Data alarms' }));
    assert.equal((await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!.DisplayName, 'Data alarms');
    await rejectsCode(sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Colour', AttributeValue: 'red' })), 'InvalidParameterException', 400, /AttributeName/);

    await sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'env', Value: 'dev' }] }));
    await sns.send(new UntagResourceCommand({ ResourceArn: TopicArn, TagKeys: ['team'] }));
    assert.deepEqual((await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }))).Tags, [{ Key: 'env', Value: 'dev' }]);
    await rejectsCode(sns.send(new ListTagsForResourceCommand({ ResourceArn: ARN('nope') })), 'ResourceNotFoundException', 404);

    await sns.send(new DeleteTopicCommand({ TopicArn }));
    await sns.send(new DeleteTopicCommand({ TopicArn })); // idempotent
    await rejectsCode(sns.send(new GetTopicAttributesCommand({ TopicArn })), 'NotFoundException', 404, /Topic does not exist/);
  });

  it('refuses bad names and ARNs with InvalidParameter', async () => {
    await rejectsCode(sns.send(new CreateTopicCommand({ Name: 'bad name!' })), 'InvalidParameterException', 400, /Invalid parameter: Topic Name/);
    await rejectsCode(sns.send(new CreateTopicCommand({ Name: 'x.fifo' })), 'InvalidParameterException', 400);
    await rejectsCode(sns.send(new PublishCommand({ TopicArn: 'not-an-arn', Message: 'm' })), 'InvalidParameterException', 400, /TopicArn/);
    await rejectsCode(sns.send(new PublishCommand({ TopicArn: ARN('missing'), Message: 'm' })), 'NotFoundException', 404);
  });
});

describe('SNS HTTP subscriptions (SDK v3)', () => {
  let endpoint: HttpSubscriber;
  let topicArn: string;

  before(async () => {
    endpoint = await HttpSubscriber.start();
    topicArn = (await sns.send(new CreateTopicCommand({ Name: 'orders' }))).TopicArn!;
  });
  after(() => endpoint.stop());

  it('sends a signed SubscriptionConfirmation; the SubscribeURL confirms', async () => {
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: endpoint.url }));
    assert.equal(SubscriptionArn, 'pending confirmation');
    const request = await eventually(() => endpoint.confirmations()[0], 'the confirmation request');
    assert.equal(request.headers['x-amz-sns-topic-arn'], topicArn);
    assert.equal(request.headers['content-type'], 'text/plain; charset=UTF-8');
    assert.equal(request.headers['x-amz-sns-subscription-arn'], undefined);
    const doc = request.json!;
    assert.equal(doc.Type, 'SubscriptionConfirmation');
    assert.equal(request.headers['x-amz-sns-message-id'], doc.MessageId);
    assert.match(String(doc.Token), /^[0-9a-f]{128}$/);
    assert.match(String(doc.Message), /You have chosen to subscribe to the topic arn:aws:sns:eu-west-1:000000000000:orders/);
    assert.equal(doc.SignatureVersion, '1');
    assert.ok(await verifyMessageSignature(doc), 'the confirmation signature verifies with the published certificate');

    let listed = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    assert.equal(listed.Subscriptions![0]!.SubscriptionArn, 'PendingConfirmation');
    const confirmedXml = await (await fetch(String(doc.SubscribeURL))).text();
    const arn = /<SubscriptionArn>([^<]+)<\/SubscriptionArn>/.exec(confirmedXml)![1]!;
    assert.match(arn, /^arn:aws:sns:eu-west-1:000000000000:orders:[0-9a-f-]{36}$/);
    listed = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    assert.deepEqual(listed.Subscriptions, [{ SubscriptionArn: arn, Owner: '000000000000', Protocol: 'http', Endpoint: endpoint.url, TopicArn: topicArn }]);
    const { Attributes } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }));
    assert.equal(Attributes!.PendingConfirmation, 'false');
    assert.equal(Attributes!.RawMessageDelivery, 'false');
    assert.equal(JSON.parse(Attributes!.EffectiveDeliveryPolicy!).healthyRetryPolicy.numRetries, 3);
    // The token is spent on this subscription: confirming again answers the same ARN.
    assert.equal((await sns.send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: String(doc.Token) }))).SubscriptionArn, arn);
    await rejectsCode(sns.send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: 'f00d' })), 'InvalidParameterException', 400, /Token/);
  });

  it('delivers notifications with the documented headers and JSON, signed (SignatureVersion 1 and 2)', async () => {
    const subscriptionArn = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }))).Subscriptions![0]!.SubscriptionArn!;
    const { MessageId } = await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: 'Order placed — café',
        Message: 'order 42\nwith two lines',
        MessageAttributes: { store: { DataType: 'String', StringValue: 'berlin' }, blob: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 3]) } },
      }),
    );
    const r = await eventually(() => endpoint.notifications().find((n) => n.json?.MessageId === MessageId), 'the notification');
    assert.equal(r.headers['x-amz-sns-message-type'], 'Notification');
    assert.equal(r.headers['x-amz-sns-message-id'], MessageId);
    assert.equal(r.headers['x-amz-sns-topic-arn'], topicArn);
    assert.equal(r.headers['x-amz-sns-subscription-arn'], subscriptionArn);
    const doc = r.json!;
    assert.deepEqual(Object.keys(doc), ['Type', 'MessageId', 'TopicArn', 'Subject', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL', 'UnsubscribeURL', 'MessageAttributes']);
    assert.equal(doc.Message, 'order 42\nwith two lines');
    assert.equal(doc.Subject, 'Order placed — café', 'a UTF-8 subject');
    assert.match(String(doc.Timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(doc.MessageAttributes, { store: { Type: 'String', Value: 'berlin' }, blob: { Type: 'Binary', Value: 'AQID' } });
    assert.ok(await verifyMessageSignature(doc), 'v1 signature verifies');
    assert.equal(await verifyMessageSignature({ ...doc, Message: 'order 43\nwith two lines' }), false, 'a changed message does not verify');

    await sns.send(new SetTopicAttributesCommand({ TopicArn: topicArn, AttributeName: 'SignatureVersion', AttributeValue: '2' }));
    const second = await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'no subject' }));
    const doc2 = (await eventually(() => endpoint.notifications().find((n) => n.json?.MessageId === second.MessageId), 'the v2 notification')).json!;
    assert.equal(doc2.SignatureVersion, '2');
    assert.equal('Subject' in doc2, false);
    assert.ok(await verifyMessageSignature(doc2), 'v2 signature verifies');
    await sns.send(new SetTopicAttributesCommand({ TopicArn: topicArn, AttributeName: 'SignatureVersion', AttributeValue: '1' }));
  });

  it('retries failed deliveries on the subscription DeliveryPolicy, with the same MessageId', async () => {
    const flaky = await HttpSubscriber.start();
    try {
      const topic = (await sns.send(new CreateTopicCommand({ Name: 'flaky' }))).TopicArn!;
      await confirmedHttpSubscription(topic, flaky, { DeliveryPolicy: FAST_RETRIES });
      flaky.failNext(2, 503);
      const { MessageId } = await sns.send(new PublishCommand({ TopicArn: topic, Message: 'try again' }));
      const got = await eventually(() => flaky.notifications().find((n) => n.json?.MessageId === MessageId), 'the retried notification');
      assert.equal(got.json!.Message, 'try again');
      assert.equal(flaky.notifications().length, 1, 'delivered once, after two failed attempts');
    } finally {
      await flaky.stop();
    }
  });

  it('does not retry a 4xx; with a RedrivePolicy the message goes to the dead-letter prefix in the lake', async () => {
    const refusing = await HttpSubscriber.start();
    try {
      const topic = (await sns.send(new CreateTopicCommand({ Name: 'refused' }))).TopicArn!;
      const arn = await confirmedHttpSubscription(topic, refusing, {
        DeliveryPolicy: FAST_RETRIES,
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:eu-west-1:000000000000:refused-dlq' }),
      });
      refusing.failNext(1, 400);
      const { MessageId } = await sns.send(new PublishCommand({ TopicArn: topic, Message: 'nobody wants me', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } }));
      const lake = server.app.engines.lake!;
      const key = await eventually(async () => {
        const page = await lake.listObjects('lakehose-dead-letters', { prefix: 'sns-dead-letters/refused-dlq/' }).catch(() => undefined);
        return page?.objects.find((o) => o.key.includes(MessageId!))?.key;
      }, 'the dead letter');
      const chunks: Buffer[] = [];
      for await (const c of (await lake.getObject('lakehose-dead-letters', key)).body) chunks.push(c as Buffer);
      const letter = JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>;
      assert.equal(letter.subscriptionArn, arn);
      assert.equal(letter.attempts, 1, 'a client error is not retried');
      assert.equal(letter.lastError, 'HTTP 400');
      assert.deepEqual((letter.message as Record<string, unknown>).MessageAttributes, { k: { Type: 'String', Value: 'v' } });
      assert.equal(refusing.notifications().length, 0);
    } finally {
      await refusing.stop();
    }
  });

  it('filters by message attributes and by message body', async () => {
    const all = await HttpSubscriber.start();
    const gold = await HttpSubscriber.start();
    const big = await HttpSubscriber.start();
    try {
      const topic = (await sns.send(new CreateTopicCommand({ Name: 'filtered' }))).TopicArn!;
      await confirmedHttpSubscription(topic, all);
      await confirmedHttpSubscription(topic, gold, { FilterPolicy: JSON.stringify({ tier: ['gold'], amount: [{ numeric: ['>=', 100] }] }) });
      const bigArn = await confirmedHttpSubscription(topic, big);
      await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: bigArn, AttributeName: 'FilterPolicyScope', AttributeValue: 'MessageBody' }));
      await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: bigArn, AttributeName: 'FilterPolicy', AttributeValue: JSON.stringify({ order: { total: [{ numeric: ['>', 1000] }] } }) }));
      const attrs = (tier: string, amount: number) => ({ tier: { DataType: 'String', StringValue: tier }, amount: { DataType: 'Number', StringValue: String(amount) } });
      const sent = [
        await sns.send(new PublishCommand({ TopicArn: topic, Message: JSON.stringify({ order: { total: 5 } }), MessageAttributes: attrs('gold', 150) })),
        await sns.send(new PublishCommand({ TopicArn: topic, Message: JSON.stringify({ order: { total: 5000 } }), MessageAttributes: attrs('silver', 150) })),
        await sns.send(new PublishCommand({ TopicArn: topic, Message: 'not json', MessageAttributes: attrs('gold', 50) })),
      ].map((r) => r.MessageId);
      await eventually(() => all.notifications().length === 3, 'all three at the unfiltered endpoint');
      // The unfiltered endpoint got all three, so the others had their chance too.
      await eventually(() => gold.notifications().length >= 1 && big.notifications().length >= 1, 'the filtered deliveries');
      assert.deepEqual(gold.notifications().map((n) => n.json!.MessageId), [sent[0]]);
      assert.deepEqual(big.notifications().map((n) => n.json!.MessageId), [sent[1]]);
      const { Attributes } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: bigArn }));
      assert.equal(Attributes!.FilterPolicyScope, 'MessageBody');
      await rejectsCode(
        sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: bigArn, AttributeName: 'FilterPolicy', AttributeValue: JSON.stringify({ a: ['1'], b: ['1'], c: ['1'], d: ['1'], e: ['1'], f: ['1'] }) })),
        'InvalidParameterException',
        400,
        /more than 5 keys/,
      );
    } finally {
      await Promise.all([all.stop(), gold.stop(), big.stop()]);
    }
  });

  it('delivers the raw message with RawMessageDelivery', async () => {
    const raw = await HttpSubscriber.start();
    try {
      const topic = (await sns.send(new CreateTopicCommand({ Name: 'raw' }))).TopicArn!;
      await confirmedHttpSubscription(topic, raw, { RawMessageDelivery: 'true' });
      await sns.send(new PublishCommand({ TopicArn: topic, Message: '{"just":"me"}' }));
      const got = await eventually(() => raw.notifications()[0], 'the raw notification');
      assert.equal(got.body, '{"just":"me"}');
      assert.equal(got.headers['x-amz-sns-rawdelivery'], 'true');
    } finally {
      await raw.stop();
    }
  });

  it('publishes batches with per-entry results, and refuses malformed batches', async () => {
    const batchEndpoint = await HttpSubscriber.start();
    try {
      const topic = (await sns.send(new CreateTopicCommand({ Name: 'batch' }))).TopicArn!;
      await confirmedHttpSubscription(topic, batchEndpoint);
      const r = await sns.send(
        new PublishBatchCommand({
          TopicArn: topic,
          PublishBatchRequestEntries: [
            { Id: 'a', Message: 'one' },
            { Id: 'b', Message: 'two', MessageAttributes: { bad: { DataType: 'Colour', StringValue: 'red' } } },
            { Id: 'c', Message: 'three', Subject: 'x' },
          ],
        }),
      );
      assert.deepEqual(r.Successful!.map((s) => s.Id), ['a', 'c']);
      assert.equal(r.Failed!.length, 1);
      assert.equal(r.Failed![0]!.Id, 'b');
      assert.equal(r.Failed![0]!.Code, 'ParameterValueInvalid');
      assert.equal(r.Failed![0]!.SenderFault, true);
      await eventually(() => batchEndpoint.notifications().length === 2, 'both good entries delivered');
      await rejectsCode(sns.send(new PublishBatchCommand({ TopicArn: topic, PublishBatchRequestEntries: [] })), 'EmptyBatchRequestException', 400);
      await rejectsCode(
        sns.send(new PublishBatchCommand({ TopicArn: topic, PublishBatchRequestEntries: [{ Id: 'x', Message: '1' }, { Id: 'x', Message: '2' }] })),
        'BatchEntryIdsNotDistinctException',
        400,
      );
      await rejectsCode(
        sns.send(new PublishBatchCommand({ TopicArn: topic, PublishBatchRequestEntries: Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, Message: 'm' })) })),
        'TooManyEntriesInBatchRequestException',
        400,
      );
    } finally {
      await batchEndpoint.stop();
    }
  });

  it('unsubscribes through UnsubscribeURL and through the API', async () => {
    const gone = await HttpSubscriber.start();
    try {
      const topic = (await sns.send(new CreateTopicCommand({ Name: 'leaving' }))).TopicArn!;
      const arn = await confirmedHttpSubscription(topic, gone);
      await sns.send(new PublishCommand({ TopicArn: topic, Message: 'last one' }));
      const doc = (await eventually(() => gone.notifications()[0], 'the notification')).json!;
      const r = await fetch(String(doc.UnsubscribeURL));
      assert.equal(r.status, 200);
      assert.match(await r.text(), /^<UnsubscribeResponse/);
      assert.deepEqual((await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }))).Subscriptions, []);
      await rejectsCode(sns.send(new UnsubscribeCommand({ SubscriptionArn: arn })), 'NotFoundException', 404, /Subscription does not exist/);
      assert.equal((await sns.send(new GetTopicAttributesCommand({ TopicArn: topic }))).Attributes!.SubscriptionsDeleted, '1');

      // Confirmed by a signed call with AuthenticateOnUnsubscribe: the link can no longer remove it.
      const before = gone.confirmations().length;
      await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'http', Endpoint: gone.url }));
      const request = (await eventually(() => gone.confirmations()[before], 'the second confirmation request')).json!;
      const { SubscriptionArn } = await sns.send(new ConfirmSubscriptionCommand({ TopicArn: topic, Token: String(request.Token), AuthenticateOnUnsubscribe: 'true' }));
      const refused = await fetch(`${server.url}/sns/unsubscribe?SubscriptionArn=${encodeURIComponent(SubscriptionArn!)}`);
      assert.equal(refused.status, 403);
      assert.match(await refused.text(), /<Code>AuthorizationError<\/Code>/);
      assert.equal((await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes!.ConfirmationWasAuthenticated, 'true');
      await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
    } finally {
      await gone.stop();
    }
  });
});

describe('SNS UnsubscribeConfirmation (SDK v3)', () => {
  it('tells an HTTP endpoint it was unsubscribed, signed, with a SubscribeURL that restores the subscription', async () => {
    const endpoint = await HttpSubscriber.start();
    try {
      const topic = (await sns.send(new CreateTopicCommand({ Name: 'farewell' }))).TopicArn!;
      const arn = await confirmedHttpSubscription(topic, endpoint, { RawMessageDelivery: 'true' });
      await sns.send(new UnsubscribeCommand({ SubscriptionArn: arn }));
      const r = await eventually(() => endpoint.received.find((x) => x.headers['x-amz-sns-message-type'] === 'UnsubscribeConfirmation'), 'the UnsubscribeConfirmation');
      assert.equal(r.headers['x-amz-sns-subscription-arn'], arn);
      const doc = r.json!;
      assert.equal(doc.Type, 'UnsubscribeConfirmation');
      assert.match(String(doc.Message), new RegExp(`You have chosen to deactivate subscription ${arn}`));
      assert.ok(await verifyMessageSignature(doc));
      assert.deepEqual((await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }))).Subscriptions, []);

      const restored = await fetch(String(doc.SubscribeURL));
      assert.equal(restored.status, 200);
      assert.match(await restored.text(), new RegExp(`<SubscriptionArn>${arn}</SubscriptionArn>`));
      const { Attributes } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }));
      assert.equal(Attributes!.PendingConfirmation, 'false');
      assert.equal(Attributes!.RawMessageDelivery, 'true', 'restored with its attributes');
      await sns.send(new PublishCommand({ TopicArn: topic, Message: 'welcome back' }));
      await eventually(() => endpoint.received.find((x) => x.body === 'welcome back'), 'a notification after the restore');
      // The token restores once.
      assert.equal((await fetch(String(doc.SubscribeURL))).status, 400);
    } finally {
      await endpoint.stop();
    }
  });
});

describe('SNS subscription rules and other protocols (SDK v3)', () => {
  it('refuses unsupported protocols, mismatched endpoints and bad attributes', async () => {
    const topic = (await sns.send(new CreateTopicCommand({ Name: 'rules' }))).TopicArn!;
    await rejectsCode(sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:eu-west-1:000000000000:q' })), 'InvalidParameterException', 400, /no queues|sqs/);
    await rejectsCode(sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'carrier-pigeon', Endpoint: 'x' })), 'InvalidParameterException', 400, /does not support this protocol/);
    await rejectsCode(sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'https', Endpoint: 'http://example.com/' })), 'InvalidParameterException', 400, /must match the specified protocol/);
    await rejectsCode(sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'email', Endpoint: 'not-an-address' })), 'InvalidParameterException', 400);
    await rejectsCode(sns.send(new SubscribeCommand({ TopicArn: ARN('no-topic'), Protocol: 'email', Endpoint: 'a@b.example' })), 'NotFoundException', 404);
    await rejectsCode(
      sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'email', Endpoint: 'a@b.example', Attributes: { RawMessageDelivery: 'true' } })),
      'InvalidParameterException',
      400,
      /raw message delivery/,
    );
    await rejectsCode(
      sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'http', Endpoint: 'http://127.0.0.1:9/x', Attributes: { DeliveryPolicy: JSON.stringify({ healthyRetryPolicy: { numRetries: 500 } }) } })),
      'InvalidParameterException',
      400,
      /numRetries/,
    );
    await rejectsCode(
      sns.send(new PublishCommand({ TopicArn: topic, Message: 'm', MessageAttributes: { n: { DataType: 'Number', StringValue: 'twelve' } } })),
      'InvalidParameterValueException',
      400,
      /Could not cast message attribute 'n' value to number/,
    );
    await rejectsCode(sns.send(new PublishCommand({ TopicArn: topic, Message: 'm', Subject: 'line\nbreak' })), 'InvalidParameterException', 400, /Subject/);
    await rejectsCode(sns.send(new PublishCommand({ TopicArn: topic, Message: 'x'.repeat(256 * 1024 + 1) })), 'InvalidParameterException', 400, /too long/);
    await rejectsCode(sns.send(new PublishCommand({ TopicArn: topic, Message: '{"email":"x"}', MessageStructure: 'json' })), 'InvalidParameterException', 400, /No default entry/);
    await rejectsCode(sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: `${topic}:00000000-0000-0000-0000-000000000000` })), 'NotFoundException', 404);
  });

  it('invokes a function with the SNS event for lambda subscriptions (confirmed at once)', async () => {
    const topic = (await sns.send(new CreateTopicCommand({ Name: 'to-function' }))).TopicArn!;
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'lambda', Endpoint: 'arn:aws:lambda:eu-west-1:000000000000:function:record-sns' }));
    assert.match(SubscriptionArn!, /^arn:aws:sns:eu-west-1:000000000000:to-function:/);
    const { MessageId } = await sns.send(
      new PublishCommand({ TopicArn: topic, Message: JSON.stringify({ default: 'for everyone', lambda: 'for the function' }), MessageStructure: 'json', MessageAttributes: { a: { DataType: 'String', StringValue: 'b' } } }),
    );
    const line = await eventually(async () => (await readFile(join(functionDir, 'events.ndjson'), 'utf8').catch(() => '')).split('\n').find((l) => l.includes(MessageId!)), 'the function event');
    const event = JSON.parse(line) as { Records: Array<Record<string, unknown> & { Sns: Record<string, unknown> }> };
    assert.equal(event.Records.length, 1);
    const record = event.Records[0]!;
    assert.equal(record.EventSource, 'aws:sns');
    assert.equal(record.EventVersion, '1.0');
    assert.equal(record.EventSubscriptionArn, SubscriptionArn);
    assert.equal(record.Sns.Type, 'Notification');
    assert.equal(record.Sns.Message, 'for the function');
    assert.equal(record.Sns.Subject, null);
    assert.deepEqual(record.Sns.MessageAttributes, { a: { Type: 'String', Value: 'b' } });
    assert.ok(await verifyMessageSignature({ ...record.Sns, SigningCertURL: record.Sns.SigningCertUrl }), 'the event carries a valid signature');
  });

  it('FIFO topics: group id required, deduplication by content, sequence numbers', async () => {
    const topic = (await sns.send(new CreateTopicCommand({ Name: 'orders.fifo', Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' } }))).TopicArn!;
    assert.equal((await sns.send(new GetTopicAttributesCommand({ TopicArn: topic }))).Attributes!.FifoTopic, 'true');
    await rejectsCode(sns.send(new PublishCommand({ TopicArn: topic, Message: 'm' })), 'InvalidParameterException', 400, /MessageGroupId/);
    const first = await sns.send(new PublishCommand({ TopicArn: topic, Message: 'same', MessageGroupId: 'g' }));
    const again = await sns.send(new PublishCommand({ TopicArn: topic, Message: 'same', MessageGroupId: 'g' }));
    const other = await sns.send(new PublishCommand({ TopicArn: topic, Message: 'different', MessageGroupId: 'g' }));
    assert.equal(again.MessageId, first.MessageId, 'a duplicate within 5 minutes gets the first answer');
    assert.equal(again.SequenceNumber, first.SequenceNumber);
    assert.match(first.SequenceNumber!, /^\d{20}$/);
    assert.ok(BigInt(other.SequenceNumber!) > BigInt(first.SequenceNumber!));
    await rejectsCode(
      sns.send(new PublishCommand({ TopicArn: (await sns.send(new CreateTopicCommand({ Name: 'standard' }))).TopicArn, Message: 'm', MessageDeduplicationId: 'd' })),
      'InvalidParameterException',
      400,
      /MessageDeduplicationId/,
    );
  });

  it('pages ListSubscriptions with NextToken', async () => {
    const topic = (await sns.send(new CreateTopicCommand({ Name: 'many' }))).TopicArn!;
    for (let i = 0; i < 105; i++) await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'email', Endpoint: `user${i}@example.com` }));
    const first = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }));
    assert.equal(first.Subscriptions!.length, 100);
    assert.ok(first.NextToken);
    const second = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic, NextToken: first.NextToken }));
    assert.equal(second.Subscriptions!.length, 5);
    assert.equal(second.NextToken, undefined);
    const everything = await sns.send(new ListSubscriptionsCommand({}));
    assert.equal(everything.Subscriptions!.length, 100);
  });
});
