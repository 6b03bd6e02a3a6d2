import type { DeliveryCounters } from '../DeliveryCounters.js';
import type { SourceChunk } from '../pipeline/records.js';
import type { DeliveryLog, KinesisShardSource } from '../ports.js';
import type { DeliverySource, SourceReadLimits } from './DeliverySource.js';

interface ShardCursor {
  readonly shardId: string;
  readonly parents: readonly string[];
  position: number;
  /** Offset after the newest record seen at the last read (for the backlog). */
  latest: number;
  drained: boolean;
}

/** How often the shard list is refreshed (resharding adds shards). */
const LINEAGE_REFRESH_MS = 1000;

/**
 * A Kinesis stream as a delivery source (KinesisStreamAsSource): every shard is read, a
 * child only once its parents are read to their end, and shards that appear by resharding
 * are picked up. Shards that existed when the delivery stream was created start at the
 * records that arrived from then on (Firehose's DeliveryStartTimestamp); newer shards start
 * at their beginning.
 */
export class KinesisStreamSource implements DeliverySource {
  private readonly shards = new Map<string, ShardCursor>();
  private checkpoints: Readonly<Record<string, number>> = {};
  private next = 0;
  private refreshedAtMs = 0;
  private warnedAtMs = 0;
  readonly sourceUid: string;

  constructor(
    private readonly streams: KinesisShardSource,
    private readonly streamName: string,
    private readonly deliveryStartMs: number,
    private readonly counters: DeliveryCounters,
    private readonly logger: DeliveryLog,
    private readonly deliveryStreamName: string,
  ) {
    this.sourceUid = this.currentUid() ?? 'missing';
  }

  private currentUid(): string | undefined {
    try {
      return this.streams.shardLineage(this.streamName).streamUid;
    } catch {
      return undefined;
    }
  }

  async start(checkpoints: Readonly<Record<string, number>>): Promise<void> {
    this.checkpoints = checkpoints;
    await this.refresh(true);
  }

  private async refresh(force = false): Promise<void> {
    const now = Date.now();
    if (!force && now - this.refreshedAtMs < LINEAGE_REFRESH_MS) return;
    this.refreshedAtMs = now;
    const lineage = this.streams.shardLineage(this.streamName);
    if (lineage.streamUid !== this.sourceUid) throw new Error(`Kinesis stream ${this.streamName} was re-created`);
    for (const s of lineage.shards) {
      if (this.shards.has(s.shardId)) continue;
      const saved = this.checkpoints[s.shardId];
      const position =
        saved ?? (s.createdAtMs < this.deliveryStartMs ? await this.streams.shardOffsetAt(this.streamName, s.shardId, this.deliveryStartMs) : 0);
      // Reading no records tells where the shard ends, so the backlog is known before the first read.
      const probe = await this.streams.readShard(this.streamName, s.shardId, position, { maxRecords: 0, maxBytes: 1 });
      this.shards.set(s.shardId, { shardId: s.shardId, parents: s.parentShardIds, position, latest: probe.latestOffset, drained: probe.drained });
    }
  }

  /** A shard is read once every parent it still knows of has been read to its end. */
  private readable(c: ShardCursor): boolean {
    if (c.drained) return false;
    return c.parents.every((p) => this.shards.get(p)?.drained ?? true);
  }

  async read(limits: SourceReadLimits): Promise<SourceChunk | undefined> {
    try {
      await this.refresh();
    } catch (e) {
      this.warn(e);
      return undefined;
    }
    const cursors = [...this.shards.values()].filter((c) => this.readable(c));
    for (let i = 0; i < cursors.length; i++) {
      const c = cursors[(this.next + i) % cursors.length]!;
      let r;
      try {
        r = await this.streams.readShard(this.streamName, c.shardId, c.position, limits);
      } catch (e) {
        this.warn(e);
        return undefined;
      }
      c.latest = r.latestOffset;
      c.drained = r.drained;
      if (r.records.length === 0 && r.nextOffset === c.position) continue;
      c.position = r.nextOffset;
      this.next = (this.next + i + 1) % Math.max(1, cursors.length);
      let bytes = 0;
      for (const rec of r.records) bytes += rec.data.length;
      this.counters.add('kinesisReadRecords', r.records.length);
      this.counters.add('kinesisReadBytes', bytes);
      this.counters.add('incomingRecords', r.records.length);
      this.counters.add('incomingBytes', bytes);
      const last = r.records[r.records.length - 1];
      if (last) this.counters.add('kinesisMillisBehindLatest', r.nextOffset < r.latestOffset ? Math.max(0, Date.now() - last.arrivalMs) : 0);
      return {
        shard: c.shardId,
        nextOffset: r.nextOffset,
        records: r.records,
      };
    }
    return undefined;
  }

  private warn(e: unknown): void {
    const now = Date.now();
    if (now - this.warnedAtMs < 60_000) return;
    this.warnedAtMs = now;
    this.logger.warn('delivery: cannot read the source Kinesis stream', {
      deliveryStream: this.deliveryStreamName,
      stream: this.streamName,
      error: e instanceof Error ? e.message : String(e),
    });
  }

  /** A Kinesis stream keeps its records for its retention period, whoever has read them. */
  async delivered(): Promise<void> {}

  positions(): ReadonlyMap<string, number> {
    return new Map([...this.shards.values()].map((c) => [c.shardId, c.position]));
  }

  async ends(): Promise<ReadonlyMap<string, number>> {
    const out = new Map<string, number>();
    for (const c of this.shards.values()) {
      try {
        const r = await this.streams.readShard(this.streamName, c.shardId, c.position, { maxRecords: 0, maxBytes: 1 });
        out.set(c.shardId, r.latestOffset);
      } catch {
        out.set(c.shardId, c.position);
      }
    }
    return out;
  }

  backlog(): number {
    let n = 0;
    for (const c of this.shards.values()) n += Math.max(0, c.latest - c.position);
    return n;
  }

  async oldestUnreadArrivalMs(): Promise<number | undefined> {
    let oldest: number | undefined;
    for (const c of this.shards.values()) {
      if (c.latest <= c.position) continue;
      try {
        const r = await this.streams.readShard(this.streamName, c.shardId, c.position, { maxRecords: 1, maxBytes: 1 });
        const t = r.records[0]?.arrivalMs;
        if (t !== undefined && (oldest === undefined || t < oldest)) oldest = t;
      } catch {
        // the stream is gone; nothing to report
      }
    }
    return oldest;
  }
}
