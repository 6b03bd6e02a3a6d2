import type { ShardLevelMetric } from './shardLevelMetrics.js';

/** The durable description of a stream and its shards (what the metadata store keeps). */
export type StreamStatus = 'CREATING' | 'ACTIVE' | 'UPDATING' | 'DELETING';
export type StreamMode = 'PROVISIONED' | 'ON_DEMAND';

export interface ShardState {
  readonly index: number;
  readonly createdAtMs: number;
  /** Inclusive hash key range, 32-digit hex. */
  readonly hashStart: string;
  readonly hashEnd: string;
  readonly parentIndex?: number;
  readonly adjacentParentIndex?: number;
  /** Set when the shard was closed by resharding. */
  closedAtMs?: number;
  /** The offset after the shard's last record, known once a closed shard has settled. */
  endOffset?: number;
}

export interface StreamState {
  readonly name: string;
  /** Storage identity: a re-created stream of the same name gets a new one. */
  readonly uid: string;
  readonly createdAtMs: number;
  status: StreamStatus;
  mode: StreamMode;
  retentionHours: number;
  tags: Record<string, string>;
  encryption: { type: 'NONE' | 'KMS'; keyId?: string };
  maxRecordSizeKiB: number;
  /** Per-shard write limits (1 MiB/s, 1,000 records/s) when true. */
  throughputLimits: boolean;
  shards: ShardState[];
  nextShardIndex: number;
  /** When the capacity mode changed (AWS allows two changes in 24 hours). */
  modeChangesMs: number[];
  /** Enhanced monitoring: the shard-level metrics kept (absent in states stored before it existed). */
  shardLevelMetrics?: ShardLevelMetric[];
  /** PutResourcePolicy's JSON document, kept and shown (Lakehose checks no IAM). */
  resourcePolicy?: string;
}

export function shardIdOf(index: number): string {
  return `shardId-${String(index).padStart(12, '0')}`;
}

/** Undefined when the text is not a shard id (`shardId-000000000003`, or AWS's bare-number form). */
export function shardIndexOf(shardId: string): number | undefined {
  const m = /^(?:shardId-)?(\d{1,12})$/.exec(shardId);
  return m ? Number(m[1]) : undefined;
}

export function isOpen(shard: ShardState): boolean {
  return shard.closedAtMs === undefined;
}
