/**
 * Runs queries at most `maxConcurrent` at a time, first come first served; the rest wait
 * in a queue of at most `maxQueued`. Each job gets an AbortSignal that fires when it is
 * cancelled (queued or running) or runs past its time limit; the job decides how to stop
 * (DuckDB's interrupt).
 */
export type StopReason = 'cancelled' | 'timeout';

export interface ScheduledJob {
  readonly id: string;
  /** Runs the job; `signal.reason` is the StopReason when it aborts. */
  run(signal: AbortSignal): Promise<void>;
  /** Called when the job is cancelled before it started. */
  dropped(): void;
}

interface Entry {
  readonly job: ScheduledJob;
  readonly controller: AbortController;
  timer?: NodeJS.Timeout;
  /** Settles when a running job has returned (its slot is free). */
  ended?: Promise<void>;
}

export class QueryScheduler {
  private readonly queue: Entry[] = [];
  private readonly running = new Map<string, Entry>();
  private readonly idleWaiters: Array<() => void> = [];

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxQueued: number,
    private readonly timeoutMs: number,
  ) {}

  get queued(): number {
    return this.queue.length;
  }

  get active(): number {
    return this.running.size;
  }

  /** Whether one more job would be accepted. */
  hasRoom(): boolean {
    return this.running.size < this.maxConcurrent || this.queue.length < this.maxQueued;
  }

  /** False when the queue is full (the caller answers TooManyRequests). */
  submit(job: ScheduledJob): boolean {
    if (this.running.size >= this.maxConcurrent && this.queue.length >= this.maxQueued) return false;
    this.queue.push({ job, controller: new AbortController() });
    this.pump();
    return true;
  }

  /**
   * Cancels a queued or running job; false when it is neither. `ended` settles once a
   * running job has stopped and freed its slot.
   */
  cancel(id: string): { cancelled: boolean; ended: Promise<void> } {
    const i = this.queue.findIndex((e) => e.job.id === id);
    if (i >= 0) {
      const [entry] = this.queue.splice(i, 1);
      entry!.controller.abort('cancelled');
      entry!.job.dropped();
      this.settleIdle();
      return { cancelled: true, ended: Promise.resolve() };
    }
    const entry = this.running.get(id);
    if (!entry) return { cancelled: false, ended: Promise.resolve() };
    entry.controller.abort('cancelled');
    return { cancelled: true, ended: entry.ended ?? Promise.resolve() };
  }

  /** Cancels everything (shutdown) and waits for running jobs to end. */
  async drain(): Promise<void> {
    for (const e of this.queue.splice(0)) {
      e.controller.abort('cancelled');
      e.job.dropped();
    }
    for (const e of this.running.values()) e.controller.abort('cancelled');
    if (this.running.size === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running.size < this.maxConcurrent && this.queue.length > 0) {
      const entry = this.queue.shift()!;
      this.running.set(entry.job.id, entry);
      if (this.timeoutMs > 0) {
        entry.timer = setTimeout(() => entry.controller.abort('timeout'), this.timeoutMs);
        entry.timer.unref();
      }
      entry.ended = entry.job
        .run(entry.controller.signal)
        .catch(() => undefined)
        .finally(() => {
          if (entry.timer) clearTimeout(entry.timer);
          this.running.delete(entry.job.id);
          this.pump();
          this.settleIdle();
        });
    }
  }

  private settleIdle(): void {
    if (this.running.size > 0 || this.queue.length > 0) return;
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
