import type { CompressionFormat } from '../compression/index.js';
import type { JsonSerDeOptions, ParquetOptions } from '../convert/index.js';
import type { DeAggregationConfig } from '../deaggregation/index.js';
import type { PrefixTemplate } from '../prefix/index.js';
import type { SourceDefinition } from './DeliveryStreamDefinition.js';

/**
 * A delivery stream's definition compiled into what the pipeline runs: templates parsed,
 * processor parameters read and defaulted, sizes in bytes and times in milliseconds.
 * Built by compilePlan (which applies Firehose's validation rules); one per stream version.
 */
export interface DeliveryPlan {
  readonly streamName: string;
  readonly streamUid: string;
  readonly streamArn: string;
  readonly version: number;
  readonly region: string;
  readonly accountId: string;
  readonly source: SourceDefinition;
  readonly createdAtMs: number;
  readonly destination: ObjectTarget;
  readonly processing: ProcessingPlan;
  readonly dynamicPartitioning: boolean;
  readonly conversion: ConversionPlan | undefined;
  /** Source records, before processing, go here too (S3BackupMode Enabled). */
  readonly backup: ObjectTarget | undefined;
  /** Data partitions with unflushed buffers at most (Firehose's default quota is 500). */
  readonly activePartitionLimit: number;
  readonly backlogLimitRecords: number;
}

/** Where and how objects of one kind are written. */
export interface ObjectTarget {
  readonly bucket: string;
  readonly prefix: PrefixTemplate;
  readonly errorPrefix: PrefixTemplate;
  readonly compression: CompressionFormat;
  /** Appended to object names ('' for none). */
  readonly extension: string;
  readonly timeZone: string | undefined;
  readonly bufferSizeBytes: number;
  readonly bufferIntervalMs: number;
}

export interface ProcessingPlan {
  /** KPL aggregated records are split (Kinesis sources only, as Firehose does). */
  readonly kplDeaggregation: boolean;
  /** Decompression processor: records are gunzipped first. */
  readonly decompressGzip: boolean;
  /** CloudWatchLogProcessing with DataMessageExtraction: each log event's message becomes a record. */
  readonly extractCloudWatchMessages: boolean;
  readonly deaggregation: DeAggregationConfig | undefined;
  readonly lambda: LambdaPlan | undefined;
  /** MetadataExtraction's jq query (JQ-1.6). */
  readonly jqQuery: string | undefined;
  readonly appendNewline: boolean;
}

export interface LambdaPlan {
  readonly functionArn: string;
  readonly functionName: string;
  /** Records are sent when this many bytes are waiting (BufferSizeInMBs, default 1 MB)… */
  readonly bufferBytes: number;
  /** …or when the oldest has waited this long (BufferIntervalInSeconds, default 60 s). */
  readonly bufferIntervalMs: number;
  /** NumberOfRetries (default 3): attempts are retries + 1. */
  readonly retries: number;
}

export interface ConversionPlan {
  readonly databaseName: string;
  readonly tableName: string;
  readonly catalogId: string;
  readonly region: string;
  readonly versionId: string;
  /** The deserializer (OpenX or Hive JSON SerDe) and its options. */
  readonly serde: JsonSerDeOptions;
  readonly parquet: ParquetOptions;
}
