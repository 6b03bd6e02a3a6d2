/**
 * Domain types of the topics engine (the SNS equivalent). No AWS wire shapes here: the
 * facade in src/aws/sns maps these to SNS's API. The JSON documents subscribers receive
 * (delivery/notificationDocument.ts) do use AWS's field names: that is the format their
 * code parses.
 */

/** Endpoint protocols Lakehose delivers to. `sqs` and the mobile/SMS ones are refused: there are no queues yet. */
export const DELIVERY_PROTOCOLS = ['http', 'https', 'email', 'email-json', 'lambda'] as const;
export type DeliveryProtocol = (typeof DELIVERY_PROTOCOLS)[number];

/** Protocols whose subscriptions wait for the endpoint's owner to confirm. */
export function needsConfirmation(protocol: DeliveryProtocol): boolean {
  return protocol !== 'lambda';
}

export interface MessageAttribute {
  /** `String`, `Number`, `Binary` or `String.Array`, optionally with a custom `.suffix`. */
  readonly dataType: string;
  readonly stringValue?: string;
  readonly binaryValue?: Uint8Array;
}

export type MessageAttributes = Readonly<Record<string, MessageAttribute>>;

export interface Topic {
  readonly name: string;
  readonly arn: string;
  readonly fifo: boolean;
  /** Attributes as set (DisplayName, Policy, DeliveryPolicy, SignatureVersion …); computed ones are added on read. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly createdMs: number;
}

export interface Subscription {
  /** The last part of the ARN (a UUID). */
  readonly id: string;
  readonly arn: string;
  readonly topicArn: string;
  readonly protocol: DeliveryProtocol;
  readonly endpoint: string;
  readonly owner: string;
  readonly confirmed: boolean;
  /** Confirmation token and when it stops being accepted (pending subscriptions). */
  readonly token?: string;
  readonly tokenExpiresMs?: number;
  /** Set when ConfirmSubscription was called by an authenticated caller with AuthenticateOnUnsubscribe. */
  readonly authenticateOnUnsubscribe: boolean;
  readonly confirmationWasAuthenticated: boolean;
  /** RawMessageDelivery, FilterPolicy, FilterPolicyScope, DeliveryPolicy, RedrivePolicy, SubscriptionRoleArn. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly createdMs: number;
}

export type NotificationType = 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';

/** One message as published (or one confirmation request), as it is kept until every delivery is done. */
export interface Notification {
  readonly type: NotificationType;
  readonly messageId: string;
  readonly topicArn: string;
  readonly timestampMs: number;
  readonly subject?: string;
  /** The default message (MessageStructure=json: the `default` member). */
  readonly message: string;
  /** MessageStructure=json: the message for each protocol that has its own. */
  readonly perProtocol?: Readonly<Record<string, string>>;
  readonly attributes?: MessageAttributes;
  /** FIFO topics. */
  readonly groupId?: string;
  readonly sequenceNumber?: string;
  readonly deduplicationId?: string;
  /** SubscriptionConfirmation: the token to confirm with. */
  readonly token?: string;
}

/** What a publisher sends (the engine's side of Publish / PublishBatch / alarm actions). */
export interface PublishRequest {
  readonly subject?: string;
  readonly message: string;
  /** `json`: `message` is a JSON object with a `default` member and optional per-protocol members. */
  readonly messageStructure?: string;
  readonly messageAttributes?: MessageAttributes;
  readonly messageGroupId?: string;
  readonly messageDeduplicationId?: string;
}

export interface PublishResult {
  readonly messageId: string;
  /** FIFO topics only. */
  readonly sequenceNumber?: string;
}

/** Outcome of one attempt to hand a notification to an endpoint. */
export type DeliveryOutcome =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** False when trying again cannot help (a 4xx other than 429, an unknown function). */
      readonly retryable: boolean;
      readonly reason: string;
    };

/** A delivery that ran out of retries (or could not be retried) and had a RedrivePolicy. */
export interface DeadLetter {
  readonly notification: Notification;
  readonly subscriptionArn: string;
  readonly protocol: DeliveryProtocol;
  readonly endpoint: string;
  /** The queue ARN of the RedrivePolicy (`deadLetterTargetArn`). */
  readonly deadLetterTargetArn: string;
  readonly attempts: number;
  readonly lastError: string;
  readonly failedAtMs: number;
}
