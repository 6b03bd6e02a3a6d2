import { join } from 'node:path';
import { NodeHttpPoster } from '../../adapters/network/http/NodeHttpPoster.js';
import { SegmentedLogStore } from '../../adapters/embedded/streamlog/SegmentedLogStore.js';
import { snsLinksRoute } from '../../aws/sns/links/SnsLinksRoute.js';
import { snsService } from '../../aws/sns/index.js';
import { LakeDeadLetters } from '../../engines/topics/LakeDeadLetters.js';
import type { MailSender } from '../../engines/topics/ports.js';
import { SigningKeys } from '../../engines/topics/signing/SigningKeys.js';
import { TopicsEngine } from '../../engines/topics/TopicsEngine.js';
import { OutboxMailSender } from '../../adapters/embedded/mail/OutboxMailSender.js';
import { SmtpMailSender } from '../../adapters/network/mail/SmtpMailSender.js';
import type { Subscription, Topic } from '../../engines/topics/types.js';
import type { SubscriptionConfig, TopicsConfig } from '../config/topicsSchema.js';
import type { AppContext } from './AppContext.js';

/** Files under <dataDir>/topics: the delivery journal, the signing key and certificate, the mail outbox. */
const JOURNAL_ROLL_BYTES = 4 * 1024 * 1024;

/**
 * SNS: the topics engine (journal, signing key, mail, HTTP and function endpoints, dead
 * letters in the lake), its awsQuery facade, the confirm/unsubscribe/certificate links, and
 * the topics and subscriptions the config declares.
 */
export async function wireTopics(ctx: AppContext): Promise<void> {
  const { config, logger } = ctx;
  const settings = config.topics;
  const dir = join(ctx.dataDir, 'topics');
  const logs = await SegmentedLogStore.open(join(dir, 'journal'), { rollSizeBytes: JOURNAL_ROLL_BYTES, rollAgeMs: 10 * 60 * 1000 });
  ctx.closeables.push(logs);
  const journal = await logs.openShard('deliveries', '0');
  const signingKeys = await SigningKeys.loadOrCreate(dir, `sns.${config.region}.lakehose.local`);
  const lake = ctx.engines.lake;
  const functions = ctx.engines.functions;
  const topics = await TopicsEngine.open(
    {
      region: config.region,
      accountId: config.accountId,
      publicUrl: settings.publicUrl ?? ctx.edgeUrl,
      signingKeys,
      http: new NodeHttpPoster({
        timeoutMs: settings.http.timeoutSeconds * 1000,
        maxSocketsPerHost: settings.http.maxConnectionsPerHost,
        allowSelfSignedCertificates: settings.http.allowSelfSignedCertificates,
      }),
      mail: mailSender(settings, dir),
      ...(functions ? { functions } : {}),
      ...(lake ? { deadLetters: new LakeDeadLetters(lake, settings.deadLetterBucket) } : {}),
      metrics: ctx.metrics,
      log: logger,
      maxInFlight: settings.maxDeliveriesInFlight,
      maxInFlightPerSubscription: settings.maxDeliveriesInFlightPerSubscription,
    },
    {
      topics: ctx.metadata.collection<Topic>('sns-topics'),
      subscriptions: ctx.metadata.collection<Subscription>('sns-subscriptions'),
      unsubscribed: ctx.metadata.collection<Subscription>('sns-unsubscribed'),
      journal,
    },
  );
  ctx.closeables.push(topics);
  ctx.engines.topics = topics;
  ctx.queryServices.push(snsService({ topics }));
  ctx.routes.unshift(snsLinksRoute(topics, logger));

  for (const t of settings.list) {
    const attributes: Record<string, string> = { ...t.attributes };
    if (t.displayName !== undefined) attributes.DisplayName = t.displayName;
    if (t.name.endsWith('.fifo')) attributes.FifoTopic = 'true';
    const topic = await topics.createTopic(t.name, attributes, t.tags);
    for (const s of t.subscriptions) {
      const endpoint = s.protocol === 'lambda' && !s.endpoint.startsWith('arn:') ? `arn:aws:lambda:${config.region}:${config.accountId}:function:${s.endpoint}` : s.endpoint;
      const attributes = subscriptionAttributes(s);
      const existing = topics.listSubscriptionsByTopic(topic.arn).subscriptions.find((x) => x.protocol === s.protocol && x.endpoint === endpoint);
      if (existing) {
        // The file is the source of truth for what it declares: changed attributes are applied.
        for (const name of ['FilterPolicyScope', 'FilterPolicy', 'RawMessageDelivery', 'DeliveryPolicy', 'RedrivePolicy']) {
          const want = attributes[name] ?? (name === 'RawMessageDelivery' ? 'false' : '');
          const have = existing.attributes[name] ?? (name === 'RawMessageDelivery' ? 'false' : '');
          if (want !== have && (name !== 'RawMessageDelivery' || existing.protocol.startsWith('http'))) await topics.setSubscriptionAttribute(existing.arn, name, want);
        }
        continue;
      }
      const subscription = await topics.subscribe(topic.arn, s.protocol, endpoint, attributes, { preConfirmed: s.confirmed });
      logger.info('subscribed from config', { topic: topic.name, protocol: s.protocol, endpoint, confirmed: subscription.confirmed });
    }
  }
}

function mailSender(settings: TopicsConfig, dir: string): MailSender {
  const smtp = settings.smtp;
  if (!smtp) return new OutboxMailSender(join(dir, 'outbox'), 'no-reply@sns.lakehose.local');
  return new SmtpMailSender({
    host: smtp.host,
    port: smtp.port,
    from: smtp.from,
    secure: smtp.secure,
    requireTls: smtp.requireTls,
    allowSelfSignedCertificates: smtp.allowSelfSignedCertificates,
    timeoutMs: smtp.timeoutSeconds * 1000,
    ...(smtp.user !== undefined ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
  });
}

function subscriptionAttributes(s: SubscriptionConfig): Record<string, string> {
  const json = (v: string | Record<string, unknown>) => (typeof v === 'string' ? v : JSON.stringify(v));
  const out: Record<string, string> = {};
  if (s.filterPolicy !== undefined) out.FilterPolicy = json(s.filterPolicy);
  if (s.filterPolicyScope !== undefined) out.FilterPolicyScope = s.filterPolicyScope;
  if (s.rawMessageDelivery !== undefined) out.RawMessageDelivery = String(s.rawMessageDelivery);
  if (s.deliveryPolicy !== undefined) out.DeliveryPolicy = json(s.deliveryPolicy);
  if (s.redrivePolicy !== undefined) out.RedrivePolicy = json(s.redrivePolicy);
  return out;
}
