/**
 * The embedded object store: buckets as folders of plain files under `<dataDir>/lake/`.
 *
 *   <lake>/<bucket>/<key as path>        objects, as plain files (see keyPaths.ts)
 *   <lake>/.meta/<bucket>/bucket.json    creation date
 *   <lake>/.meta/<bucket>/objects/…      object metadata sidecars (see ObjectMetaFiles.ts)
 *   <lake>/.meta/<bucket>/uploads/…      unfinished multipart uploads
 *   <lake>/.journal/<id>/                replacements being applied (see ReplacementJournal.ts)
 *   <lake>/.tmp/                         files being written; emptied at open
 *
 * Bucket names never start with a dot, so a glob over `<lake>/<bucket>/` sees objects only.
 *
 * A write streams the body to a temporary file, fsyncs it, stores the metadata sidecar,
 * renames the file into place and fsyncs the folder; the rename is the moment the object
 * (with its metadata) appears, whole. One process owns a data directory; inside it, locks
 * order the steps: a key lock from reading the current version to the rename (metadata of
 * one key is written by one writer at a time), and a short bucket lock around changes of
 * the folder tree (new and pruned folders, renames), taken in that order. Bodies are
 * written and fsynced outside any lock.
 *
 * Conditional writes (If-None-Match: *, If-Match) are checked under the key lock, against
 * the version read there, so the check and the rename are one step for every writer and
 * deleter in the process: each of them holds that lock while it changes the key. A
 * `link(tmp, final)` (EEXIST when the key exists) would also hold off writers outside the
 * process for "only if absent", but not for If-Match, and an object may sit under either of
 * two file names (plain or escaped, see keyPaths.ts), which one link cannot check; since one
 * process owns the data directory, the lock is the whole answer and the publish stays the
 * ordinary durable rename.
 */
import { createHash } from 'node:crypto';
import { constants, type BigIntStats } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, rename, rm, rmdir, unlink, utimes, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { checksummed } from '../../../engines/lake/checksums.js';
import { LakeError } from '../../../engines/lake/LakeError.js';
import type {
  BucketInfo,
  ChecksumAlgorithm,
  ChecksumChoice,
  ChecksumSource,
  ObjectChecksum,
  DeleteResult,
  ListObjectsPage,
  ListObjectsQuery,
  ListPartsQuery,
  ListUploadsQuery,
  MultipartUpload,
  ObjectAttributes,
  ObjectBody,
  ObjectInfo,
  ObjectPut,
  ObjectReader,
  ObjectStore,
  ObjectSummary,
  PartInfo,
  PartSelection,
  PartsPage,
  PreparedReplacement,
  PutObjectOptions,
  UploadsPage,
  WriteCondition,
} from '../../../engines/lake/ports.js';
import { writeConditionFault } from '../../../engines/lake/writeConditions.js';
import {
  appendFileContents,
  errnoCode,
  fsyncDir,
  lstatOrUndefined,
  mkdirDurable,
  storageError,
  tempName,
  writeBodyToTemp,
  writeFileAtomic,
  type WrittenBody,
} from './durableFs.js';
import { DirectorySyncer } from './DirectorySyncer.js';
import { multipartEtag } from './etags.js';
import { FileObjectReader } from './FileObjectReader.js';
import {
  compareUtf8,
  dirEntryName,
  escapedFileName,
  fileNameCandidates,
  layoutOf,
  plainFileName,
  unstorableKeyReason,
} from './keyPaths.js';
import { KeyedMutex } from './KeyedMutex.js';
import { holdsAnyObject, listEntries, type ListingEntry } from './listing.js';
import { MultipartUploadFiles } from './MultipartUploadFiles.js';
import { mtimeMsOf, objectInfoOf, ObjectMetaFiles, versionMatches, type StoredVersion } from './ObjectMetaFiles.js';
import { ReplacementJournal, type JournalIntent, type JournalPut } from './ReplacementJournal.js';

/** Named moments inside a write, for crash tests that kill the process exactly there. */
export type CrashStep = 'object-meta-written' | 'replacement-committed' | 'replacement-applied-one';

export interface FileObjectStoreOptions {
  /** The data directory; the lake lives in its `lake/` folder. */
  readonly dataDir: string;
  /** Test hook, called synchronously at each CrashStep. */
  readonly onStep?: (step: CrashStep) => void;
}

/** Names the engine validated; checked again here so that no name can leave the lake folder. */
const SAFE_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const MD5_HEX = /^[0-9a-f]{32}$/;
const COPY_BUFFER_BYTES = 8 * 1024 * 1024;
/** Reads retry this often when a concurrent overwrite replaced the file between open and metadata read. */
const DESCRIBE_ATTEMPTS = 3;

type Version = Omit<StoredVersion, 'mtimeMs'>;

