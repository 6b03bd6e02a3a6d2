/**
 * A read/write lock for one process. Writers do not starve: a waiting writer holds back new
 * readers; when a writer finishes, the readers that queued meanwhile go first.
 */
export class ReadWriteLock {
  private readers = 0;
  private writing = false;
  private readonly waitingReaders: Array<() => void> = [];
  private readonly waitingWriters: Array<() => void> = [];

  /** Resolves with the function that releases the read lease (calling it twice is harmless). */
  async acquireRead(): Promise<() => void> {
    if (!this.writing && this.waitingWriters.length === 0) {
      this.readers++;
    } else {
      await new Promise<void>((grant) => this.waitingReaders.push(grant));
    }
    return once(() => {
      this.readers--;
      if (this.readers === 0) this.grantNext();
    });
  }

  async acquireWrite(): Promise<() => void> {
    if (!this.writing && this.readers === 0) {
      this.writing = true;
    } else {
      await new Promise<void>((grant) => this.waitingWriters.push(grant));
    }
    return once(() => {
      this.writing = false;
      this.grantNext(true);
    });
  }

  get idle(): boolean {
    return !this.writing && this.readers === 0 && this.waitingReaders.length === 0 && this.waitingWriters.length === 0;
  }

  private grantNext(afterWrite = false): void {
    if (this.writing || this.readers > 0) return;
    if (afterWrite && this.waitingReaders.length > 0) {
      this.grantReaders();
      return;
    }
    const writer = this.waitingWriters.shift();
    if (writer) {
      this.writing = true;
      writer();
      return;
    }
    this.grantReaders();
  }

  private grantReaders(): void {
    const granted = this.waitingReaders.splice(0);
    this.readers += granted.length;
    for (const grant of granted) grant();
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}
