import type { BatchHeader } from './RecordBatch.js';

/** A durable batch kept in memory: its header and its whole encoded buffer (header at 0). */
export interface CachedBatch {
  readonly header: BatchHeader;
  readonly buffer: Buffer;
}

/** Memory shared by the tail caches of all shards of one store. */
export interface CacheBudget {
  readonly limitBytes: number;
  usedBytes: number;
}

/**
 * The newest durable batches of one shard, contiguous up to the durable end, so that readers
 * right behind the writer (the delivery engine, GetRecords at LATEST) do not touch the disk.
 * Bounded per shard and by the store-wide budget; the oldest batches go first.
 */
export class TailCache {
  private batches: CachedBatch[] = [];
  private head = 0;
  private bytes = 0;

  constructor(
    private readonly limitBytes: number,
    private readonly budget: CacheBudget,
  ) {}

  /** Adds the next durable batch (the caller guarantees contiguity). */
  push(batch: CachedBatch): void {
    if (this.limitBytes === 0 || batch.buffer.length > this.limitBytes) {
      this.clear();
      return;
    }
    this.batches.push(batch);
    this.bytes += batch.buffer.length;
    this.budget.usedBytes += batch.buffer.length;
    while (this.head < this.batches.length && (this.bytes > this.limitBytes || this.budget.usedBytes > this.budget.limitBytes)) {
      this.evictOldest();
    }
  }

  /** The first cached offset, or undefined when empty. */
  get firstOffset(): number | undefined {
    return this.batches[this.head]?.header.baseOffset;
  }

  /** Index (for `at`) of the cached batch holding `offset`, or -1. */
  find(offset: number): number {
    let lo = this.head;
    let hi = this.batches.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const h = this.batches[mid]!.header;
      if (offset < h.baseOffset) hi = mid - 1;
      else if (offset >= h.baseOffset + h.recordCount) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  /** Index of the first cached batch that arrived at or after `timestampMs`, or -1. */
  findArrival(timestampMs: number): number {
    let lo = this.head;
    let hi = this.batches.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.batches[mid]!.header.arrivalMs >= timestampMs) {
        found = mid;
        hi = mid - 1;
      } else {
        lo = mid + 1;
      }
    }
    return found;
  }

  at(i: number): CachedBatch | undefined {
    return i >= this.head ? this.batches[i] : undefined;
  }

  /** Drops batches that end at or before `offset`. */
  dropBefore(offset: number): void {
    while (this.head < this.batches.length) {
      const h = this.batches[this.head]!.header;
      if (h.baseOffset + h.recordCount > offset) break;
      this.evictOldest();
    }
  }

  clear(): void {
    this.budget.usedBytes -= this.bytes;
    this.bytes = 0;
    this.batches = [];
    this.head = 0;
  }

  private evictOldest(): void {
    const b = this.batches[this.head]!;
    this.bytes -= b.buffer.length;
    this.budget.usedBytes -= b.buffer.length;
    this.head++;
    // Compact now and then so the array does not grow without bound.
    if (this.head > 64 && this.head * 2 > this.batches.length) {
      this.batches = this.batches.slice(this.head);
      this.head = 0;
    }
  }
}
