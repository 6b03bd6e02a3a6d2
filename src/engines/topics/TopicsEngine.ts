import { createHash, randomUUID } from 'node:crypto';
import type { DocumentCollection } from '../kernel/DocumentStore.js';
import { noMetrics, type Counter, type MetricsRecorder } from '../metrics/Metric.js';
import type { ShardLog } from '../streams/ports.js';
import { checkTopicArn, topicNameOf } from './arns.js';
import { DeliveryDispatcher, type DeliveryEnd, type DeliveryTask } from './delivery/DeliveryDispatcher.js';
import { DeliveryJournal, deliveryId, type PendingMessage } from './delivery/DeliveryJournal.js';
import { effectiveSubscriptionPolicyJson, effectiveTopicPolicyJson } from './delivery/DeliveryPolicy.js';
import { Links } from './delivery/Links.js';
import { NotificationDocuments } from './delivery/NotificationDocuments.js';
import { EMAIL_RETRY, MANAGED_ENDPOINT_RETRY, type RetryPolicy } from './delivery/RetryPolicy.js';
import { attributesBytes, checkAttributes, checkSubject, MAX_MESSAGE_BYTES, splitStructuredMessage } from './messages.js';
import { systemClock, type Clock, type DeadLetterSink, type DeliveryEndpoint, type FunctionInvoker, type HttpPoster, type MailSender, type TopicsLog } from './ports.js';
import { MessageSigner, type SignatureVersion } from './signing/MessageSigner.js';
import type { SigningKeys } from './signing/SigningKeys.js';
import { TopicDirectory } from './TopicDirectory.js';
import { TopicsError } from './TopicsError.js';
import type { DeliveryContext } from './endpoints/DeliveryContext.js';
import { EmailEndpoint } from './endpoints/EmailEndpoint.js';
import { FunctionEndpoint } from './endpoints/FunctionEndpoint.js';
import { HttpEndpoint } from './endpoints/HttpEndpoint.js';
import type { PublishRequest, PublishResult, Subscription, Topic } from './types.js';

export interface TopicsEngineOptions {
  readonly region: string;
  readonly accountId: string;
  /** Base of the links Lakehose sends (confirm, unsubscribe, certificate): its edge URL or `topics.publicUrl`. */
  readonly publicUrl: string;
  readonly signingKeys: SigningKeys;
  /** Sends HTTP/S subscriptions' POSTs. */
  readonly http: HttpPoster;
  readonly mail: MailSender;
  readonly functions?: FunctionInvoker;
  readonly deadLetters?: DeadLetterSink;
  readonly metrics?: MetricsRecorder;
  readonly log: TopicsLog;
  readonly clock?: Clock;
  readonly maxInFlight?: number;
  readonly maxInFlightPerSubscription?: number;
  /** Retry policies of the protocols whose policy SNS does not let users set (tests shorten them). */
  readonly emailRetry?: RetryPolicy;
  readonly lambdaRetry?: RetryPolicy;
  /** How long confirmation tokens are accepted; SNS: 2 days. */
  readonly tokenTtlMs?: number;
  /** Journal compaction threshold (tests make it small). */
  readonly journalCompactAfterBytes?: number;
}

export interface TopicsStores {
  readonly topics: DocumentCollection<Topic>;
  readonly subscriptions: DocumentCollection<Subscription>;
  /** Unsubscribed HTTP/S subscriptions their UnsubscribeConfirmation can restore (2 days). */
  readonly unsubscribed: DocumentCollection<Subscription>;
  /** The delivery journal's log (its own, not a stream's). */
  readonly journal: ShardLog;
}

/** One entry of a PublishBatch: its id and the outcome. */
export type BatchOutcome = { readonly id: string } & ({ readonly result: PublishResult } | { readonly error: TopicsError });

