/**
 * Storage the lake engine needs: buckets of objects, the S3 data model. The embedded
 * adapter keeps each object as a plain file under `<dataDir>/lake/<bucket>/…` so DuckDB
 * reads Parquet straight from the bucket folders
 * (src/adapters/embedded/objectstore/FileObjectStore.ts); a distributed adapter (any
 * S3-compatible store) implements the same interface later.
 *
 * Adapters trust the engine (src/engines/lake/Lake.ts) for S3's rules — bucket-name and key
 * syntax, part order and sizes, range arithmetic — and report storage state with LakeError
 * (NoSuchBucket, NoSuchKey, NoSuchUpload, InvalidPart, BucketNotEmpty, BucketAlreadyOwnedByYou,
 * InvalidKey for keys they cannot hold, WriteConditionFailed, StorageUnavailable). Whatever key they are given,
 * they never touch anything outside the bucket's own storage.
 *
 * Guarantees every adapter gives:
 * - An object is written whole or not at all, together with its metadata: a reader sees
 *   the old object or the new one, never a mixture or a half-written body; after a crash
 *   an object is complete or absent (or still the previous version).
 * - A promise that resolves for a write means the write is durable (fsync'd, or the
 *   remote store's own acknowledgement).
 * - Listing is in S3 order: ascending by the UTF-8 bytes of the key.
 * - A conditional write (WriteCondition) is checked and made visible as one step with
 *   respect to every other write and delete of the key through the same store: of many
 *   concurrent "only if absent" writes of one key, exactly one succeeds.
 *
 * ## Replacing a set of objects at once (compaction)
 *
 * `prepareReplacement(…).commit()` puts a set of objects and deletes another set of keys as
 * one change.
 * Two properties are wanted: (1) crash atomicity — after a crash either the whole change
 * happened or none of it did; (2) reader isolation — a query listing and reading files
 * while the change is applied sees the old set or the new set, never both or neither.
 *
 * A file system offers no multi-file atomic rename (and `renameat2(RENAME_EXCHANGE)`, which
 * could swap two directories, is not reachable from Node), and a manifest would force every
 * reader — DuckDB globbing `read_parquet('…/**\/*.parquet')` included — to read through it.
 * So the design is manifest-free, split in two:
 *
 * (1) Crash atomicity is the adapter's job, by a redo journal. The embedded adapter first
 *     (prepare) writes every new body to a temporary file and fsyncs it, then (commit) moves
 *     them into a journal folder `<lake>/.journal/<id>/` together with `intent.json` listing the puts
 *     and deletes; fsyncing `intent.json` is the commit point. It then renames each new file
 *     into place and deletes the old keys, and finally removes the journal. At open, before
 *     any reader can run, a journal with an intent is rolled forward (files still in the
 *     journal are renamed into place, deletes are repeated — both idempotent) and a journal
 *     without one is discarded. So after a crash the change is wholly applied or wholly
 *     absent. A remote S3 store has no such journal; its adapter documents the weaker
 *     guarantee (new objects first, then deletes: a crash can leave both sets).
 *
 * (2) Reader isolation is the engine's job (Lake.readSnapshot / Lake.replaceObjects): a
 *     per-bucket read/write lock in the process. Queries hold a read lease while DuckDB
 *     lists and opens files; a replace takes the write side only around `commit()` (renames
 *     and unlinks — the bodies were written by the prepare step), so readers wait little.
 *     Readers outside the process (another DuckDB, a shell) get only (1): during the apply
 *     step they may briefly see both sets. Ordinary puts need no lease: each object is
 *     atomic on its own.
 */
import type { Readable } from 'node:stream';

export interface BucketInfo {
  readonly name: string;
  readonly creationDate: Date;
}

export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';
/** FULL_OBJECT: computed over the object's bytes; COMPOSITE: over its parts' checksums (multipart only). */
export type ChecksumType = 'FULL_OBJECT' | 'COMPOSITE';

