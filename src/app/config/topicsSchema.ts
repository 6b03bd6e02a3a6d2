import { z } from 'zod';

/** A policy given as YAML (an object) or as the JSON text SNS takes. */
const jsonPolicy = z.union([z.string(), z.record(z.string(), z.unknown())]);

export const subscriptionSchema = z.strictObject({
  protocol: z.enum(['http', 'https', 'email', 'email-json', 'lambda']).describe('How notifications reach the endpoint (sqs is not available: there are no queues yet).'),
  endpoint: z
    .string()
    .min(1)
    .describe('URL (http/https), email address (email/email-json), or function name or ARN (lambda).'),
  filterPolicy: jsonPolicy.optional().describe('FilterPolicy: only matching messages are delivered.'),
  filterPolicyScope: z.enum(['MessageAttributes', 'MessageBody']).optional().describe('What the filter policy looks at (default MessageAttributes).'),
  rawMessageDelivery: z.boolean().optional().describe('http/https: POST the message itself instead of the JSON envelope.'),
  deliveryPolicy: jsonPolicy.optional().describe('http/https: retries, rate and content type (SNS DeliveryPolicy).'),
  redrivePolicy: jsonPolicy.optional().describe('RedrivePolicy {"deadLetterTargetArn": "arn:aws:sqs:…"}: failed deliveries are kept in the dead-letter bucket.'),
  confirmed: z
    .boolean()
    .default(false)
    .describe('Skip the confirmation handshake for http/https/email subscriptions (local development); default false: a confirmation request is sent once.'),
});

export const topicSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}(\.fifo)?$/, 'must be 1–256 letters, digits, - or _ (FIFO topics end in .fifo)')
    .describe('The topic name (as Name in CreateTopic).'),
  displayName: z.string().max(100).optional().describe('DisplayName: the sender name of email notifications.'),
  attributes: z.record(z.string(), z.string()).default({}).describe('Other topic attributes, as CreateTopic takes them (DeliveryPolicy, SignatureVersion, ContentBasedDeduplication …).'),
  tags: z.record(z.string(), z.string()).default({}),
  subscriptions: z.array(subscriptionSchema).default([]),
});

export const topicsSchema = z
  .strictObject({
    publicUrl: z
      .url()
      .optional()
      .describe('Base of the links in notifications (confirm, unsubscribe, signing certificate); default: the edge URL.'),
    smtp: z
      .strictObject({
        host: z.string().min(1),
        port: z.number().int().min(1).max(65535).default(25),
        from: z.string().min(3).describe('The sender address; the topic DisplayName becomes its name.'),
        secure: z.boolean().default(false).describe('Implicit TLS (usually port 465); otherwise STARTTLS when offered.'),
        requireTls: z.boolean().default(false).describe('Refuse to send without STARTTLS.'),
        allowSelfSignedCertificates: z.boolean().default(false),
        user: z.string().optional(),
        password: z.string().optional(),
        timeoutSeconds: z.number().min(1).max(600).default(30),
      })
      .optional()
      .describe('The SMTP server email and email-json subscriptions are sent through. Without it, mail is written to <data-dir>/topics/outbox/*.eml.'),
    http: z
      .strictObject({
        timeoutSeconds: z.number().min(1).max(60).default(15).describe('How long an endpoint has to answer (SNS: 15 s).'),
        maxConnectionsPerHost: z.number().int().min(1).max(1024).default(32),
        allowSelfSignedCertificates: z.boolean().default(false).describe('Deliver to https endpoints whose certificate no CA vouches for.'),
      })
      .prefault({}),
    maxDeliveriesInFlight: z.number().int().min(1).max(100_000).default(512).describe('Deliveries attempted at once, all subscriptions together.'),
    maxDeliveriesInFlightPerSubscription: z.number().int().min(1).max(10_000).default(64),
    deadLetterBucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name')
      .default('lakehose-dead-letters')
      .describe('Where deliveries that ran out of retries go when their subscription has a RedrivePolicy (prefix sns-dead-letters/<queue name>/).'),
    list: z.array(topicSchema).default([]).describe('Topics (with their subscriptions) that exist at start.'),
  })
  .prefault({});

export type TopicsConfig = z.infer<typeof topicsSchema>;
export type TopicConfig = z.infer<typeof topicSchema>;
export type SubscriptionConfig = z.infer<typeof subscriptionSchema>;
