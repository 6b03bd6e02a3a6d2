import { randomBytes, randomUUID } from 'node:crypto';
import type { DocumentCollection } from '../kernel/DocumentStore.js';
import { checkSubscriptionArn, checkTopicArn, isValidTopicName, subscriptionArn, topicArn } from './arns.js';
import { effectiveHttpPolicy, parseSubscriptionDeliveryPolicy, parseTopicDeliveryPolicy, type HttpDeliveryPolicy } from './delivery/DeliveryPolicy.js';
import { FilterPolicy, type FilterPolicyScope } from './filter/FilterPolicy.js';
import { TopicsError } from './TopicsError.js';
import { DELIVERY_PROTOCOLS, needsConfirmation, type DeliveryProtocol, type Subscription, type Topic } from './types.js';

/** Topic attributes a caller may set (CreateTopic / SetTopicAttributes). */
const TOPIC_ATTRIBUTES = new Set([
  'DeliveryPolicy', 'DisplayName', 'Policy', 'KmsMasterKeyId', 'SignatureVersion', 'TracingConfig', 'FifoTopic',
  'ContentBasedDeduplication', 'ArchivePolicy', 'DataProtectionPolicy', 'FifoThroughputScope',
  'ApplicationSuccessFeedbackRoleArn', 'ApplicationSuccessFeedbackSampleRate', 'ApplicationFailureFeedbackRoleArn',
  'HTTPSuccessFeedbackRoleArn', 'HTTPSuccessFeedbackSampleRate', 'HTTPFailureFeedbackRoleArn',
  'LambdaSuccessFeedbackRoleArn', 'LambdaSuccessFeedbackSampleRate', 'LambdaFailureFeedbackRoleArn',
  'SQSSuccessFeedbackRoleArn', 'SQSSuccessFeedbackSampleRate', 'SQSFailureFeedbackRoleArn',
  'FirehoseSuccessFeedbackRoleArn', 'FirehoseSuccessFeedbackSampleRate', 'FirehoseFailureFeedbackRoleArn',
]);
/** Subscription attributes a caller may set (Subscribe / SetSubscriptionAttributes). */
const SUBSCRIPTION_ATTRIBUTES = new Set(['DeliveryPolicy', 'FilterPolicy', 'FilterPolicyScope', 'RawMessageDelivery', 'RedrivePolicy', 'SubscriptionRoleArn', 'ReplayPolicy']);
const NOT_YET = new Set(['sqs', 'application', 'sms', 'firehose']);
const MAX_TAGS = 50;
const MAX_FILTER_POLICIES_PER_TOPIC = 200;
const LIST_PAGE = 100;
const DEAD_LETTER_ARN = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/;

export interface DirectorySettings {
  readonly region: string;
  readonly accountId: string;
  readonly now: () => number;
  /** How long a confirmation token is accepted (SNS: 2 days). */
  readonly tokenTtlMs: number;
}

/** A subscription just made: its state and whether a confirmation request must go out. */
export interface SubscribeResult {
  readonly subscription: Subscription;
  readonly sendConfirmation: boolean;
}

/**
 * Topics and subscriptions: the durable state (one document per topic and per
 * subscription) and everything about it that is checked or derived: names, ARNs,
 * attributes, filter and delivery policies (parsed once, kept with the subscription),
 * confirmation tokens, tags, listing pages.
 */
export class TopicDirectory {
  private readonly topics = new Map<string, Topic>();
  private readonly subscriptions = new Map<string, Subscription>();
  /** Topic ARN → its subscriptions' ARNs, in creation order. */
  private readonly byTopic = new Map<string, Set<string>>();
  private lastSubscriptionMs = 0;
  private readonly byToken = new Map<string, string>();
  private readonly filters = new Map<string, FilterPolicy>();
  private readonly httpPolicies = new Map<string, HttpDeliveryPolicy>();
  private readonly deletedCounts = new Map<string, number>();
  /** Unsubscribed HTTP/S subscriptions, restorable with the token of their UnsubscribeConfirmation, by ARN. */
  private readonly farewells = new Map<string, Subscription>();
  private readonly byFarewellToken = new Map<string, string>();

