/**
 * Group commit for folder fsyncs. An fsync of a folder makes durable every entry change made
 * in it before the fsync began, so concurrent writers into one folder can share: a request
 * joins the next fsync to start (never one already running, which may have begun before the
 * caller's rename). Many concurrent puts into one partition folder then cost two fsyncs, not
 * one each.
 */
import { errnoCode, fsyncDir } from './durableFs.js';

interface FolderState {
  running: Promise<void>;
  next?: Promise<void>;
}

export class DirectorySyncer {
  private readonly folders = new Map<string, FolderState>();

  constructor(private readonly fsync: (dir: string) => Promise<void> = fsyncIfPresent) {}

  /** Resolves once an fsync of `dir` that began after this call has completed (a folder removed meanwhile needs none). */
  sync(dir: string): Promise<void> {
    const state = this.folders.get(dir);
    if (state === undefined) return this.begin(dir);
    state.next ??= state.running.catch(() => undefined).then(() => this.begin(dir));
    return state.next;
  }

  async syncAll(dirs: Iterable<string>): Promise<void> {
    await Promise.all([...dirs].map((dir) => this.sync(dir)));
  }

  private begin(dir: string): Promise<void> {
    const running = this.fsync(dir).finally(() => {
      const state = this.folders.get(dir);
      if (state?.running === running && state.next === undefined) this.folders.delete(dir);
    });
    const state = this.folders.get(dir);
    if (state) {
      state.running = running;
      delete state.next;
    } else {
      this.folders.set(dir, { running });
    }
    return running;
  }
}

async function fsyncIfPresent(dir: string): Promise<void> {
  try {
    await fsyncDir(dir);
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') throw err;
  }
}