interface FoundFile {
  readonly path: string;
  readonly stat: BigIntStats;
}

export class FileObjectStore implements ObjectStore {
  private readonly tmpDir: string;
  private readonly metaRoot: string;
  private readonly meta: ObjectMetaFiles;
  private readonly uploads: MultipartUploadFiles;
  private readonly journal: ReplacementJournal;
  private readonly locks = new KeyedMutex();
  private readonly folders = new DirectorySyncer();
  private closed = false;
  private readonly inflight = new Set<Promise<unknown>>();

  private constructor(
    /** `<dataDir>/lake` */
    readonly root: string,
    private readonly onStep: ((step: CrashStep) => void) | undefined,
  ) {
    this.tmpDir = join(root, '.tmp');
    this.metaRoot = join(root, '.meta');
    this.meta = new ObjectMetaFiles(this.metaRoot, this.tmpDir, (dir) => this.folders.sync(dir));
    this.uploads = new MultipartUploadFiles(this.metaRoot, this.tmpDir);
    this.journal = new ReplacementJournal(join(root, '.journal'), this.tmpDir);
  }

  /** Opens (creating) the lake of a data directory: removes leftovers of interrupted writes and finishes committed replacements. */
  static async open(options: FileObjectStoreOptions): Promise<FileObjectStore> {
    const store = new FileObjectStore(join(resolve(options.dataDir), 'lake'), options.onStep);
    await mkdirDurable(store.root);
    await rm(store.tmpDir, { recursive: true, force: true });
    await mkdir(store.tmpDir);
    await mkdirDurable(store.metaRoot);
    await mkdirDurable(join(store.root, '.journal'));
    await store.replayJournal();
    return store;
  }

