/**
 * The lake: buckets of objects with S3's rules. The S3 facade, delivery (Firehose) and the
 * query engine use this class; storage is behind the ObjectStore port.
 */
import type { Readable } from 'node:stream';
import { parseRangeHeader, resolveByteRange, type ByteRangeRequest } from './byteRanges.js';
import { LakeError, isLakeError } from './LakeError.js';
import { combineCrcs, compositeChecksum, DEFAULT_CHECKSUM_ALGORITHM, isCrc } from './checksums.js';
import {
  MAX_USER_METADATA_BYTES,
  bucketNameProblem,
  keyProblem,
  MAX_KEY_BYTES,
  userMetadataBytes,
} from './naming.js';
import { checkReadConditions, normalizeEtag, type ReadConditions } from './preconditions.js';
import type {
  BucketInfo,
  ChecksumAlgorithm,
  ChecksumChoice,
  ChecksumType,
  ObjectChecksum,
  ByteRange,
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
  ObjectStore,
  ObjectSummary,
  PartInfo,
  PartSelection,
  PartsPage,
  PutObjectOptions,
  UploadsPage,
  WriteCondition,
} from './ports.js';
import { ReadWriteLock } from './ReadWriteLock.js';
import { writeConditionFault } from './writeConditions.js';

/** What S3 answers as Content-Type for an object stored without one. */
export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';
/** Largest object a single PUT (or a copy) may create: 5 GiB. */
export const MAX_SINGLE_PUT_BYTES = 5 * 1024 ** 3;
/** Every part but the last must be at least 5 MiB. */
export const MIN_PART_BYTES = 5 * 1024 ** 2;
export const MAX_PART_NUMBER = 10_000;
export const MAX_LIST_KEYS = 1000;
export const MAX_DELETE_KEYS = 1000;

/** ObjectInfo as the lake answers it: the content type is always known. */
export type LakeObject = ObjectInfo & { readonly contentType: string };

export interface LakeOptions {
  /** Minimum size of every part but the last; S3's 5 MiB unless a test needs less. */
  readonly minPartSizeBytes?: number;
}

export interface GetObjectOptions {
  /** A parsed range, or a `Range` header as sent (S3 serves the whole object for a header it cannot use). */
  readonly range?: ByteRangeRequest | string;
  readonly conditions?: ReadConditions;
}

export interface GetObjectResult {
  readonly info: LakeObject;
  /** Read it to the end or destroy it: it holds the file open. */
  readonly body: Readable;
  /** Set when a range was served (HTTP 206). */
  readonly range?: ByteRange;
}

export interface CopyObjectOptions {
  /** Replace the source's attributes with these (MetadataDirective REPLACE); otherwise they are copied. */
  readonly attributes?: ObjectAttributes;
  /** x-amz-copy-source-if-* conditions on the source; any failure is PreconditionFailed. */
  readonly sourceConditions?: ReadConditions;
  /** A condition on the target's current object (If-Match / If-None-Match), checked atomically with the write. */
  readonly condition?: WriteCondition;
  /** The copy's checksum algorithm; by default the source's, or S3's default when it has none. */
  readonly checksumAlgorithm?: ChecksumAlgorithm;
}

/** A part named in CompleteMultipartUpload, with the checksum the client holds for it, if any. */
export interface CompletedPart extends PartSelection {
  /** The part's checksum as the client sent it in the completion; a mismatch is InvalidPart. */
  readonly checksum?: { readonly algorithm: ChecksumAlgorithm; readonly value: string };
}

export interface CompleteOptions {
  readonly condition?: WriteCondition;
  /** The whole object's checksum as the client computed it; a mismatch is BadChecksum and stores nothing. */
  readonly expectedChecksum?: { readonly algorithm: ChecksumAlgorithm; readonly value: string };
}

/**
 * The checksum a multipart upload's object will carry. S3's rules: CRC64NVME (the default
 * algorithm) is FULL_OBJECT only; SHA1/SHA256 COMPOSITE only; CRC32/CRC32C either, COMPOSITE
 * unless asked.
 */
