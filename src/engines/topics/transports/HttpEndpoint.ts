import https from 'node:https';
import type { DeliveryEndpoint } from '../ports.js';
import type { DeliveryOutcome, Notification, Subscription } from '../types.js';
import type { DeliveryContext } from './DeliveryContext.js';
import { KeepAliveHttpClient } from './KeepAliveHttpClient.js';

export interface HttpEndpointOptions {
  /** AWS gives an endpoint 15 s to answer. */
  readonly timeoutMs: number;
  /** Connections kept open to one endpoint host. */
  readonly maxSocketsPerHost: number;
  /** Accept self-signed certificates on https endpoints (local development). */
  readonly allowSelfSignedCertificates: boolean;
}

const USER_AGENT = 'Amazon Simple Notification Service Agent';

/**
 * HTTP/S subscriptions: a POST of the JSON document (or the raw message with
 * RawMessageDelivery), with SNS's `x-amz-sns-*` headers, over kept-alive connections.
 * 2xx is delivered; 429, 5xx, timeouts and connection errors are retried; any other status
 * is final (SNS does not retry client errors and does not follow redirects).
 */
export class HttpEndpoint implements DeliveryEndpoint {
  private readonly plain: KeepAliveHttpClient;
  private readonly httpsAgent: https.Agent;

  constructor(
    private readonly context: DeliveryContext,
    private readonly options: HttpEndpointOptions,
  ) {
    this.plain = new KeepAliveHttpClient({ maxConnectionsPerOrigin: options.maxSocketsPerHost, timeoutMs: options.timeoutMs });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: options.maxSocketsPerHost, scheduling: 'lifo', rejectUnauthorized: !options.allowSelfSignedCertificates });
  }

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

  async close(): Promise<void> {
    this.plain.close();
    this.httpsAgent.destroy();
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
      status = url.protocol === 'https:' ? await this.postHttps(url, headers, body) : await this.plain.post(url, headers, body);
    } catch (e) {
      return { ok: false, retryable: true, reason: e instanceof Error ? e.message || String(e) : String(e) };
    }
    if (status >= 200 && status < 300) return { ok: true };
    return { ok: false, retryable: status === 429 || status >= 500 || status < 200, reason: `HTTP ${status}` };
  }

  private postHttps(url: URL, headers: Record<string, string | number>, body: string): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const req = https.request(url, { method: 'POST', headers, agent: this.httpsAgent, timeout: this.options.timeoutMs });
      req.on('response', (res) => {
        res.resume(); // the answer's body means nothing to SNS
        resolve(res.statusCode ?? 0);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.options.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}