  /** Refuses new work, then waits for writes in progress (bodies being written included). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled(this.inflight);
    await this.locks.idle();
  }

  // ---- buckets ----

  async createBucket(bucket: string): Promise<BucketInfo> {
    return this.track(async () => {
      const dir = this.bucketDir(bucket);
      return this.locks.run(bucketLock(bucket), async () => {
        if (await lstatOrUndefined(dir)) throw new LakeError({ kind: 'BucketAlreadyOwnedByYou', bucket });
        // Metadata first: a bucket exists once its folder does, and then it has a creation date.
        const metaDir = join(this.metaRoot, bucket);
        await this.discard(metaDir); // left by a deleted bucket of the same name
        this.meta.forgetBucket(bucket);
        await mkdirDurable(metaDir);
        const creationDate = new Date();
        await writeFileAtomic(this.tmpDir, join(metaDir, 'bucket.json'), JSON.stringify({ creationDate }));
        await mkdir(dir);
        await fsyncDir(this.root);
        return { name: bucket, creationDate };
      });
    });
  }

  async deleteBucket(bucket: string): Promise<void> {
    return this.track(async () => {
      const dir = this.bucketDir(bucket);
      await this.locks.run(bucketLock(bucket), async () => {
        await this.requireBucket(bucket);
        if (await holdsAnyObject(dir)) throw new LakeError({ kind: 'BucketNotEmpty', bucket });
        const trash = join(this.tmpDir, tempName('.trash'));
        await rename(dir, trash); // the bucket is gone at this instant
        await fsyncDir(this.root);
        await rm(trash, { recursive: true, force: true });
        await this.discard(join(this.metaRoot, bucket));
        this.meta.forgetBucket(bucket);
      });
    });
  }

  async headBucket(bucket: string): Promise<BucketInfo> {
    this.checkOpen();
    const st = await this.requireBucket(bucket);
    try {
      const text = await readFile(join(this.metaRoot, bucket, 'bucket.json'), 'utf8');
      return { name: bucket, creationDate: new Date((JSON.parse(text) as { creationDate: string }).creationDate) };
    } catch {
      return { name: bucket, creationDate: st.birthtime.getTime() > 0 ? st.birthtime : st.mtime };
    }
  }

  async listBuckets(): Promise<BucketInfo[]> {
    this.checkOpen();
    const names = (await readdir(this.root, { withFileTypes: true }))
      .filter((d) => d.isDirectory() && SAFE_BUCKET.test(d.name))
      .map((d) => d.name)
      .sort();
    const infos = await Promise.all(names.map((name) => this.headBucket(name).catch(() => undefined)));
    return infos.filter((b): b is BucketInfo => b !== undefined);
  }

  // ---- objects ----

  async putObject(bucket: string, key: string, body: ObjectBody, options: PutObjectOptions = {}): Promise<ObjectInfo> {
    return this.track(async () => {
      this.checkStorable(key);
      await this.requireBucket(bucket);
      const written = await writeBodyToTemp(this.tmpDir, body, options);
      const version: Version = { size: written.size, etag: written.md5, attributes: attributesOf(options), ...checksumOf(options.checksum) };
      return this.publishWritten(bucket, key, written, version, options.condition);
    });
  }

  async openObject(bucket: string, key: string): Promise<ObjectReader> {
    this.checkOpen();
    await this.requireBucket(bucket);
    if (unstorableKeyReason(key) !== undefined) throw new LakeError({ kind: 'NoSuchKey', bucket, key });
    for (let attempt = 1; ; attempt++) {
      const opened = await this.openFile(bucket, key);
      if (!opened) throw new LakeError({ kind: 'NoSuchKey', bucket, key });
      try {
        const version = (await this.meta.read(bucket, key)).find((v) => versionMatches(v, opened.stat));
        if (version) return new FileObjectReader(opened.file, objectInfoOf(key, version));
        if (attempt >= DESCRIBE_ATTEMPTS) {
          const adopted = await this.adopt(bucket, key, opened.file, opened.stat);
          return new FileObjectReader(opened.file, objectInfoOf(key, adopted));
        }
      } catch (err) {
        await opened.file.close();
        throw err;
      }
      await opened.file.close(); // replaced meanwhile: open the newer file
    }
  }

  async headObject(bucket: string, key: string): Promise<ObjectInfo> {
    const reader = await this.openObject(bucket, key);
    await reader.close();
    return reader.info;
  }

  async deleteObject(bucket: string, key: string): Promise<void> {
    const [result] = await this.deleteObjects(bucket, [key]);
    if (result && !result.deleted) throw result.error;
  }

  async deleteObjects(bucket: string, keys: readonly string[]): Promise<DeleteResult[]> {
    return this.track(async () => {
      await this.requireBucket(bucket);
      const synced = new Set<string>();
      const results: DeleteResult[] = [];
      for (const key of keys) {
        try {
          // A key this store cannot hold cannot exist: deleting it succeeds, as for any absent key.
          if (unstorableKeyReason(key) === undefined) {
            await this.locks.run(keyLock(bucket, key), () => this.deleteUnderKeyLock(bucket, key, synced));
          }
          results.push({ key, deleted: true });
        } catch (err) {
          results.push({ key, deleted: false, error: asError(storageError(err)) });
        }
      }
      await this.folders.syncAll(synced);
      return results;
    });
  }

  async listObjects(bucket: string, query: ListObjectsQuery): Promise<ListObjectsPage> {
    this.checkOpen();
    await this.requireBucket(bucket);
    const after = query.continuationToken !== undefined ? decodeToken(query.continuationToken) : query.startAfter;
    const prefix = query.prefix ?? '';
    if (query.maxKeys <= 0) return { objects: [], commonPrefixes: [], isTruncated: false };
    const entries: ListingEntry[] = [];
    let isTruncated = false;
    const listing = listEntries(this.bucketDir(bucket), {
      prefix,
      ...(query.delimiter === undefined ? {} : { delimiter: query.delimiter }),
      ...(after === undefined ? {} : { after }),
    });
    for await (const entry of listing) {
      if (entries.length === query.maxKeys) {
        isTruncated = true;
        break;
      }
      entries.push(entry);
    }
    const described = await Promise.all(entries.map((e) => (e.key === undefined ? undefined : this.summarize(bucket, e.key))));
    const objects = described.filter((s): s is ObjectSummary => s !== undefined);
    const commonPrefixes = entries.flatMap((e) => (e.prefix === undefined ? [] : [e.prefix]));
    if (!isTruncated) return { objects, commonPrefixes, isTruncated };
    const last = entries[entries.length - 1];
    const marker = last?.key ?? last?.prefix ?? '';
    return { objects, commonPrefixes, isTruncated, nextContinuationToken: encodeToken(marker), nextMarker: marker };
  }

  async copyObject(
    source: { readonly bucket: string; readonly key: string },
    target: { readonly bucket: string; readonly key: string },
    attributes?: ObjectAttributes,
    condition?: WriteCondition,
    checksumAlgorithm?: ChecksumAlgorithm,
  ): Promise<ObjectInfo> {
    return this.track(async () => {
      this.checkStorable(target.key);
      await this.requireBucket(target.bucket);
      const reader = await this.openObject(source.bucket, source.key);
      const body = reader.stream();
      const summed = checksumAlgorithm ? checksummed(body, checksumAlgorithm) : undefined;
      const written = await writeBodyToTemp(this.tmpDir, summed?.body ?? body).catch((err: unknown) => {
        body.destroy();
        throw err;
      });
      const kept = attributes ?? attributesOf(reader.info);
      const version: Version = { size: written.size, etag: written.md5, attributes: kept, ...(summed ? { checksum: summed.result() } : {}) };
      return this.publishWritten(target.bucket, target.key, written, version, condition);
    });
  }

  async prepareReplacement(bucket: string, puts: readonly ObjectPut[], deletes: readonly string[]): Promise<PreparedReplacement> {
    return this.track(async () => {
      for (const put of puts) this.checkStorable(put.key);
      await this.requireBucket(bucket);
      const written: WrittenBody[] = [];
      const dropWritten = () => Promise.all(written.map((w) => rm(w.path, { force: true })));
      try {
        for (const put of puts) written.push(await writeBodyToTemp(this.tmpDir, put.body, put.options ?? {}));
      } catch (err) {
        await dropWritten();
        throw err;
      }
      const journalPuts: JournalPut[] = puts.map((put, i) => ({
        key: put.key,
        file: String(i),
        version: { size: written[i]?.size ?? 0, etag: written[i]?.md5 ?? '', attributes: attributesOf(put.options ?? {}), ...checksumOf(put.options?.checksum) },
      }));
      // Deleting a key this store cannot hold is a no-op.
      const intent: JournalIntent = { bucket, puts: journalPuts, deletes: deletes.filter((k) => unstorableKeyReason(k) === undefined) };
      let settled = false;
      return {
        commit: async () => {
          if (settled) throw new Error('this replacement was already committed or discarded');
          settled = true;
          try {
            return await this.track(() => this.commitReplacement(intent, written));
          } catch (err) {
            await dropWritten();
            throw err;
          }
        },
        discard: async () => {
          if (settled) return;
          settled = true;
          await dropWritten();
        },
      };
    });
  }

  // ---- multipart uploads ----

  async createMultipartUpload(bucket: string, key: string, attributes: ObjectAttributes = {}, checksum?: ChecksumChoice): Promise<MultipartUpload> {
    return this.track(async () => {
      this.checkStorable(key);
      await this.requireBucket(bucket);
      return this.uploads.create(bucket, key, attributesOf(attributes), checksum);
    });
  }

  async describeUpload(bucket: string, key: string, uploadId: string): Promise<MultipartUpload> {
    this.checkOpen();
    await this.requireBucket(bucket);
    const { attributes: _attributes, ...upload } = await this.uploads.record(bucket, key, uploadId);
    return upload;
  }

  async uploadPart(
    bucket: string,
    key: string,
    uploadId: string,
    partNumber: number,
    body: ObjectBody,
    options: Pick<PutObjectOptions, 'expectedMd5' | 'expectedSize' | 'checksum'> = {},
  ): Promise<PartInfo> {
    return this.track(async () => {
      await this.requireBucket(bucket);
      await this.uploads.record(bucket, key, uploadId);
      const written = await writeBodyToTemp(this.tmpDir, body, options);
      const { checksum } = checksumOf(options.checksum);
      try {
        return await this.locks.run(uploadLock(bucket, uploadId), () => this.uploads.storePart(bucket, key, uploadId, partNumber, written, checksum));
      } catch (err) {
        await rm(written.path, { force: true });
        throw err;
      }
    });
  }

  async listParts(bucket: string, key: string, uploadId: string, query: ListPartsQuery): Promise<PartsPage> {
    this.checkOpen();
    await this.requireBucket(bucket);
    const marker = query.partNumberMarker ?? 0;
    const after = (await this.uploads.parts(bucket, key, uploadId)).filter((p) => p.partNumber > marker);
    const parts = after.slice(0, query.maxParts).map(({ file: _file, ...part }) => part);
    const isTruncated = after.length > parts.length;
    const last = parts[parts.length - 1];
    return isTruncated && last ? { parts, isTruncated, nextPartNumberMarker: last.partNumber } : { parts, isTruncated };
  }

  async listMultipartUploads(bucket: string, query: ListUploadsQuery): Promise<UploadsPage> {
    this.checkOpen();
    await this.requireBucket(bucket);
    const prefix = query.prefix ?? '';
    const all = (await this.uploads.list(bucket))
      .filter((u) => u.key.startsWith(prefix))
      .sort(
        (a, b) =>
          compareUtf8(a.key, b.key) || a.initiated.getTime() - b.initiated.getTime() || compareUtf8(a.uploadId, b.uploadId),
      );
    let start = 0;
    const { keyMarker, uploadIdMarker } = query;
    if (keyMarker !== undefined) {
      const markerAt =
        uploadIdMarker === undefined ? -1 : all.findIndex((u) => u.key === keyMarker && u.uploadId === uploadIdMarker);
      start =
        markerAt >= 0 ? markerAt + 1 : all.findIndex((u) => compareUtf8(u.key, keyMarker) > 0);
      if (start < 0) start = all.length;
    }
    const page = all.slice(start, start + query.maxUploads);
    const uploads = page.map(({ key, uploadId, initiated }) => ({ key, uploadId, initiated }));
    const isTruncated = start + page.length < all.length;
    const last = page[page.length - 1];
    return isTruncated && last
      ? { uploads, isTruncated, nextKeyMarker: last.key, nextUploadIdMarker: last.uploadId }
      : { uploads, isTruncated };
  }

  async completeMultipartUpload(
    bucket: string,
    key: string,
    uploadId: string,
    parts: readonly PartSelection[],
    condition?: WriteCondition,
    checksum?: ObjectChecksum,
  ): Promise<ObjectInfo> {
    return this.track(async () => {
      this.checkStorable(key);
      await this.requireBucket(bucket);
      return this.locks.run(uploadLock(bucket, uploadId), async () => {
        const record = await this.uploads.record(bucket, key, uploadId);
        const md5s = parts.map((part) => {
          if (!MD5_HEX.test(part.etag)) {
            throw new LakeError({ kind: 'InvalidPart', partNumber: part.partNumber, reason: `no part has the ETag ${part.etag}` });
          }
          return part.etag;
        });
        const assembled = await this.assemble(bucket, key, uploadId, parts);
        const info = await this.publishWritten(
          bucket,
          key,
          assembled,
          { size: assembled.size, etag: multipartEtag(md5s), partsCount: parts.length, attributes: record.attributes, ...(checksum ? { checksum } : {}) },
          condition,
        );
        // The object is complete; an upload folder left behind (if removal fails) only lingers in listings.
        await this.uploads.remove(bucket, uploadId).catch(() => undefined);
        return info;
      });
    });
  }

  async abortMultipartUpload(bucket: string, key: string, uploadId: string): Promise<void> {
    return this.track(async () => {
      await this.requireBucket(bucket);
      await this.locks.run(uploadLock(bucket, uploadId), async () => {
        await this.uploads.record(bucket, key, uploadId);
        await this.uploads.remove(bucket, uploadId);
      });
    });
  }

  // ---- local paths ----

  bucketPath(bucket: string): string {
    return this.bucketDir(bucket);
  }

  prefixPath(bucket: string, folderPrefix: string): string {
    const segments = folderPrefix.split('/');
    segments.pop();
    return join(this.bucketDir(bucket), ...segments.map(dirEntryName));
  }

  async localPath(bucket: string, key: string): Promise<string | undefined> {
    if (unstorableKeyReason(key) !== undefined) return undefined;
    return (await this.findFile(bucket, key))?.path;
  }

  // ---- internals ----

  private checkOpen(): void {
    if (this.closed) throw new Error('FileObjectStore is closed');
  }

  /** Runs a write so that close() waits for it. */
  private async track<T>(work: () => Promise<T>): Promise<T> {
    this.checkOpen();
    const running = work();
    this.inflight.add(running);
    try {
      return await running;
    } finally {
      this.inflight.delete(running);
    }
  }

