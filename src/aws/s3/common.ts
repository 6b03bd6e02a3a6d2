import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Owner } from '@aws-sdk/client-s3';
import type { LakeObject } from '../../engines/lake/Lake.js';
import type { Lake } from '../../engines/lake/Lake.js';
import type { ObjectAttributes, WriteCondition } from '../../engines/lake/ports.js';
import type { ReadConditions } from '../../engines/lake/preconditions.js';
import { AwsError } from '../wire/AwsError.js';
import { DEFAULT_CHECKSUM_ALGORITHM } from '../../engines/lake/checksums.js';
import { CHECKSUM_ALGORITHMS, CHECKSUM_MEMBERS, isChecksumAlgorithm, type ChecksumAlgorithm, type ChecksumType, type ObjectChecksum } from './checksums.js';
import type { IncomingBody } from './IncomingBody.js';
import { quoteEtag } from './restXml/httpValues.js';

export interface S3Deps {
  readonly lake: Lake;
  readonly region: string;
  readonly accountId: string;
  /** The edge URL, for the Location of completed uploads. */
  readonly endpointUrl: string;
}

/** Uploads up to this size are read whole before they go to the lake; larger ones stream. */
export const SMALL_BODY_BYTES = 256 * 1024;

/** An SDK input whose streaming Body is the upload as the protocol hands it over. */
export type WithIncomingBody<T> = Omit<T, 'Body'> & { Body: IncomingBody };
/** An SDK object output: the Body is a Node stream, Expires the header text as stored. */
export type ObjectOutput<T> = Omit<T, 'Body' | 'Expires'> & { Body?: Readable; Expires?: string };

/** The canonical user id of the account (64 hex digits, as S3's are). */
export function ownerOf(accountId: string): Owner {
  return { ID: createHash('sha256').update(`lakehose:${accountId}`).digest('hex'), DisplayName: 'lakehose' };
}

export function notImplemented(what: string): AwsError {
  return new AwsError('NotImplemented', `${what} is not implemented by Lakehose.`, 501);
}

interface AttributeInput {
  readonly ContentType?: string | undefined;
  readonly ContentEncoding?: string | undefined;
  readonly ContentDisposition?: string | undefined;
  readonly ContentLanguage?: string | undefined;
  readonly CacheControl?: string | undefined;
  readonly Expires?: Date | string | undefined;
  readonly Metadata?: Record<string, string> | undefined;
}

/** The object attributes a PUT, copy (REPLACE) or multipart start carries. */
export function attributesFrom(input: AttributeInput): ObjectAttributes {
  const a: { -readonly [K in keyof ObjectAttributes]: ObjectAttributes[K] } = {};
  if (input.ContentType !== undefined) a.contentType = input.ContentType;
  // aws-chunked is transfer framing, not the object's encoding.
  const encoding = input.ContentEncoding?.split(',').map((s) => s.trim()).filter((s) => s !== '' && s.toLowerCase() !== 'aws-chunked').join(', ');
  if (encoding) a.contentEncoding = encoding;
  if (input.ContentDisposition !== undefined) a.contentDisposition = input.ContentDisposition;
  if (input.ContentLanguage !== undefined) a.contentLanguage = input.ContentLanguage;
  if (input.CacheControl !== undefined) a.cacheControl = input.CacheControl;
  if (input.Expires !== undefined) a.expires = input.Expires instanceof Date ? input.Expires.toUTCString() : input.Expires;
  if (input.Metadata !== undefined) a.userMetadata = input.Metadata;
  return a;
}

/** The headers GetObject and HeadObject answer with for a stored object. */
export function objectHeaders(info: LakeObject) {
  return {
    ETag: quoteEtag(info.etag),
    LastModified: info.lastModified,
    ContentLength: info.size,
    ContentType: info.contentType,
    ContentEncoding: info.contentEncoding,
    ContentDisposition: info.contentDisposition,
    ContentLanguage: info.contentLanguage,
    CacheControl: info.cacheControl,
    // The model's Expires member is the header as stored (the SDK parses it into ExpiresString).
    Expires: info.expires,
    Metadata: info.userMetadata,
    AcceptRanges: 'bytes',
  };
}

interface ConditionInput {
  readonly IfMatch?: string | undefined;
  readonly IfNoneMatch?: string | undefined;
  readonly IfModifiedSince?: Date | undefined;
  readonly IfUnmodifiedSince?: Date | undefined;
}

export function readConditions(input: ConditionInput): ReadConditions | undefined {
  const c: { -readonly [K in keyof ReadConditions]: ReadConditions[K] } = {};
  if (input.IfMatch !== undefined) c.ifMatch = input.IfMatch;
  if (input.IfNoneMatch !== undefined) c.ifNoneMatch = input.IfNoneMatch;
  if (input.IfModifiedSince !== undefined) c.ifModifiedSince = input.IfModifiedSince;
  if (input.IfUnmodifiedSince !== undefined) c.ifUnmodifiedSince = input.IfUnmodifiedSince;
  return Object.keys(c).length > 0 ? c : undefined;
}

