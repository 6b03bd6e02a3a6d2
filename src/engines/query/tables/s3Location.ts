import { SqlError } from '../sql/SqlError.js';

/** A place in the lake: `s3://bucket/prefix/` (s3a:// and s3n:// too, as Hive writes them). */
export interface LakeLocation {
  readonly bucket: string;
  /** Key prefix: empty (the whole bucket) or ending in `/`. */
  readonly prefix: string;
}

export function parseS3Location(uri: string, asFolder = true): LakeLocation {
  const m = /^s3[an]?:\/\/([^/]+)\/?(.*)$/.exec(uri.trim());
  if (!m) throw new SqlError('INVALID_TABLE_PROPERTY', `'${uri}' is not an s3:// location`);
  let prefix = m[2]!;
  if (asFolder && prefix !== '' && !prefix.endsWith('/')) prefix += '/';
  return { bucket: m[1]!, prefix };
}

export function s3Uri(location: LakeLocation): string {
  return `s3://${location.bucket}/${location.prefix}`;
}
