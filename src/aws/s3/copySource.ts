import { AwsError } from '../wire/AwsError.js';
import { checkVersionId } from './common.js';

export interface CopySource {
  readonly bucket: string;
  readonly key: string;
}

/** `x-amz-copy-source`: `[/]bucket/key[?versionId=…]`, URL-encoded. */
export function parseCopySource(header: string | undefined): CopySource {
  const invalid = () =>
    new AwsError('InvalidArgument', 'Invalid copy source object key', 400, { ArgumentName: 'x-amz-copy-source', ArgumentValue: header ?? '' });
  if (header === undefined) throw invalid();
  let text = header.trim();
  const q = text.indexOf('?');
  if (q >= 0) {
    const m = /(?:^|&)versionId=([^&]*)/.exec(text.slice(q + 1));
    if (m) checkVersionId(decodeURIComponent(m[1]!));
    text = text.slice(0, q);
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    throw invalid();
  }
  if (decoded.startsWith('/')) decoded = decoded.slice(1);
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) throw invalid();
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

/** The copy-source-if-* headers as read conditions. */
export function copySourceConditions(input: {
  readonly CopySourceIfMatch?: string | undefined;
  readonly CopySourceIfNoneMatch?: string | undefined;
  readonly CopySourceIfModifiedSince?: Date | undefined;
  readonly CopySourceIfUnmodifiedSince?: Date | undefined;
}) {
  const c: { ifMatch?: string; ifNoneMatch?: string; ifModifiedSince?: Date; ifUnmodifiedSince?: Date } = {};
  if (input.CopySourceIfMatch !== undefined) c.ifMatch = input.CopySourceIfMatch;
  if (input.CopySourceIfNoneMatch !== undefined) c.ifNoneMatch = input.CopySourceIfNoneMatch;
  if (input.CopySourceIfModifiedSince !== undefined) c.ifModifiedSince = input.CopySourceIfModifiedSince;
  if (input.CopySourceIfUnmodifiedSince !== undefined) c.ifUnmodifiedSince = input.CopySourceIfUnmodifiedSince;
  return Object.keys(c).length > 0 ? c : undefined;
}
