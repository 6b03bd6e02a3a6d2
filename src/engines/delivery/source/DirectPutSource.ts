import type { ShardLog } from '../../streams/ports.js';
import type { SourceChunk } from '../pipeline/records.js';
import type { DeliverySource, SourceReadLimits } from './DeliverySource.js';

const TRIM_EVERY_MS = 30_000;

/** The shard id of a DirectPut stream's own log. */
export const DIRECT_SHARD = 'direct';

/**
 * A DirectPut delivery stream's source: its own one-shard log in the stream log store,
 * which PutRecord/PutRecordBatch append to (durably) before they answer.
 */
export class DirectPutSource implements DeliverySource {
  private position = 0;
  private trimmedAtMs = 0;

  constructor(
    private readonly log: ShardLog,
    readonly sourceUid: string,
  ) {}

  async start(checkpoints: Readonly<Record<string, number>>): Promise<void> {
    this.position = Math.max(checkpoints[DIRECT_SHARD] ?? 0, this.log.startOffset);
  }

  async read(limits: SourceReadLimits): Promise<SourceChunk | undefined> {
    if (this.position >= this.log.nextOffset) return undefined;
    const r = await this.log.read(this.position, limits);
    if (r.records.length === 0 && r.nextOffset === this.position) return undefined;
    this.position = r.nextOffset;
    return {
      shard: DIRECT_SHARD,
      nextOffset: r.nextOffset,
      records: r.records,
    };
  }

  /**
   * Drops whole log segments whose records are all delivered (at most every 30 s). A
   * DirectPut stream's log is its own: nothing else reads it.
   */
  async delivered(checkpoints: ReadonlyMap<string, number>): Promise<void> {
    const now = Date.now();
    if (now - this.trimmedAtMs < TRIM_EVERY_MS) return;
    this.trimmedAtMs = now;
    const checkpoint = checkpoints.get(DIRECT_SHARD);
    if (checkpoint === undefined || checkpoint <= this.log.startOffset) return;
    // Arrival times never decrease, so a segment whose newest record arrived before the
    // checkpoint's record holds only delivered records.
    const cutoff = checkpoint >= this.log.nextOffset ? this.log.lastArrivalMs : await this.log.arrivalTimeOf(checkpoint);
    if (cutoff !== undefined) await this.log.trimBefore(checkpoint >= this.log.nextOffset ? cutoff + 1 : cutoff);
  }

  positions(): ReadonlyMap<string, number> {
    return new Map([[DIRECT_SHARD, this.position]]);
  }

  async ends(): Promise<ReadonlyMap<string, number>> {
    return new Map([[DIRECT_SHARD, this.log.nextOffset]]);
  }

  backlog(): number {
    return Math.max(0, this.log.nextOffset - this.position);
  }

  async oldestUnreadArrivalMs(): Promise<number | undefined> {
    if (this.position >= this.log.nextOffset) return undefined;
    return this.log.arrivalTimeOf(this.position);
  }
}