const HEADER_NOT_IMPLEMENTED = 'A header you provided implies functionality that is not implemented';

/**
 * If-Match / If-None-Match of PutObject, CopyObject (on the target) and
 * CompleteMultipartUpload as the lake's write condition. S3 takes If-None-Match only as `*`
 * and only one of the two headers; otherwise it answers NotImplemented naming the header.
 */
export function writeCondition(input: { readonly IfMatch?: string | undefined; readonly IfNoneMatch?: string | undefined }): WriteCondition | undefined {
  const { IfMatch: ifMatch, IfNoneMatch: ifNoneMatch } = input;
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') {
    throw new AwsError('NotImplemented', HEADER_NOT_IMPLEMENTED, 501, {
      Header: 'If-None-Match',
      additionalMessage: "We don't accept the provided value of If-None-Match header for this API",
    });
  }
  if (ifNoneMatch !== undefined && ifMatch !== undefined) {
    throw new AwsError('NotImplemented', HEADER_NOT_IMPLEMENTED, 501, {
      Header: 'If-Match,If-None-Match',
      additionalMessage: 'Multiple conditional request headers present in the request',
    });
  }
  if (ifNoneMatch !== undefined) return { kind: 'absent' };
  if (ifMatch !== undefined) return { kind: 'etag', etag: ifMatch };
  return undefined;
}

/** `Content-MD5` (base64 of 16 bytes) as the lake wants it (hex); a malformed one is InvalidDigest. */
export function md5FromHeader(contentMd5: string | undefined): string | undefined {
  if (contentMd5 === undefined) return undefined;
  const bytes = Buffer.from(contentMd5.trim(), 'base64');
  if (bytes.length !== 16 || bytes.toString('base64') !== contentMd5.trim()) {
    throw new AwsError('InvalidDigest', 'The Content-MD5 you specified is not valid.', 400, { 'Content-MD5': contentMd5 });
  }
  return bytes.toString('hex');
}

/** `x-amz-checksum-algorithm` / `x-amz-sdk-checksum-algorithm` as the lake's algorithm; S3 refuses one it does not know. */
export function checksumAlgorithmFrom(value: string | undefined): ChecksumAlgorithm | undefined {
  if (value === undefined) return undefined;
  const upper = value.trim().toUpperCase();
  if (isChecksumAlgorithm(upper)) return upper;
  throw new AwsError(
    'InvalidRequest',
    `Checksum algorithm provided is unsupported. Please try again with any of the valid types: [${CHECKSUM_ALGORITHMS.join(', ')}]`,
    400,
  );
}

export function checksumTypeFrom(value: string | undefined): ChecksumType | undefined {
  if (value === undefined) return undefined;
  const upper = value.trim().toUpperCase();
  if (upper === 'FULL_OBJECT' || upper === 'COMPOSITE') return upper;
  throw new AwsError('InvalidRequest', 'Value for x-amz-checksum-type header is invalid.', 400);
}

/**
 * Which checksum an uploaded body is kept with, as S3 chooses it: the one the client sent
 * (header or trailer), else the one it named (`x-amz-sdk-checksum-algorithm`), else S3's
 * default, CRC64NVME. Asks the body to compute it; the returned function gives the checksum
 * once the body has been read to its end.
 */
export function keptChecksum(body: IncomingBody, named: ChecksumAlgorithm | undefined): () => ObjectChecksum | undefined {
  const algorithm = body.sentAlgorithms[0] ?? named ?? DEFAULT_CHECKSUM_ALGORITHM;
  body.compute(algorithm);
  return () => {
    const value = body.checksumFor(algorithm);
    return value === undefined ? undefined : { algorithm, type: 'FULL_OBJECT', value };
  };
}

/** Verified upload checksums as output members (`ChecksumCRC32` …), echoed as S3 does. */
export function checksumMembers(verified: Partial<Record<ChecksumAlgorithm, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [algorithm, value] of Object.entries(verified) as Array<[ChecksumAlgorithm, string]>) out[CHECKSUM_MEMBERS[algorithm]] = value;
  return out;
}

/** S3 without versioning knows one version of each object, whose id is `null`. */
export function checkVersionId(versionId: string | undefined): void {
  if (versionId !== undefined && versionId !== 'null') {
    throw new AwsError('InvalidArgument', 'Invalid version id specified', 400, { ArgumentName: 'versionId', ArgumentValue: versionId });
  }
}

/** encoding-type=url: keys and prefixes percent-encoded (clients decode them as a form value). */
export function listEncoder(encodingType: string | undefined): (text: string) => string {
  if (encodingType === undefined) return (t) => t;
  if (encodingType !== 'url') {
    throw new AwsError('InvalidArgument', 'Invalid Encoding Method specified in Request', 400, {
      ArgumentName: 'encoding-type',
      ArgumentValue: encodingType,
    });
  }
  return (t) => encodeURIComponent(t).replace(/%2F/g, '/');
}

export function requireBucket(bucket: string | undefined): string {
  if (bucket === undefined) throw new AwsError('InvalidRequest', 'A bucket name is required', 400);
  return bucket;
}
