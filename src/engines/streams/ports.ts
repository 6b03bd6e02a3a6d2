/**
 * Storage the streams engine needs. The embedded default is a segmented log on local
 * files (src/adapters/embedded/streamlog); a distributed adapter (NATS JetStream, Kafka)
 * implements the same interfaces later.
 */

/** One record as the engine hands it to a shard's log. */
export interface LogRecordInput {
  readonly partitionKey: string;
  readonly data: Uint8Array;
}

/** One record as read back from a shard's log. */
export interface LogRecord {
  /** Position of the record in its shard, dense and increasing from 0. */
  readonly offset: number;
  /** Time the batch holding the record was appended (epoch ms); never decreases within a shard. */
  readonly arrivalMs: number;
  readonly partitionKey: string;
  readonly data: Uint8Array;
}

export interface ReadLimits {
  /** At most this many records. */
  readonly maxRecords: number;
  /** Stop before the total of partition-key and data bytes would exceed this (at least one record is returned when any is available). */
  readonly maxBytes: number;
}

export interface ReadResult {
  readonly records: LogRecord[];
  /** Offset to read from next (the offset after the last record returned, or `fromOffset` clamped to the log start when nothing was returned). */
  readonly nextOffset: number;
}

/** Raised when the log cannot take more data (disk full, or an I/O error while appending). Nothing acknowledged is affected. */
export class LogUnavailableError extends Error {
  constructor(
    message: string,
    readonly reason: 'disk-full' | 'io-error' | 'closed',
  ) {
    super(message);
    this.name = 'LogUnavailableError';
  }
}

/** The append-only log of one shard. */
export interface ShardLog {
  /** Offset of the oldest record still retained (equals `nextOffset` when the log is empty). */
  readonly startOffset: number;
  /** Offset the next appended record will get. */
  readonly nextOffset: number;
  /** Arrival time of the newest record, or undefined when the log holds none. */
  readonly lastArrivalMs: number | undefined;

  /**
   * Appends records as one batch. Offsets are assigned synchronously, in call order; the
   * promise resolves with the first offset once the batch is durable (fsync'd), and many
   * concurrent appends share one sync (group commit). If the batch cannot be made durable
   * the promise rejects with LogUnavailableError and the log is as if the append never
   * happened (later appends that were not yet durable fail too).
   */
  append(records: readonly LogRecordInput[], arrivalMs: number): Promise<number>;

  /** Reads durable records from `fromOffset` (clamped to `startOffset`). */
  read(fromOffset: number, limits: ReadLimits): Promise<ReadResult>;

  /** The offset of the first record that arrived at or after `timestampMs` (`nextOffset` when none did). */
  offsetAtTime(timestampMs: number): Promise<number>;

  /** Arrival time of the record at `offset`, or undefined when it is not retained. */
  arrivalTimeOf(offset: number): Promise<number | undefined>;

  /** Drops whole segments whose newest record arrived before `cutoffMs`; returns the new startOffset. */
  trimBefore(cutoffMs: number): Promise<number>;
}

/** All shard logs of one data directory. */
export interface StreamLogStore {
  /** Opens (creating or recovering) the log of one shard. */
  openShard(streamId: string, shardId: string): Promise<ShardLog>;
  /** Removes every shard log of a stream. */
  deleteStream(streamId: string): Promise<void>;
  /** Waits for pending appends, then closes every file. */
  close(): Promise<void>;
}
