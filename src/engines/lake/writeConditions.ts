/** Conditional writes (S3's If-None-Match: * and If-Match on PutObject, CopyObject, CompleteMultipartUpload). */
import type { LakeFault } from './LakeError.js';
import type { WriteCondition } from './ports.js';

/**
 * An ETag as a client sends it back, without quotes. S3 accepts it quoted, bare, or with
 * only one of the two quotes left.
 */
function bareEtag(etag: string): string {
  let t = etag.trim();
  if (t.startsWith('"')) t = t.slice(1);
  if (t.endsWith('"')) t = t.slice(0, -1);
  return t;
}

/**
 * The fault a write with `condition` meets when the key's current object is `current`
 * (undefined: no object), or undefined when the write may go ahead. Pure, so that a store
 * can call it while it holds whatever makes its check and its write one step.
 */
export function writeConditionFault(
  condition: WriteCondition,
  bucket: string,
  key: string,
  current: { readonly etag: string } | undefined,
): LakeFault | undefined {
  switch (condition.kind) {
    case 'absent':
      return current === undefined ? undefined : { kind: 'WriteConditionFailed', bucket, key, condition: 'absent' };
    case 'etag': {
      if (current === undefined) return { kind: 'NoSuchKey', bucket, key };
      const wanted = bareEtag(condition.etag);
      return wanted === '*' || wanted === current.etag ? undefined : { kind: 'WriteConditionFailed', bucket, key, condition: 'etag' };
    }
  }
}