  private checkStorable(key: string): void {
    const reason = unstorableKeyReason(key);
    if (reason) throw new LakeError({ kind: 'InvalidKey', key, reason });
  }

  private bucketDir(bucket: string): string {
    if (!SAFE_BUCKET.test(bucket) || bucket.includes('..')) {
      throw new LakeError({ kind: 'InvalidBucketName', bucket, reason: 'not a valid bucket name' });
    }
    return join(this.root, bucket);
  }

  private async requireBucket(bucket: string) {
    const st = await lstatOrUndefined(this.bucketDir(bucket));
    if (!st?.isDirectory()) throw new LakeError({ kind: 'NoSuchBucket', bucket });
    return st;
  }

  /** Moves a folder aside (atomically) and deletes it. */
  private async discard(dir: string): Promise<void> {
    const trash = join(this.tmpDir, tempName('.trash'));
    try {
      await rename(dir, trash);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return;
      throw err;
    }
    await rm(trash, { recursive: true, force: true });
  }

  /** The file holding the key now (plain name first, then the escaped one). */
  private async findFile(bucket: string, key: string): Promise<FoundFile | undefined> {
    const { dirs, leaf } = layoutOf(key);
    const dir = join(this.bucketDir(bucket), ...dirs.map(dirEntryName));
    for (const name of fileNameCandidates(leaf)) {
      const path = join(dir, name);
      try {
        const st = await lstat(path, { bigint: true });
        if (st.isFile()) return { path, stat: st };
      } catch (err) {
        const code = errnoCode(err);
        if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      }
    }
    return undefined;
  }

