import { z } from 'zod';
import { catalogSchema } from './catalogSchema.js';
import { deliveryStreamsSchema } from './deliverySchema.js';
import { querySchema } from './querySchema.js';
import { alarmSchema, logGroupSchema } from './monitoringSchema.js';
import { topicsSchema } from './topicsSchema.js';

/**
 * The configuration file (lakehose.yaml). Resource names follow AWS's; keys carry their
 * unit. docs/configuration.md describes every key; `lakehose validate` checks a file.
 */
const name = (what: string, pattern: RegExp, max: number) =>
  z.string().min(1).max(max).regex(pattern, `must be a valid ${what} (${pattern.source})`);

export const streamSchema = z.strictObject({
  name: name('Kinesis stream name', /^[a-zA-Z0-9_.-]+$/, 128).describe('The stream name (as StreamName in the Kinesis API).'),
  mode: z.enum(['PROVISIONED', 'ON_DEMAND']).default('PROVISIONED').describe('Capacity mode; ON_DEMAND streams start with 4 shards.'),
  shardCount: z.number().int().min(1).optional().describe('Shards of a PROVISIONED stream (default 1).'),
  retentionHours: z.number().int().min(24).max(8760).default(24).describe('How long records stay readable (24–8760 hours).'),
  throughputLimits: z.boolean().optional().describe('Per-shard write limits (1 MiB/s and 1,000 records/s), as AWS enforces them.'),
  tags: z.record(z.string(), z.string()).default({}).describe('Tags, as AddTagsToStream sets them.'),
});

export const bucketSchema = z.strictObject({
  name: z
    .string()
    .min(3)
    .max(63)
    .regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, 'must be a valid S3 bucket name (lower-case letters, digits, dots and hyphens)')
    .describe('The bucket name (S3 naming rules).'),
  tags: z.record(z.string(), z.string()).default({}),
});

export const functionSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, - or _ (a Lambda function name)'),
  handler: z.string().min(1).describe('Lambda style `path/to/file.export`, relative to codeDir.'),
  codeDir: z.string().default('.').describe('Directory the handler is resolved against, relative to the config file (default: its directory).'),
  environment: z.record(z.string(), z.string()).default({}).describe('Variables the function sees in process.env.'),
  timeoutSeconds: z.number().int().min(1).max(900).default(3).describe('Longest an invocation may run.'),
  memoryMB: z.number().int().min(128).max(10240).default(128).describe('Memory limit of the worker process.'),
  concurrency: z.number().int().min(1).optional().describe('Most invocations running at once (reserved concurrency).'),
  description: z.string().max(256).optional(),
});

export const configSchema = z.strictObject({
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region name such as eu-west-1').default('us-east-1').describe('The region ARNs name.'),
  accountId: z.string().regex(/^\d{12}$/, 'must be 12 digits').default('000000000000').describe('The account id ARNs name.'),
  server: z
    .strictObject({
      host: z.string().default('127.0.0.1').describe('Address the edge port listens on (0.0.0.0 for all).'),
      port: z.number().int().min(0).max(65535).default(4566).describe('The edge port every API is served on (0 picks a free one).'),
      maxRequestBodyMiB: z.number().min(1).max(256).default(16).describe('Largest request body the JSON APIs accept.'),
    })
    .prefault({}),
  /** With credentials listed, every request must be signed (SigV4) with one of them. */
  auth: z
    .strictObject({
      credentials: z
        .array(z.strictObject({ accessKeyId: z.string().min(16).max(128), secretAccessKey: z.string().min(1) }))
        .default([])
        .describe('Access keys whose SigV4 signatures are accepted; empty means every well-formed request is accepted.'),
    })
    .prefault({}),
  kinesis: z
    .strictObject({
      shardLimit: z.number().int().min(1).default(500).describe('Open shards allowed across all streams (AWS: 500 in the largest regions).'),
      onDemandStreamLimit: z.number().int().min(0).default(50).describe('Streams allowed in ON_DEMAND mode.'),
      throughputLimits: z.boolean().default(false).describe('Default for streams that do not set throughputLimits.'),
      stateTransitionMs: z.number().int().min(0).max(600_000).default(0).describe('How long CREATING/UPDATING/DELETING last; 0 applies changes before the call returns.'),
      retentionCheckSeconds: z.number().int().min(1).default(60).describe('How often old segments are removed.'),
    })
    .prefault({}),
  streams: z.array(streamSchema).default([]).describe('Kinesis data streams that exist at start.'),
  buckets: z.array(bucketSchema).default([]).describe('Buckets in the lake that exist at start.'),
  deliveryStreams: deliveryStreamsSchema.describe('Firehose delivery streams that exist at start (updated when their destination changes).'),
  functions: z.array(functionSchema).default([]).describe('Functions (the Lambda equivalent) that exist at start.'),
  query: querySchema.describe('The SQL engine (DuckDB) behind the Athena API and `lakehose query`: limits, work groups, compaction.'),
  catalog: catalogSchema.describe('Glue databases and tables that exist at start; the file is the source of truth for the tables it declares.'),
  topics: topicsSchema.describe('SNS: topics and subscriptions that exist at start, and how notifications are delivered (SMTP, HTTP).'),
  alarms: z.array(alarmSchema).default([]).describe('CloudWatch metric alarms that exist at start (updated when their definition changes).'),
  logGroups: z.array(logGroupSchema).default([]).describe('CloudWatch Logs groups (and streams) that exist at start.'),
  metrics: z
    .strictObject({
      enabled: z.boolean().default(true).describe('Set false to measure what counting costs; CloudWatch then has no AWS/* data.'),
      retentionHours: z.number().int().min(1).max(24 * 455).default(24 * 15).describe('How long per-minute datapoints are kept.'),
      flushSeconds: z.number().int().min(1).max(3600).default(10).describe('How often finished minutes are written to disk.'),
    })
    .prefault({}),
});

export type LakehoseConfig = z.infer<typeof configSchema>;
export type StreamConfig = z.infer<typeof streamSchema>;
