import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { NormaliseAnswer, NormaliseJob } from './normaliserWorker.js';

interface Pending {
  job: NormaliseJob;
  resolve: (answer: NormaliseAnswer) => void;
}

interface Slot {
  worker: Worker;
  pending: Pending | undefined;
}

/**
 * Worker threads that normalise slices of a batch in parallel. Reading JSON against the
 * schema is the CPU-heavy part of conversion (~2 µs per 200-byte record); on workers it
 * uses the machine's cores and leaves the event loop free for requests.
 */
export class NormaliserPool {
  private static sharedPool: NormaliserPool | undefined;

  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  private constructor(readonly size: number) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /** A pool of `size` workers (default: up to 2, one per core). */
  static create(size = Math.min(2, availableParallelism())): NormaliserPool {
    return new NormaliserPool(Math.max(1, size));
  }

  /** The process-wide pool; its idle workers do not keep the process alive. */
  static shared(): NormaliserPool {
    NormaliserPool.sharedPool ??= NormaliserPool.create();
    return NormaliserPool.sharedPool;
  }

  /** Runs one job; its buffers are transferred to the worker. */
  run(job: Omit<NormaliseJob, 'id'>): Promise<NormaliseAnswer> {
    const full: NormaliseJob = { ...job, id: this.nextId++ };
    if (this.closed) return Promise.resolve(failed(full.id, 'the normaliser pool is closed'));
    return new Promise((resolve) => {
      this.queue.push({ job: full, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.resolve(failed(pending.job.id, 'the normaliser pool is closed'));
    await Promise.all(this.slots.map((slot) => this.retire(slot, 'the normaliser pool is closed')));
    if (NormaliserPool.sharedPool === this) NormaliserPool.sharedPool = undefined;
  }

  private spawn(): Slot {
    // A small young generation: jobs are bounded slices, and each isolate's heap is RSS.
    const worker = new Worker(new URL('./normaliserWorker.js', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    const slot: Slot = { worker, pending: undefined };
    worker.on('message', (answer: NormaliseAnswer) => {
      const pending = slot.pending;
      if (pending?.job.id !== answer.id) return;
      slot.pending = undefined;
      worker.unref();
      pending.resolve(answer);
      this.dispatch();
    });
    worker.on('error', (err) => this.replace(slot, `normaliser worker crashed: ${err.message}`));
    // A worker that dies, busy or idle, is replaced so the next job finds a live one.
    worker.on('exit', () => this.replace(slot, 'normaliser worker exited'));
    // After the listeners: adding a 'message' listener references the worker again.
    worker.unref(); // referenced only while it has a job
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.pending) continue;
      const pending = this.queue.shift()!;
      slot.pending = pending;
      slot.worker.ref();
      const { data, offsets } = pending.job;
      slot.worker.postMessage(pending.job, [data.buffer as ArrayBuffer, offsets.buffer as ArrayBuffer]);
    }
  }

  private replace(slot: Slot, message: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    void this.retire(slot, message);
    if (!this.closed) this.slots[index] = this.spawn();
    this.dispatch();
  }

  private async retire(slot: Slot, message: string): Promise<void> {
    const pending = slot.pending;
    slot.pending = undefined;
    pending?.resolve(failed(pending.job.id, message));
    slot.worker.removeAllListeners();
    await slot.worker.terminate();
  }
}

function failed(id: number, error: string): NormaliseAnswer {
  return { id, rows: 0, chars: 0, failures: [], error };
}