const TWO_DAYS_MS = 2 * 24 * 3600 * 1000;
const FAREWELL = 'farewell:';
const DEDUPLICATION_WINDOW_MS = 5 * 60 * 1000;
const MAX_BATCH = 10;
const BATCH_ID = /^[A-Za-z0-9_-]{1,80}$/;

interface TopicCounters {
  readonly published: Counter;
  readonly publishSize: Counter;
  readonly delivered: Counter;
  readonly failed: Counter;
  readonly filteredOut: Counter;
  readonly redriven: Counter;
}

/**
 * Topics, subscriptions and notifications: the SNS equivalent.
 *
 * Publish checks the message, picks the confirmed subscriptions whose filter policy lets it
 * through, writes the message and those deliveries to the journal (synced) and only then
 * answers; the dispatcher then delivers, retrying on each subscription's policy, and the
 * journal records each delivery as done. After a restart whatever is not done is delivered
 * again. HTTP/S, email and email-json subscriptions are confirmed through a link first;
 * messages are signed with a key kept in the data directory.
 */
export class TopicsEngine {
  readonly links: Links;
  private readonly clock: Clock;
  private readonly documents: NotificationDocuments;
  private readonly dispatcher: DeliveryDispatcher;
  private readonly endpoints: { http: HttpEndpoint; email: EmailEndpoint; lambda: DeliveryEndpoint };
  /** Messages with deliveries not done yet (the journal's compaction snapshot). */
  private readonly pending = new Map<string, PendingMessage>();
  private readonly counters = new Map<string, TopicCounters>();
  /** FIFO topics: deduplication id → what was answered, for five minutes. */
  private readonly deduplication = new Map<string, Map<string, { result: PublishResult; expiresMs: number }>>();
  private lastSequence = 0n;
  private closed = false;

  private constructor(
    private readonly options: TopicsEngineOptions,
    private readonly directory: TopicDirectory,
    private readonly journal: DeliveryJournal,
  ) {
    this.clock = options.clock ?? systemClock;
    this.links = new Links(options.publicUrl, options.signingKeys.certificateId);
    this.documents = new NotificationDocuments(new MessageSigner(options.signingKeys.privateKey), this.links);
    const context: DeliveryContext = {
      documents: this.documents,
      links: this.links,
      signatureVersion: (arn) => (directory.findTopic(arn)?.attributes.SignatureVersion === '2' ? '2' : '1') as SignatureVersion,
      displayName: (arn) => directory.findTopic(arn)?.attributes.DisplayName || undefined,
      httpPolicy: (s) => directory.httpPolicyOf(s),
    };
    const functions = options.functions;
    this.endpoints = {
      http: new HttpEndpoint(context, options.http),
      email: new EmailEndpoint(context, options.mail),
      lambda: functions
        ? new FunctionEndpoint(context, functions, (name, message) => options.log.warn('function failed on an SNS event (after Lambda-style retries)', { function: name, error: message }))
        : { deliver: async () => ({ ok: false, retryable: false, reason: 'functions are not enabled' }) },
    };
    this.dispatcher = new DeliveryDispatcher(
      {
        // `farewell:<arn>` lanes carry UnsubscribeConfirmations to subscriptions already removed.
        subscription: (key) => (key.startsWith(FAREWELL) ? directory.farewell(key.slice(FAREWELL.length)) : directory.findSubscription(key)),
        endpoint: (s) => (s.protocol === 'http' || s.protocol === 'https' ? this.endpoints.http : s.protocol === 'lambda' ? this.endpoints.lambda : this.endpoints.email),
        retryPolicy: (s) => this.retryPolicyOf(s),
        maxReceivesPerSecond: (s) => (s.protocol === 'http' || s.protocol === 'https' ? directory.httpPolicyOf(s).maxReceivesPerSecond : undefined),
        finished: (task, end, s) => this.finished(task, end, s),
      },
      { clock: this.clock, maxInFlight: options.maxInFlight ?? 512, maxInFlightPerSubscription: options.maxInFlightPerSubscription ?? 64 },
    );
  }

