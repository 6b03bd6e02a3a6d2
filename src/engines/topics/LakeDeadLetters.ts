import type { Lake } from '../lake/Lake.js';
import { attributesJson } from './delivery/NotificationDocuments.js';
import type { DeadLetterSink } from './ports.js';
import type { DeadLetter } from './types.js';

/**
 * Dead letters as objects in the lake, since there are no queues yet: one JSON object per
 * failed delivery at `s3://<bucket>/sns-dead-letters/<queue name>/<yyyy>/<MM>/<dd>/<messageId>-<subscription id>.json`,
 * where the queue name is the one in the subscription's RedrivePolicy. `aws s3 ls` /
 * `aws s3 cp` read them, and Athena can query the prefix as JSON.
 */
export class LakeDeadLetters implements DeadLetterSink {
  private ensured: Promise<unknown> | undefined;

  constructor(
    private readonly lake: Lake,
    private readonly bucket: string,
  ) {}

  async write(letter: DeadLetter): Promise<void> {
    this.ensured ??= this.lake.ensureBucket(this.bucket).catch((e: unknown) => {
      this.ensured = undefined;
      throw e;
    });
    await this.ensured;
    const n = letter.notification;
    const queue = letter.deadLetterTargetArn.slice(letter.deadLetterTargetArn.lastIndexOf(':') + 1);
    const day = new Date(letter.failedAtMs).toISOString().slice(0, 10).replace(/-/g, '/');
    const subscriptionId = letter.subscriptionArn.slice(letter.subscriptionArn.lastIndexOf(':') + 1);
    const key = `sns-dead-letters/${queue}/${day}/${n.messageId}-${subscriptionId}.json`;
    const body = {
      deadLetterTargetArn: letter.deadLetterTargetArn,
      subscriptionArn: letter.subscriptionArn,
      protocol: letter.protocol,
      endpoint: letter.endpoint,
      attempts: letter.attempts,
      lastError: letter.lastError,
      failedAt: new Date(letter.failedAtMs).toISOString(),
      message: {
        Type: n.type,
        MessageId: n.messageId,
        TopicArn: n.topicArn,
        ...(n.subject !== undefined ? { Subject: n.subject } : {}),
        Message: n.message,
        Timestamp: new Date(n.timestampMs).toISOString(),
        ...(n.attributes ? { MessageAttributes: attributesJson(n.attributes) } : {}),
        ...(n.groupId !== undefined ? { MessageGroupId: n.groupId, SequenceNumber: n.sequenceNumber } : {}),
      },
    };
    await this.lake.putObject(this.bucket, key, Buffer.from(`${JSON.stringify(body)}\n`), { contentType: 'application/json' });
  }
}
