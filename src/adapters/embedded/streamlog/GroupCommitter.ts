/** A shard log with appends waiting to be written and synced. */
export interface Committable {
  /** Writes and syncs what was pending when called; settles the appends itself and never rejects. */
  commitPending(): Promise<void>;
}

/**
 * The store-wide group committer. One round at a time: each dirty shard writes everything
 * that was pending when the round began and syncs it, all shards in parallel. Appends that
 * arrive while a round is in flight wait for the next round, so many appends share one
 * fdatasync per file.
 */
export class GroupCommitter {
  private dirty = new Set<Committable>();
  private running: Promise<void> | undefined;

  schedule(log: Committable): void {
    this.dirty.add(log);
    this.running ??= this.loop();
  }

  /** Resolves once nothing is pending or in flight. */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  private async loop(): Promise<void> {
    try {
      // Yield once first so that appends made in the same turn of the event loop share the round.
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.dirty.size > 0) {
        const round = [...this.dirty];
        this.dirty.clear();
        await Promise.all(round.map((log) => log.commitPending()));
        if (this.dirty.size > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running = undefined;
    }
  }
}