  static async open(options: TopicsEngineOptions, stores: TopicsStores): Promise<TopicsEngine> {
    const clock = options.clock ?? systemClock;
    const directory = await TopicDirectory.open(
      { region: options.region, accountId: options.accountId, now: () => clock.now(), tokenTtlMs: options.tokenTtlMs ?? TWO_DAYS_MS },
      stores.topics,
      stores.subscriptions,
      stores.unsubscribed,
    );
    const journal = new DeliveryJournal(stores.journal, clock, (e) => options.log.error('delivery journal write failed', { error: String(e) }), options.journalCompactAfterBytes);
    const engine = new TopicsEngine(options, directory, journal);
    const recovered = await journal.recover();
    for (const m of recovered) engine.pending.set(m.notification.messageId, m);
    for (const m of recovered) engine.dispatch(m);
    if (recovered.length > 0) options.log.info('resuming deliveries after restart', { messages: recovered.length });
    return engine;
  }

  // ---- topics ----

  createTopic(name: string, attributes: Record<string, string> = {}, tags: Record<string, string> = {}): Promise<Topic> {
    return this.directory.createTopic(name, attributes, tags);
  }

  deleteTopic(arn: string): Promise<void> {
    return this.directory.deleteTopic(arn);
  }

  listTopics(after?: string): { topics: Topic[]; next?: string } {
    return this.directory.listTopics(after);
  }

  topic(arn: string): Topic {
    return this.directory.topic(arn);
  }

  /** GetTopicAttributes: what was set plus Owner, Policy, counts and the effective delivery policy. */
  topicAttributes(arn: string): Record<string, string> {
    const t = this.directory.topic(arn);
    const counts = this.directory.topicCounts(arn);
    const attributes: Record<string, string> = {
      Policy: defaultTopicPolicy(arn, this.options.accountId),
      Owner: this.options.accountId,
      SubscriptionsPending: String(counts.pending),
      TopicArn: arn,
      EffectiveDeliveryPolicy: effectiveTopicPolicyJson(t.attributes.DeliveryPolicy),
      SubscriptionsConfirmed: String(counts.confirmed),
      DisplayName: '',
      SubscriptionsDeleted: String(counts.deleted),
      ...t.attributes,
    };
    if (t.fifo) {
      attributes.FifoTopic = 'true';
      attributes.ContentBasedDeduplication = t.attributes.ContentBasedDeduplication ?? 'false';
    }
    return attributes;
  }

  setTopicAttribute(arn: string, name: string, value: string): Promise<void> {
    return this.directory.setTopicAttribute(arn, name, value);
  }

  tagResource(arn: string, tags: Record<string, string>): Promise<void> {
    return this.directory.tag(arn, tags);
  }

  untagResource(arn: string, keys: readonly string[]): Promise<void> {
    return this.directory.untag(arn, keys);
  }

  listTags(arn: string): Record<string, string> {
    return this.directory.tags(arn);
  }

  // ---- subscriptions ----

