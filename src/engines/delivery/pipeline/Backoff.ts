/** Raised when a retry loop gives up because its runner is stopping; nothing was committed. */
export class Aborted extends Error {
  constructor() {
    super('delivery is stopping');
    this.name = 'Aborted';
  }
}

export interface BackoffOptions {
  /** First wait; doubles each attempt. */
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * Exponential backoff with ±15% jitter (Firehose's HTTP-endpoint retry shape), sleeping in
 * a way a stopping runner can cut short.
 */
export class Backoff {
  constructor(
    private readonly options: BackoffOptions,
    private readonly stopping: () => boolean,
  ) {}

  delayFor(attempt: number): number {
    const raw = Math.min(this.options.maxMs, this.options.baseMs * 2 ** Math.min(attempt, 30));
    return Math.round(raw * (0.85 + Math.random() * 0.3));
  }

  /** Waits before retry number `attempt` (0 = first retry); throws Aborted when the runner stops meanwhile. */
  async wait(attempt: number): Promise<void> {
    const until = Date.now() + this.delayFor(attempt);
    while (Date.now() < until) {
      if (this.stopping()) throw new Aborted();
      await new Promise((r) => setTimeout(r, Math.min(50, until - Date.now())));
    }
    if (this.stopping()) throw new Aborted();
  }
}
