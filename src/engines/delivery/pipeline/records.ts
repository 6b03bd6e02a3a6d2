/**
 * The shapes records take on their way through a delivery stream. Every record keeps its
 * source position (shard, offset, sub-record index): delivery's exactly-once bookkeeping,
 * object identities and error records are all built from it.
 */

/** A record as read from a source shard (a DirectPut stream's own log, or a Kinesis shard). */
export interface SourceRecord {
  /** `direct` for DirectPut, the Kinesis shard id otherwise. */
  readonly shard: string;
  readonly offset: number;
  readonly arrivalMs: number;
  readonly data: Uint8Array;
  /** Kinesis sources only. */
  readonly partitionKey?: string;
  readonly sequenceNumber?: string;
}

/** A record within a chunk (its shard is the chunk's): the log's own record objects, not copies. */
export type ChunkRecord = Omit<SourceRecord, 'shard'>;

/** Records read from one shard in one call. */
export interface SourceChunk {
  readonly shard: string;
  readonly records: readonly ChunkRecord[];
  /** Where the next read of this shard starts. */
  readonly nextOffset: number;
}

/** Why a record went to the error output; becomes Firehose's error-record JSON. */
export interface RecordFailure {
  /** The error-output-type folder: processing-failed, format-conversion-failed, activePartitionExceeded. */
  readonly outputType: string;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly attemptsMade: number;
  /** The data that failed (before the failing step). */
  readonly rawData: Uint8Array;
  readonly lambdaArn?: string;
}

/**
 * One source record after pre-processing (decompression, KPL and RecordDeAggregation): its
 * sub-records, or why it could not be split.
 */
export interface Unit {
  readonly source: SourceRecord;
  readonly subRecords: readonly Uint8Array[];
  readonly failure?: RecordFailure;
}

/** What happened to one sub-record in the transform function. */
export type TransformOutcome =
  | { readonly kind: 'ok'; readonly data: Uint8Array; readonly partitionKeys?: Readonly<Record<string, string>> }
  | { readonly kind: 'dropped' }
  | { readonly kind: 'failed'; readonly failure: RecordFailure };

/** A batch of units in source order, and (with a transform) what the function made of each sub-record. */
export interface ProcessedBatch {
  readonly units: readonly Unit[];
  /** Per unit, per sub-record; absent without a transform function. */
  readonly outcomes?: ReadonlyArray<readonly TransformOutcome[]>;
}

/** A record held in a partition buffer: bytes to write, and where it came from. */
export interface BufferedRecord {
  readonly shard: string;
  readonly offset: number;
  readonly sub: number;
  readonly arrivalMs: number;
  readonly data: Uint8Array;
  readonly sequenceNumber?: string;
}