  /** Opens the key's file; the handle pins that version even if it is replaced or deleted meanwhile. */
  private async openFile(bucket: string, key: string): Promise<{ file: FileHandle; stat: BigIntStats } | undefined> {
    const { dirs, leaf } = layoutOf(key);
    const dir = join(this.bucketDir(bucket), ...dirs.map(dirEntryName));
    for (const name of fileNameCandidates(leaf)) {
      let file: FileHandle;
      try {
        file = await open(join(dir, name), constants.O_RDONLY | constants.O_NOFOLLOW);
      } catch (err) {
        const code = errnoCode(err);
        if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') continue;
        throw err;
      }
      const st = await file.stat({ bigint: true });
      if (st.isFile()) return { file, stat: st };
      await file.close(); // a folder of that name: the object, if any, has the escaped name
    }
    return undefined;
  }

  /** Size, ETag and date of the key's current version, or undefined when it vanished meanwhile. */
  private async summarize(bucket: string, key: string): Promise<ObjectSummary | undefined> {
    for (let attempt = 1; attempt <= DESCRIBE_ATTEMPTS; attempt++) {
      const found = await this.findFile(bucket, key);
      if (!found) return undefined;
      const version = (await this.meta.read(bucket, key)).find((v) => versionMatches(v, found.stat));
      if (version) {
        const { size, etag, lastModified } = objectInfoOf(key, version);
        return { key, size, etag, lastModified };
      }
    }
    const reader = await this.openObject(bucket, key).catch((err: unknown) => {
      if (err instanceof LakeError && err.kind === 'NoSuchKey') return undefined;
      throw err;
    });
    if (!reader) return undefined;
    await reader.close();
    const { size, etag, lastModified } = reader.info;
    return { key, size, etag, lastModified };
  }

