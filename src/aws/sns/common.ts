import type { MessageAttributeValue } from '@aws-sdk/client-sns';
import type { TopicsEngine } from '../../engines/topics/TopicsEngine.js';
import type { MessageAttributes, PublishRequest, Subscription } from '../../engines/topics/types.js';
import { AwsError } from '../wire/AwsError.js';

/** What every SNS operation is built from. */
export interface SnsDeps {
  readonly topics: TopicsEngine;
}

/** Opaque pagination tokens: base64 of the last item's ARN. */
export function encodeToken(lastArn: string | undefined): string | undefined {
  return lastArn === undefined ? undefined : Buffer.from(lastArn).toString('base64url');
}

export function decodeToken(token: string | undefined): string | undefined {
  if (token === undefined || token === '') return undefined;
  const arn = Buffer.from(token, 'base64url').toString('utf8');
  if (!arn.startsWith('arn:')) throw new AwsError('InvalidParameterException', 'Invalid parameter: NextToken');
  return arn;
}

/** The wire's attribute map (BinaryValue already decoded from base64) → the engine's. */
export function messageAttributes(wire: Record<string, MessageAttributeValue> | undefined): MessageAttributes | undefined {
  if (!wire) return undefined;
  const out: Record<string, { dataType: string; stringValue?: string; binaryValue?: Uint8Array }> = {};
  for (const [name, v] of Object.entries(wire)) {
    out[name] = {
      dataType: v.DataType ?? '',
      ...(v.StringValue !== undefined ? { stringValue: v.StringValue } : {}),
      ...(v.BinaryValue !== undefined ? { binaryValue: v.BinaryValue } : {}),
    };
  }
  return out;
}

export function publishRequest(input: {
  Message?: string | undefined;
  Subject?: string | undefined;
  MessageStructure?: string | undefined;
  MessageAttributes?: Record<string, MessageAttributeValue> | undefined;
  MessageGroupId?: string | undefined;
  MessageDeduplicationId?: string | undefined;
}): PublishRequest {
  const attributes = messageAttributes(input.MessageAttributes);
  return {
    message: input.Message ?? '',
    ...(input.Subject !== undefined ? { subject: input.Subject } : {}),
    ...(input.MessageStructure !== undefined ? { messageStructure: input.MessageStructure } : {}),
    ...(attributes ? { messageAttributes: attributes } : {}),
    ...(input.MessageGroupId !== undefined ? { messageGroupId: input.MessageGroupId } : {}),
    ...(input.MessageDeduplicationId !== undefined ? { messageDeduplicationId: input.MessageDeduplicationId } : {}),
  };
}

/** A subscription as ListSubscriptions shows it: unconfirmed ones have no ARN yet. */
export function listedSubscription(s: Subscription): { SubscriptionArn: string; Owner: string; Protocol: string; Endpoint: string; TopicArn: string } {
  return { SubscriptionArn: s.confirmed ? s.arn : 'PendingConfirmation', Owner: s.owner, Protocol: s.protocol, Endpoint: s.endpoint, TopicArn: s.topicArn };
}
