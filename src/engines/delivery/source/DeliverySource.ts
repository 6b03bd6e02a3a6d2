import type { SourceChunk } from '../pipeline/records.js';

export interface SourceReadLimits {
  readonly maxRecords: number;
  readonly maxBytes: number;
}

/**
 * Where a delivery stream's records come from, read the same way for both kinds: shards
 * of durable records, each read sequentially from a position (the next offset to read).
 */
export interface DeliverySource {
  /** Sets where each shard starts (checkpoints saved by earlier runs; unknown shards start by the source's own rule). */
  start(checkpoints: Readonly<Record<string, number>>): Promise<void>;
  /** Reads the next chunk from some shard that has records; undefined when none has any now. */
  read(limits: SourceReadLimits): Promise<SourceChunk | undefined>;
  /** The shards being read and their positions. */
  positions(): ReadonlyMap<string, number>;
  /** Where each shard ends right now (a drain reads up to here). */
  ends(): Promise<ReadonlyMap<string, number>>;
  /** Records durable in the source but not read yet. */
  backlog(): number;
  /** Arrival time of the oldest unread record, when there is one. */
  oldestUnreadArrivalMs(): Promise<number | undefined>;
  /** Everything below these offsets is delivered: a source that owns its log may drop it. */
  delivered(checkpoints: ReadonlyMap<string, number>): Promise<void>;
  /** The storage id of the source (a re-created Kinesis stream gets a new one: its checkpoints do not apply). */
  readonly sourceUid: string;
}