/** An additional checksum kept with an object or a part (see checksums.ts). */
export interface ObjectChecksum {
  readonly algorithm: ChecksumAlgorithm;
  readonly type: ChecksumType;
  /** Base64 of the big-endian digest; a COMPOSITE one ends in `-<parts>`. */
  readonly value: string;
}

/** What a multipart upload's object will carry: chosen when the upload starts. */
export interface ChecksumChoice {
  readonly algorithm: ChecksumAlgorithm;
  readonly type: ChecksumType;
}

/**
 * The checksum to store with a body, or a function that gives it once the body has been read
 * to its end (a streamed upload computes it on the way). Stored in the same step as the ETag.
 */
export type ChecksumSource = ObjectChecksum | (() => ObjectChecksum | undefined);

/** HTTP headers S3 stores with an object and returns with it. */
export interface ObjectHeaders {
  readonly contentType?: string;
  readonly contentEncoding?: string;
  readonly contentDisposition?: string;
  readonly contentLanguage?: string;
  readonly cacheControl?: string;
  /** The `Expires` header as the client sent it. */
  readonly expires?: string;
}

/** Everything stored with an object besides its bytes. */
export interface ObjectAttributes extends ObjectHeaders {
  /** `x-amz-meta-*` headers: names without the prefix, lowercased. */
  readonly userMetadata?: Readonly<Record<string, string>>;
}

/**
 * A condition on the object a write replaces (S3's conditional writes). The store checks it
 * against the key's current object and makes the write visible in one step that no other
 * write or delete of that key can come between; when it does not hold nothing is stored.
 * See `writeConditionFault` (writeConditions.ts) for the rule itself.
 */
export type WriteCondition =
  /** Only if no object has the key (If-None-Match: *); otherwise WriteConditionFailed. */
  | { readonly kind: 'absent' }
  /**
   * Only if an object has the key and its ETag is `etag` (with or without quotes; `*` is any
   * ETag) (If-Match): NoSuchKey when there is none, WriteConditionFailed when its ETag differs.
   */
  | { readonly kind: 'etag'; readonly etag: string };

export interface PutObjectOptions extends ObjectAttributes {
  /** MD5 of the body as lowercase hex (the facade decodes `Content-MD5`); a mismatch fails with BadDigest and stores nothing. */
  readonly expectedMd5?: string;
  /** Declared length (`Content-Length`); a body of another length fails with IncompleteBody and stores nothing. */
  readonly expectedSize?: number;
  /** Write only if this holds (checked atomically with the write). */
  readonly condition?: WriteCondition;
  /** The additional checksum kept with the object (the caller has verified it). */
  readonly checksum?: ChecksumSource;
}

/** A body to store: bytes in memory, or a stream (a Node Readable is one) that is consumed once. */
export type ObjectBody = Uint8Array | AsyncIterable<Uint8Array | string>;

export interface ObjectInfo extends ObjectAttributes {
  readonly key: string;
  readonly size: number;
  /** The entity tag without quotes: MD5 hex of the body, or `<md5 of part md5s>-<parts>` for multipart uploads. */
  readonly etag: string;
  readonly lastModified: Date;
  readonly userMetadata: Readonly<Record<string, string>>;
  /** Number of parts when the object was assembled by a multipart upload. */
  readonly partsCount?: number;
  /** The additional checksum stored with the object, if it has one. */
  readonly checksum?: ObjectChecksum;
}

/** One entry of a listing. */
export interface ObjectSummary {
  readonly key: string;
  readonly size: number;
  readonly etag: string;
  readonly lastModified: Date;
}

/** Inclusive byte positions, already checked against the object's size. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** An object opened for reading: its description and bytes are one consistent version, even if it is overwritten meanwhile. */
export interface ObjectReader {
  readonly info: ObjectInfo;
  /**
   * The bytes `range.start..range.end` (or all of them) as a stream read from the stored
   * version. Call at most once; the reader releases itself when the stream ends, fails or
   * is destroyed, so a consumer must read it to the end or destroy it.
   */
  stream(range?: ByteRange): Readable;
  /** Releases the reader without streaming. Harmless after `stream`. */
  close(): Promise<void>;
}