  private constructor(
    private readonly settings: DirectorySettings,
    private readonly topicStore: DocumentCollection<Topic>,
    private readonly subscriptionStore: DocumentCollection<Subscription>,
    private readonly farewellStore: DocumentCollection<Subscription>,
  ) {}

  static async open(
    settings: DirectorySettings,
    topics: DocumentCollection<Topic>,
    subscriptions: DocumentCollection<Subscription>,
    unsubscribed: DocumentCollection<Subscription>,
  ): Promise<TopicDirectory> {
    const d = new TopicDirectory(settings, topics, subscriptions, unsubscribed);
    for (const { doc } of await topics.list()) d.topics.set(doc.arn, doc);
    const all = (await subscriptions.list()).map((e) => e.doc).sort((a, b) => a.createdMs - b.createdMs);
    for (const s of all) {
      d.lastSubscriptionMs = Math.max(d.lastSubscriptionMs, s.createdMs);
      if (!d.topics.has(s.topicArn)) continue;
      d.index(s);
    }
    for (const { key, doc } of await unsubscribed.list()) {
      if ((doc.tokenExpiresMs ?? 0) < settings.now()) await unsubscribed.delete(key);
      else d.rememberFarewell(doc);
    }
    return d;
  }

  // ---- topics ----

  async createTopic(name: string, attributes: Record<string, string>, tags: Record<string, string>): Promise<Topic> {
    const fifo = attributes.FifoTopic === 'true';
    if (!isValidTopicName(name, fifo || name.endsWith('.fifo'))) throw TopicsError.invalid('Topic Name');
    if (name.endsWith('.fifo') !== fifo) {
      throw TopicsError.invalid(fifo ? 'Topic Name: FIFO topic names must end with .fifo' : 'Topic Name: set the FifoTopic attribute to true for a .fifo topic');
    }
    const arn = topicArn(this.settings.region, this.settings.accountId, name);
    for (const [k, v] of Object.entries(attributes)) this.checkTopicAttribute(k, v, fifo, true);
    checkTags(tags);
    const existing = this.topics.get(arn);
    if (existing) {
      // CreateTopic is idempotent, but not with different attributes.
      for (const [k, v] of Object.entries(attributes)) {
        if ((existing.attributes[k] ?? defaultTopicAttribute(k)) !== v) throw TopicsError.invalid('Attributes Reason: Topic already exists with different attributes');
      }
      if (Object.keys(tags).length > 0 && Object.entries(tags).some(([k, v]) => existing.tags[k] !== v)) {
        throw TopicsError.invalid('Tags Reason: Topic already exists with different tags');
      }
      return existing;
    }
    const stored = { ...attributes };
    delete stored.FifoTopic;
    const topic: Topic = { name, arn, fifo, attributes: stored, tags: { ...tags }, createdMs: this.settings.now() };
    await this.topicStore.put(arn, topic);
    this.topics.set(arn, topic);
    return topic;
  }

  /** Idempotent, as SNS's DeleteTopic: its subscriptions go with it. */
  async deleteTopic(arn: string): Promise<void> {
    checkTopicArn(arn);
    if (!this.topics.has(arn)) return;
    for (const subArn of [...(this.byTopic.get(arn) ?? [])]) await this.removeSubscription(subArn);
    await this.topicStore.delete(arn);
    this.topics.delete(arn);
    this.byTopic.delete(arn);
    this.deletedCounts.delete(arn);
  }

  topic(arn: string): Topic {
    checkTopicArn(arn);
    const t = this.topics.get(arn);
    if (!t) throw TopicsError.topicNotFound();
    return t;
  }

  findTopic(arn: string): Topic | undefined {
    return this.topics.get(arn);
  }

