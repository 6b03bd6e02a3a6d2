/**
 * Listing a bucket folder in S3 order without an index.
 *
 * Within one folder whose keys start with `base`, a file for segment `s` holds the key
 * `base + s` and a sub-folder for `s` holds keys `base + s + "/" + …`. Every key under the
 * sub-folder compares to any other entry of the folder as `base + s + "/"` does (no other
 * entry starts with that), so sorting the entries by those names and descending in order
 * yields keys in UTF-8 byte order. Sub-folders that cannot hold a wanted key (outside the
 * prefix, or entirely at or before the start-after key) are skipped, and a sub-folder whose
 * keys all roll up into one common prefix is only probed for one file, not walked.
 */
import { opendir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode } from './durableFs.js';
import { compareUtf8, dirEntryName, segmentOfDirEntry, segmentOfFileEntry, unstorableKeyReason } from './keyPaths.js';

export type ListingEntry = { readonly key: string; readonly prefix?: undefined } | { readonly prefix: string; readonly key?: undefined };

export interface ListingQuery {
  readonly prefix: string;
  readonly delimiter?: string;
  /** Only entries (keys or common prefixes) strictly after this one. */
  readonly after?: string;
}

/** The common prefix `key` rolls up into, or undefined when it does not contain the delimiter after the prefix. */
export function rolledUpPrefix(key: string, prefix: string, delimiter: string | undefined): string | undefined {
  if (!delimiter || !key.startsWith(prefix)) return undefined;
  const at = key.indexOf(delimiter, prefix.length);
  return at < 0 ? undefined : key.slice(0, at + delimiter.length);
}

/** Keys and common prefixes of one bucket folder matching `query`, in S3 order, each once. */
export async function* listEntries(bucketDir: string, query: ListingQuery): AsyncGenerator<ListingEntry> {
  // Start at the deepest folder the prefix names in full.
  const dirs = query.prefix.split('/');
  dirs.pop();
  if (dirs.some((segment) => unstorableKeyReason(segment) !== undefined)) return;
  const startDir = join(bucketDir, ...dirs.map(dirEntryName));
  const base = dirs.length === 0 ? '' : `${dirs.join('/')}/`;
  let lastPrefix: string | undefined;
  for await (const entry of walk(startDir, base, query)) {
    let out: ListingEntry = entry;
    if (entry.key !== undefined) {
      const rolled = rolledUpPrefix(entry.key, query.prefix, query.delimiter);
      if (rolled !== undefined) out = { prefix: rolled };
    }
    const name = out.key ?? out.prefix;
    if (query.after !== undefined && compareUtf8(name, query.after) <= 0) continue;
    if (out.prefix !== undefined) {
      if (out.prefix === lastPrefix) continue;
      lastPrefix = out.prefix;
    }
    yield out;
  }
}

interface Child {
  readonly name: string;
  /** The key (file) or the key prefix with its trailing `/` (folder). */
  readonly sortKey: string;
  readonly isDir: boolean;
}

async function readChildren(dir: string, base: string): Promise<Child[]> {
  let dirents;
  try {
    dirents = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw err;
  }
  const children: Child[] = [];
  for (const d of dirents) {
    if (d.isDirectory()) {
      const segment = segmentOfDirEntry(d.name);
      if (segment !== undefined) children.push({ name: d.name, sortKey: `${base}${segment}/`, isDir: true });
    } else if (d.isFile()) {
      const segment = segmentOfFileEntry(d.name);
      if (segment !== undefined) children.push({ name: d.name, sortKey: base + segment, isDir: false });
    }
  }
  return children.sort((a, b) => compareUtf8(a.sortKey, b.sortKey));
}

async function* walk(dir: string, base: string, query: ListingQuery): AsyncGenerator<ListingEntry> {
  const { prefix, after, delimiter } = query;
  for (const child of await readChildren(dir, base)) {
    const path = join(dir, child.name);
    if (!child.isDir) {
      if (child.sortKey.startsWith(prefix)) yield { key: child.sortKey };
      continue;
    }
    const folder = child.sortKey;
    if (!folder.startsWith(prefix) && !prefix.startsWith(folder)) continue;
    // Every key below is <= `after` when the folder sorts before it and is not a prefix of it.
    if (after !== undefined && compareUtf8(folder, after) < 0 && !after.startsWith(folder)) continue;
    const rolled = rolledUpPrefix(folder, prefix, delimiter);
    if (rolled !== undefined) {
      if ((after === undefined || compareUtf8(rolled, after) > 0) && (await holdsAnyObject(path))) yield { prefix: rolled };
      continue;
    }
    yield* walk(path, folder, query);
  }
}

/** True when the folder holds at least one object file, at any depth (empty folders can linger after a crash). */
export async function holdsAnyObject(dir: string): Promise<boolean> {
  let handle;
  try {
    handle = await opendir(dir);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw err;
  }
  const subdirs: string[] = [];
  for await (const d of handle) {
    if (d.isFile() && segmentOfFileEntry(d.name) !== undefined) return true; // leaving the loop closes the handle
    if (d.isDirectory() && segmentOfDirEntry(d.name) !== undefined) subdirs.push(join(dir, d.name));
  }
  for (const sub of subdirs) {
    if (await holdsAnyObject(sub)) return true;
  }
  return false;
}
