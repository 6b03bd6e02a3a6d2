/** Mutual exclusion per name (a bucket, an upload) inside one process; callers queue in order. */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(name) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.tails.set(name, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(name) === tail) this.tails.delete(name);
    }
  }

  /** Runs `fn` holding every named lock, taken in sorted order so that two callers cannot deadlock. */
  async runAll<T>(names: readonly string[], fn: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(names)].sort();
    const nest = (i: number): Promise<T> => {
      const name = sorted[i];
      return name === undefined ? fn() : this.run(name, () => nest(i + 1));
    };
    return nest(0);
  }

  /** Resolves when every critical section started so far has finished. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all(this.tails.values());
  }
}
