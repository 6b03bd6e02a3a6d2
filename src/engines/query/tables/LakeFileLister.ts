import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Lake } from '../../lake/Lake.js';
import { SqlError } from '../sql/SqlError.js';
import type { LakeLocation } from './s3Location.js';

export interface LakeFile {
  /** Local path DuckDB reads. */
  readonly path: string;
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly mtimeMs: number;
}

interface Folder {
  readonly mtimeMs: number;
  readonly readAtMs: number;
  readonly files: ReadonlyArray<{ readonly name: string; readonly size: number; readonly mtimeMs: number }>;
  readonly dirs: readonly string[];
  /** Files and subfolders in S3 key order, made when the folder is first walked. */
  entries?: readonly FolderEntry[];
}

type FolderEntry = { readonly file: LakeFile } | { readonly file?: undefined; readonly dir: string; readonly name: string };

/** A folder changed this recently may change again within the same timestamp tick: read it again. */
const SETTLE_MS = 2000;

/**
 * Lists the lake's files for queries, straight from the embedded store's folders (the
 * lake's `prefixPath`). Folder listings are cached and reused while the folder's mtime is
 * unchanged — objects are created and removed by rename, which always touches the folder —
 * so a query over thousands of small files costs one stat per folder, not a readdir and a
 * stat per file. Hidden files (`.x`, `_x`, as Hive and Athena skip them), the store's
 * escaped names and empty objects are not data.
 */
export class LakeFileLister {
  private readonly folders = new Map<string, Folder>();

  constructor(private readonly lake: Lake) {}

  /** Every data file under a location, in key order. */
  async listRecursive(location: LakeLocation): Promise<LakeFile[]> {
    const root = this.folderPath(location);
    const out: LakeFile[] = [];
    if (root === undefined) return out;
    await this.walk(root, location.bucket, location.prefix, out);
    return out;
  }

  /** The names of the folders directly under a location. */
  async listFolders(location: LakeLocation): Promise<string[]> {
    const root = this.folderPath(location);
    if (root === undefined) return [];
    const folder = await this.read(root);
    return folder ? [...folder.dirs] : [];
  }

  /** Forgets cached listings (tests; a store changed behind the lake's back). */
  clear(): void {
    this.folders.clear();
  }

  private folderPath(location: LakeLocation): string | undefined {
    let path: string | undefined;
    try {
      path = this.lake.prefixPath(location.bucket, location.prefix);
    } catch (e) {
      throw new SqlError('HIVE_CURSOR_ERROR', `cannot read s3://${location.bucket}/${location.prefix}: ${(e as Error).message}`);
    }
    if (path === undefined) throw new SqlError('NOT_SUPPORTED', 'this lake store has no local files for queries to read');
    return path;
  }

  private async walk(dir: string, bucket: string, keyPrefix: string, out: LakeFile[]): Promise<void> {
    const folder = await this.read(dir);
    if (!folder) return;
    // a cached folder keeps its entries in order, so a query over thousands of files builds no new ones
    folder.entries ??= entriesInKeyOrder(folder, dir, bucket, keyPrefix);
    for (const e of folder.entries) {
      if (e.file) out.push(e.file);
      else await this.walk(e.dir, bucket, `${keyPrefix}${e.name}/`, out);
    }
  }

  private async read(dir: string): Promise<Folder | undefined> {
    let info;
    try {
      info = await stat(dir);
    } catch {
      this.folders.delete(dir);
      return undefined;
    }
    if (!info.isDirectory()) return undefined;
    const cached = this.folders.get(dir);
    const now = Date.now();
    if (cached && cached.mtimeMs === info.mtimeMs && cached.readAtMs - info.mtimeMs > SETTLE_MS) return cached;
    let names;
    try {
      names = await readdir(dir, { withFileTypes: true });
    } catch {
      return undefined;
    }
    const files: Array<Folder['files'][number]> = [];
    const dirs: string[] = [];
    await Promise.all(
      names.map(async (d) => {
        if (isHidden(d.name)) return;
        if (d.isDirectory()) {
          dirs.push(d.name);
        } else if (d.isFile()) {
          try {
            const s = await stat(join(dir, d.name));
            if (s.size > 0) files.push({ name: d.name, size: s.size, mtimeMs: s.mtimeMs });
          } catch {
            // removed while listing
          }
        }
      }),
    );
    const folder: Folder = { mtimeMs: info.mtimeMs, readAtMs: now, files, dirs };
    this.folders.set(dir, folder);
    return folder;
  }
}

/** S3 order: keys sort by their bytes, and a folder's name sorts as `name/`. */
function entriesInKeyOrder(folder: Folder, dir: string, bucket: string, keyPrefix: string): FolderEntry[] {
  const sortable: Array<{ sort: string; entry: FolderEntry }> = [
    ...folder.files.map((f) => ({ sort: f.name, entry: { file: { path: join(dir, f.name), bucket, key: keyPrefix + f.name, size: f.size, mtimeMs: f.mtimeMs } } })),
    ...folder.dirs.map((d) => ({ sort: `${d}/`, entry: { dir: join(dir, d), name: d } })),
  ];
  sortable.sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0));
  return sortable.map((s) => s.entry);
}

function isHidden(name: string): boolean {
  return name.startsWith('.') || name.startsWith('_') || name.startsWith('%') || name.endsWith('$folder$');
}