export interface ListObjectsQuery {
  readonly prefix?: string;
  /** Keys that contain the delimiter after the prefix are rolled up into one common prefix each. */
  readonly delimiter?: string;
  /** Only keys (and common prefixes) after this one, in S3 order. */
  readonly startAfter?: string;
  /** A token from a previous page; takes precedence over `startAfter`. */
  readonly continuationToken?: string;
  /** Keys plus common prefixes on one page (the engine caps it at 1000). */
  readonly maxKeys: number;
}

export interface ListObjectsPage {
  readonly objects: readonly ObjectSummary[];
  readonly commonPrefixes: readonly string[];
  readonly isTruncated: boolean;
  /** Present when truncated: pass as `continuationToken` for the next page. */
  readonly nextContinuationToken?: string;
  /** Present when truncated: the last key or common prefix on this page (ListObjects v1's NextMarker). */
  readonly nextMarker?: string;
}

export interface MultipartUpload {
  readonly key: string;
  readonly uploadId: string;
  readonly initiated: Date;
  /** The checksum the completed object gets, chosen at the start. */
  readonly checksum?: ChecksumChoice;
}

export interface PartInfo {
  readonly partNumber: number;
  readonly etag: string;
  readonly size: number;
  readonly lastModified: Date;
  /** The part's checksum in the upload's algorithm (always FULL_OBJECT: over the part's bytes). */
  readonly checksum?: ObjectChecksum;
}

/** A part named in CompleteMultipartUpload. */
export interface PartSelection {
  readonly partNumber: number;
  /** With or without quotes. */
  readonly etag: string;
}

export interface ListPartsQuery {
  /** Only parts with a greater number. */
  readonly partNumberMarker?: number;
  readonly maxParts: number;
}

export interface PartsPage {
  readonly parts: readonly PartInfo[];
  readonly isTruncated: boolean;
  readonly nextPartNumberMarker?: number;
}

export interface ListUploadsQuery {
  readonly prefix?: string;
  readonly keyMarker?: string;
  readonly uploadIdMarker?: string;
  readonly maxUploads: number;
}

export interface UploadsPage {
  /** Ordered by key (S3 order), then by initiation time. */
  readonly uploads: readonly MultipartUpload[];
  readonly isTruncated: boolean;
  readonly nextKeyMarker?: string;
  readonly nextUploadIdMarker?: string;
}

export type DeleteResult =
  | { readonly key: string; readonly deleted: true }
  | { readonly key: string; readonly deleted: false; readonly error: Error };

export interface ObjectPut {
  readonly key: string;
  readonly body: ObjectBody;
  /** Replacements are unconditional. */
  readonly options?: Omit<PutObjectOptions, 'condition'>;
}

/** A replacement whose bodies are written but not yet visible. */
export interface PreparedReplacement {
  /** Applies the change — crash-atomically — and resolves once it is durable; returns the new objects in the order they were given. */
  commit(): Promise<ObjectInfo[]>;
  /** Drops the prepared bodies; nothing changes. */
  discard(): Promise<void>;
}

export interface ObjectStore {
  /** Throws BucketAlreadyOwnedByYou when it exists. */
  createBucket(bucket: string): Promise<BucketInfo>;
  /** Throws NoSuchBucket, or BucketNotEmpty while it holds any object. Unfinished multipart uploads are discarded. */
  deleteBucket(bucket: string): Promise<void>;
  /** Throws NoSuchBucket. */
  headBucket(bucket: string): Promise<BucketInfo>;
  /** Every bucket, by name. */
  listBuckets(): Promise<BucketInfo[]>;

