/** File-system steps that make writes durable and atomic: temp file, fsync, rename, fsync of the folder. */
import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { LakeError } from '../../../engines/lake/LakeError.js';
import type { ObjectBody } from '../../../engines/lake/ports.js';

export function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/** Disk full and I/O failures become StorageUnavailable; anything else is passed on. */
export function storageError(err: unknown): unknown {
  const code = errnoCode(err);
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new LakeError({ kind: 'StorageUnavailable', reason: 'disk-full', message: 'no space left on the lake\'s disk' });
  }
  if (code === 'EIO' || code === 'EROFS') {
    return new LakeError({ kind: 'StorageUnavailable', reason: 'io-error', message: `${code} on the lake's disk` });
  }
  return err;
}

export function tempName(suffix = ''): string {
  return `${Date.now().toString(36)}-${randomBytes(9).toString('base64url')}${suffix}`;
}

export async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** Makes a rename, creation or removal of an entry of `dir` durable. */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** fsync of several folders; ones removed meanwhile (pruned empty folders) are skipped. */
export async function fsyncDirs(dirs: Iterable<string>): Promise<void> {
  await Promise.all(
    [...dirs].map(async (dir) => {
      try {
        await fsyncDir(dir);
      } catch (err) {
        if (errnoCode(err) !== 'ENOENT') throw err;
      }
    }),
  );
}

/** mkdir -p whose new entries are durable. */
export async function mkdirDurable(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (first === undefined) return;
  const toSync: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    toSync.push(dirname(d));
    if (d === first || d === dirname(d)) break;
  }
  await fsyncDirs(toSync);
}

async function writeAll(fh: FileHandle, buf: Uint8Array, length = buf.length): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesWritten } = await fh.write(buf, done, length - done);
    done += bytesWritten;
  }
}

/** Replaces `target` with `data` atomically and durably (small files: metadata, journals). */
export async function writeFileAtomic(
  tmpDir: string,
  target: string,
  data: string | Uint8Array,
  syncDir: (dir: string) => Promise<void> = fsyncDir,
): Promise<void> {
  const tmp = join(tmpDir, tempName('.part'));
  const fh = await open(tmp, 'wx', 0o644);
  try {
    await writeAll(fh, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw storageError(err);
  }
  await fh.close();
  try {
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw storageError(err);
  }
  await syncDir(dirname(target));
}

export interface WrittenBody {
  readonly path: string;
  readonly size: number;
  /** Lowercase hex. */
  readonly md5: string;
}

export interface BodyExpectations {
  readonly expectedMd5?: string;
  readonly expectedSize?: number;
}

/** Chunks are gathered into writes of this size; fewer, larger writes are much faster than one per network chunk. */
const STAGING_BYTES = 4 * 1024 * 1024;

/**
 * Writes a body to a new temporary file in `tmpDir`, hashing it on the way, and fsyncs it.
 * Streams pass through a fixed staging buffer, so a body of any size uses bounded memory.
 * On any failure (including a body that does not match its declared size or MD5) the
 * temporary file is removed.
 */
export async function writeBodyToTemp(tmpDir: string, body: ObjectBody, expect: BodyExpectations = {}): Promise<WrittenBody> {
  const path = join(tmpDir, tempName('.part'));
  const fh = await open(path, 'wx', 0o644).catch((err: unknown) => {
    throw storageError(err);
  });
  const hash = createHash('md5');
  let size = 0;
  try {
    if (body instanceof Uint8Array) {
      hash.update(body);
      size = body.length;
      await writeAll(fh, body);
    } else {
      const staging = Buffer.allocUnsafe(STAGING_BYTES);
      let staged = 0;
      for await (const piece of body) {
        const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
        hash.update(chunk);
        size += chunk.length;
        if (expect.expectedSize !== undefined && size > expect.expectedSize) {
          throw new LakeError({ kind: 'IncompleteBody', expectedSize: expect.expectedSize, receivedSize: size });
        }
        let offset = 0;
        while (offset < chunk.length) {
          const n = Math.min(chunk.length - offset, STAGING_BYTES - staged);
          staging.set(chunk.subarray(offset, offset + n), staged);
          staged += n;
          offset += n;
          if (staged === STAGING_BYTES) {
            await writeAll(fh, staging, staged);
            staged = 0;
          }
        }
      }
      if (staged > 0) await writeAll(fh, staging, staged);
    }
    if (expect.expectedSize !== undefined && size !== expect.expectedSize) {
      throw new LakeError({ kind: 'IncompleteBody', expectedSize: expect.expectedSize, receivedSize: size });
    }
    const md5 = hash.digest('hex');
    if (expect.expectedMd5 !== undefined && expect.expectedMd5.toLowerCase() !== md5) {
      throw new LakeError({ kind: 'BadDigest', expectedMd5: expect.expectedMd5, computedMd5: md5 });
    }
    await fh.sync();
    await fh.close();
    return { path, size, md5 };
  } catch (err) {
    await fh.close().catch(() => undefined);
    await rm(path, { force: true });
    throw storageError(err);
  }
}

/** Appends the bytes of `source` to `target` at `position`; returns the number copied. */
export async function appendFileContents(target: FileHandle, position: number, sourcePath: string, buffer: Buffer): Promise<number> {
  const source = await open(sourcePath, 'r');
  try {
    let copied = 0;
    for (;;) {
      const { bytesRead } = await source.read(buffer, 0, buffer.length, copied);
      if (bytesRead === 0) return copied;
      let done = 0;
      while (done < bytesRead) {
        const { bytesWritten } = await target.write(buffer, done, bytesRead - done, position + copied + done);
        done += bytesWritten;
      }
      copied += bytesRead;
    }
  } finally {
    await source.close();
  }
}