  /**
   * Describes a data file that has no metadata (put there by hand, or a sidecar lost to a
   * restore): its MD5 from its bytes, no headers. Recorded so the hashing happens once.
   */
  private async adopt(bucket: string, key: string, file: FileHandle, st: BigIntStats): Promise<StoredVersion> {
    const etag = await md5OfHandle(file);
    const version: StoredVersion = { size: Number(st.size), mtimeMs: mtimeMsOf(st), etag, attributes: {} };
    await this.locks.run(keyLock(bucket, key), async () => {
      const current = await this.findFile(bucket, key);
      if (current && versionMatches(version, current.stat)) await this.meta.write(bucket, key, [version]);
    });
    return version;
  }

  private async publishWritten(bucket: string, key: string, written: WrittenBody, version: Version, condition?: WriteCondition): Promise<ObjectInfo> {
    const synced = new Set<string>();
    try {
      // The bucket's existence is checked where it matters: the rename fails if the bucket was deleted meanwhile.
      const info = await this.locks.run(keyLock(bucket, key), () => this.publishUnderKeyLock(bucket, key, written.path, version, synced, condition));
      await this.folders.syncAll(synced);
      return info;
    } catch (err) {
      await rm(written.path, { force: true });
      if (!(err instanceof LakeError) && !(await lstatOrUndefined(this.bucketDir(bucket)))?.isDirectory()) {
        throw new LakeError({ kind: 'NoSuchBucket', bucket }); // deleted while the body was written
      }
      throw storageError(err);
    }
  }

  /**
   * Makes `tmpPath` the key's object. Caller holds the key lock and fsyncs `synced` before
   * answering. Order matters for crashes: the sidecar (describing both the new and the
   * current version) is durable before the rename, so either file finds its metadata.
   * A `condition` is checked here, against the version the lock keeps current until the rename.
   */
  private async publishUnderKeyLock(
    bucket: string,
    key: string,
    tmpPath: string,
    version: Version,
    synced: Set<string>,
    condition?: WriteCondition,
  ): Promise<ObjectInfo> {
    const current = await this.findFile(bucket, key);
    const previous = current ? (await this.meta.read(bucket, key)).find((v) => versionMatches(v, current.stat)) : undefined;
    if (condition) {
      // A file without metadata (put there by hand) is described from its bytes, as reads do.
      const currentEtag = current && (previous?.etag ?? (await md5OfFile(current.path)));
      const fault = writeConditionFault(condition, bucket, key, currentEtag === undefined ? undefined : { etag: currentEtag });
      if (fault) throw new LakeError(fault);
    }
    // The new file's mtime is its LastModified; it must differ from the current file's when
    // the sizes are equal, or the two versions could not be told apart.
    let mtimeMs = Date.now();
    if (current && current.stat.size === BigInt(version.size) && mtimeMsOf(current.stat) >= mtimeMs) {
      mtimeMs = mtimeMsOf(current.stat) + 1;
    }
    // Half a microsecond past the millisecond, so float rounding on the way to utimensat cannot fall below it.
    const seconds = mtimeMs / 1000 + 5e-7;
    await utimes(tmpPath, seconds, seconds);
    const stored: StoredVersion = { ...version, mtimeMs };
    await this.meta.write(bucket, key, previous ? [stored, previous] : [stored]);
    this.onStep?.('object-meta-written');
    const { dirs, leaf } = layoutOf(key);
    // Usually the file goes where the current version is, or under its plain name: one
    // rename. If the folder tree changed meanwhile (the folder is missing, or a folder now
    // has the file's name) the rename fails without effect and the careful path decides.
    const likely = current?.path ?? join(this.bucketDir(bucket), ...dirs.map(dirEntryName), plainFileName(leaf) ?? escapedFileName(leaf));
    await this.locks.run(bucketLock(bucket), async () => {
      try {
        await rename(tmpPath, likely);
        synced.add(dirname(likely));
        return;
      } catch (err) {
        const code = errnoCode(err);
        if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR') throw err;
      }
      await this.requireBucket(bucket);
      const dir = await this.ensureFolders(bucket, dirs, synced);
      await rename(tmpPath, await this.fileTarget(dir, leaf));
      synced.add(dir);
    });
    return objectInfoOf(key, stored);
  }

