import type { DocumentCollection } from '../../kernel/DocumentStore.js';

/** An object being flushed: its partition, identity and the source ranges its records came from. */
export interface PendingFlush {
  readonly partition: string;
  readonly identity: string;
  /** shard → [first, last] source offsets (inclusive) of the buffer's records. */
  readonly ranges: Readonly<Record<string, readonly [number, number]>>;
}

/** What is saved per delivery stream (one document, rewritten at each flush). */
export interface ProgressDoc {
  /** The source's storage id these positions belong to. */
  sourceUid: string;
  /** Where reading resumes, per source shard: every record below is delivered. */
  checkpoints: Record<string, number>;
  /** Per partition, per shard: the highest offset already delivered in that partition. */
  watermarks: Record<string, Record<string, number>>;
  /** The flush in progress: its objects may or may not be in the lake. */
  pending: PendingFlush[];
}

/**
 * Delivery's durable bookkeeping for exactly-once (docs/design/delivery.md):
 *  - before a flush writes objects, the flush intent (`pending`) is saved;
 *  - after every object is durable, the watermarks move up, the checkpoints move to the
 *    lowest offset still held anywhere, and the intent is cleared — in one write.
 * Watermarks below their shard's checkpoint can never matter again and are dropped.
 */
export class DeliveryProgress {
  private constructor(
    private readonly store: DocumentCollection<ProgressDoc>,
    private readonly key: string,
    private doc: ProgressDoc,
  ) {}

  /** Loads (or starts) the progress of a stream; progress of another source uid is discarded. */
  static async load(store: DocumentCollection<ProgressDoc>, key: string, sourceUid: string): Promise<DeliveryProgress> {
    const saved = await store.get(key);
    const doc: ProgressDoc =
      saved && saved.sourceUid === sourceUid ? saved : { sourceUid, checkpoints: {}, watermarks: {}, pending: [] };
    return new DeliveryProgress(store, key, doc);
  }

  get checkpoints(): Readonly<Record<string, number>> {
    return this.doc.checkpoints;
  }

  get pending(): readonly PendingFlush[] {
    return this.doc.pending;
  }

  /** Records of `partition` from `shard` at or below this offset are delivered already (-1: none). */
  watermark(partition: string, shard: string): number {
    return this.doc.watermarks[partition]?.[shard] ?? -1;
  }

  /** Saves the intent of a flush before any of its objects is written. */
  async begin(pending: readonly PendingFlush[]): Promise<void> {
    this.doc = { ...this.doc, pending: [...pending] };
    await this.store.put(this.key, this.doc);
  }

  /** After the flush's objects are durable: watermarks up, checkpoints forward, intent cleared. */
  async commit(flushed: readonly PendingFlush[], checkpoints: ReadonlyMap<string, number>): Promise<void> {
    const watermarks: Record<string, Record<string, number>> = {};
    for (const [partition, shards] of Object.entries(this.doc.watermarks)) watermarks[partition] = { ...shards };
    for (const f of flushed) {
      const w = (watermarks[f.partition] ??= {});
      for (const [shard, [, last]] of Object.entries(f.ranges)) w[shard] = Math.max(w[shard] ?? -1, last);
    }
    const next: Record<string, number> = { ...this.doc.checkpoints };
    for (const [shard, offset] of checkpoints) next[shard] = Math.max(next[shard] ?? 0, offset);
    for (const [partition, shards] of Object.entries(watermarks)) {
      for (const [shard, offset] of Object.entries(shards)) if (offset < (next[shard] ?? 0)) delete shards[shard];
      if (Object.keys(shards).length === 0) delete watermarks[partition];
    }
    this.doc = { sourceUid: this.doc.sourceUid, checkpoints: next, watermarks, pending: [] };
    await this.store.put(this.key, this.doc);
  }

  /** Forgets everything (the stream is deleted). */
  async remove(): Promise<void> {
    await this.store.delete(this.key);
  }
}