  listTopics(after: string | undefined): { topics: Topic[]; next?: string } {
    const all = [...this.topics.keys()].sort();
    const start = after === undefined ? 0 : all.findIndex((a) => a > after);
    const page = start < 0 ? [] : all.slice(start, start + LIST_PAGE);
    const more = start >= 0 && start + LIST_PAGE < all.length;
    return { topics: page.map((a) => this.topics.get(a)!), ...(more ? { next: page[page.length - 1]! } : {}) };
  }

  async setTopicAttribute(arn: string, name: string, value: string): Promise<void> {
    const t = this.topic(arn);
    if (name === 'FifoTopic') throw TopicsError.invalid('AttributeName: FifoTopic can only be set when the topic is created');
    this.checkTopicAttribute(name, value, t.fifo, false);
    const attributes = { ...t.attributes };
    if (value === '' && name !== 'DisplayName') delete attributes[name];
    else attributes[name] = value;
    await this.saveTopic({ ...t, attributes });
    if (name === 'DeliveryPolicy') for (const s of this.byTopic.get(arn) ?? []) this.httpPolicies.delete(s);
  }

  /** The attributes GetTopicAttributes shows: as set, plus the computed ones. */
  topicCounts(arn: string): { confirmed: number; pending: number; deleted: number } {
    let confirmed = 0;
    let pending = 0;
    for (const s of this.byTopic.get(arn) ?? []) {
      if (this.subscriptions.get(s)?.confirmed) confirmed++;
      else pending++;
    }
    return { confirmed, pending, deleted: this.deletedCounts.get(arn) ?? 0 };
  }

  async tag(arn: string, tags: Record<string, string>): Promise<void> {
    const t = this.taggable(arn);
    checkTags(tags);
    const merged = { ...t.tags, ...tags };
    if (Object.keys(merged).length > MAX_TAGS) throw new TopicsError('TagLimitExceeded', 'Could not complete request: tag quota of per resource exceeded');
    await this.saveTopic({ ...t, tags: merged });
  }

  async untag(arn: string, keys: readonly string[]): Promise<void> {
    const t = this.taggable(arn);
    const tags = { ...t.tags };
    for (const k of keys) delete tags[k];
    await this.saveTopic({ ...t, tags });
  }

  tags(arn: string): Record<string, string> {
    return { ...this.taggable(arn).tags };
  }

  // ---- subscriptions ----

  async subscribe(
    topicArnValue: string,
    protocolName: string,
    endpoint: string | undefined,
    attributes: Record<string, string>,
    owner: string,
    preConfirmed = false,
  ): Promise<SubscribeResult> {
    const topic = this.topic(topicArnValue);
    const protocol = checkProtocol(protocolName);
    const target = checkEndpoint(protocol, endpoint);
    for (const [k, v] of Object.entries(attributes)) this.checkSubscriptionAttribute(k, v, protocol, attributes.FilterPolicyScope, topic.arn);
    for (const existingArn of this.byTopic.get(topic.arn) ?? []) {
      const existing = this.subscriptions.get(existingArn)!;
      if (existing.protocol !== protocol || existing.endpoint !== target) continue;
      for (const [k, v] of Object.entries(attributes)) {
        if ((existing.attributes[k] ?? (k === 'RawMessageDelivery' ? 'false' : undefined)) !== v) {
          throw TopicsError.invalid('Attributes Reason: Subscription already exists with different attributes');
        }
      }
      if (existing.confirmed) return { subscription: existing, sendConfirmation: false };
      // Asked again while pending: a fresh token and another confirmation request.
      const refreshed = this.withToken(existing);
      await this.saveSubscription(refreshed);
      return { subscription: refreshed, sendConfirmation: true };
    }
    const id = randomUUID();
    const stored: Record<string, string> = {};
    for (const [k, v] of Object.entries(attributes)) if (v !== '') stored[k] = v;
    const base: Subscription = {
      id,
      arn: subscriptionArn(topic.arn, id),
      topicArn: topic.arn,
      protocol,
      endpoint: target,
      owner,
      confirmed: preConfirmed || !needsConfirmation(protocol),
      authenticateOnUnsubscribe: false,
      confirmationWasAuthenticated: preConfirmed || !needsConfirmation(protocol),
      attributes: stored,
      createdMs: this.nextSubscriptionMs(),
    };
    const subscription = base.confirmed ? base : this.withToken(base);
    await this.saveSubscription(subscription);
    return { subscription, sendConfirmation: !subscription.confirmed };
  }

