import type { LogRecordInput, ShardLog } from './ports.js';
import { ShardSequencer } from './SequenceNumber.js';
import { shardIdOf, type ShardState } from './Stream.js';
import { TokenBucket } from './TokenBucket.js';

/** Per-shard write limits AWS applies to provisioned shards. */
export const SHARD_WRITE_BYTES_PER_SECOND = 1024 * 1024;
export const SHARD_WRITE_RECORDS_PER_SECOND = 1000;

/** A shard in memory: its durable description, its log and its in-flight appends. */
export class LiveShard {
  readonly id: string;
  readonly sequencer: ShardSequencer;
  private pending = 0;
  private settledWaiters: Array<() => void> = [];
  private bytesBucket: TokenBucket | undefined;
  private recordsBucket: TokenBucket | undefined;

  constructor(
    readonly state: ShardState,
    readonly log: ShardLog,
  ) {
    this.id = shardIdOf(state.index);
    this.sequencer = new ShardSequencer(Math.floor(state.createdAtMs / 1000), state.index);
  }

  get isOpen(): boolean {
    return this.state.closedAtMs === undefined;
  }

  /** True once a closed shard has no more records to give after `offset`. */
  isDrainedAt(offset: number): boolean {
    return this.state.endOffset !== undefined && offset >= this.state.endOffset;
  }

  /** Appends and tracks the append, so closing the shard can wait for it to settle. */
  append(records: readonly LogRecordInput[], arrivalMs: number): Promise<number> {
    this.pending++;
    return this.log.append(records, arrivalMs).finally(() => {
      if (--this.pending === 0) {
        const waiters = this.settledWaiters;
        this.settledWaiters = [];
        for (const w of waiters) w();
      }
    });
  }

  /** Resolves when every append started so far has succeeded or failed. */
  settled(): Promise<void> {
    return this.pending === 0 ? Promise.resolve() : new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  /** Takes write capacity for one record; false when the shard's per-second limit is spent. */
  tryTakeWriteCapacity(bytes: number, nowMs: number): boolean {
    this.bytesBucket ??= new TokenBucket(SHARD_WRITE_BYTES_PER_SECOND, nowMs);
    this.recordsBucket ??= new TokenBucket(SHARD_WRITE_RECORDS_PER_SECOND, nowMs);
    if (!this.recordsBucket.tryTake(1, nowMs)) return false;
    if (!this.bytesBucket.tryTake(bytes, nowMs)) {
      this.recordsBucket.giveBack(1);
      return false;
    }
    return true;
  }
}
