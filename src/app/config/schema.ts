import { z } from 'zod';

/**
 * The configuration file (lakehose.yaml). Resource names follow AWS's; keys carry their
 * unit. docs/configuration.md describes every key; `lakehose validate` checks a file.
 */
const name = (what: string, pattern: RegExp, max: number) =>
  z.string().min(1).max(max).regex(pattern, `must be a valid ${what} (${pattern.source})`);

export const streamSchema = z.strictObject({
  name: name('Kinesis stream name', /^[a-zA-Z0-9_.-]+$/, 128),
  mode: z.enum(['PROVISIONED', 'ON_DEMAND']).default('PROVISIONED'),
  shardCount: z.number().int().min(1).optional(),
  retentionHours: z.number().int().min(24).max(8760).default(24),
  /** Per-shard write limits (1 MiB/s and 1,000 records/s), as AWS enforces them. */
  throughputLimits: z.boolean().optional(),
  tags: z.record(z.string(), z.string()).default({}),
});

export const bucketSchema = z.strictObject({
  name: z
    .string()
    .min(3)
    .max(63)
    .regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, 'must be a valid S3 bucket name (lower-case letters, digits, dots and hyphens)'),
  tags: z.record(z.string(), z.string()).default({}),
});

export const functionSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, - or _ (a Lambda function name)'),
  /** Lambda style `path/to/file.export`, relative to codeDir. */
  handler: z.string().min(1),
  /** Directory the handler is resolved against, relative to the config file (default: its directory). */
  codeDir: z.string().default('.'),
  environment: z.record(z.string(), z.string()).default({}),
  timeoutSeconds: z.number().int().min(1).max(900).default(3),
  memoryMB: z.number().int().min(128).max(10240).default(128),
  concurrency: z.number().int().min(1).optional(),
  description: z.string().max(256).optional(),
});

export const configSchema = z.strictObject({
  /** The region ARNs name. */
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region name such as eu-west-1').default('us-east-1'),
  /** The account id ARNs name. */
  accountId: z.string().regex(/^\d{12}$/, 'must be 12 digits').default('000000000000'),
  server: z
    .strictObject({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(4566),
      /** Largest request body the JSON APIs accept. */
      maxRequestBodyMiB: z.number().min(1).max(256).default(16),
    })
    .prefault({}),
  /** With credentials listed, every request must be signed (SigV4) with one of them. */
  auth: z
    .strictObject({
      credentials: z
        .array(z.strictObject({ accessKeyId: z.string().min(16).max(128), secretAccessKey: z.string().min(1) }))
        .default([]),
    })
    .prefault({}),
  kinesis: z
    .strictObject({
      /** Open shards allowed across all streams (AWS: 500 in the largest regions). */
      shardLimit: z.number().int().min(1).default(500),
      onDemandStreamLimit: z.number().int().min(0).default(50),
      /** Default for streams that do not set throughputLimits. */
      throughputLimits: z.boolean().default(false),
      /** How long CREATING/UPDATING/DELETING last; 0 applies changes before the call returns. */
      stateTransitionMs: z.number().int().min(0).max(600_000).default(0),
      /** How often old segments are removed. */
      retentionCheckSeconds: z.number().int().min(1).default(60),
    })
    .prefault({}),
  streams: z.array(streamSchema).default([]),
  /** Buckets in the lake that exist at start. */
  buckets: z.array(bucketSchema).default([]),
  /** Functions (the Lambda equivalent) that exist at start. */
  functions: z.array(functionSchema).default([]),
  metrics: z
    .strictObject({
      /** Set false to measure what counting costs; CloudWatch then has no AWS/* data. */
      enabled: z.boolean().default(true),
      /** How long per-minute datapoints are kept. */
      retentionHours: z.number().int().min(1).max(24 * 455).default(24 * 15),
      /** How often finished minutes are written to disk. */
      flushSeconds: z.number().int().min(1).max(3600).default(10),
    })
    .prefault({}),
});

export type LakehoseConfig = z.infer<typeof configSchema>;
export type StreamConfig = z.infer<typeof streamSchema>;