  /**
   * Confirms by token; confirming an already confirmed subscription again answers its ARN.
   * The token of an UnsubscribeConfirmation restores the subscription it removed.
   */
  async confirm(topicArnValue: string, token: string, authenticated: boolean, authenticateOnUnsubscribe: boolean): Promise<Subscription> {
    this.topic(topicArnValue);
    const arn = this.byToken.get(token);
    const s = arn === undefined ? undefined : this.subscriptions.get(arn);
    if (!s) {
      const restored = await this.restore(topicArnValue, token);
      if (restored) return restored;
    }
    if (!s || s.topicArn !== topicArnValue) throw TopicsError.invalid('Token');
    if (s.confirmed) return s;
    if ((s.tokenExpiresMs ?? 0) < this.settings.now()) throw TopicsError.invalid('Token: the confirmation token has expired; subscribe again');
    const confirmed: Subscription = {
      ...s,
      confirmed: true,
      confirmationWasAuthenticated: authenticated,
      authenticateOnUnsubscribe: authenticated && authenticateOnUnsubscribe,
    };
    await this.saveSubscription(confirmed);
    return confirmed;
  }

  subscription(arn: string): Subscription {
    checkSubscriptionArn(arn);
    const s = this.subscriptions.get(arn);
    if (!s) throw TopicsError.subscriptionNotFound();
    return s;
  }

  findSubscription(arn: string): Subscription | undefined {
    return this.subscriptions.get(arn);
  }

  /**
   * Removes a subscription. A confirmed HTTP/S one is kept aside with a fresh token for the
   * UnsubscribeConfirmation SNS sends it (`farewell`), so its owner can restore it.
   */
  async unsubscribe(arn: string): Promise<{ removed: Subscription; farewell?: Subscription }> {
    const s = this.subscription(arn);
    let farewell: Subscription | undefined;
    if (s.confirmed && (s.protocol === 'http' || s.protocol === 'https')) {
      farewell = { ...s, token: randomBytes(64).toString('hex'), tokenExpiresMs: this.settings.now() + this.settings.tokenTtlMs };
      await this.farewellStore.put(farewell.arn, farewell);
      this.rememberFarewell(farewell);
    }
    await this.removeSubscription(arn);
    this.deletedCounts.set(s.topicArn, (this.deletedCounts.get(s.topicArn) ?? 0) + 1);
    return farewell ? { removed: s, farewell } : { removed: s };
  }

  /** An unsubscribed HTTP/S subscription still restorable (its UnsubscribeConfirmation goes to it). */
  farewell(arn: string): Subscription | undefined {
    return this.farewells.get(arn);
  }

  private rememberFarewell(s: Subscription): void {
    const previous = this.farewells.get(s.arn);
    if (previous?.token) this.byFarewellToken.delete(previous.token);
    this.farewells.set(s.arn, s);
    if (s.token) this.byFarewellToken.set(s.token, s.arn);
  }

  private async restore(topicArnValue: string, token: string): Promise<Subscription | undefined> {
    const arn = this.byFarewellToken.get(token);
    const f = arn === undefined ? undefined : this.farewells.get(arn);
    if (!f || f.topicArn !== topicArnValue || (f.tokenExpiresMs ?? 0) < this.settings.now()) return undefined;
    const { token: _spent, tokenExpiresMs: _expiry, ...rest } = f;
    const restored: Subscription = { ...rest, confirmed: true };
    await this.saveSubscription(restored);
    await this.farewellStore.delete(f.arn);
    this.farewells.delete(f.arn);
    this.byFarewellToken.delete(token);
    return restored;
  }