  /** Creates the key's folders; a file in the way (the object `a` when `a/b` arrives) moves to its escaped name. */
  private async ensureFolders(bucket: string, dirs: readonly string[], synced: Set<string>): Promise<string> {
    const target = join(this.bucketDir(bucket), ...dirs.map(dirEntryName));
    if ((await lstatOrUndefined(target))?.isDirectory()) return target;
    let dir = this.bucketDir(bucket);
    for (const segment of dirs) {
      const child = join(dir, dirEntryName(segment));
      try {
        await mkdir(child);
        synced.add(dir);
      } catch (err) {
        if (errnoCode(err) !== 'EEXIST') throw err;
        const st = await lstat(child);
        if (st.isFile()) {
          const escaped = join(dir, escapedFileName(segment));
          if (await lstatOrUndefined(escaped)) throw new Error(`lake folder ${dir} holds both ${child} and ${escaped}`);
          await rename(child, escaped);
          await mkdir(child);
          synced.add(dir);
        } else if (!st.isDirectory()) {
          throw new Error(`unexpected entry in the lake: ${child}`);
        }
      }
      dir = child;
    }
    return dir;
  }

  /** Where the last segment's file goes: where it already is, else plain unless a folder has that name. */
  private async fileTarget(dir: string, leaf: string): Promise<string> {
    const escaped = join(dir, escapedFileName(leaf));
    if (await lstatOrUndefined(escaped)) return escaped;
    const plain = plainFileName(leaf);
    if (plain === undefined) return escaped;
    const st = await lstatOrUndefined(join(dir, plain));
    return st?.isDirectory() ? escaped : join(dir, plain);
  }

  /** Caller holds the key lock. Removes the file, folders left empty, and the sidecar. */
  private async deleteUnderKeyLock(bucket: string, key: string, synced: Set<string>): Promise<void> {
    await this.locks.run(bucketLock(bucket), async () => {
      await this.requireBucket(bucket);
      await this.removeFileLocked(bucket, key, synced);
    });
    await this.meta.remove(bucket, key);
  }

  /** Caller holds the bucket lock. */
  private async removeFileLocked(bucket: string, key: string, synced: Set<string>): Promise<void> {
    const found = await this.findFile(bucket, key);
    if (found) {
      await unlink(found.path);
      let dir = dirname(found.path);
      synced.add(dir);
      const bucketDir = this.bucketDir(bucket);
      while (dir !== bucketDir) {
        try {
          await rmdir(dir);
        } catch (err) {
          const code = errnoCode(err);
          if (code === 'ENOTEMPTY' || code === 'EEXIST') break;
          throw err;
        }
        synced.delete(dir);
        dir = dirname(dir);
        synced.add(dir);
      }
    }
  }

  /** Concatenates the named parts into a new temporary file. */
  private async assemble(bucket: string, key: string, uploadId: string, parts: readonly PartSelection[]): Promise<WrittenBody> {
    const files = new Map((await this.uploads.parts(bucket, key, uploadId)).map((p) => [`${p.partNumber}-${p.etag}`, p.file]));
    const path = join(this.tmpDir, tempName('.part'));
    const out = await open(path, 'wx', 0o644);
    const buffer = Buffer.allocUnsafe(COPY_BUFFER_BYTES);
    let size = 0;
    try {
      for (const part of parts) {
        try {
          const file = files.get(`${part.partNumber}-${part.etag}`);
          if (file === undefined) throw Object.assign(new Error('no such part'), { code: 'ENOENT' });
          size += await appendFileContents(out, size, file, buffer);
        } catch (err) {
          if (errnoCode(err) !== 'ENOENT') throw err;
          throw new LakeError({ kind: 'InvalidPart', partNumber: part.partNumber, reason: 'no such part was uploaded' });
        }
      }
      await out.sync();
    } catch (err) {
      await out.close().catch(() => undefined);
      await rm(path, { force: true });
      throw storageError(err);
    }
    await out.close();
    return { path, size, md5: '' };
  }

