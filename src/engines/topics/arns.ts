import { TopicsError } from './TopicsError.js';

/** Topic names: 1–256 letters, digits, `-` and `_`; FIFO topics end in `.fifo`. */
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const FIFO_TOPIC_NAME = /^[A-Za-z0-9_-]{1,251}\.fifo$/;

export function isValidTopicName(name: string, fifo: boolean): boolean {
  return fifo ? FIFO_TOPIC_NAME.test(name) : TOPIC_NAME.test(name);
}

export function topicArn(region: string, accountId: string, name: string): string {
  return `arn:aws:sns:${region}:${accountId}:${name}`;
}

export function subscriptionArn(topic: string, id: string): string {
  return `${topic}:${id}`;
}

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_.-]{1,256})$/;
const SUBSCRIPTION_ARN = /^(arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]{1,256}):([0-9a-f-]{36})$/;

/** Checks a topic ARN's form (InvalidParameter when malformed); whether it exists is the caller's question. */
export function checkTopicArn(arn: string | undefined, what = 'TopicArn'): string {
  if (arn === undefined || !TOPIC_ARN.test(arn)) throw TopicsError.invalid(what);
  return arn;
}

export function checkSubscriptionArn(arn: string | undefined): string {
  if (arn === undefined || !SUBSCRIPTION_ARN.test(arn)) throw TopicsError.invalid('SubscriptionArn');
  return arn;
}

export function isSubscriptionArn(arn: string): boolean {
  return SUBSCRIPTION_ARN.test(arn);
}

export function topicNameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}
