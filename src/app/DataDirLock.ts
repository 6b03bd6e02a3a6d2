import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * One server per data directory: a LOCK file holding the owner's pid. A lock left by a
 * process that no longer runs (a crash, kill -9) is taken over.
 */
export class DataDirLock {
  private constructor(private readonly path: string) {}

  static async acquire(dataDir: string): Promise<DataDirLock> {
    const path = join(dataDir, 'LOCK');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const handle = await open(path, 'wx');
        await handle.writeFile(String(process.pid));
        await handle.sync();
        await handle.close();
        return new DataDirLock(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
        if (owner && owner !== process.pid && isAlive(owner)) {
          throw new Error(`the data directory ${dataDir} is in use by another Lakehose (pid ${owner}); stop it or choose another --data-dir`);
        }
        await unlink(path).catch(() => {});
      }
    }
    throw new Error(`could not lock the data directory ${dataDir}`);
  }

  async release(): Promise<void> {
    await unlink(this.path).catch(() => {});
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