  private async commitReplacement(intent: JournalIntent, written: readonly WrittenBody[]): Promise<ObjectInfo[]> {
    const { bucket } = intent;
    return this.locks.runAll(replacementLocks(intent), async () => {
      await this.requireBucket(bucket);
      const dir = await this.journal.begin();
      try {
        for (const [i, put] of intent.puts.entries()) await this.journal.adopt(dir, put.file, written[i]?.path ?? '');
        await this.journal.commit(dir, intent);
      } catch (err) {
        await this.journal.finish(dir);
        throw storageError(err);
      }
      this.onStep?.('replacement-committed');
      try {
        return await this.applyReplacement(dir, intent);
      } catch (err) {
        // Past the commit point the change must happen. A vanished bucket ends it; any other
        // failure gets one more try, then the journal is left for the next open to complete.
        if (!(await lstatOrUndefined(this.bucketDir(bucket)))?.isDirectory()) {
          await this.journal.finish(dir);
          throw err;
        }
        return this.applyReplacement(dir, intent);
      }
    });
  }

  /**
   * Applies a committed replacement; caller holds the lock of every key it names.
   * Idempotent, so a crash anywhere inside is repaired by running it again at open. The
   * journal is removed (durably) before the key locks are released, so a replay can never
   * undo a later write of those keys.
   */
  private async applyReplacement(dir: string, intent: JournalIntent): Promise<ObjectInfo[]> {
    const synced = new Set<string>();
    const infos: ObjectInfo[] = [];
    for (const put of intent.puts) {
      const file = join(dir, put.file);
      if (await lstatOrUndefined(file)) {
        infos.push(await this.publishUnderKeyLock(intent.bucket, put.key, file, put.version, synced));
        this.onStep?.('replacement-applied-one');
      }
    }
    for (const key of intent.deletes) await this.deleteUnderKeyLock(intent.bucket, key, synced);
    await this.folders.syncAll(synced);
    await this.journal.finish(dir);
    return infos;
  }

  private async replayJournal(): Promise<void> {
    for (const { dir, intent } of await this.journal.pending()) {
      const bucketExists = intent !== undefined && (await lstatOrUndefined(this.bucketDir(intent.bucket)))?.isDirectory();
      if (!intent || !bucketExists) {
        await this.journal.finish(dir);
        continue;
      }
      await this.locks.runAll(replacementLocks(intent), () => this.applyReplacement(dir, intent));
    }
  }
}

// Lock names. Order of taking: upload, then key(s), then bucket.
function bucketLock(bucket: string): string {
  return `bucket\0${bucket}`;
}

function keyLock(bucket: string, key: string): string {
  return `key\0${bucket}\0${key}`;
}

function uploadLock(bucket: string, uploadId: string): string {
  return `upload\0${bucket}\0${uploadId}`;
}

function replacementLocks(intent: JournalIntent): string[] {
  return [...intent.puts.map((p) => p.key), ...intent.deletes].map((key) => keyLock(intent.bucket, key));
}

/** The checksum to store with a body that has been read to its end. */
function checksumOf(source: ChecksumSource | undefined): { checksum?: ObjectChecksum } {
  const checksum = typeof source === 'function' ? source() : source;
  return checksum ? { checksum } : {};
}

/** The attributes to store: headers and user metadata, without the per-request checks. */
function attributesOf(source: ObjectAttributes): ObjectAttributes {
  const { contentType, contentEncoding, contentDisposition, contentLanguage, cacheControl, expires, userMetadata } = source;
  const out: { -readonly [K in keyof ObjectAttributes]: ObjectAttributes[K] } = {};
  if (contentType !== undefined) out.contentType = contentType;
  if (contentEncoding !== undefined) out.contentEncoding = contentEncoding;
  if (contentDisposition !== undefined) out.contentDisposition = contentDisposition;
  if (contentLanguage !== undefined) out.contentLanguage = contentLanguage;
  if (cacheControl !== undefined) out.cacheControl = cacheControl;
  if (expires !== undefined) out.expires = expires;
  out.userMetadata = { ...(userMetadata ?? {}) };
  return out;
}

async function md5OfHandle(file: FileHandle): Promise<string> {
  const hash = createHash('md5');
  const buffer = Buffer.allocUnsafe(COPY_BUFFER_BYTES);
  for (let position = 0; ; ) {
    const { bytesRead } = await file.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
  return hash.digest('hex');
}

async function md5OfFile(path: string): Promise<string> {
  const file = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    return await md5OfHandle(file);
  } finally {
    await file.close();
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** Continuation tokens carry the last key or common prefix of the page. */
function encodeToken(last: string): string {
  return Buffer.from(last, 'utf8').toString('base64url');
}

function decodeToken(token: string): string {
  const last = Buffer.from(token, 'base64url').toString('utf8');
  if (token === '' || encodeToken(last) !== token) {
    throw new LakeError({ kind: 'InvalidArgument', argument: 'continuation-token', message: 'The continuation token provided is incorrect' });
  }
  return last;
}
