import type { MessageSigner, SignatureVersion, SignedFields } from '../signing/MessageSigner.js';
import type { DeliveryProtocol, MessageAttributes, Notification, Subscription } from '../types.js';
import type { Links } from './Links.js';

/** The JSON an HTTP/S endpoint or an email-json address receives. */
export type NotificationDocument = Record<string, unknown>;

/** The Lambda event for an SNS subscription. */
export interface SnsLambdaEvent {
  readonly Records: ReadonlyArray<{
    readonly EventSource: 'aws:sns';
    readonly EventVersion: '1.0';
    readonly EventSubscriptionArn: string;
    readonly Sns: Record<string, unknown>;
  }>;
}

/**
 * Builds what subscribers receive, in SNS's formats
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html), signed.
 *
 * A signature covers the message text, id, subject, time, topic and type, never the
 * subscription, so each (message text, version) is signed once and shared by every
 * subscription that gets the same text: fan-out to many endpoints costs one RSA operation.
 */
export class NotificationDocuments {
  private readonly signatures = new WeakMap<Notification, Map<string, Promise<string>>>();

  constructor(
    private readonly signer: MessageSigner,
    private readonly links: Links,
  ) {}

  /** The message text a protocol gets: MessageStructure=json picks its member, else the default. */
  messageFor(notification: Notification, protocol: DeliveryProtocol): string {
    return notification.perProtocol?.[protocol] ?? notification.message;
  }

  async document(n: Notification, subscription: Subscription, version: SignatureVersion): Promise<NotificationDocument> {
    const message = this.messageFor(n, subscription.protocol);
    const timestamp = new Date(n.timestampMs).toISOString();
    if (n.type === 'Notification') {
      const signature = await this.signature(n, message, version);
      const doc: NotificationDocument = { Type: n.type, MessageId: n.messageId };
      if (n.sequenceNumber !== undefined) doc.SequenceNumber = n.sequenceNumber;
      doc.TopicArn = n.topicArn;
      if (n.subject !== undefined) doc.Subject = n.subject;
      doc.Message = message;
      doc.Timestamp = timestamp;
      doc.SignatureVersion = version;
      doc.Signature = signature;
      doc.SigningCertURL = this.links.signingCertUrl;
      doc.UnsubscribeURL = this.links.unsubscribeUrl(subscription.arn);
      if (n.attributes && Object.keys(n.attributes).length > 0) doc.MessageAttributes = attributesJson(n.attributes);
      return doc;
    }
    const subscribeUrl = this.links.subscribeUrl(n.topicArn, n.token ?? '');
    const signature = await this.signature(n, message, version, subscribeUrl);
    return {
      Type: n.type,
      MessageId: n.messageId,
      Token: n.token,
      TopicArn: n.topicArn,
      Message: message,
      SubscribeURL: subscribeUrl,
      Timestamp: timestamp,
      SignatureVersion: version,
      Signature: signature,
      SigningCertURL: this.links.signingCertUrl,
    };
  }

  async lambdaEvent(n: Notification, subscription: Subscription, version: SignatureVersion): Promise<SnsLambdaEvent> {
    const message = this.messageFor(n, 'lambda');
    const signature = await this.signature(n, message, version);
    return {
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn: subscription.arn,
          Sns: {
            Type: n.type,
            MessageId: n.messageId,
            TopicArn: n.topicArn,
            Subject: n.subject ?? null,
            Message: message,
            Timestamp: new Date(n.timestampMs).toISOString(),
            SignatureVersion: version,
            Signature: signature,
            SigningCertUrl: this.links.signingCertUrl,
            UnsubscribeUrl: this.links.unsubscribeUrl(subscription.arn),
            MessageAttributes: n.attributes ? attributesJson(n.attributes) : {},
          },
        },
      ],
    };
  }

  private signature(n: Notification, message: string, version: SignatureVersion, subscribeUrl?: string): Promise<string> {
    let byText = this.signatures.get(n);
    if (!byText) this.signatures.set(n, (byText = new Map()));
    const key = `${version}\u0000${message}`;
    let signed = byText.get(key);
    if (!signed) {
      const fields: SignedFields = {
        Type: n.type,
        MessageId: n.messageId,
        TopicArn: n.topicArn,
        Message: message,
        Timestamp: new Date(n.timestampMs).toISOString(),
        Subject: n.subject,
        Token: n.token,
        SubscribeURL: subscribeUrl,
      };
      signed = this.signer.sign(fields, version);
      byText.set(key, signed);
      signed.catch(() => byText.delete(key)); // a failed signing is tried again on the next attempt
    }
    return signed;
  }
}

/** `{"name": {"Type": "String", "Value": "v"}}`; binary values in base64. */
export function attributesJson(attributes: MessageAttributes): Record<string, { Type: string; Value: string }> {
  const out: Record<string, { Type: string; Value: string }> = {};
  for (const [name, a] of Object.entries(attributes)) {
    out[name] = {
      Type: a.dataType,
      Value: a.binaryValue !== undefined ? Buffer.from(a.binaryValue).toString('base64') : (a.stringValue ?? ''),
    };
  }
  return out;
}
