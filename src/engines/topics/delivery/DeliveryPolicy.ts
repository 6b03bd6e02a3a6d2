import { TopicsError } from '../TopicsError.js';
import { HTTP_DEFAULT_RETRY, parseRetryPolicy, type RetryPolicy } from './RetryPolicy.js';

/** How an HTTP/S subscription is delivered to: retries, rate and content type. */
export interface HttpDeliveryPolicy {
  readonly retry: RetryPolicy;
  /** `throttlePolicy.maxReceivesPerSecond`; undefined for no limit. */
  readonly maxReceivesPerSecond?: number;
  /** `requestPolicy.headerContentType`. */
  readonly contentType: string;
}

export const DEFAULT_CONTENT_TYPE = 'text/plain; charset=UTF-8';
const CONTENT_TYPES = ['text/plain', 'application/json', 'application/xml'];

export const DEFAULT_HTTP_POLICY: HttpDeliveryPolicy = { retry: HTTP_DEFAULT_RETRY, contentType: DEFAULT_CONTENT_TYPE };

/** A subscription's DeliveryPolicy: `{healthyRetryPolicy, throttlePolicy, requestPolicy}`. */
interface SubscriptionPolicy {
  readonly retry?: RetryPolicy;
  readonly maxReceivesPerSecond?: number;
  readonly contentType?: string;
}

/** A topic's DeliveryPolicy: `{http: {defaultHealthyRetryPolicy, disableSubscriptionOverrides, defaultThrottlePolicy, defaultRequestPolicy}}`. */
interface TopicPolicy extends SubscriptionPolicy {
  readonly disableSubscriptionOverrides: boolean;
}

function parseJson(text: string, what: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw TopicsError.invalid(`${what}: failed to parse JSON`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw TopicsError.invalid(`${what}: must be a JSON object`);
  return v as Record<string, unknown>;
}

function parseParts(doc: Record<string, unknown>, names: { retry: string; throttle: string; request: string }, what: string): SubscriptionPolicy {
  const out: { retry?: RetryPolicy; maxReceivesPerSecond?: number; contentType?: string } = {};
  const retry = doc[names.retry];
  if (retry !== undefined && retry !== null) out.retry = parseRetryPolicy(retry, what);
  const throttle = doc[names.throttle] as Record<string, unknown> | undefined | null;
  if (throttle !== undefined && throttle !== null) {
    const rate = throttle.maxReceivesPerSecond;
    if (rate !== undefined) {
      if (typeof rate !== 'number' || !Number.isInteger(rate) || rate < 1) throw TopicsError.invalid(`${what}: maxReceivesPerSecond must be a positive integer`);
      out.maxReceivesPerSecond = rate;
    }
  }
  const request = doc[names.request] as Record<string, unknown> | undefined | null;
  if (request !== undefined && request !== null) {
    const type = request.headerContentType;
    if (type !== undefined) {
      if (typeof type !== 'string' || !CONTENT_TYPES.includes(type.split(';')[0]!.trim().toLowerCase())) {
        throw TopicsError.invalid(`${what}: headerContentType must be one of ${CONTENT_TYPES.join(', ')} (optionally with a charset)`);
      }
      out.contentType = type;
    }
  }
  return out;
}

export function parseSubscriptionDeliveryPolicy(text: string): SubscriptionPolicy {
  return parseParts(parseJson(text, 'DeliveryPolicy'), { retry: 'healthyRetryPolicy', throttle: 'throttlePolicy', request: 'requestPolicy' }, 'DeliveryPolicy');
}

export function parseTopicDeliveryPolicy(text: string): TopicPolicy {
  const doc = parseJson(text, 'DeliveryPolicy');
  const http = (doc.http ?? {}) as Record<string, unknown>;
  if (typeof http !== 'object' || Array.isArray(http)) throw TopicsError.invalid('DeliveryPolicy: http must be an object');
  const parts = parseParts(http, { retry: 'defaultHealthyRetryPolicy', throttle: 'defaultThrottlePolicy', request: 'defaultRequestPolicy' }, 'DeliveryPolicy');
  return { ...parts, disableSubscriptionOverrides: http.disableSubscriptionOverrides === true };
}

/** The policy an HTTP/S subscription is delivered with: its own over its topic's over AWS's default. */
export function effectiveHttpPolicy(topicPolicyText: string | undefined, subscriptionPolicyText: string | undefined): HttpDeliveryPolicy {
  const topic = topicPolicyText ? parseTopicDeliveryPolicy(topicPolicyText) : undefined;
  const sub = subscriptionPolicyText && !topic?.disableSubscriptionOverrides ? parseSubscriptionDeliveryPolicy(subscriptionPolicyText) : undefined;
  const maxReceivesPerSecond = sub?.maxReceivesPerSecond ?? topic?.maxReceivesPerSecond;
  return {
    retry: sub?.retry ?? topic?.retry ?? HTTP_DEFAULT_RETRY,
    contentType: sub?.contentType ?? topic?.contentType ?? DEFAULT_CONTENT_TYPE,
    ...(maxReceivesPerSecond !== undefined ? { maxReceivesPerSecond } : {}),
  };
}

/** The EffectiveDeliveryPolicy attribute of a topic, as GetTopicAttributes shows it. */
export function effectiveTopicPolicyJson(topicPolicyText: string | undefined): string {
  const topic = topicPolicyText ? parseTopicDeliveryPolicy(topicPolicyText) : undefined;
  const http: Record<string, unknown> = {
    defaultHealthyRetryPolicy: { ...(topic?.retry ?? HTTP_DEFAULT_RETRY) },
    disableSubscriptionOverrides: topic?.disableSubscriptionOverrides ?? false,
  };
  if (topic?.maxReceivesPerSecond !== undefined) http.defaultThrottlePolicy = { maxReceivesPerSecond: topic.maxReceivesPerSecond };
  http.defaultRequestPolicy = { headerContentType: topic?.contentType ?? DEFAULT_CONTENT_TYPE };
  return JSON.stringify({ http });
}

/** The EffectiveDeliveryPolicy attribute of an HTTP/S subscription. */
export function effectiveSubscriptionPolicyJson(policy: HttpDeliveryPolicy): string {
  return JSON.stringify({
    healthyRetryPolicy: { ...policy.retry },
    ...(policy.maxReceivesPerSecond !== undefined ? { throttlePolicy: { maxReceivesPerSecond: policy.maxReceivesPerSecond } } : {}),
    requestPolicy: { headerContentType: policy.contentType },
  });
}
