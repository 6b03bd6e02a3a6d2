import type { LakeFile } from '../tables/LakeFileLister.js';

export interface CompactionPolicy {
  /** Files smaller than this are worth merging. */
  readonly smallFileBytes: number;
  /** A folder is compacted when it has at least this many small files. */
  readonly minFiles: number;
  /** Upper bound of the input bytes of one merged file. */
  readonly targetFileBytes: number;
  /** Files younger than this are left alone (a delivery may still rewrite them after a crash). */
  readonly minAgeMs: number;
}

/** One merge: these files of one folder become one file. */
export interface CompactionTask {
  readonly bucket: string;
  /** The folder (key prefix ending in `/`). */
  readonly folder: string;
  readonly inputs: readonly LakeFile[];
}

/**
 * Decides what to merge: per folder, the small files old enough, packed in key order into
 * groups of at most `targetFileBytes` (a group of one file is left alone). Pure: the
 * compactor lists, this plans.
 */
export function planCompaction(files: readonly LakeFile[], policy: CompactionPolicy, nowMs: number): CompactionTask[] {
  const byFolder = new Map<string, LakeFile[]>();
  for (const f of files) {
    const folder = f.key.slice(0, f.key.lastIndexOf('/') + 1);
    const id = `${f.bucket}/${folder}`;
    const list = byFolder.get(id) ?? [];
    list.push(f);
    byFolder.set(id, list);
  }
  const tasks: CompactionTask[] = [];
  for (const list of byFolder.values()) {
    const small = list
      .filter((f) => f.size < policy.smallFileBytes && nowMs - f.mtimeMs >= policy.minAgeMs)
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    if (small.length < policy.minFiles) continue;
    let group: LakeFile[] = [];
    let bytes = 0;
    const flush = () => {
      if (group.length >= 2) {
        const first = group[0]!;
        tasks.push({ bucket: first.bucket, folder: first.key.slice(0, first.key.lastIndexOf('/') + 1), inputs: group });
      }
      group = [];
      bytes = 0;
    };
    for (const f of small) {
      if (group.length > 0 && bytes + f.size > policy.targetFileBytes) flush();
      group.push(f);
      bytes += f.size;
    }
    flush();
  }
  return tasks;
}
