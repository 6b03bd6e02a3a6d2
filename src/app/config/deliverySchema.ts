import { z } from 'zod';
import { timestampFormatsProblem } from '../../engines/delivery/convert/hiveTimestamp.js';

/**
 * `deliveryStreams:` in lakehose.yaml: Firehose delivery streams that exist at start, spelled
 * close to Terraform's aws_kinesis_firehose_delivery_stream (extended_s3_configuration) with
 * units in the keys. The file is the source of truth for the streams it declares: one that
 * differs from its declaration gets the declared destination at start (a new version, as
 * UpdateDestination does). Firehose's own rules (prefixes, dynamic partitioning, conversion
 * limits) are checked when the stream is created, with AWS's messages.
 */
const bucketName = z
  .string()
  .min(3)
  .max(63)
  .regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, 'must be a valid S3 bucket name');

const timestampFormat = z
  .string()
  .min(1)
  .max(1024)
  .regex(/\S/, 'must not be blank')
  .superRefine((format, ctx) => {
    const problem = timestampFormatsProblem([format]);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const compression = z.enum(['UNCOMPRESSED', 'GZIP', 'ZIP', 'Snappy', 'HADOOP_SNAPPY']);

const buffering = z
  .strictObject({
    sizeMiB: z.number().int().min(1).max(128).optional().describe('Buffer size hint, 1–128 MiB (default 5; 128 with format conversion). Measured before compression.'),
    intervalSeconds: z.number().int().min(0).max(900).optional().describe('Buffer interval hint, 0–900 s (default 300). Whichever hint is reached first flushes.'),
  })
  .describe("Firehose's BufferingHints.");

const functionName = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be a function name (see functions:)');

export const processorSchema = z.union([
  z.strictObject({
    lambda: z
      .strictObject({
        function: functionName.describe('The transform function (declared under functions:).'),
        bufferSizeMB: z.number().min(0.2).max(3).optional().describe('Send to the function once this many MB wait (0.2–3, default 1).'),
        bufferIntervalSeconds: z.number().int().min(0).max(900).optional().describe('…or once the oldest record waited this long (default 60).'),
        retries: z.number().int().min(0).max(300).optional().describe('Retries of a failed invocation (NumberOfRetries, default 3).'),
      })
      .describe('Data transformation by a function (processor type Lambda).'),
  }),
  z.strictObject({
    metadataExtraction: z
      .strictObject({
        query: z.string().min(1).describe('jq 1.6 query producing the partition keys, e.g. {customer_id: .customer_id}.'),
        engine: z.literal('JQ-1.6').default('JQ-1.6'),
      })
      .describe('Partition keys from the records (dynamic partitioning).'),
  }),
  z.strictObject({
    recordDeAggregation: z
      .strictObject({
        subRecordType: z.enum(['JSON', 'DELIMITED']),
        delimiter: z.string().optional().describe('Base64 delimiter for DELIMITED (#### is IyMjIw==).'),
      })
      .describe('Split records holding several JSON objects or delimited records.'),
  }),
  z.strictObject({ appendDelimiterToRecord: z.literal(true).describe('A newline after each record.') }),
  z.strictObject({ decompression: z.strictObject({ format: z.literal('GZIP').default('GZIP') }).describe('Gunzip records (CloudWatch Logs subscriptions).') }),
  z.strictObject({
    cloudWatchLogProcessing: z.strictObject({ dataMessageExtraction: z.boolean().default(true) }).describe('One record per CloudWatch Logs event message.'),
  }),
]);

const s3Target = {
  bucket: bucketName.describe('The lake bucket objects go to.'),
  prefix: z.string().max(1024).optional().describe('Prefix with !{timestamp:…}, !{firehose:random-string}, !{partitionKeyFromQuery:…} expressions (default yyyy/MM/dd/HH/).'),
  errorOutputPrefix: z.string().max(1024).optional().describe('Prefix for failed records; must use !{firehose:error-output-type} when it has expressions.'),
  buffering: buffering.optional(),
  compression: compression.default('UNCOMPRESSED').describe('Object compression: UNCOMPRESSED, GZIP, ZIP, Snappy or HADOOP_SNAPPY.'),
  roleArn: z.string().optional().describe('Shown by DescribeDeliveryStream; Lakehose does not check IAM.'),
  errorLogging: z
    .strictObject({
      logGroupName: z.string().min(1).max(512).describe('The log group delivery errors go to (created when missing).'),
      logStreamName: z.string().min(1).max(512).default('DestinationDelivery').describe('The log stream in that group.'),
    })
    .optional()
    .describe("Delivery errors to CloudWatch Logs (Firehose's CloudWatchLoggingOptions)."),
};

export const deliveryStreamSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9_.-]{1,64}$/, 'must be 1–64 letters, digits, _ . or - (a Firehose stream name)').describe('DeliveryStreamName.'),
  source: z
    .strictObject({ kinesisStream: z.string().min(1).describe('Read this Kinesis stream (KinesisStreamAsSource) instead of taking PutRecord/PutRecordBatch.') })
    .optional()
    .describe('Where records come from; absent: DirectPut.'),
  destination: z
    .strictObject({
      ...s3Target,
      fileExtension: z.string().regex(/^$|^\.[0-9a-z!\-_.*'()]+$/).max(128).optional().describe('Replaces the default extension (.gz, .parquet …).'),
      customTimeZone: z.string().max(50).optional().describe('Time zone of the prefix timestamps and object names (default UTC).'),
      processors: z.array(processorSchema).default([]).describe('Processors, in Firehose order: deaggregation, Lambda, metadata extraction, delimiter.'),
      dynamicPartitioning: z
        .strictObject({ enabled: z.boolean().default(true), retryDurationSeconds: z.number().int().min(0).max(7200).optional() })
        .optional()
        .describe('Dynamic partitioning (needs partitionKeyFrom… in prefix and an errorOutputPrefix).'),
      formatConversion: z
        .strictObject({
          enabled: z.boolean().default(true),
          database: z.string().min(1).describe('Glue database of the schema table (see catalog:).'),
          table: z.string().min(1).describe('Glue table whose columns give the Parquet schema.'),
          versionId: z.string().optional().describe('Table version; LATEST (default) follows updates.'),
          openXJson: z
            .strictObject({
              caseInsensitive: z.boolean().optional(),
              convertDotsInJsonKeysToUnderscores: z.boolean().optional(),
              columnToJsonKeyMappings: z.record(z.string(), z.string()).optional(),
            })
            .optional()
            .describe('OpenX JSON SerDe options (the deserializer unless hiveJson is set).'),
          hiveJson: z
            .strictObject({
              timestampFormats: z
                .array(timestampFormat)
                .optional()
                .describe("Joda-Time patterns (e.g. dd/MM/yyyy HH:mm) or millis; default java.sql.Timestamp's yyyy-MM-dd HH:mm:ss[.f]."),
            })
            .optional()
            .describe('Hive JSON SerDe (hive_json_ser_de) as the deserializer, instead of openXJson.'),
          parquet: z
            .strictObject({
              compression: z.enum(['SNAPPY', 'GZIP', 'UNCOMPRESSED', 'ZSTD']).optional(),
              blockSizeBytes: z.number().int().min(64 * 1024 * 1024).optional(),
              pageSizeBytes: z.number().int().min(64 * 1024).optional(),
              enableDictionaryCompression: z.boolean().optional(),
              writerVersion: z.enum(['V1', 'V2']).optional(),
            })
            .default({})
            .describe('Parquet SerDe options.'),
        })
        .refine((fc) => !(fc.openXJson && fc.hiveJson), { message: 'set openXJson or hiveJson, not both', path: ['hiveJson'] })
        .optional()
        .describe('Record format conversion: JSON to Parquet by a catalog table.'),
      backup: z.strictObject(s3Target).optional().describe('Source record backup (S3BackupMode Enabled): raw records also go here.'),
    })
    .describe('The S3 destination (extended_s3_configuration).'),
  tags: z.record(z.string(), z.string()).default({}),
  backlogLimitRecords: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('Records accepted but not yet read by delivery before PutRecord(Batch) answers ServiceUnavailableException (default 2,000,000).'),
});

export const deliveryStreamsSchema = z
  .array(deliveryStreamSchema)
  .default([])
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((s, i) => {
      if (seen.has(s.name)) ctx.addIssue({ code: 'custom', message: `delivery stream ${s.name} is declared twice`, path: [i, 'name'] });
      seen.add(s.name);
    });
  });

export type DeliveryStreamConfig = z.infer<typeof deliveryStreamSchema>;