export function uploadChecksumChoice(algorithm: ChecksumAlgorithm | undefined, type: ChecksumType | undefined): ChecksumChoice {
  const a = algorithm ?? DEFAULT_CHECKSUM_ALGORITHM;
  const t = type ?? (a === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE');
  if (t === 'FULL_OBJECT' && !isCrc(a)) {
    throw new LakeError({ kind: 'InvalidRequest', message: `The FULL_OBJECT checksum type cannot be used with the ${a.toLowerCase()} checksum algorithm.` });
  }
  if (t === 'COMPOSITE' && a === 'CRC64NVME') {
    throw new LakeError({ kind: 'InvalidRequest', message: 'The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.' });
  }
  return { algorithm: a, type: t };
}

/** The object's checksum from its parts', or undefined when a part has none in the upload's algorithm (uploaded before checksums were kept). */
export function multipartChecksum(choice: ChecksumChoice, parts: readonly PartInfo[]): ObjectChecksum | undefined {
  const checksums: ObjectChecksum[] = [];
  for (const part of parts) {
    if (part.checksum?.algorithm !== choice.algorithm) return undefined;
    checksums.push(part.checksum);
  }
  const value =
    choice.type === 'COMPOSITE'
      ? compositeChecksum(choice.algorithm, checksums.map((c) => c.value))
      : combineCrcs(choice.algorithm, parts.map((p, i) => ({ value: checksums[i]!.value, size: p.size })));
  return { algorithm: choice.algorithm, type: choice.type, value };
}

/** Held while reading a bucket's files directly (queries); a replacement waits for it. */
export interface SnapshotLease {
  release(): void;
}

export class Lake {
  private readonly minPartSize: number;
  private readonly snapshotLocks = new Map<string, ReadWriteLock>();

  constructor(
    readonly store: ObjectStore,
    options: LakeOptions = {},
  ) {
    this.minPartSize = options.minPartSizeBytes ?? MIN_PART_BYTES;
  }

  // ---- buckets ----

  async createBucket(bucket: string): Promise<BucketInfo> {
    checkBucketName(bucket);
    return this.store.createBucket(bucket);
  }

  /** Creates the bucket unless it exists (buckets declared in the config, at every start). */
  async ensureBucket(bucket: string): Promise<BucketInfo> {
    checkBucketName(bucket);
    try {
      return await this.store.createBucket(bucket);
    } catch (err) {
      if (isLakeError(err, 'BucketAlreadyOwnedByYou')) return this.store.headBucket(bucket);
      throw err;
    }
  }

  async deleteBucket(bucket: string): Promise<void> {
    checkBucketName(bucket);
    await this.store.deleteBucket(bucket);
  }

  async headBucket(bucket: string): Promise<BucketInfo> {
    checkBucketName(bucket);
    return this.store.headBucket(bucket);
  }

  async listBuckets(): Promise<BucketInfo[]> {
    return this.store.listBuckets();
  }

  // ---- objects ----

  async putObject(bucket: string, key: string, body: ObjectBody, options: PutObjectOptions = {}): Promise<LakeObject> {
    checkBucketName(bucket);
    checkKey(key);
    const normalized = normalizeAttributes(options);
    if (options.expectedSize !== undefined && options.expectedSize > MAX_SINGLE_PUT_BYTES) {
      throw new LakeError({ kind: 'EntityTooLarge', size: options.expectedSize, maxSize: MAX_SINGLE_PUT_BYTES });
    }
    if (options.condition) await this.precheckWrite(bucket, key, options.condition);
    const info = await this.store.putObject(bucket, key, body, { ...options, ...normalized });
    return withDefaults(info);
  }

  async getObject(bucket: string, key: string, options: GetObjectOptions = {}): Promise<GetObjectResult> {
    checkBucketName(bucket);
    checkKey(key);
    const reader = await this.store.openObject(bucket, key);
    try {
      const info = withDefaults(reader.info);
      const fault = options.conditions && checkReadConditions(options.conditions, info);
      if (fault) throw new LakeError(fault);
      const request = typeof options.range === 'string' ? parseRangeHeader(options.range) : options.range;
      let range: ByteRange | undefined;
      if (request) {
        range = resolveByteRange(request, info.size);
        if (!range) throw new LakeError({ kind: 'InvalidRange', size: info.size });
      }
      return range ? { info, body: reader.stream(range), range } : { info, body: reader.stream() };
    } catch (err) {
      await reader.close();
      throw err;
    }
  }

  async headObject(bucket: string, key: string, conditions?: ReadConditions): Promise<LakeObject> {
    checkBucketName(bucket);
    checkKey(key);
    const info = withDefaults(await this.store.headObject(bucket, key));
    const fault = conditions && checkReadConditions(conditions, info);
    if (fault) throw new LakeError(fault);
    return info;
  }

  /** Succeeds whether or not the key exists, as S3 does. */
  async deleteObject(bucket: string, key: string): Promise<void> {
    checkBucketName(bucket);
    checkKey(key);
    await this.store.deleteObject(bucket, key);
  }

  /** Deletes up to 1000 keys; an invalid key fails on its own without stopping the others. */
  async deleteObjects(bucket: string, keys: readonly string[]): Promise<DeleteResult[]> {
    checkBucketName(bucket);
    if (keys.length > MAX_DELETE_KEYS) {
      throw new LakeError({ kind: 'InvalidArgument', argument: 'Delete', message: `at most ${MAX_DELETE_KEYS} keys per request` });
    }
    const results: Array<DeleteResult | undefined> = keys.map((key) => {
      const problem = keyFault(key);
      return problem ? { key, deleted: false, error: problem } : undefined;
    });
    const valid = keys.filter((_, i) => results[i] === undefined);
    const done = valid.length > 0 ? await this.store.deleteObjects(bucket, valid) : [];
    let next = 0;
    return results.map((r) => r ?? (done[next++] as DeleteResult));
  }

  async listObjects(bucket: string, query: Partial<ListObjectsQuery> = {}): Promise<ListObjectsPage> {
    checkBucketName(bucket);
    const maxKeys = query.maxKeys ?? MAX_LIST_KEYS;
    if (!Number.isInteger(maxKeys) || maxKeys < 0) {
      throw new LakeError({ kind: 'InvalidArgument', argument: 'max-keys', message: 'must be an integer from 0' });
    }
    if (query.delimiter === '') {
      const { delimiter: _ignored, ...rest } = query;
      return this.store.listObjects(bucket, { ...rest, maxKeys: Math.min(maxKeys, MAX_LIST_KEYS) });
    }
    return this.store.listObjects(bucket, { ...query, maxKeys: Math.min(maxKeys, MAX_LIST_KEYS) });
  }

  /** Every object under `prefix`, in S3 order, page by page. */
  async *listAllObjects(bucket: string, prefix = ''): AsyncGenerator<ObjectSummary> {
    let token: string | undefined;
    do {
      const page = await this.listObjects(bucket, token === undefined ? { prefix } : { prefix, continuationToken: token });
      yield* page.objects;
      token = page.isTruncated ? page.nextContinuationToken : undefined;
    } while (token !== undefined);
  }

  async copyObject(
    source: { readonly bucket: string; readonly key: string },
    target: { readonly bucket: string; readonly key: string },
    options: CopyObjectOptions = {},
  ): Promise<LakeObject> {
    checkBucketName(source.bucket);
    checkKey(source.key);
    checkBucketName(target.bucket);
    checkKey(target.key);
    if (source.bucket === target.bucket && source.key === target.key && options.attributes === undefined) {
      throw new LakeError({
        kind: 'InvalidRequest',
        message:
          'This copy request is illegal because it is trying to copy an object to itself without changing the object\'s metadata, storage class, website redirect location or encryption attributes.',
      });
    }
    const attributes = options.attributes && { ...options.attributes, ...normalizeAttributes(options.attributes) };
    const head = await this.store.headObject(source.bucket, source.key);
    if (head.size > MAX_SINGLE_PUT_BYTES) {
      throw new LakeError({
        kind: 'InvalidRequest',
        message: `The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_SINGLE_PUT_BYTES}`,
      });
    }
    const fault = options.sourceConditions && checkReadConditions(options.sourceConditions, head, false);
    if (fault) throw new LakeError(fault);
    if (options.condition) await this.precheckWrite(target.bucket, target.key, options.condition);
    const checksumAlgorithm = options.checksumAlgorithm ?? head.checksum?.algorithm ?? DEFAULT_CHECKSUM_ALGORITHM;
    return withDefaults(await this.store.copyObject(source, target, attributes, options.condition, checksumAlgorithm));
  }

  // ---- multipart uploads ----

  /** `checksum` as uploadChecksumChoice resolves it (CRC64NVME FULL_OBJECT by default). */
  async createMultipartUpload(
    bucket: string,
    key: string,
    attributes: ObjectAttributes = {},
    checksum: { readonly algorithm?: ChecksumAlgorithm; readonly type?: ChecksumType } = {},
  ): Promise<MultipartUpload> {
    checkBucketName(bucket);
    checkKey(key);
    const choice = uploadChecksumChoice(checksum.algorithm, checksum.type);
    return this.store.createMultipartUpload(bucket, key, { ...attributes, ...normalizeAttributes(attributes) }, choice);
  }

  /** Throws NoSuchUpload. */
  async describeUpload(bucket: string, key: string, uploadId: string): Promise<MultipartUpload> {
    checkBucketName(bucket);
    checkKey(key);
    return this.store.describeUpload(bucket, key, uploadId);
  }

  async uploadPart(
    bucket: string,
    key: string,
    uploadId: string,
    partNumber: number,
    body: ObjectBody,
    options: Pick<PutObjectOptions, 'expectedMd5' | 'expectedSize' | 'checksum'> = {},
  ): Promise<PartInfo> {
    checkBucketName(bucket);
    checkKey(key);
    checkPartNumber(partNumber);
    if (options.expectedSize !== undefined && options.expectedSize > MAX_SINGLE_PUT_BYTES) {
      throw new LakeError({ kind: 'EntityTooLarge', size: options.expectedSize, maxSize: MAX_SINGLE_PUT_BYTES });
    }
    return this.store.uploadPart(bucket, key, uploadId, partNumber, body, options);
  }

  async listParts(bucket: string, key: string, uploadId: string, query: Partial<ListPartsQuery> = {}): Promise<PartsPage> {
    checkBucketName(bucket);
    checkKey(key);
    const maxParts = query.maxParts ?? 1000;
    if (!Number.isInteger(maxParts) || maxParts < 0) {
      throw new LakeError({ kind: 'InvalidArgument', argument: 'max-parts', message: 'must be an integer from 0' });
    }
    const marker = query.partNumberMarker;
    if (marker !== undefined && (!Number.isInteger(marker) || marker < 0)) {
      throw new LakeError({ kind: 'InvalidArgument', argument: 'part-number-marker', message: 'must be an integer from 0' });
    }
    const q: ListPartsQuery = marker === undefined ? { maxParts: Math.min(maxParts, 1000) } : { maxParts: Math.min(maxParts, 1000), partNumberMarker: marker };
    return this.store.listParts(bucket, key, uploadId, q);
  }

  async listMultipartUploads(bucket: string, query: Partial<ListUploadsQuery> = {}): Promise<UploadsPage> {
    checkBucketName(bucket);
    const maxUploads = query.maxUploads ?? 1000;
    if (!Number.isInteger(maxUploads) || maxUploads < 0) {
      throw new LakeError({ kind: 'InvalidArgument', argument: 'max-uploads', message: 'must be an integer from 0' });
    }
    return this.store.listMultipartUploads(bucket, { ...query, maxUploads: Math.min(maxUploads, 1000) });
  }

  /** With a `condition`, a refusal leaves the upload as it was (it can be completed or aborted later). */
  async completeMultipartUpload(
    bucket: string,
    key: string,
    uploadId: string,
    parts: readonly CompletedPart[],
    options: CompleteOptions = {},
  ): Promise<LakeObject> {
    const { condition } = options;
    checkBucketName(bucket);
    checkKey(key);
    if (parts.length === 0) {
      throw new LakeError({ kind: 'InvalidRequest', message: 'You must specify at least one part' });
    }
    let previous = 0;
    for (const part of parts) {
      checkPartNumber(part.partNumber);
      if (part.partNumber <= previous) throw new LakeError({ kind: 'InvalidPartOrder' });
      previous = part.partNumber;
    }
    const stored = await this.allParts(bucket, key, uploadId);
    const selection = parts.map((part, i) => {
      const etag = normalizeEtag(part.etag);
      const found = stored.get(part.partNumber);
      if (!found) throw new LakeError({ kind: 'InvalidPart', partNumber: part.partNumber, reason: 'no such part was uploaded' });
      if (found.etag !== etag) {
        throw new LakeError({ kind: 'InvalidPart', partNumber: part.partNumber, reason: `the stored part's ETag is ${found.etag}` });
      }
      if (i < parts.length - 1 && found.size < this.minPartSize) {
        throw new LakeError({ kind: 'EntityTooSmall', partNumber: part.partNumber, size: found.size, minSize: this.minPartSize });
      }
      const sent = part.checksum;
      if (sent && found.checksum?.algorithm === sent.algorithm && found.checksum.value !== sent.value) {
        throw new LakeError({ kind: 'InvalidPart', partNumber: part.partNumber, reason: `the stored part's ${sent.algorithm} checksum is ${found.checksum.value}` });
      }
      return found;
    });
    const upload = await this.store.describeUpload(bucket, key, uploadId);
    const checksum = upload.checksum && multipartChecksum(upload.checksum, selection);
    const expected = options.expectedChecksum;
    if (expected && checksum?.algorithm === expected.algorithm && checksum.value !== expected.value) {
      throw new LakeError({ kind: 'BadChecksum', algorithm: expected.algorithm });
    }
    if (condition) await this.precheckWrite(bucket, key, condition);
    const chosen = selection.map((p) => ({ partNumber: p.partNumber, etag: p.etag }));
    return withDefaults(await this.store.completeMultipartUpload(bucket, key, uploadId, chosen, condition, checksum));
  }

  async abortMultipartUpload(bucket: string, key: string, uploadId: string): Promise<void> {
    checkBucketName(bucket);
    checkKey(key);
    await this.store.abortMultipartUpload(bucket, key, uploadId);
  }

  // ---- sets of objects (compaction) ----

  /**
   * Puts `puts` and deletes `deletes` as one change: after a crash all of it or none of it
   * happened, and a reader holding a snapshot lease sees the old set or the new one. The
   * bodies are written before the lease is needed, so readers are held up only while the
   * change is applied.
   */
  async replaceObjects(bucket: string, puts: readonly ObjectPut[], deletes: readonly string[]): Promise<LakeObject[]> {
    checkBucketName(bucket);
    const seen = new Set<string>();
    const normalizedPuts = puts.map((put) => {
      checkKey(put.key);
      if (seen.has(put.key)) {
        throw new LakeError({ kind: 'InvalidArgument', argument: 'puts', message: `key ${put.key} is put twice` });
      }
      seen.add(put.key);
      const options = put.options ?? {};
      return { ...put, options: { ...options, ...normalizeAttributes(options) } };
    });
    for (const key of deletes) {
      checkKey(key);
      if (seen.has(key)) {
        throw new LakeError({ kind: 'InvalidArgument', argument: 'deletes', message: `key ${key} is both put and deleted` });
      }
    }
    const prepared = await this.store.prepareReplacement(bucket, normalizedPuts, deletes);
    const release = await this.snapshotLock(bucket).acquireWrite();
    try {
      return (await prepared.commit()).map(withDefaults);
    } finally {
      release();
    }
  }

  /** A lease under which the bucket's files do not change by `replaceObjects` (ordinary puts and deletes go on). */
  async readSnapshot(bucket: string): Promise<SnapshotLease> {
    checkBucketName(bucket);
    const release = await this.snapshotLock(bucket).acquireRead();
    return { release };
  }

  // ---- local files, for engines that read them directly ----

  bucketPath(bucket: string): string | undefined {
    checkBucketName(bucket);
    return this.store.bucketPath(bucket);
  }

  /** The folder holding every key under `folderPrefix` (empty or ending in `/`). */
  prefixPath(bucket: string, folderPrefix: string): string | undefined {
    checkBucketName(bucket);
    if (folderPrefix !== '' && !folderPrefix.endsWith('/')) {
      throw new LakeError({ kind: 'InvalidArgument', argument: 'folderPrefix', message: 'must be empty or end with /' });
    }
    if (Buffer.byteLength(folderPrefix) > MAX_KEY_BYTES) {
      throw new LakeError({ kind: 'KeyTooLong', key: folderPrefix, bytes: Buffer.byteLength(folderPrefix), maxBytes: MAX_KEY_BYTES });
    }
    return this.store.prefixPath(bucket, folderPrefix);
  }

  async localPath(bucket: string, key: string): Promise<string | undefined> {
    checkBucketName(bucket);
    checkKey(key);
    return this.store.localPath(bucket, key);
  }

  /**
   * Refuses a conditional write early, before its body is stored or its parts assembled.
   * Only an early answer: the store checks the condition again, atomically with the write,
   * since another writer may change the key in between.
   */
  private async precheckWrite(bucket: string, key: string, condition: WriteCondition): Promise<void> {
    let current: ObjectInfo | undefined;
    try {
      current = await this.store.headObject(bucket, key);
    } catch (err) {
      if (!isLakeError(err, 'NoSuchKey')) throw err;
    }
    const fault = writeConditionFault(condition, bucket, key, current);
    if (fault) throw new LakeError(fault);
  }

  private snapshotLock(bucket: string): ReadWriteLock {
    let lock = this.snapshotLocks.get(bucket);
    if (!lock) {
      lock = new ReadWriteLock();
      this.snapshotLocks.set(bucket, lock);
    }
    return lock;
  }

  private async allParts(bucket: string, key: string, uploadId: string): Promise<Map<number, PartInfo>> {
    const parts = new Map<number, PartInfo>();
    let marker: number | undefined;
    for (;;) {
      const page = await this.store.listParts(bucket, key, uploadId, marker === undefined ? { maxParts: 1000 } : { maxParts: 1000, partNumberMarker: marker });
      for (const part of page.parts) parts.set(part.partNumber, part);
      if (!page.isTruncated || page.nextPartNumberMarker === undefined) return parts;
      marker = page.nextPartNumberMarker;
    }
  }
}

function withDefaults(info: ObjectInfo): LakeObject {
  return { ...info, contentType: info.contentType ?? DEFAULT_CONTENT_TYPE };
}

function checkBucketName(bucket: string): void {
  const reason = bucketNameProblem(bucket);
  if (reason) throw new LakeError({ kind: 'InvalidBucketName', bucket, reason });
}

function keyFault(key: string): LakeError | undefined {
  const problem = keyProblem(key);
  if (!problem) return undefined;
  return problem.kind === 'KeyTooLong'
    ? new LakeError({ kind: 'KeyTooLong', key, bytes: problem.bytes, maxBytes: MAX_KEY_BYTES })
    : new LakeError({ kind: 'InvalidKey', key, reason: problem.reason });
}

function checkKey(key: string): void {
  const fault = keyFault(key);
  if (fault) throw fault;
}

function checkPartNumber(partNumber: number): void {
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw new LakeError({
      kind: 'InvalidArgument',
      argument: 'partNumber',
      message: `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`,
    });
  }
}

/** User metadata names lowercased (HTTP headers are case-insensitive; S3 answers them lowercase), and the 2 KB cap. */
function normalizeAttributes(attributes: ObjectAttributes): { userMetadata: Record<string, string> } {
  const userMetadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes.userMetadata ?? {})) {
    userMetadata[name.toLowerCase()] = value;
  }
  const bytes = userMetadataBytes(userMetadata);
  if (bytes > MAX_USER_METADATA_BYTES) {
    throw new LakeError({ kind: 'MetadataTooLarge', bytes, maxBytes: MAX_USER_METADATA_BYTES });
  }
  return { userMetadata };
}