  async setSubscriptionAttribute(arn: string, name: string, value: string): Promise<void> {
    const s = this.subscription(arn);
    const scope = name === 'FilterPolicyScope' ? value : s.attributes.FilterPolicyScope;
    this.checkSubscriptionAttribute(name, value, s.protocol, scope, s.topicArn, s.attributes.FilterPolicy !== undefined);
    const attributes = { ...s.attributes };
    if (value === '') delete attributes[name];
    else attributes[name] = value;
    // A new scope must suit the policy already there.
    if (name === 'FilterPolicyScope' && attributes.FilterPolicy !== undefined) FilterPolicy.parse(attributes.FilterPolicy, scopeOf(value));
    await this.saveSubscription({ ...s, attributes });
  }

  /**
   * A subscription's creation time, later than every other's: the order of subscriptions
   * is their creation order, after a restart too (several made in one millisecond, as the
   * config's are, would otherwise come back in the store's order).
   */
  private nextSubscriptionMs(): number {
    this.lastSubscriptionMs = Math.max(this.settings.now(), this.lastSubscriptionMs + 1);
    return this.lastSubscriptionMs;
  }

  /** Subscriptions of a topic, in creation order. */
  subscriptionsOf(topicArnValue: string): Subscription[] {
    return [...(this.byTopic.get(topicArnValue) ?? [])].map((a) => this.subscriptions.get(a)!);
  }

  listSubscriptions(topicArnValue: string | undefined, after: string | undefined): { subscriptions: Subscription[]; next?: string } {
    if (topicArnValue !== undefined) this.topic(topicArnValue);
    const all = topicArnValue !== undefined ? this.subscriptionsOf(topicArnValue) : [...this.subscriptions.values()].sort((a, b) => a.createdMs - b.createdMs || a.arn.localeCompare(b.arn));
    const start = after === undefined ? 0 : all.findIndex((s) => s.arn === after) + 1;
    if (after !== undefined && start === 0) throw TopicsError.invalid('NextToken');
    const page = all.slice(start, start + LIST_PAGE);
    const more = start + LIST_PAGE < all.length;
    return { subscriptions: page, ...(more ? { next: page[page.length - 1]!.arn } : {}) };
  }

  /** The parsed filter policy of a subscription, if it has one. */
  filterOf(s: Subscription): FilterPolicy | undefined {
    const text = s.attributes.FilterPolicy;
    if (text === undefined) return undefined;
    let f = this.filters.get(s.arn);
    if (!f) this.filters.set(s.arn, (f = FilterPolicy.parse(text, scopeOf(s.attributes.FilterPolicyScope))));
    return f;
  }

  httpPolicyOf(s: Subscription): HttpDeliveryPolicy {
    let p = this.httpPolicies.get(s.arn);
    if (!p) this.httpPolicies.set(s.arn, (p = effectiveHttpPolicy(this.topics.get(s.topicArn)?.attributes.DeliveryPolicy, s.attributes.DeliveryPolicy)));
    return p;
  }

  // ---- internals ----

  private withToken(s: Subscription): Subscription {
    if (s.token) this.byToken.delete(s.token);
    // SNS tokens are long hex strings; 128 characters of randomness are unguessable.
    return { ...s, token: randomBytes(64).toString('hex'), tokenExpiresMs: this.settings.now() + this.settings.tokenTtlMs };
  }

  private index(s: Subscription): void {
    this.subscriptions.set(s.arn, s);
    let set = this.byTopic.get(s.topicArn);
    if (!set) this.byTopic.set(s.topicArn, (set = new Set()));
    set.add(s.arn);
    if (s.token) this.byToken.set(s.token, s.arn);
    this.filters.delete(s.arn);
    this.httpPolicies.delete(s.arn);
  }

