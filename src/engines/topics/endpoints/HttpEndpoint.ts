import type { DeliveryEndpoint, HttpPoster } from '../ports.js';
import type { DeliveryOutcome, Notification, Subscription } from '../types.js';
import type { DeliveryContext } from './DeliveryContext.js';

const USER_AGENT = 'Amazon Simple Notification Service Agent';

/**
 * HTTP/S subscriptions: a POST of the JSON document (or the raw message with
 * RawMessageDelivery), with SNS's `x-amz-sns-*` headers, over kept-alive connections.
 * 2xx is delivered; 429, 5xx, timeouts and connection errors are retried; any other status
 * is final (SNS does not retry client errors and does not follow redirects).
 */
export class HttpEndpoint implements DeliveryEndpoint {
  constructor(
    private readonly context: DeliveryContext,
    private readonly poster: HttpPoster,
  ) {}

  async deliver(notification: Notification, subscription: Subscription): Promise<DeliveryOutcome> {
    const raw = notification.type === 'Notification' && subscription.attributes.RawMessageDelivery === 'true';
    const policy = this.context.httpPolicy(subscription);
    const body = raw
      ? this.context.documents.messageFor(notification, subscription.protocol)
      : JSON.stringify(await this.context.documents.document(notification, subscription, this.context.signatureVersion(notification.topicArn)));
    const headers: Record<string, string | number> = {
      'content-type': policy.contentType,
      'content-length': Buffer.byteLength(body),
      'user-agent': USER_AGENT,
      'x-amz-sns-message-type': notification.type,
      'x-amz-sns-message-id': notification.messageId,
      'x-amz-sns-topic-arn': notification.topicArn,
    };
    if (notification.type !== 'SubscriptionConfirmation') headers['x-amz-sns-subscription-arn'] = subscription.arn;
    if (raw) headers['x-amz-sns-rawdelivery'] = 'true';
    return this.post(subscription.endpoint, headers, body);
  }

  close(): Promise<void> {
    return this.poster.close();
  }

  private async post(endpoint: string, headers: Record<string, string | number>, body: string): Promise<DeliveryOutcome> {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      return { ok: false, retryable: false, reason: `not a URL: ${endpoint}` };
    }
    let status: number;
    try {
      status = await this.poster.post(url, headers, body);
    } catch (e) {
      return { ok: false, retryable: true, reason: e instanceof Error ? e.message || String(e) : String(e) };
    }
    if (status >= 200 && status < 300) return { ok: true };
    return { ok: false, retryable: status === 429 || status >= 500 || status < 200, reason: `HTTP ${status}` };
  }
}
