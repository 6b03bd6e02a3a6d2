import type { EdgeResponse } from '../../aws/wire/EdgeRequest.js';
import type { BucketRow, ObjectListing } from '../ConsoleApiTypes.js';
import type { ConsoleEngines } from '../ConsoleEngines.js';
import { ConsoleHttpError, notAvailable } from './ApiRequest.js';

const PAGE_KEYS = 200;

function lakeOf(engines: ConsoleEngines): NonNullable<ConsoleEngines['lake']> {
  if (!engines.lake) throw notAvailable('Buckets');
  return engines.lake;
}

export async function bucketList(engines: ConsoleEngines): Promise<BucketRow[]> {
  return (await lakeOf(engines).listBuckets()).map((b) => ({ name: b.name, createdMs: b.creationDate.getTime() }));
}

/** One page of a bucket as folders: keys under `prefix` rolled up at the next `/`. */
export async function objectListing(engines: ConsoleEngines, bucket: string, prefix: string, token: string | undefined): Promise<ObjectListing> {
  const page = await lakeOf(engines).listObjects(bucket, {
    prefix,
    delimiter: '/',
    maxKeys: PAGE_KEYS,
    ...(token !== undefined ? { continuationToken: token } : {}),
  });
  return {
    bucket,
    prefix,
    folders: [...page.commonPrefixes],
    objects: page.objects.map((o) => ({ key: o.key, size: o.size, lastModifiedMs: o.lastModified.getTime(), etag: o.etag })),
    ...(page.isTruncated && page.nextContinuationToken !== undefined ? { nextToken: page.nextContinuationToken } : {}),
  };
}

/** The object's bytes as a download (Content-Disposition: attachment, so a page never renders it). */
export async function objectDownload(engines: ConsoleEngines, bucket: string, key: string | null): Promise<EdgeResponse> {
  if (!key) throw new ConsoleHttpError(400, 'key is required');
  const { info, body } = await lakeOf(engines).getObject(bucket, key);
  const headers = {
    'content-type': info.contentType,
    'content-length': info.size,
    'content-disposition': attachment(key.slice(key.lastIndexOf('/') + 1) || 'object'),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    // Opened directly, an object's bytes still never run as a page of this origin.
    'content-security-policy': 'sandbox',
  };
  // No Content-Encoding: the download is the stored bytes (a .gz stays gzip), not decoded by the browser.
  return { status: 200, headers, body };
}

/** RFC 6266: an ASCII fallback name plus the exact one, percent-encoded. */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