  private async saveSubscription(s: Subscription): Promise<void> {
    await this.subscriptionStore.put(s.arn, s);
    const previous = this.subscriptions.get(s.arn);
    if (previous?.token && previous.token !== s.token) this.byToken.delete(previous.token);
    this.index(s);
  }

  private async removeSubscription(arn: string): Promise<void> {
    const s = this.subscriptions.get(arn);
    if (!s) return;
    await this.subscriptionStore.delete(arn);
    this.subscriptions.delete(arn);
    this.byTopic.get(s.topicArn)?.delete(arn);
    if (s.token) this.byToken.delete(s.token);
    this.filters.delete(arn);
    this.httpPolicies.delete(arn);
  }

  private async saveTopic(t: Topic): Promise<void> {
    await this.topicStore.put(t.arn, t);
    this.topics.set(t.arn, t);
  }

  private taggable(arn: string): Topic {
    if (!/^arn:aws[a-z-]*:sns:/.test(arn)) throw TopicsError.invalid('ResourceArn');
    const t = this.topics.get(arn);
    if (!t) throw new TopicsError('NotFound', 'Resource does not exist');
    return t;
  }

  private checkTopicAttribute(name: string, value: string, fifo: boolean, creating: boolean): void {
    if (!TOPIC_ATTRIBUTES.has(name)) throw TopicsError.invalid(`AttributeName`);
    switch (name) {
      case 'DisplayName':
        if (value.length > 100) throw TopicsError.invalid('DisplayName: at most 100 characters');
        break;
      case 'SignatureVersion':
        if (value !== '1' && value !== '2') throw TopicsError.invalid('SignatureVersion: must be 1 or 2');
        break;
      case 'DeliveryPolicy':
        if (value !== '') parseTopicDeliveryPolicy(value);
        break;
      case 'Policy':
      case 'DataProtectionPolicy':
      case 'ArchivePolicy':
        if (value !== '') checkJsonObject(name, value);
        break;
      case 'TracingConfig':
        if (value !== 'PassThrough' && value !== 'Active') throw TopicsError.invalid('TracingConfig: must be PassThrough or Active');
        break;
      case 'FifoTopic':
        if (!creating || (value !== 'true' && value !== 'false')) throw TopicsError.invalid('FifoTopic');
        break;
      case 'ContentBasedDeduplication':
        if (value !== 'true' && value !== 'false') throw TopicsError.invalid('ContentBasedDeduplication');
        if (!fifo && value === 'true') throw TopicsError.invalid('ContentBasedDeduplication: Content-based deduplication can only be set for FIFO topics');
        break;
      case 'FifoThroughputScope':
        if (!fifo || (value !== 'Topic' && value !== 'MessageGroup')) throw TopicsError.invalid('FifoThroughputScope');
        break;
    }
  }

