import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { TEST_CREDENTIALS } from '../helpers/awsCli.js';
import { ROOT, startServer, type InProcessServer } from '../helpers/server.js';

const FIXTURES = join(ROOT, 'src/engines/functions/fixtures');
let server: InProcessServer;

before(async () => {
  server = await startServer(`
region: eu-west-1
buckets:
  - name: errors-lake
functions:
  - name: transform
    handler: firehose-transform.handler
    codeDir: ${FIXTURES}
    timeoutSeconds: 30
deliveryStreams:
  - name: with-errors
    destination:
      bucket: errors-lake
      buffering: { sizeMiB: 1, intervalSeconds: 1 }
      errorLogging:
        logGroupName: /firehose/with-errors
        logStreamName: S3Delivery
      processors:
        - lambda: { function: transform, bufferIntervalSeconds: 0 }
`);
});
after(async () => server.stop());

describe('Firehose error logging (CloudWatchLoggingOptions)', () => {
  it('sends records that fail processing to the error output and an event to the configured log stream', async () => {
    const firehose = new FirehoseClient({ endpoint: server.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS });
    const logs = new CloudWatchLogsClient({ endpoint: server.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS });
    try {
      const put = await firehose.send(
        new PutRecordBatchCommand({ DeliveryStreamName: 'with-errors', Records: [{ Data: Buffer.from('{"ok":1}') }, { Data: Buffer.from('not json') }] }),
      );
      assert.equal(put.FailedPutCount, 0);
      const deadline = Date.now() + 60_000;
      let events: Array<{ message?: string }> = [];
      while (Date.now() < deadline) {
        try {
          events = (await logs.send(new FilterLogEventsCommand({ logGroupName: '/firehose/with-errors', logStreamNames: ['S3Delivery'] }))).events ?? [];
        } catch (e) {
          if ((e as Error).name !== 'ResourceNotFoundException') throw e;
        }
        if (events.length > 0) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      assert.ok(events.length > 0, 'a delivery error reached the log stream');
      const doc = JSON.parse(events[0]!.message!) as Record<string, unknown>;
      assert.equal(doc.deliveryStreamARN, 'arn:aws:firehose:eu-west-1:000000000000:deliverystream/with-errors');
      assert.equal(doc.destination, 'arn:aws:s3:::errors-lake');
      assert.equal(doc.processor, 'arn:aws:lambda:eu-west-1:000000000000:function:transform');
      assert.match(String(doc.errorCode), /^Lambda\./);
    } finally {
      firehose.destroy();
      logs.destroy();
    }
  });
});
