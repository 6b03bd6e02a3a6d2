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
});

export type LakehoseConfig = z.infer<typeof configSchema>;
export type StreamConfig = z.infer<typeof streamSchema>;