  private checkSubscriptionAttribute(
    name: string,
    value: string,
    protocol: DeliveryProtocol,
    scope: string | undefined,
    topicArnValue: string,
    hadFilter = false,
  ): void {
    if (!SUBSCRIPTION_ATTRIBUTES.has(name)) throw TopicsError.invalid('AttributeName');
    const http = protocol === 'http' || protocol === 'https';
    switch (name) {
      case 'RawMessageDelivery':
        if (value !== 'true' && value !== 'false') throw TopicsError.invalid('RawMessageDelivery: must be true or false');
        if (value === 'true' && !http) throw TopicsError.invalid(`Attributes Reason: Delivery protocol [${protocol}] does not support raw message delivery.`);
        break;
      case 'DeliveryPolicy':
        if (!http && value !== '') throw TopicsError.invalid(`DeliveryPolicy: Delivery protocol [${protocol}] does not support delivery policies.`);
        if (value !== '') parseSubscriptionDeliveryPolicy(value);
        break;
      case 'FilterPolicy':
        if (value === '') break;
        FilterPolicy.parse(value, scopeOf(scope));
        if (!hadFilter) {
          const withFilters = this.subscriptionsOf(topicArnValue).filter((s) => s.attributes.FilterPolicy !== undefined).length;
          if (withFilters >= MAX_FILTER_POLICIES_PER_TOPIC) throw new TopicsError('FilterPolicyLimitExceeded', `Filter policy limit exceeded: at most ${MAX_FILTER_POLICIES_PER_TOPIC} per topic`);
        }
        break;
      case 'FilterPolicyScope':
        if (value !== '' && value !== 'MessageAttributes' && value !== 'MessageBody') throw TopicsError.invalid('FilterPolicyScope: must be MessageAttributes or MessageBody');
        break;
      case 'RedrivePolicy': {
        if (value === '') break;
        const doc = checkJsonObject('RedrivePolicy', value);
        const target = doc.deadLetterTargetArn;
        if (typeof target !== 'string' || !DEAD_LETTER_ARN.test(target)) throw TopicsError.invalid('RedrivePolicy: deadLetterTargetArn must be an SQS queue ARN');
        break;
      }
      case 'SubscriptionRoleArn':
      case 'ReplayPolicy':
        break;
    }
  }
}

function scopeOf(value: string | undefined): FilterPolicyScope {
  return value === 'MessageBody' ? 'MessageBody' : 'MessageAttributes';
}

function defaultTopicAttribute(name: string): string | undefined {
  switch (name) {
    case 'FifoTopic':
    case 'ContentBasedDeduplication':
      return 'false';
    case 'DisplayName':
      return '';
    default:
      return undefined;
  }
}

function checkProtocol(name: string): DeliveryProtocol {
  const lower = name.toLowerCase();
  if ((DELIVERY_PROTOCOLS as readonly string[]).includes(lower)) return lower as DeliveryProtocol;
  if (NOT_YET.has(lower)) throw TopicsError.invalid(`Protocol: Lakehose does not deliver to ${lower} endpoints yet (supported: ${DELIVERY_PROTOCOLS.join(', ')})`);
  throw TopicsError.invalid(`Amazon SNS does not support this protocol string: ${name}`);
}

function checkEndpoint(protocol: DeliveryProtocol, endpoint: string | undefined): string {
  if (endpoint === undefined || endpoint === '') throw TopicsError.invalid('Endpoint');
  switch (protocol) {
    case 'http':
    case 'https': {
      let url: URL | undefined;
      try {
        url = new URL(endpoint);
      } catch {
        url = undefined;
      }
      if (!url || url.protocol !== `${protocol}:` || !endpoint.toLowerCase().startsWith(`${protocol}://`)) {
        throw TopicsError.invalid('Endpoint must match the specified protocol');
      }
      return endpoint;
    }
    case 'email':
    case 'email-json':
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(endpoint)) throw TopicsError.invalid('Email address');
      return endpoint;
    case 'lambda':
      if (!/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?$/.test(endpoint)) {
        throw TopicsError.invalid('Lambda endpoint ARN');
      }
      return endpoint;
  }
}

function checkTags(tags: Record<string, string>): void {
  if (Object.keys(tags).length > MAX_TAGS) throw new TopicsError('TagLimitExceeded', 'Could not complete request: tag quota of per resource exceeded');
  for (const [k, v] of Object.entries(tags)) {
    if (k.length < 1 || k.length > 128 || v.length > 256 || k.toLowerCase().startsWith('aws:')) throw TopicsError.invalid(`Tags: invalid tag ${k}`);
  }
}

function checkJsonObject(what: string, text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw TopicsError.invalid(`${what}: failed to parse JSON`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw TopicsError.invalid(`${what}: must be a JSON object`);
  return v as Record<string, unknown>;
}

