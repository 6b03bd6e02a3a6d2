// Nothing published is lost across a restart: a message for an HTTP endpoint that is down
// is kept in the delivery journal, and delivered once Lakehose is back and the endpoint is up
// (after a graceful stop, and after SIGKILL while publishing).

import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { PublishBatchCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { eventually, HttpSubscriber } from '../../src/engines/topics/testKit.js';
import { TEST_CREDENTIALS } from '../helpers/awsCli.js';
import { startChild, startServer, tempDir } from '../helpers/server.js';

const TOPIC_ARN = 'arn:aws:sns:eu-west-1:000000000000:outages';

/** A topic with one pre-confirmed HTTP subscription retrying every second (10 retries), so the test does not wait 20 s. */
function config(endpointUrl: string): string {
  return [
    'region: eu-west-1',
    'topics:',
    '  list:',
    '    - name: outages',
    '      subscriptions:',
    '        - protocol: http',
    `          endpoint: ${endpointUrl}`,
    '          confirmed: true',
    '          deliveryPolicy: { healthyRetryPolicy: { numRetries: 10, minDelayTarget: 1, maxDelayTarget: 1 } }',
  ].join('\n');
}

const client = (url: string) => new SNSClient({ endpoint: url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });

describe('SNS deliveries survive restarts', () => {
  it('a message published while the endpoint is down arrives after stop, start and the endpoint coming up', async () => {
    const dataDir = await tempDir();
    const endpoint = await HttpSubscriber.start();
    await endpoint.stop(); // down, but its port is known
    try {
      let server = await startServer(config(endpoint.url), dataDir);
      const sns = client(server.url);
      const { MessageId } = await sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: 'the endpoint was down', Subject: 'outage' }));
      sns.destroy();
      await eventually(() => server.app.engines.topics!.pendingDeliveries === 1, 'the first attempt to fail and a retry to wait');
      await server.stop();

      server = await startServer(config(endpoint.url), dataDir);
      try {
        assert.equal(server.app.engines.topics!.pendingDeliveries, 1, 'the delivery is pending again after the restart');
        await endpoint.start();
        const got = await eventually(() => endpoint.notifications()[0], 'the message after the restart', 15_000);
        assert.equal(got.json!.MessageId, MessageId);
        assert.equal(got.json!.Message, 'the endpoint was down');
        assert.equal(got.json!.Subject, 'outage');
        await eventually(() => server.app.engines.topics!.pendingDeliveries === 0, 'nothing left to deliver');
      } finally {
        await server.stop();
      }
      // Delivered means done: a third start delivers nothing again.
      server = await startServer(config(endpoint.url), dataDir);
      assert.equal(server.app.engines.topics!.pendingDeliveries, 0);
      await server.stop();
      assert.equal(endpoint.notifications().length, 1);
    } finally {
      await endpoint.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('stopping does not wait for a slow endpoint; the attempt cut short is made again after the restart', async () => {
    const dataDir = await tempDir();
    let answering = false;
    const held: http.ServerResponse[] = [];
    const received: string[] = [];
    const slow = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        if (!answering) {
          held.push(res); // never answered: the delivery hangs until its timeout (15 s)
          return;
        }
        received.push(body);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/slow`;
    try {
      let server = await startServer(config(url), dataDir);
      const sns = client(server.url);
      const { MessageId } = await sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: 'slow endpoint' }));
      sns.destroy();
      await eventually(() => held.length === 1, 'the attempt to reach the endpoint');
      const started = Date.now();
      await server.stop();
      assert.ok(Date.now() - started < 5000, `stopped in ${Date.now() - started} ms`);
      answering = true;
      server = await startServer(config(url), dataDir);
      try {
        const body = await eventually(() => received.find((b) => b.includes(MessageId!)), 'the message after the restart', 15_000);
        assert.equal((JSON.parse(body) as { Message: string }).Message, 'slow endpoint');
      } finally {
        await server.stop();
      }
    } finally {
      slow.closeAllConnections();
      await new Promise<void>((resolve) => slow.close(() => resolve()));
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('every acknowledged publish is delivered after SIGKILL', async () => {
    const dataDir = await tempDir();
    const endpoint = await HttpSubscriber.start();
    await endpoint.stop();
    try {
      let child = await startChild(dataDir, config(endpoint.url));
      const sns = client(child.url);
      const acked: string[] = [];
      // Publish batches until killed; only answered publishes count.
      const publishing = (async () => {
        for (let i = 0; ; i++) {
          try {
            const r = await sns.send(new PublishBatchCommand({ TopicArn: TOPIC_ARN, PublishBatchRequestEntries: Array.from({ length: 10 }, (_, j) => ({ Id: `e${j}`, Message: `m-${i}-${j}` })) }));
            for (const s of r.Successful ?? []) acked.push(s.MessageId!);
          } catch {
            return;
          }
        }
      })();
      await eventually(() => acked.length >= 300, 'some acknowledged publishes', 30_000);
      await child.kill('SIGKILL');
      await publishing;
      sns.destroy();

      await endpoint.start();
      child = await startChild(dataDir, config(endpoint.url));
      try {
        const ids = new Set(acked);
        await eventually(() => {
          const seen = new Set(endpoint.notifications().map((n) => String(n.json!.MessageId)));
          return [...ids].every((id) => seen.has(id));
        }, `all ${ids.size} acknowledged messages delivered`, 60_000);
      } finally {
        await child.kill('SIGTERM');
      }
    } finally {
      await endpoint.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
