import { sign as signAsync, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

const sign = promisify(signAsync);

/** The fields a signature covers, as they appear in the JSON a subscriber gets. */
export interface SignedFields {
  readonly Type: string;
  readonly MessageId: string;
  readonly TopicArn: string;
  readonly Message: string;
  readonly Timestamp: string;
  readonly Subject?: string | undefined;
  readonly Token?: string | undefined;
  readonly SubscribeURL?: string | undefined;
}

export type SignatureVersion = '1' | '2';

/**
 * Signs notifications the way SNS does (https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html):
 * name/value lines in a fixed order, SHA1withRSA for SignatureVersion 1 and SHA256withRSA
 * for 2. Signing runs on the libuv threadpool so a burst of publishes does not stall the
 * event loop.
 */
export class MessageSigner {
  constructor(private readonly privateKey: KeyObject) {}

  async sign(fields: SignedFields, version: SignatureVersion): Promise<string> {
    const signature = await sign(version === '2' ? 'sha256' : 'sha1', Buffer.from(stringToSign(fields), 'utf8'), this.privateKey);
    return signature.toString('base64');
  }
}

export function stringToSign(f: SignedFields): string {
  if (f.Type === 'Notification') {
    return (
      `Message\n${f.Message}\nMessageId\n${f.MessageId}\n` +
      (f.Subject !== undefined ? `Subject\n${f.Subject}\n` : '') +
      `Timestamp\n${f.Timestamp}\nTopicArn\n${f.TopicArn}\nType\n${f.Type}\n`
    );
  }
  return (
    `Message\n${f.Message}\nMessageId\n${f.MessageId}\nSubscribeURL\n${f.SubscribeURL ?? ''}\n` +
    `Timestamp\n${f.Timestamp}\nToken\n${f.Token ?? ''}\nTopicArn\n${f.TopicArn}\nType\n${f.Type}\n`
  );
}
