import { isIP } from 'node:net';
import { AwsError } from '../wire/AwsError.js';
import { header, type EdgeRequest } from '../wire/EdgeRequest.js';
import type { TargetKind } from './restXml/OperationMatcher.js';

export interface RequestTarget {
  readonly kind: TargetKind;
  readonly bucket?: string;
  readonly key?: string;
  /** `/bucket/key`, decoded: the `<Resource>` of error documents. */
  readonly resource: string;
}

/**
 * The bucket named by a virtual-host style Host (`photos.s3.localhost:4566`,
 * `photos.localhost`, `photos.s3.eu-west-1.amazonaws.com`), or undefined for path style.
 */
export function bucketFromHost(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  const host = hostHeader.startsWith('[') ? hostHeader : hostHeader.replace(/:\d+$/, '');
  if (host.startsWith('[') || isIP(host) !== 0) return undefined;
  const lower = host.toLowerCase();
  const s3 = /^(.+?)\.s3[.-]/.exec(lower);
  if (s3) return s3[1];
  if (lower.endsWith('.localhost')) {
    const bucket = lower.slice(0, -'.localhost'.length);
    return bucket === 's3' ? undefined : bucket;
  }
  return undefined;
}

function decodePath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AwsError('InvalidURI', "Couldn't parse the specified URI.", 400);
  }
}

/** Which bucket and key a request names, from its Host (virtual-host style) or path (path style). */
export function requestTarget(req: EdgeRequest): RequestTarget {
  const hostBucket = bucketFromHost(header(req, 'host'));
  const path = req.rawPath.startsWith('/') ? req.rawPath.slice(1) : req.rawPath;
  if (hostBucket !== undefined) {
    const key = decodePath(path);
    return key === ''
      ? { kind: 'bucket', bucket: hostBucket, resource: `/${hostBucket}` }
      : { kind: 'object', bucket: hostBucket, key, resource: `/${hostBucket}/${key}` };
  }
  if (path === '') return { kind: 'service', resource: '/' };
  const slash = path.indexOf('/');
  const bucket = decodePath(slash < 0 ? path : path.slice(0, slash));
  const key = slash < 0 ? '' : decodePath(path.slice(slash + 1));
  return key === ''
    ? { kind: 'bucket', bucket, resource: `/${bucket}` }
    : { kind: 'object', bucket, key, resource: `/${bucket}/${key}` };
}

/**
 * A person's browser asking for a page (the web console), not an S3 client: a GET that
 * accepts HTML and carries no signature, no `x-amz-*` header and no presigned query.
 * The S3 route leaves these to the console.
 */
export function isBrowserPageRequest(req: EdgeRequest): boolean {
  if (req.method !== 'GET') return false;
  if (!(header(req, 'accept') ?? '').toLowerCase().includes('text/html')) return false;
  if (req.headers.authorization !== undefined) return false;
  if (Object.keys(req.headers).some((name) => name.startsWith('x-amz-'))) return false;
  return !/(^|&)(X-Amz-Signature|X-Amz-Credential|X-Amz-Algorithm|Signature|AWSAccessKeyId)=/.test(req.rawQuery);
}
