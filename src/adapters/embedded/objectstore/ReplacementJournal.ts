/**
 * The redo journal that makes a replacement (put a set, delete a set) crash-atomic. One
 * folder per replacement, `<lake>/.journal/<id>/`, holds the new bodies (`0`, `1`, …) and,
 * once committed, `intent.json`. A folder without an intent was never committed and is
 * discarded at open; one with an intent is applied again (see FileObjectStore).
 */
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode, fsyncDir, tempName, writeFileAtomic } from './durableFs.js';
import type { StoredVersion } from './ObjectMetaFiles.js';

export interface JournalPut {
  readonly key: string;
  /** File name inside the journal folder. */
  readonly file: string;
  readonly version: Omit<StoredVersion, 'mtimeMs'>;
}

export interface JournalIntent {
  readonly bucket: string;
  readonly puts: readonly JournalPut[];
  readonly deletes: readonly string[];
}

export interface PendingReplacement {
  readonly dir: string;
  /** Undefined when the replacement was never committed. */
  readonly intent: JournalIntent | undefined;
}

export class ReplacementJournal {
  constructor(
    private readonly root: string,
    private readonly tmpDir: string,
  ) {}

  async begin(): Promise<string> {
    const dir = join(this.root, tempName());
    await mkdir(dir);
    return dir;
  }

  /** Moves a written body into the journal folder, under the name `file`. */
  async adopt(dir: string, file: string, bodyPath: string): Promise<void> {
    await rename(bodyPath, join(dir, file));
  }

  /** The commit point: once this resolves, the replacement will happen even across a crash. */
  async commit(dir: string, intent: JournalIntent): Promise<void> {
    await writeFileAtomic(this.tmpDir, join(dir, 'intent.json'), JSON.stringify(intent));
    await fsyncDir(this.root);
  }

  /** Durably forgets a replacement that has been applied (or that is discarded). */
  async finish(dir: string): Promise<void> {
    await rm(dir, { recursive: true, force: true });
    await fsyncDir(this.root);
  }

  async pending(): Promise<PendingReplacement[]> {
    const names = await readdir(this.root);
    return Promise.all(
      names.map(async (name) => {
        const dir = join(this.root, name);
        try {
          return { dir, intent: JSON.parse(await readFile(join(dir, 'intent.json'), 'utf8')) as JournalIntent };
        } catch (err) {
          // No intent (or a torn one, which writeFileAtomic rules out): never committed.
          if (errnoCode(err) === 'ENOENT' || err instanceof SyntaxError) return { dir, intent: undefined };
          throw err;
        }
      }),
    );
  }
}
