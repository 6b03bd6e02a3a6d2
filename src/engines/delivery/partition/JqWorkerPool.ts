import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { JqEngine, JqFailure, JqRunResult } from './JqEngine.js';
import type { JqWorkerRequest, JqWorkerResponse } from './jqWorker.js';

export interface JqWorkerPoolOptions {
  /** Worker threads, each with its own jq instance. Default: up to 2, one per core. */
  size?: number;
  /** A call running longer than this is abandoned and its worker replaced. Default 30 s. */
  callTimeoutMs?: number;
}

interface Job {
  request: JqWorkerRequest;
  resolve: (result: JqRunResult) => void;
}

/** One worker thread and the job it is running, if any. */
interface Slot {
  worker: Worker;
  job: Job | undefined;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Runs jq on worker threads. jq is synchronous and CPU-bound (~10 µs per record for a typical
 * key query), so doing it here keeps the event loop free for requests, lets batches use
 * several cores, and makes a runaway query (`repeat(.)`) stoppable: a call that exceeds the
 * timeout terminates its worker and is answered as failed.
 */
export class JqWorkerPool implements JqEngine {
  private static sharedPool: JqWorkerPool | undefined;

  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  private constructor(
    private readonly size: number,
    private readonly callTimeoutMs: number,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  static create(options: JqWorkerPoolOptions = {}): JqWorkerPool {
    const size = Math.max(1, options.size ?? Math.min(2, availableParallelism()));
    return new JqWorkerPool(size, options.callTimeoutMs ?? 30_000);
  }

  /** The process-wide pool; its idle workers do not keep the process alive. */
  static shared(): JqWorkerPool {
    JqWorkerPool.sharedPool ??= JqWorkerPool.create();
    return JqWorkerPool.sharedPool;
  }

  /** How many calls can run at once. */
  get parallelism(): number {
    return this.size;
  }

  run(input: string, program: string, flags: readonly string[]): Promise<JqRunResult> {
    if (this.closed) return Promise.resolve({ ok: false, failure: 'crash', message: 'jq worker pool is closed' });
    return new Promise((resolve) => {
      this.queue.push({ request: { id: this.nextId++, input, program, flags }, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) {
      job.resolve({ ok: false, failure: 'crash', message: 'jq worker pool is closed' });
    }
    await Promise.all(this.slots.map((slot) => this.retire(slot, 'crash', 'jq worker pool is closed')));
    if (JqWorkerPool.sharedPool === this) JqWorkerPool.sharedPool = undefined;
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./jqWorker.js', import.meta.url));
    const slot: Slot = { worker, job: undefined, timer: undefined };
    worker.on('message', (response: JqWorkerResponse) => {
      if (slot.job?.request.id !== response.id) return;
      this.finish(slot, response.result);
    });
    worker.on('error', (err) => this.replace(slot, 'crash', `jq worker crashed: ${err.message}`));
    // A worker that dies, busy or idle, is replaced so the next call finds a live one.
    worker.on('exit', () => this.replace(slot, 'crash', 'jq worker exited'));
    // After the listeners: adding a 'message' listener references the worker again.
    worker.unref(); // referenced only while it has a job
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.job) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.timer = setTimeout(
        () => this.replace(slot, 'timeout', `jq did not finish within ${this.callTimeoutMs} ms`),
        this.callTimeoutMs,
      );
      slot.worker.postMessage(job.request);
    }
  }

  private finish(slot: Slot, result: JqRunResult): void {
    const job = slot.job;
    clearTimeout(slot.timer);
    slot.job = undefined;
    slot.timer = undefined;
    slot.worker.unref();
    job?.resolve(result);
    this.dispatch();
  }

  /** Fails the slot's job, stops its worker and puts a fresh one in its place. */
  private replace(slot: Slot, failure: JqFailure, message: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    void this.retire(slot, failure, message);
    if (!this.closed) this.slots[index] = this.spawn();
    this.dispatch();
  }

  private async retire(slot: Slot, failure: JqFailure, message: string): Promise<void> {
    const job = slot.job;
    clearTimeout(slot.timer);
    slot.job = undefined;
    slot.timer = undefined;
    job?.resolve({ ok: false, failure, message });
    slot.worker.removeAllListeners();
    await slot.worker.terminate();
  }
}
