/**
 * Unfinished multipart uploads: one folder per upload,
 * `<lake>/.meta/<bucket>/uploads/<uploadId>/`, holding `upload.json` and one file per part
 * named `<part number, 5 digits>-<md5 hex>`. The name carries the part's ETag, so storing a
 * part is a single rename and needs no second file to describe it. Re-uploading a part
 * renames the new file in, then removes the older one; if a crash comes in between, the
 * newest file (by mtime) is the part — the re-upload did take effect, only its answer was lost.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LakeError } from '../../../engines/lake/LakeError.js';
import type { MultipartUpload, ObjectAttributes, PartInfo } from '../../../engines/lake/ports.js';
import { errnoCode, fsyncDir, mkdirDurable, tempName, writeFileAtomic, type WrittenBody } from './durableFs.js';

export interface UploadRecord {
  readonly key: string;
  readonly uploadId: string;
  readonly initiated: Date;
  readonly attributes: ObjectAttributes;
}

interface UploadFile {
  readonly key: string;
  readonly initiated: string;
  readonly attributes: ObjectAttributes;
}

const UPLOAD_ID = /^[A-Za-z0-9_-]{1,128}$/;
const PART_FILE = /^(\d{5})-([0-9a-f]{32})$/;

export function partFileName(partNumber: number, md5: string): string {
  return `${String(partNumber).padStart(5, '0')}-${md5}`;
}

export class MultipartUploadFiles {
  constructor(
    private readonly metaRoot: string,
    private readonly tmpDir: string,
  ) {}

  private uploadsDir(bucket: string): string {
    return join(this.metaRoot, bucket, 'uploads');
  }

  /** The upload's folder; an id this store could not have issued names no upload. */
  dirOf(bucket: string, uploadId: string): string {
    if (!UPLOAD_ID.test(uploadId)) throw new LakeError({ kind: 'NoSuchUpload', uploadId });
    return join(this.uploadsDir(bucket), uploadId);
  }

  async create(bucket: string, key: string, attributes: ObjectAttributes): Promise<MultipartUpload> {
    const uploadId = randomBytes(24).toString('base64url');
    const initiated = new Date();
    // Built aside and renamed into place, so an upload exists whole or not at all.
    const staging = join(this.tmpDir, tempName('.upload'));
    await mkdir(staging);
    const file: UploadFile = { key, initiated: initiated.toISOString(), attributes };
    await writeFileAtomic(this.tmpDir, join(staging, 'upload.json'), JSON.stringify(file));
    const uploads = this.uploadsDir(bucket);
    await mkdirDurable(uploads);
    await rename(staging, join(uploads, uploadId));
    await fsyncDir(uploads);
    return { key, uploadId, initiated };
  }

  /** Throws NoSuchUpload unless the upload exists for this key. */
  async record(bucket: string, key: string, uploadId: string): Promise<UploadRecord> {
    const found = await this.readRecord(bucket, uploadId);
    if (!found || found.key !== key) throw new LakeError({ kind: 'NoSuchUpload', uploadId });
    return found;
  }

  private async readRecord(bucket: string, uploadId: string): Promise<UploadRecord | undefined> {
    let text: string;
    try {
      text = await readFile(join(this.dirOf(bucket, uploadId), 'upload.json'), 'utf8');
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw err;
    }
    const file = JSON.parse(text) as UploadFile;
    return { key: file.key, uploadId, initiated: new Date(file.initiated), attributes: file.attributes };
  }

  /** Moves a written body in as part `partNumber`, replacing any earlier upload of that part. */
  async storePart(bucket: string, key: string, uploadId: string, partNumber: number, body: WrittenBody): Promise<PartInfo> {
    await this.record(bucket, key, uploadId);
    const dir = this.dirOf(bucket, uploadId);
    const name = partFileName(partNumber, body.md5);
    try {
      await rename(body.path, join(dir, name));
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') throw new LakeError({ kind: 'NoSuchUpload', uploadId });
      throw err;
    }
    const samePart = `${String(partNumber).padStart(5, '0')}-`;
    for (const other of await readdir(dir)) {
      if (other.startsWith(samePart) && other !== name) await rm(join(dir, other), { force: true });
    }
    await fsyncDir(dir);
    const st = await stat(join(dir, name));
    return { partNumber, etag: body.md5, size: st.size, lastModified: st.mtime };
  }

  /** The parts stored so far, by part number. */
  async parts(bucket: string, key: string, uploadId: string): Promise<PartInfo[]> {
    await this.record(bucket, key, uploadId);
    const dir = this.dirOf(bucket, uploadId);
    const newest = new Map<number, PartInfo & { mtimeNs: bigint }>();
    for (const name of await readdir(dir)) {
      const m = PART_FILE.exec(name);
      if (!m) continue;
      const partNumber = Number(m[1]);
      const etag = m[2] ?? '';
      let st;
      try {
        st = await stat(join(dir, name), { bigint: true });
      } catch (err) {
        if (errnoCode(err) === 'ENOENT') continue; // replaced meanwhile
        throw err;
      }
      const seen = newest.get(partNumber);
      if (seen && seen.mtimeNs >= st.mtimeNs) continue;
      newest.set(partNumber, {
        partNumber,
        etag,
        size: Number(st.size),
        lastModified: new Date(Number(st.mtimeMs)),
        mtimeNs: st.mtimeNs,
      });
    }
    return [...newest.values()]
      .sort((a, b) => a.partNumber - b.partNumber)
      .map(({ mtimeNs: _mtimeNs, ...part }) => part);
  }

  partPath(bucket: string, uploadId: string, partNumber: number, md5: string): string {
    return join(this.dirOf(bucket, uploadId), partFileName(partNumber, md5));
  }

  /** Every unfinished upload of the bucket, in no particular order. */
  async list(bucket: string): Promise<UploadRecord[]> {
    let ids: string[];
    try {
      ids = await readdir(this.uploadsDir(bucket));
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return [];
      throw err;
    }
    const records = await Promise.all(ids.filter((id) => UPLOAD_ID.test(id)).map((id) => this.readRecord(bucket, id)));
    return records.filter((r): r is UploadRecord => r !== undefined);
  }

  /** Removes the upload: it disappears at once (rename), its files are deleted after. */
  async remove(bucket: string, uploadId: string): Promise<void> {
    const dir = this.dirOf(bucket, uploadId);
    const trash = join(this.tmpDir, tempName('.trash'));
    try {
      await rename(dir, trash);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') throw new LakeError({ kind: 'NoSuchUpload', uploadId });
      throw err;
    }
    await fsyncDir(this.uploadsDir(bucket));
    await rm(trash, { recursive: true, force: true });
  }
}
