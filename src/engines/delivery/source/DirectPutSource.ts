import type { ShardLog } from '../../streams/ports.js';
import type { SourceChunk } from '../pipeline/records.js';
import type { DeliverySource, SourceReadLimits } from './DeliverySource.js';

/** The shard id of a DirectPut stream's own log. */
export const DIRECT_SHARD = 'direct';

/**
 * A DirectPut delivery stream's source: its own one-shard log in the stream log store,
 * which PutRecord/PutRecordBatch append to (durably) before they answer.
 */
export class DirectPutSource implements DeliverySource {
  private position = 0;

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
