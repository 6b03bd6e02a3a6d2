import { z } from 'zod';

const s3Location = z
  .string()
  .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, 'must be an s3://bucket/prefix/ location');

export const workGroupSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9._-]{1,128}$/, 'must be 1–128 letters, digits, . _ or - (an Athena work group name)'),
  description: z.string().max(1024).optional(),
  outputLocation: s3Location.optional().describe('Where results of queries in this work group go.'),
  enforceConfiguration: z.boolean().default(false).describe("The work group's output location overrides each query's (EnforceWorkGroupConfiguration)."),
  bytesScannedCutoff: z.number().int().min(10 * 1024 * 1024).optional().describe('Queries that would scan more bytes fail (BytesScannedCutoffPerQuery).'),
});

export const compactionSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Merge small Parquet files of catalog tables in the background.'),
  intervalSeconds: z.number().int().min(1).default(60).describe('How often tables are looked at.'),
  minFiles: z.number().int().min(2).default(8).describe('A folder is compacted when it holds at least this many small files.'),
  smallFileMiB: z.number().min(0.001).default(32).describe('Files below this size count as small.'),
  targetFileMiB: z.number().min(1).default(128).describe('Largest input a compacted file is built from.'),
  minAgeSeconds: z
    .number()
    .int()
    .min(0)
    .default(300)
    .describe('Only files at least this old are merged, so a delivery that may still rewrite a file after a crash has moved on.'),
});

/** `query:` in lakehose.yaml: the SQL engine behind the Athena API and `lakehose query`. */
export const querySchema = z
  .strictObject({
    threads: z.number().int().min(1).optional().describe('DuckDB worker threads for all queries together; default: the cores less one (at least 1), leaving a core to ingestion.'),
    memoryLimitMiB: z.number().int().min(64).default(2048).describe('Memory DuckDB may use before it spills to disk.'),
    maxConcurrentQueries: z.number().int().min(1).max(16).default(2).describe('Queries that run at once; more wait in a queue.'),
    maxQueuedQueries: z.number().int().min(0).default(100).describe('Queries waiting beyond which StartQueryExecution answers TooManyRequestsException.'),
    timeoutSeconds: z.number().int().min(1).default(1800).describe('A query running longer fails (Athena: 30 minutes).'),
    maxResultMiB: z.number().int().min(1).default(2048).describe('A result larger than this fails the query instead of filling the disk.'),
    statusWaitMs: z
      .number()
      .int()
      .min(0)
      .max(5000)
      .default(200)
      .describe('GetQueryExecution waits up to this long for a running query to finish, so slow pollers see quick queries done at once; 0 answers at once.'),
    restrictFileAccess: z
      .boolean()
      .default(true)
      .describe("DuckDB itself refuses files outside the lake (defence in depth beside the SQL checks); it checks every path DuckDB opens, about 10–13% of a query over ~3,000 small files (compaction keeps their number low); false saves that."),
    historySize: z.number().int().min(10).default(10_000).describe('Query executions remembered (GetQueryExecution, ListQueryExecutions).'),
    defaultOutputLocation: s3Location
      .nullable()
      .default('s3://lakehose-query-results/')
      .describe('Results of queries that name no output location (neither the request nor its work group); the bucket is created when first needed. null: refuse such queries, as Athena does.'),
    workGroups: z.array(workGroupSchema).default([]).describe('Work groups that exist at start; `primary` may be configured too.'),
    compaction: compactionSchema.prefault({}),
  })
  .prefault({});

export type QueryConfig = z.infer<typeof querySchema>;
