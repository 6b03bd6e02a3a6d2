/**
 * Object metadata (ETag, headers, user metadata) in sidecar files outside the bucket folders:
 * `<lake>/.meta/<bucket>/objects/<hh>/<sha256 of key>.json`. Naming by a hash of the key keeps
 * the sidecar tree flat and free of the file/folder clashes keys can have, and keeps globs over
 * a bucket folder from ever seeing it.
 *
 * A sidecar names the data file version it describes by fingerprint — size and mtime, both
 * unchanged by rename — and may hold two versions: a writer stores [new, current] before
 * renaming the new data file into place, so whichever data file a crash leaves behind finds
 * its own description. Writers set the mtime to a whole millisecond (the object's
 * LastModified), so the fingerprint survives copies that keep timestamps to the millisecond
 * (`cp -a`, `rsync -a`, Node's `fs.cp`), unlike an inode number.
 */
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import { join } from 'node:path';
import type { ObjectAttributes, ObjectChecksum, ObjectInfo } from '../../../engines/lake/ports.js';
import { errnoCode, mkdirDurable, writeFileAtomic } from './durableFs.js';

export interface StoredVersion {
  readonly size: number;
  /** The data file's mtime in whole milliseconds: the object's LastModified. */
  readonly mtimeMs: number;
  readonly etag: string;
  readonly partsCount?: number;
  readonly attributes: ObjectAttributes;
  /** The additional checksum, written in the same sidecar as the ETag so both are published in one step. */
  readonly checksum?: ObjectChecksum;
}

interface Sidecar {
  readonly key: string;
  readonly versions: readonly StoredVersion[];
}

/** The mtime to the nearest millisecond: setting and copying timestamps goes through floating-point seconds and may land a few microseconds off. */
export function mtimeMsOf(stat: BigIntStats): number {
  return Number((stat.mtimeNs + 500_000n) / 1_000_000n);
}

export function versionMatches(version: StoredVersion, stat: BigIntStats): boolean {
  return BigInt(version.size) === stat.size && version.mtimeMs === mtimeMsOf(stat);
}

export function objectInfoOf(key: string, version: StoredVersion): ObjectInfo {
  const { userMetadata = {}, ...headers } = version.attributes;
  const info: ObjectInfo = {
    ...headers,
    key,
    size: version.size,
    etag: version.etag,
    lastModified: new Date(version.mtimeMs),
    userMetadata,
  };
  return {
    ...info,
    ...(version.partsCount !== undefined ? { partsCount: version.partsCount } : {}),
    ...(version.checksum !== undefined ? { checksum: version.checksum } : {}),
  };
}

export class ObjectMetaFiles {
  constructor(
    private readonly metaRoot: string,
    private readonly tmpDir: string,
    /** fsync of a folder; shared with concurrent writers (DirectorySyncer). */
    private readonly syncDir: (dir: string) => Promise<void>,
  ) {}

  /** Sidecar folders known to exist, to spare a mkdir per write. */
  private readonly knownDirs = new Set<string>();

  /** Forgets what is known of a bucket's sidecars: call when its metadata folder is removed. */
  forgetBucket(bucket: string): void {
    const prefix = join(this.metaRoot, bucket, 'objects');
    for (const dir of this.knownDirs) if (dir.startsWith(`${prefix}/`)) this.knownDirs.delete(dir);
  }

  private pathOf(bucket: string, key: string): { dir: string; file: string } {
    const hash = createHash('sha256').update(key, 'utf8').digest('hex');
    const dir = join(this.metaRoot, bucket, 'objects', hash.slice(0, 2));
    return { dir, file: join(dir, `${hash}.json`) };
  }

  async read(bucket: string, key: string): Promise<readonly StoredVersion[]> {
    let text: string;
    try {
      text = await readFile(this.pathOf(bucket, key).file, 'utf8');
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return [];
      throw err;
    }
    try {
      const sidecar = JSON.parse(text) as Sidecar;
      return sidecar.key === key && Array.isArray(sidecar.versions) ? sidecar.versions : [];
    } catch {
      return []; // unreadable: the object is described from its bytes again
    }
  }

  /** Durable once resolved. */
  async write(bucket: string, key: string, versions: readonly StoredVersion[]): Promise<void> {
    const { dir, file } = this.pathOf(bucket, key);
    if (!this.knownDirs.has(dir)) {
      await mkdirDurable(dir);
      this.knownDirs.add(dir);
    }
    const sidecar: Sidecar = { key, versions };
    await writeFileAtomic(this.tmpDir, file, JSON.stringify(sidecar), this.syncDir);
  }

  /** Not made durable: a leftover sidecar is harmless, as it matches no data file. */
  async remove(bucket: string, key: string): Promise<void> {
    await rm(this.pathOf(bucket, key).file, { force: true });
  }
}
