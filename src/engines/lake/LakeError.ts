/**
 * What can go wrong in the lake, in domain terms. The S3 facade maps each kind to an S3
 * error code in one exhaustive switch; adapters throw the storage-state kinds
 * (NoSuchBucket, NoSuchKey, NoSuchUpload, InvalidPart, BucketNotEmpty, …), the engine the
 * rule kinds (names, ranges, part order, sizes).
 */
export type LakeFault =
  | { readonly kind: 'NoSuchBucket'; readonly bucket: string }
  | { readonly kind: 'BucketAlreadyOwnedByYou'; readonly bucket: string }
  | { readonly kind: 'BucketNotEmpty'; readonly bucket: string }
  | { readonly kind: 'InvalidBucketName'; readonly bucket: string; readonly reason: string }
  | { readonly kind: 'NoSuchKey'; readonly bucket: string; readonly key: string }
  | { readonly kind: 'KeyTooLong'; readonly key: string; readonly bytes: number; readonly maxBytes: number }
  /** A key S3 would refuse (empty, not valid Unicode) or that this store cannot hold (a `/`-separated segment too long for a file name, a NUL). */
  | { readonly kind: 'InvalidKey'; readonly key: string; readonly reason: string }
  | { readonly kind: 'InvalidRange'; readonly size: number }
  | { readonly kind: 'NoSuchUpload'; readonly uploadId: string }
  | { readonly kind: 'InvalidPart'; readonly partNumber: number; readonly reason: string }
  | { readonly kind: 'InvalidPartOrder' }
  | { readonly kind: 'EntityTooSmall'; readonly partNumber: number; readonly size: number; readonly minSize: number }
  | { readonly kind: 'EntityTooLarge'; readonly size: number; readonly maxSize: number }
  | { readonly kind: 'MetadataTooLarge'; readonly bytes: number; readonly maxBytes: number }
  | { readonly kind: 'BadDigest'; readonly expectedMd5: string; readonly computedMd5: string }
  /** An additional checksum (CRC32, SHA256, …) the client sent does not match the data. */
  | { readonly kind: 'BadChecksum'; readonly algorithm: string }
  | { readonly kind: 'IncompleteBody'; readonly expectedSize: number; readonly receivedSize: number }
  | { readonly kind: 'PreconditionFailed'; readonly condition: 'If-Match' | 'If-Unmodified-Since' }
  /** A conditional write found the key in another state than its condition required; nothing was written. */
  | { readonly kind: 'WriteConditionFailed'; readonly bucket: string; readonly key: string; readonly condition: 'absent' | 'etag' }
  | { readonly kind: 'NotModified'; readonly etag: string; readonly lastModified: Date }
  | { readonly kind: 'InvalidArgument'; readonly argument: string; readonly message: string }
  | { readonly kind: 'InvalidRequest'; readonly message: string }
  /** The disk is full or failing: nothing was written, nothing earlier was damaged. */
  | { readonly kind: 'StorageUnavailable'; readonly reason: 'disk-full' | 'io-error'; readonly message: string };

export type LakeFaultKind = LakeFault['kind'];

export class LakeError extends Error {
  constructor(readonly fault: LakeFault) {
    super(describeFault(fault));
    this.name = 'LakeError';
  }

  get kind(): LakeFaultKind {
    return this.fault.kind;
  }
}

export function lakeError(fault: LakeFault): LakeError {
  return new LakeError(fault);
}

/** True when `err` is a LakeError, and of `kind` when one is given. */
export function isLakeError(err: unknown, kind?: LakeFaultKind): err is LakeError {
  return err instanceof LakeError && (kind === undefined || err.fault.kind === kind);
}

function describeFault(f: LakeFault): string {
  switch (f.kind) {
    case 'NoSuchBucket':
      return `The specified bucket does not exist: ${f.bucket}`;
    case 'BucketAlreadyOwnedByYou':
      return `Your previous request to create the named bucket succeeded and you already own it: ${f.bucket}`;
    case 'BucketNotEmpty':
      return `The bucket you tried to delete is not empty: ${f.bucket}`;
    case 'InvalidBucketName':
      return `The specified bucket is not valid (${f.reason}): ${f.bucket}`;
    case 'NoSuchKey':
      return `The specified key does not exist: ${f.key}`;
    case 'KeyTooLong':
      return `Your key is too long: ${f.bytes} bytes, at most ${f.maxBytes}`;
    case 'InvalidKey':
      return `The specified key is not valid: ${f.reason}`;
    case 'InvalidRange':
      return `The requested range is not satisfiable (object size ${f.size})`;
    case 'NoSuchUpload':
      return `The specified multipart upload does not exist: ${f.uploadId}`;
    case 'InvalidPart':
      return `Part ${f.partNumber} could not be found or its ETag does not match: ${f.reason}`;
    case 'InvalidPartOrder':
      return 'The list of parts was not in ascending order. Parts must be ordered by part number.';
    case 'EntityTooSmall':
      return `Part ${f.partNumber} is ${f.size} bytes; every part but the last must be at least ${f.minSize} bytes`;
    case 'EntityTooLarge':
      return `Your proposed upload of ${f.size} bytes exceeds the maximum allowed object size of ${f.maxSize} bytes`;
    case 'MetadataTooLarge':
      return `Your metadata headers are ${f.bytes} bytes, more than the maximum of ${f.maxBytes}`;
    case 'BadDigest':
      return `The Content-MD5 you specified did not match what we received (expected ${f.expectedMd5}, computed ${f.computedMd5})`;
    case 'BadChecksum':
      return `The ${f.algorithm} you specified did not match the calculated checksum.`;
    case 'IncompleteBody':
      return `You did not provide the number of bytes specified (expected ${f.expectedSize}, received ${f.receivedSize})`;
    case 'PreconditionFailed':
      return `At least one of the preconditions you specified did not hold: ${f.condition}`;
    case 'WriteConditionFailed':
      return f.condition === 'absent'
        ? `An object already exists at ${f.key}; the write was only to create one`
        : `The object at ${f.key} has another ETag than the write required`;
    case 'NotModified':
      return 'Not Modified';
    case 'InvalidArgument':
      return `${f.argument}: ${f.message}`;
    case 'InvalidRequest':
      return f.message;
    case 'StorageUnavailable':
      return `Storage unavailable (${f.reason}): ${f.message}`;
  }
}
