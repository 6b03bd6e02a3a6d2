/**
 * Bytes held in delivery buffers across every delivery stream of the process. Firehose calls
 * its buffering hints hints: when buffers together pass the budget, the largest are flushed
 * early, and sources stop being read until there is room, so memory stays bounded however
 * many partitions or streams there are.
 */
export class MemoryBudget {
  private used = 0;

  constructor(readonly limitBytes: number) {}

  get usedBytes(): number {
    return this.used;
  }

  get over(): boolean {
    return this.used > this.limitBytes;
  }

  /** Bytes to free to get back under the budget with some room (to 75%). */
  get excessBytes(): number {
    return Math.max(0, this.used - this.limitBytes * 0.75);
  }

  add(bytes: number): void {
    this.used += bytes;
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}
