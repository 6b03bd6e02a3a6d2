// Email subscriptions end to end, as in the seeds (alarm emails; the report a function
// publishes): a real SMTP server started here (STARTTLS with its self-signed certificate and
// AUTH) receives the confirmation email, the test follows its link as a person would, and a
// published message then arrives as an email.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateTopicCommand, ListSubscriptionsByTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { SMTPServer } from 'smtp-server';
import { eventually, verifyMessageSignature } from '../../src/engines/topics/testKit.js';
import { TEST_CREDENTIALS } from '../helpers/awsCli.js';
import { ROOT, startServer, type InProcessServer } from '../helpers/server.js';

interface Mail {
  readonly envelopeTo: string[];
  readonly user: string | undefined;
  readonly secure: boolean;
  readonly headers: Map<string, string>;
  readonly text: string;
}

/** Decodes what nodemailer sends for plain text: 7bit, quoted-printable or base64 bodies. */
function parseMail(raw: string, envelopeTo: string[], user: string | undefined, secure: boolean): Mail {
  const split = raw.indexOf('\r\n\r\n');
  const headerText = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of headerText.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  let body = raw.slice(split + 4);
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'quoted-printable') {
    body = Buffer.from(
      body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  } else if (encoding === 'base64') {
    body = Buffer.from(body, 'base64').toString('utf8');
  }
  return { envelopeTo, user, secure, headers, text: body.replace(/\r\n/g, '\n') };
}

let smtp: SMTPServer;
let smtpPort: number;
const inbox: Mail[] = [];
let server: InProcessServer;
let sns: SNSClient;
const TOPIC = 'analytics-notifications-dev-blog';
const TOPIC_ARN = `arn:aws:sns:eu-west-1:000000000000:${TOPIC}`;

before(async () => {
  smtp = new SMTPServer({
    // STARTTLS with smtp-server's own self-signed certificate; AUTH only after it.
    onAuth(auth, _session, callback) {
      if (auth.username === 'lakehose' && auth.password === 'mail-secret') callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        inbox.push(parseMail(Buffer.concat(chunks).toString('latin1'), session.envelope.rcptTo.map((r) => r.address), session.user as string | undefined, session.secure));
        callback();
      });
    },
    logger: false,
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  smtpPort = (smtp.server.address() as { port: number }).port;
  server = await startServer(
    [
      'region: eu-west-1',
      'functions:',
      '  - name: dev-blog-send-report',
      '    handler: send-report.handler',
      `    codeDir: ${join(ROOT, 'src/engines/topics/fixtures')}`,
      '    timeoutSeconds: 10',
      `    environment: { SNS_TOPIC: "${TOPIC_ARN}" }`,
      'topics:',
      '  smtp:',
      '    host: 127.0.0.1',
      `    port: ${smtpPort}`,
      '    from: notifications@lakehose.example',
      '    requireTls: true',
      '    allowSelfSignedCertificates: true',
      '    user: lakehose',
      '    password: mail-secret',
      '  list:',
      `    - name: ${TOPIC}`,
      '      displayName: Video analytics',
      '      subscriptions:',
      '        - protocol: email',
      '          endpoint: analyst@example.com',
    ].join('\n'),
  );
  sns = new SNSClient({ endpoint: server.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
});

after(async () => {
  sns.destroy();
  await server.stop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('SNS email subscriptions over SMTP', () => {
  it('sends the confirmation email for a subscription the config declares; its link confirms; a Publish arrives as an email', async () => {
    const confirmation = await eventually(() => inbox.find((m) => m.envelopeTo.includes('analyst@example.com')), 'the confirmation email');
    assert.equal(confirmation.user, 'lakehose', 'sent with AUTH');
    assert.equal(confirmation.secure, true, 'sent over STARTTLS');
    assert.equal(confirmation.headers.get('subject'), 'AWS Notification - Subscription Confirmation');
    assert.match(confirmation.headers.get('from')!, /^"?Video analytics"? <notifications@lakehose.example>$/);
    assert.match(confirmation.text, new RegExp(`You have chosen to subscribe to the topic: \\n${TOPIC_ARN}`));
    const link = /(http:\/\/\S+\/sns\/confirm\?\S+)/.exec(confirmation.text)?.[1];
    assert.ok(link, confirmation.text);

    // A person clicks the link: the browser asks for HTML.
    const page = await fetch(link, { headers: { accept: 'text/html,application/xhtml+xml' } });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Subscription confirmed!/);
    const subs = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: TOPIC_ARN }));
    assert.match(subs.Subscriptions![0]!.SubscriptionArn!, new RegExp(`^${TOPIC_ARN}:`));

    // What the report function of seed 001 does: publish the report to the topic.
    await sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, Subject: 'Monthly video report', Message: 'Views in October: 1234 (5 formats) — naïve café' }));
    const report = await eventually(() => inbox.find((m) => m.headers.get('subject') === 'Monthly video report'), 'the notification email');
    assert.deepEqual(report.envelopeTo, ['analyst@example.com']);
    assert.match(report.text, /^Views in October: 1234 \(5 formats\) — naïve café\n/);
    const unsubscribe = /(http:\/\/\S+\/sns\/unsubscribe\?\S+)/.exec(report.text)?.[1];
    assert.ok(unsubscribe, 'the email has an unsubscribe link');
  });

  it("seed 001: the report function publishes with the SDK from inside Lakehose, and the report arrives by email", async () => {
    const result = await server.app.engines.functions!.invoke('dev-blog-send-report', { startDate: '2020-10-01', endDate: '2020-10-31', views: 4321 });
    assert.ok(result.ok, JSON.stringify(result));
    const messageId = (result.result as { messageId: string }).messageId;
    assert.match(messageId, /^[0-9a-f-]{36}$/);
    const mail = await eventually(() => inbox.find((m) => m.headers.get('subject') === 'Video analytics report'), 'the report email');
    assert.deepEqual(mail.envelopeTo, ['analyst@example.com']);
    assert.match(mail.text, /^Report for 2020-10-01 to 2020-10-31: 4321 views\n/);
  });

  it('email-json: the confirmation and the notification are the signed JSON documents', async () => {
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn: TOPIC_ARN, Protocol: 'email-json', Endpoint: 'robot@example.com' }));
    assert.equal(SubscriptionArn, 'pending confirmation');
    const confirmation = await eventually(() => inbox.find((m) => m.envelopeTo.includes('robot@example.com')), 'the email-json confirmation');
    const request = JSON.parse(confirmation.text) as Record<string, unknown>;
    assert.equal(request.Type, 'SubscriptionConfirmation');
    assert.ok(await verifyMessageSignature(request));
    assert.equal((await fetch(String(request.SubscribeURL))).status, 200);

    const created = await sns.send(new CreateTopicCommand({ Name: TOPIC }));
    assert.equal(created.TopicArn, TOPIC_ARN);
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: '{"views":1234}', Subject: 'json report' }));
    const mail = await eventually(() => inbox.find((m) => m.envelopeTo.includes('robot@example.com') && m.text.includes(MessageId!)), 'the email-json notification');
    const doc = JSON.parse(mail.text) as Record<string, unknown>;
    assert.equal(doc.Type, 'Notification');
    assert.equal(doc.Message, '{"views":1234}');
    assert.ok(await verifyMessageSignature(doc));
  });
});