  /**
   * Stores an object, replacing any with the same key. Streams are consumed without being
   * held in memory. With `options.condition`, throws WriteConditionFailed or NoSuchKey (see
   * WriteCondition) and stores nothing when it does not hold.
   */
  putObject(bucket: string, key: string, body: ObjectBody, options?: PutObjectOptions): Promise<ObjectInfo>;
  /** Throws NoSuchBucket or NoSuchKey. */
  openObject(bucket: string, key: string): Promise<ObjectReader>;
  /** Throws NoSuchBucket or NoSuchKey. */
  headObject(bucket: string, key: string): Promise<ObjectInfo>;
  /** Succeeds whether or not the key exists; throws NoSuchBucket. */
  deleteObject(bucket: string, key: string): Promise<void>;
  /** One result per key, in order. Throws NoSuchBucket. */
  deleteObjects(bucket: string, keys: readonly string[]): Promise<DeleteResult[]>;
  /** Throws NoSuchBucket, or InvalidArgument for a token this store did not issue. */
  listObjects(bucket: string, query: ListObjectsQuery): Promise<ListObjectsPage>;
  /**
   * Copies one consistent version of the source. `attributes` replaces the source's
   * attributes when given (S3's MetadataDirective REPLACE); otherwise they are copied.
   * The copy's ETag is the MD5 of its bytes. `condition` is on the target, as for putObject.
   * The copy gets a FULL_OBJECT checksum in `checksumAlgorithm`, computed from the bytes copied.
   */
  copyObject(
    source: { readonly bucket: string; readonly key: string },
    target: { readonly bucket: string; readonly key: string },
    attributes?: ObjectAttributes,
    condition?: WriteCondition,
    checksumAlgorithm?: ChecksumAlgorithm,
  ): Promise<ObjectInfo>;
  /**
   * Puts and deletes as one change (see the design note at the top of this file), in two
   * steps: this writes every body durably where no reader sees it; `commit()` applies the
   * change. A key must not be both put and deleted. Throws NoSuchBucket.
   */
  prepareReplacement(bucket: string, puts: readonly ObjectPut[], deletes: readonly string[]): Promise<PreparedReplacement>;

  createMultipartUpload(bucket: string, key: string, attributes?: ObjectAttributes, checksum?: ChecksumChoice): Promise<MultipartUpload>;
  /** The upload as it was started. Throws NoSuchUpload. */
  describeUpload(bucket: string, key: string, uploadId: string): Promise<MultipartUpload>;
  /** Stores (or replaces) one part, with its checksum when given. Throws NoSuchUpload. */
  uploadPart(
    bucket: string,
    key: string,
    uploadId: string,
    partNumber: number,
    body: ObjectBody,
    options?: Pick<PutObjectOptions, 'expectedMd5' | 'expectedSize' | 'checksum'>,
  ): Promise<PartInfo>;
  /** Throws NoSuchUpload. */
  listParts(bucket: string, key: string, uploadId: string, query: ListPartsQuery): Promise<PartsPage>;
  listMultipartUploads(bucket: string, query: ListUploadsQuery): Promise<UploadsPage>;
  /**
   * Assembles the named parts, in the order given, into the object and ends the upload.
   * Throws NoSuchUpload, or InvalidPart when a named part (number and ETag) is not stored.
   * The engine has checked order and sizes. `condition` is on the object the upload would
   * replace, as for putObject; when it does not hold the upload stays as it was.
   * `checksum` (worked out by the engine from the parts') is stored with the object.
   */
  completeMultipartUpload(
    bucket: string,
    key: string,
    uploadId: string,
    parts: readonly PartSelection[],
    condition?: WriteCondition,
    checksum?: ObjectChecksum,
  ): Promise<ObjectInfo>;
  /** Throws NoSuchUpload. */
  abortMultipartUpload(bucket: string, key: string, uploadId: string): Promise<void>;

  /** The local folder holding a bucket's objects as plain files, or undefined when the store is not on the local file system. */
  bucketPath(bucket: string): string | undefined;
  /**
   * The local folder holding every key that starts with `folderPrefix` (empty, or ending
   * in `/`), for globbing (`<folder>/**\/*.parquet`); undefined when not local.
   */
  prefixPath(bucket: string, folderPrefix: string): string | undefined;
  /** The local file that holds the object now, or undefined when it does not exist or the store is not local. */
  localPath(bucket: string, key: string): Promise<string | undefined>;

  /** Waits for writes in progress, then releases every resource. */
  close(): Promise<void>;
}
