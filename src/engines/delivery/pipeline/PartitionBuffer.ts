import type { ParquetSpool } from './ParquetSpool.js';
import type { BufferedRecord } from './records.js';

/** What a buffer's records become: data objects, error objects (one error-output-type), or source backup. */
export type PartitionKind =
  | { readonly kind: 'data'; readonly keysFromQuery?: Readonly<Record<string, string>>; readonly keysFromLambda?: Readonly<Record<string, string>> }
  | { readonly kind: 'error'; readonly outputType: string }
  | { readonly kind: 'backup' };

/** Inclusive range of source offsets a buffer holds from one shard. */
export interface OffsetRange {
  first: number;
  last: number;
}

/**
 * The records of one partition waiting to become an object. Size is measured before
 * compression, as Firehose's hints are. The buffer knows its source ranges (for the
 * checkpoint and the flush intent) and its first record (for the object's identity).
 */
export class PartitionBuffer {
  /** The records, unless a spool holds them (Parquet buffers normalise to disk as they fill). */
  readonly records: BufferedRecord[] = [];
  readonly ranges = new Map<string, OffsetRange>();
  /** Records added, and their bytes (the size hint counts these). */
  count = 0;
  bytes = 0;
  /** Bytes still held in memory (what the memory budget counts). */
  memoryBytes = 0;
  oldestArrivalMs = Infinity;
  /** Set by a replayed flush intent: the identity the object had before the crash. */
  forcedIdentity: string | undefined;
  private first: string | undefined;

  constructor(
    readonly id: string,
    readonly partition: PartitionKind,
    /** When the first record came in (the interval hint counts from here). */
    readonly createdAtMs: number,
    readonly spool?: ParquetSpool,
  ) {}

  add(record: BufferedRecord): void {
    if (this.spool) this.spool.add(record);
    else this.records.push(record);
    this.first ??= `${record.shard}:${record.offset}:${record.sub}`;
    this.count++;
    this.bytes += record.data.length;
    this.memoryBytes += record.data.length;
    if (record.arrivalMs < this.oldestArrivalMs) this.oldestArrivalMs = record.arrivalMs;
    const range = this.ranges.get(record.shard);
    if (!range) this.ranges.set(record.shard, { first: record.offset, last: record.offset });
    else if (record.offset > range.last) range.last = record.offset;
  }

  get isEmpty(): boolean {
    return this.count === 0;
  }

  /** Lowest source offset held from `shard`, if any. */
  lowestOffset(shard: string): number | undefined {
    return this.ranges.get(shard)?.first;
  }

  /**
   * The object's identity: stream, destination version, partition and the source position
   * of the first record. A replay after a crash starts the same buffer with the same record
   * (see DeliveryRunner), so the identity — and the key derived from it — is the same.
   */
  identity(streamUid: string, version: number): string {
    if (this.forcedIdentity !== undefined) return this.forcedIdentity;
    return `${streamUid}/${version}/${this.id}/${this.first ?? 'empty'}`;
  }

  rangesObject(): Record<string, [number, number]> {
    const out: Record<string, [number, number]> = {};
    for (const [shard, r] of this.ranges) out[shard] = [r.first, r.last];
    return out;
  }
}

/** Partition ids: the values of the prefix's partition keys for data, the output type for errors. */
export function dataPartitionId(keyValues: readonly string[]): string {
  return keyValues.length === 0 ? 'data' : `data:${JSON.stringify(keyValues)}`;
}

export function errorPartitionId(outputType: string): string {
  return `error:${outputType}`;
}

export const BACKUP_PARTITION_ID = 'backup';
