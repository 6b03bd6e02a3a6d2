import type { DeliveryPlan } from '../model/DeliveryPlan.js';
import type { MemoryBudget } from './MemoryBudget.js';
import type { PartitionBuffer } from './PartitionBuffer.js';

/**
 * When a partition's buffer becomes an object: Firehose's buffering hints, per partition —
 * whichever comes first of SizeInMBs (measured before compression) and IntervalInSeconds
 * since the buffer's first record — plus the memory budget, which flushes the largest
 * buffers early. Backup buffers follow the backup destination's hints.
 */
export class BatchingPolicy {
  constructor(
    private readonly plan: DeliveryPlan,
    private readonly budget: MemoryBudget,
  ) {}

  private hintsOf(b: PartitionBuffer): { sizeBytes: number; intervalMs: number } {
    const target = b.partition.kind === 'backup' && this.plan.backup ? this.plan.backup : this.plan.destination;
    return { sizeBytes: target.bufferSizeBytes, intervalMs: target.bufferIntervalMs };
  }

  isDue(b: PartitionBuffer, nowMs: number): boolean {
    const h = this.hintsOf(b);
    return b.bytes >= h.sizeBytes || nowMs - b.createdAtMs >= h.intervalMs;
  }

  /** The buffers to flush now: every one past a hint (all of them when `everything`), then the largest while over budget. */
  select(buffers: Iterable<PartitionBuffer>, nowMs: number, everything: boolean): PartitionBuffer[] {
    const chosen: PartitionBuffer[] = [];
    const rest: PartitionBuffer[] = [];
    for (const b of buffers) {
      if (b.isEmpty) continue;
      if (everything || this.isDue(b, nowMs)) chosen.push(b);
      else rest.push(b);
    }
    let excess = this.budget.excessBytes;
    if (excess > 0) {
      for (const b of chosen) excess -= b.memoryBytes;
      rest.sort((a, b) => b.memoryBytes - a.memoryBytes);
      for (const b of rest) {
        if (excess <= 0 || b.memoryBytes === 0) break;
        chosen.push(b);
        excess -= b.memoryBytes;
      }
    }
    return chosen;
  }

  /** The earliest time a buffer becomes due by its interval. */
  nextDeadline(buffers: Iterable<PartitionBuffer>): number | undefined {
    let next: number | undefined;
    for (const b of buffers) {
      if (b.isEmpty) continue;
      const t = b.createdAtMs + this.hintsOf(b).intervalMs;
      if (next === undefined || t < next) next = t;
    }
    return next;
  }
}