  /**
   * Subscribes; HTTP/S and email endpoints get a confirmation request and stay pending until
   * confirmed, unless `preConfirmed` (subscriptions an operator declares in the config).
   */
  async subscribe(
    topicArn: string,
    protocol: string,
    endpoint: string | undefined,
    attributes: Record<string, string> = {},
    opts: { preConfirmed?: boolean } = {},
  ): Promise<Subscription> {
    const { subscription, sendConfirmation } = await this.directory.subscribe(topicArn, protocol, endpoint, attributes, this.options.accountId, opts.preConfirmed);
    if (sendConfirmation) {
      const now = this.clock.now();
      const messageId = randomUUID();
      const message: PendingMessage = {
        notification: {
          type: 'SubscriptionConfirmation',
          messageId,
          topicArn: subscription.topicArn,
          timestampMs: now,
          message: `You have chosen to subscribe to the topic ${subscription.topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
          token: subscription.token!,
        },
        deliveries: new Map([[deliveryId(messageId, 0), subscription.arn]]),
      };
      await this.persist([message]);
      this.dispatch(message);
    }
    return subscription;
  }

  async confirmSubscription(topicArn: string, token: string, opts: { authenticated: boolean; authenticateOnUnsubscribe?: boolean } = { authenticated: false }): Promise<Subscription> {
    return this.directory.confirm(topicArn, token, opts.authenticated, opts.authenticateOnUnsubscribe ?? false);
  }

  /** `authenticated`: false for the UnsubscribeURL link, which cannot remove a subscription confirmed with AuthenticateOnUnsubscribe. */
  async unsubscribe(arn: string, opts: { authenticated: boolean } = { authenticated: true }): Promise<Subscription> {
    const s = this.directory.subscription(arn);
    if (s.authenticateOnUnsubscribe && !opts.authenticated) throw new TopicsError('AuthorizationError', 'Unsubscribe of this subscription requires authentication');
    const { removed, farewell } = await this.directory.unsubscribe(arn);
    if (farewell) {
      // SNS tells an HTTP/S endpoint it was unsubscribed, with a link that undoes it.
      const messageId = randomUUID();
      const message: PendingMessage = {
        notification: {
          type: 'UnsubscribeConfirmation',
          messageId,
          topicArn: farewell.topicArn,
          timestampMs: this.clock.now(),
          message: `You have chosen to deactivate subscription ${farewell.arn}.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.`,
          token: farewell.token!,
        },
        deliveries: new Map([[deliveryId(messageId, 0), `${FAREWELL}${farewell.arn}`]]),
      };
      await this.persist([message]);
      this.dispatch(message);
    }
    return removed;
  }

  subscription(arn: string): Subscription {
    return this.directory.subscription(arn);
  }

  listSubscriptions(after?: string): { subscriptions: Subscription[]; next?: string } {
    return this.directory.listSubscriptions(undefined, after);
  }

  listSubscriptionsByTopic(topicArn: string, after?: string): { subscriptions: Subscription[]; next?: string } {
    return this.directory.listSubscriptions(topicArn, after);
  }

  /** GetSubscriptionAttributes. */
  subscriptionAttributes(arn: string): Record<string, string> {
    const s = this.directory.subscription(arn);
    const attributes: Record<string, string> = {
      Owner: s.owner,
      RawMessageDelivery: 'false',
      TopicArn: s.topicArn,
      Endpoint: s.endpoint,
      Protocol: s.protocol,
      PendingConfirmation: String(!s.confirmed),
      ConfirmationWasAuthenticated: String(s.confirmationWasAuthenticated),
      SubscriptionArn: s.arn,
      ...s.attributes,
    };
    if (s.attributes.FilterPolicy !== undefined) attributes.FilterPolicyScope = s.attributes.FilterPolicyScope ?? 'MessageAttributes';
    if (s.protocol === 'http' || s.protocol === 'https') attributes.EffectiveDeliveryPolicy = effectiveSubscriptionPolicyJson(this.directory.httpPolicyOf(s));
    return attributes;
  }

  setSubscriptionAttribute(arn: string, name: string, value: string): Promise<void> {
    return this.directory.setSubscriptionAttribute(arn, name, value);
  }

  // ---- publishing ----

  /** Publishes one message; resolves once it is durable and its deliveries are under way. */
  async publish(topicArn: string, request: PublishRequest): Promise<PublishResult> {
    const [outcome] = await this.publishMany(topicArn, [{ id: '0', request }]);
    if ('error' in outcome!) throw outcome.error;
    return outcome!.result;
  }

  /** PublishBatch: up to 10 entries, each succeeding or failing on its own; all made durable together. */
  async publishBatch(topicArn: string, entries: ReadonlyArray<{ id: string; request: PublishRequest }>): Promise<BatchOutcome[]> {
    if (entries.length === 0) throw new TopicsError('EmptyBatchRequest', 'The batch request doesn\'t contain any entries.');
    if (entries.length > MAX_BATCH) throw new TopicsError('TooManyEntriesInBatchRequest', `The batch request contains more entries than permissible (${MAX_BATCH}).`);
    const ids = new Set<string>();
    let bytes = 0;
    for (const e of entries) {
      if (!BATCH_ID.test(e.id)) throw new TopicsError('InvalidBatchEntryId', `A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.`);
      if (ids.has(e.id)) throw new TopicsError('BatchEntryIdsNotDistinct', `Two or more batch entries in the request have the same Id (${e.id}).`);
      ids.add(e.id);
      bytes += Buffer.byteLength(e.request.message) + attributesBytes(e.request.messageAttributes);
    }
    if (bytes > MAX_MESSAGE_BYTES) throw new TopicsError('BatchRequestTooLong', `The length of all the messages put together is more than the limit (${MAX_MESSAGE_BYTES} bytes).`);
    return this.publishMany(topicArn, entries);
  }

  /** Deliveries started or waiting (tests and shutdown). */
  get pendingDeliveries(): number {
    return this.dispatcher.pendingCount;
  }

  /** The certificate published at SigningCertURL. */
  get signingCertificate(): { readonly id: string; readonly pem: string } {
    return { id: this.options.signingKeys.certificateId, pem: this.options.signingKeys.certificatePem };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Stop starting attempts, then cut HTTP connections so attempts in flight end now rather
    // than at their timeout: they stay pending in the journal and go again after the restart.
    const stopped = this.dispatcher.close();
    await this.endpoints.http.close();
    await stopped;
    await this.journal.close();
    await this.options.mail.close();
  }

  private async publishMany(topicArn: string, entries: ReadonlyArray<{ id: string; request: PublishRequest }>): Promise<BatchOutcome[]> {
    if (this.closed) throw new TopicsError('StorageUnavailable', 'Lakehose is shutting down');
    checkTopicArn(topicArn);
    const topic = this.directory.topic(topicArn);
    const counters = this.countersOf(topic.name);
    const now = this.clock.now();
    const outcomes: BatchOutcome[] = [];
    const messages: PendingMessage[] = [];
    /** FIFO: what this batch answered, by deduplication key, remembered only once it is stored. */
    const accepted = new Map<string, PublishResult>();
    for (const { id, request } of entries) {
      try {
        const key = this.deduplicationKey(topic, request);
        const duplicate = key === undefined ? undefined : (accepted.get(key) ?? this.duplicateOf(topic.arn, key, now));
        if (duplicate) {
          outcomes.push({ id, result: duplicate });
          continue;
        }
        const message = this.prepare(topic, request, now);
        const result: PublishResult = { messageId: message.notification.messageId, ...(message.notification.sequenceNumber ? { sequenceNumber: message.notification.sequenceNumber } : {}) };
        if (key !== undefined) accepted.set(key, result);
        if (message.deliveries.size > 0) messages.push(message);
        outcomes.push({ id, result });
      } catch (e) {
        if (!(e instanceof TopicsError)) throw e;
        outcomes.push({ id, error: e });
      }
    }
    await this.persist(messages);
    for (const [key, result] of accepted) this.remember(topic.arn, key, result, now);
    for (const o of outcomes) {
      if (!('result' in o)) continue;
      const request = entries.find((e) => e.id === o.id)!.request;
      counters.published.add(1);
      counters.publishSize.add(Buffer.byteLength(request.message));
    }
    for (const m of messages) this.dispatch(m);
    return outcomes;
  }

  /** Checks a message and turns it into a notification with the deliveries it needs. */
  private prepare(topic: Topic, request: PublishRequest, now: number): PendingMessage {
    if (request.message === '') throw TopicsError.invalid('Empty message');
    checkSubject(request.subject);
    const size = Buffer.byteLength(request.message) + checkAttributes(request.messageAttributes);
    if (size > MAX_MESSAGE_BYTES) throw TopicsError.invalid('Message too long');
    let message = request.message;
    let perProtocol: Record<string, string> | undefined;
    if (request.messageStructure !== undefined) {
      if (request.messageStructure !== 'json') throw TopicsError.invalid('MessageStructure');
      ({ message, perProtocol } = splitStructuredMessage(request.message));
    }
    if (topic.fifo) {
      if (request.messageGroupId === undefined) throw TopicsError.invalid('The MessageGroupId parameter is required for FIFO topics');
      if (request.messageDeduplicationId === undefined && topic.attributes.ContentBasedDeduplication !== 'true') {
        throw TopicsError.invalid('The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
      }
    } else if (request.messageDeduplicationId !== undefined) {
      throw TopicsError.invalid('MessageDeduplicationId: The request includes MessageDeduplicationId parameter that is not valid for this topic type');
    }
    const notification = {
      type: 'Notification' as const,
      messageId: randomUUID(),
      topicArn: topic.arn,
      timestampMs: now,
      message,
      ...(request.subject !== undefined ? { subject: request.subject } : {}),
      ...(perProtocol && Object.keys(perProtocol).length > 0 ? { perProtocol } : {}),
      ...(request.messageAttributes && Object.keys(request.messageAttributes).length > 0 ? { attributes: request.messageAttributes } : {}),
      ...(topic.fifo ? { groupId: request.messageGroupId!, sequenceNumber: this.nextSequence(now) } : {}),
    };
    const deliveries = new Map<string, string>();
    const counters = this.countersOf(topic.name);
    let n = 0;
    for (const s of this.directory.subscriptionsOf(topic.arn)) {
      if (!s.confirmed) continue;
      const filter = this.directory.filterOf(s);
      if (filter && !filter.matches(this.documents.messageFor(notification, s.protocol), notification.attributes)) {
        counters.filteredOut.add(1);
        continue;
      }
      deliveries.set(deliveryId(notification.messageId, n++), s.arn);
    }
    return { notification, deliveries };
  }

  /** Into the journal before anyone is told; registered first so a compaction running meanwhile keeps it. */
  private async persist(messages: PendingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    for (const m of messages) this.pending.set(m.notification.messageId, m);
    try {
      await this.journal.published(messages);
    } catch (e) {
      for (const m of messages) this.pending.delete(m.notification.messageId);
      throw new TopicsError('StorageUnavailable', `The message could not be stored: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.journal.maybeCompact(() => [...this.pending.values()]);
  }

  private dispatch(m: PendingMessage): void {
    for (const [id, subscriptionArn] of m.deliveries) {
      this.dispatcher.enqueue({ id, notification: m.notification, subscriptionArn, attempts: 0 });
    }
  }

  private async finished(task: DeliveryTask, end: DeliveryEnd, subscription: Subscription | undefined): Promise<void> {
    const counters = this.countersOf(topicNameOf(task.notification.topicArn));
    const isNotification = task.notification.type === 'Notification';
    if (end === 'delivered' && isNotification) counters.delivered.add(1);
    if (end === 'failed' && subscription) {
      if (isNotification) counters.failed.add(1);
      const redrive = subscription.attributes.RedrivePolicy;
      if (redrive !== undefined && task.notification.type === 'Notification' && this.options.deadLetters) {
        const target = (JSON.parse(redrive) as { deadLetterTargetArn: string }).deadLetterTargetArn;
        try {
          await this.options.deadLetters.write({
            notification: task.notification,
            subscriptionArn: subscription.arn,
            protocol: subscription.protocol,
            endpoint: subscription.endpoint,
            deadLetterTargetArn: target,
            attempts: task.attempts,
            lastError: task.lastError ?? '',
            failedAtMs: this.clock.now(),
          });
          counters.redriven.add(1);
        } catch (e) {
          // Not marked done: it is tried again after a restart rather than lost.
          this.options.log.error('could not write a dead letter', { subscription: subscription.arn, messageId: task.notification.messageId, error: String(e) });
          return;
        }
      } else {
        this.options.log.warn('delivery given up', {
          subscription: subscription.arn,
          messageId: task.notification.messageId,
          attempts: task.attempts,
          error: task.lastError,
        });
      }
    }
    const m = this.pending.get(task.notification.messageId);
    if (m) {
      m.deliveries.delete(task.id);
      if (m.deliveries.size === 0) this.pending.delete(task.notification.messageId);
    }
    this.journal.done(task.id);
  }

  private retryPolicyOf(s: Subscription): RetryPolicy {
    switch (s.protocol) {
      case 'http':
      case 'https':
        return this.directory.httpPolicyOf(s).retry;
      case 'email':
      case 'email-json':
        return this.options.emailRetry ?? EMAIL_RETRY;
      case 'lambda':
        return this.options.lambdaRetry ?? MANAGED_ENDPOINT_RETRY;
    }
  }

  private duplicateOf(topicArn: string, key: string, now: number): PublishResult | undefined {
    const seen = this.deduplication.get(topicArn)?.get(key);
    return seen && seen.expiresMs > now ? seen.result : undefined;
  }

  private remember(topicArn: string, key: string, result: PublishResult, now: number): void {
    let seen = this.deduplication.get(topicArn);
    if (!seen) this.deduplication.set(topicArn, (seen = new Map()));
    for (const [k, v] of seen) {
      if (v.expiresMs > now) break; // insertion order is expiry order
      seen.delete(k);
    }
    seen.delete(key);
    seen.set(key, { result, expiresMs: now + DEDUPLICATION_WINDOW_MS });
  }

  /** FIFO topics only: the deduplication id, or the content's hash with ContentBasedDeduplication. */
  private deduplicationKey(topic: Topic, request: PublishRequest): string | undefined {
    if (!topic.fifo) return undefined;
    if (request.messageDeduplicationId !== undefined) return `id:${request.messageDeduplicationId}`;
    if (topic.attributes.ContentBasedDeduplication === 'true') return `sha256:${createHash('sha256').update(request.message).digest('hex')}`;
    return undefined;
  }

  /** 20-digit, increasing per engine (and across restarts while the clock moves forward). */
  private nextSequence(now: number): string {
    const floor = BigInt(now) * 1_000_000n;
    this.lastSequence = this.lastSequence < floor ? floor : this.lastSequence + 1n;
    return this.lastSequence.toString().padStart(20, '0');
  }

  private countersOf(topicName: string): TopicCounters {
    let c = this.counters.get(topicName);
    if (!c) {
      const metrics = this.options.metrics ?? noMetrics;
      const d = { TopicName: topicName };
      c = {
        published: metrics.counter('AWS/SNS', 'NumberOfMessagesPublished', d),
        publishSize: metrics.counter('AWS/SNS', 'PublishSize', d, 'Bytes'),
        delivered: metrics.counter('AWS/SNS', 'NumberOfNotificationsDelivered', d),
        failed: metrics.counter('AWS/SNS', 'NumberOfNotificationsFailed', d),
        filteredOut: metrics.counter('AWS/SNS', 'NumberOfNotificationsFilteredOut', d),
        redriven: metrics.counter('AWS/SNS', 'NumberOfNotificationsRedrivenToDlq', d),
      };
      this.counters.set(topicName, c);
    }
    return c;
  }
}

/** The access policy SNS gives a new topic: its owner may do everything. */
function defaultTopicPolicy(arn: string, accountId: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes', 'SNS:SetTopicAttributes', 'SNS:AddPermission', 'SNS:RemovePermission',
          'SNS:DeleteTopic', 'SNS:Subscribe', 'SNS:ListSubscriptionsByTopic', 'SNS:Publish',
        ],
        Resource: arn,
        Condition: { StringEquals: { 'AWS:SourceOwner': accountId } },
      },
    ],
  });
}
