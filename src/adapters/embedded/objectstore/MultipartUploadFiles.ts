/**
 * Unfinished multipart uploads: one folder per upload,
 * `<lake>/.meta/<bucket>/uploads/<uploadId>/`, holding `upload.json` and one file per part
 * named `<part number, 5 digits>-<md5 hex>`. The name carries the part's ETag, so storing a
 * part is a single rename and needs no second file to describe it. Re-uploading a part
 * renames the new file in, then removes the older one; if a crash comes in between, the
 * newest file (by mtime) is the part — the re-upload did take effect, only its answer was lost.
 * A part's checksum rides in its name too: `<number>-<md5>.<ALGORITHM>.<base64url digest>`.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LakeError } from '../../../engines/lake/LakeError.js';
import type { ChecksumAlgorithm, ChecksumChoice, MultipartUpload, ObjectAttributes, ObjectChecksum, PartInfo } from '../../../engines/lake/ports.js';
import { errnoCode, fsyncDir, mkdirDurable, tempName, writeFileAtomic, type WrittenBody } from './durableFs.js';

export interface UploadRecord {
  readonly key: string;
  readonly uploadId: string;
  readonly initiated: Date;
  readonly attributes: ObjectAttributes;
  readonly checksum?: ChecksumChoice;
}

interface UploadFile {
  readonly key: string;
  readonly initiated: string;
  readonly attributes: ObjectAttributes;
  readonly checksum?: ChecksumChoice;
}

const UPLOAD_ID = /^[A-Za-z0-9_-]{1,128}$/;
const PART_FILE = /^(\d{5})-([0-9a-f]{32})(?:\.(CRC32|CRC32C|CRC64NVME|SHA1|SHA256)\.([A-Za-z0-9_-]+))?$/;

export function partFileName(partNumber: number, md5: string, checksum?: ObjectChecksum): string {
  const base = `${String(partNumber).padStart(5, '0')}-${md5}`;
  return checksum ? `${base}.${checksum.algorithm}.${Buffer.from(checksum.value, 'base64').toString('base64url')}` : base;
}

/** The part number, ETag and checksum a part file's name carries, or undefined for other files. */
function parsePartFileName(name: string): { partNumber: number; etag: string; checksum?: ObjectChecksum } | undefined {
  const m = PART_FILE.exec(name);
  if (!m) return undefined;
  const partNumber = Number(m[1]);
  const etag = m[2] ?? '';
  if (m[3] === undefined || m[4] === undefined) return { partNumber, etag };
  const checksum: ObjectChecksum = { algorithm: m[3] as ChecksumAlgorithm, type: 'FULL_OBJECT', value: Buffer.from(m[4], 'base64url').toString('base64') };
  return { partNumber, etag, checksum };
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

  async create(bucket: string, key: string, attributes: ObjectAttributes, checksum?: ChecksumChoice): Promise<MultipartUpload> {
    const uploadId = randomBytes(24).toString('base64url');
    const initiated = new Date();
    // Built aside and renamed into place, so an upload exists whole or not at all.
    const staging = join(this.tmpDir, tempName('.upload'));
    await mkdir(staging);
    const file: UploadFile = { key, initiated: initiated.toISOString(), attributes, ...(checksum ? { checksum } : {}) };
    await writeFileAtomic(this.tmpDir, join(staging, 'upload.json'), JSON.stringify(file));
    const uploads = this.uploadsDir(bucket);
    await mkdirDurable(uploads);
    await rename(staging, join(uploads, uploadId));
    await fsyncDir(uploads);
    return { key, uploadId, initiated, ...(checksum ? { checksum } : {}) };
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
    return {
      key: file.key,
      uploadId,
      initiated: new Date(file.initiated),
      attributes: file.attributes,
      ...(file.checksum ? { checksum: file.checksum } : {}),
    };
  }

  /** Moves a written body in as part `partNumber`, replacing any earlier upload of that part. */
  async storePart(bucket: string, key: string, uploadId: string, partNumber: number, body: WrittenBody, checksum?: ObjectChecksum): Promise<PartInfo> {
    await this.record(bucket, key, uploadId);
    const dir = this.dirOf(bucket, uploadId);
    const name = partFileName(partNumber, body.md5, checksum);
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
    return { partNumber, etag: body.md5, size: st.size, lastModified: st.mtime, ...(checksum ? { checksum } : {}) };
  }

  /** The parts stored so far, by part number. */
  async parts(bucket: string, key: string, uploadId: string): Promise<Array<PartInfo & { file: string }>> {
    await this.record(bucket, key, uploadId);
    const dir = this.dirOf(bucket, uploadId);
    const newest = new Map<number, PartInfo & { mtimeNs: bigint; file: string }>();
    for (const name of await readdir(dir)) {
      const parsed = parsePartFileName(name);
      if (!parsed) continue;
      const { partNumber, etag, checksum } = parsed;
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
        ...(checksum ? { checksum } : {}),
        mtimeNs: st.mtimeNs,
        file: join(dir, name),
      });
    }
    return [...newest.values()]
      .sort((a, b) => a.partNumber - b.partNumber)
      .map(({ mtimeNs: _mtimeNs, ...part }) => part);
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
