import type { CompressionFormat } from '../compression/index.js';

/**
 * A delivery stream in domain terms: where records come from, and the S3 destination
 * (Firehose's "extended S3" destination, the only one Lakehose delivers to) with its
 * processing, partitioning, conversion and backup. Facades and the config file both
 * build these; the engine validates them by Firehose's rules (validateDefinition.ts).
 */

export type SourceDefinition =
  /** Records arrive through PutRecord/PutRecordBatch. */
  | { readonly kind: 'direct' }
  /** Records are read from a Kinesis stream of this Lakehose. */
  | { readonly kind: 'kinesis'; readonly streamName: string; readonly streamArn: string; readonly roleArn: string };

export interface BufferingHints {
  /** 1–128. */
  readonly sizeMiB: number;
  /** 0–900. */
  readonly intervalSeconds: number;
}

export const PROCESSOR_TYPES = [
  'RecordDeAggregation',
  'Decompression',
  'CloudWatchLogProcessing',
  'Lambda',
  'MetadataExtraction',
  'AppendDelimiterToRecord',
] as const;
export type ProcessorType = (typeof PROCESSOR_TYPES)[number];

export interface ProcessorParameter {
  readonly name: string;
  readonly value: string;
}

export interface ProcessorDefinition {
  readonly type: ProcessorType;
  readonly parameters: readonly ProcessorParameter[];
}

/** Settings Firehose keeps and shows back but that have no effect here (IAM, KMS, CloudWatch Logs). */
export interface PassThroughSettings {
  readonly encryption?: { readonly kmsKeyArn?: string; readonly noEncryption?: boolean };
  readonly cloudWatchLogging?: { readonly enabled?: boolean; readonly logGroupName?: string; readonly logStreamName?: string };
}

/** A bucket, prefixes, buffering and compression: Firehose's plain S3 destination (also the backup destination). */
export interface S3Target extends PassThroughSettings {
  readonly bucket: string;
  readonly roleArn: string;
  readonly prefix?: string;
  readonly errorOutputPrefix?: string;
  readonly buffering: BufferingHints;
  readonly compression: CompressionFormat;
}

export interface FormatConversionDefinition {
  readonly enabled: boolean;
  readonly schema: {
    readonly databaseName: string;
    readonly tableName: string;
    readonly catalogId?: string;
    readonly region?: string;
    /** `LATEST` (default) follows table updates. */
    readonly versionId?: string;
    readonly roleArn?: string;
  };
  readonly deserializer:
    | {
        readonly kind: 'openx';
        readonly caseInsensitive?: boolean;
        readonly convertDotsInJsonKeysToUnderscores?: boolean;
        readonly columnToJsonKeyMappings?: Readonly<Record<string, string>>;
      }
    | { readonly kind: 'hive'; readonly timestampFormats?: readonly string[] };
  readonly serializer:
    | {
        readonly kind: 'parquet';
        readonly compression?: 'SNAPPY' | 'GZIP' | 'UNCOMPRESSED' | 'ZSTD';
        readonly blockSizeBytes?: number;
        readonly pageSizeBytes?: number;
        readonly enableDictionaryCompression?: boolean;
        readonly maxPaddingBytes?: number;
        readonly writerVersion?: 'V1' | 'V2';
      }
    | { readonly kind: 'orc'; readonly settings: Readonly<Record<string, unknown>> };
}

export interface S3DestinationDefinition extends S3Target {
  readonly processing: { readonly enabled: boolean; readonly processors: readonly ProcessorDefinition[] };
  readonly dynamicPartitioning?: { readonly enabled: boolean; readonly retryDurationSeconds?: number };
  readonly formatConversion?: FormatConversionDefinition;
  /** `Enabled`: the source records, before any processing, also go to `backup`. */
  readonly backupMode: 'Disabled' | 'Enabled';
  readonly backup?: S3Target;
  readonly fileExtension?: string;
  readonly customTimeZone?: string;
  /** How the destination was declared, so Describe shows it back the same way. */
  readonly declaredAs: 'ExtendedS3' | 'S3';
}

export interface DeliveryStreamDefinition {
  readonly name: string;
  readonly source: SourceDefinition;
  readonly destination: S3DestinationDefinition;
  readonly tags?: Readonly<Record<string, string>>;
  /** Most records accepted but not yet read by delivery before PutRecord(Batch) refuses; default DEFAULT_BACKLOG_LIMIT_RECORDS. */
  readonly backlogLimitRecords?: number;
}

export type DeliveryStreamStatus = 'CREATING' | 'ACTIVE' | 'DELETING';

/** What the metadata store keeps for a delivery stream. */
export interface DeliveryStreamState {
  readonly name: string;
  /** Storage identity: a re-created stream of the same name gets a new one (its own log and progress). */
  readonly uid: string;
  readonly createdAtMs: number;
  updatedAtMs: number;
  status: DeliveryStreamStatus;
  /** Starts at 1; +1 on every destination update. */
  version: number;
  source: SourceDefinition;
  destination: S3DestinationDefinition;
  tags: Record<string, string>;
  backlogLimitRecords?: number;
  /** Server-side encryption as requested (kept and shown; data at rest is the disk's business). */
  encryption?: { keyType: 'AWS_OWNED_CMK' | 'CUSTOMER_MANAGED_CMK'; keyArn?: string; status: 'ENABLED' | 'DISABLED' };
}

/** Firehose's one destination id; a stream has exactly one destination. */
export const DESTINATION_ID = 'destinationId-000000000001';
