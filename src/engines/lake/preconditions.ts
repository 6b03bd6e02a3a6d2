/** Conditional reads (If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since), in RFC 9110's order of evaluation, which S3 follows. */
import type { LakeFault } from './LakeError.js';
import type { ObjectInfo } from './ports.js';

export interface ReadConditions {
  /** A list of entity tags (quoted or not, comma-separated) or `*`. */
  readonly ifMatch?: string;
  readonly ifNoneMatch?: string;
  readonly ifModifiedSince?: Date;
  readonly ifUnmodifiedSince?: Date;
}

/** An ETag without quotes or weakness marker: `W/"abc"` → `abc`. */
export function normalizeEtag(etag: string): string {
  let t = etag.trim();
  if (t.startsWith('W/')) t = t.slice(2);
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) t = t.slice(1, -1);
  return t;
}

function etagListMatches(list: string, etag: string): boolean {
  return list.split(',').some((item) => {
    const t = item.trim();
    return t === '*' || normalizeEtag(t) === etag;
  });
}

/** HTTP dates carry whole seconds, so comparisons drop the milliseconds. */
function seconds(d: Date): number {
  return Math.floor(d.getTime() / 1000);
}

/**
 * The fault a read with these conditions meets, or undefined when it proceeds. With
 * `notModifiedAllowed` false (copy sources) a failed If-None-Match/If-Modified-Since is a
 * PreconditionFailed too.
 */
export function checkReadConditions(
  conditions: ReadConditions,
  info: ObjectInfo,
  notModifiedAllowed = true,
): LakeFault | undefined {
  const { ifMatch, ifNoneMatch, ifModifiedSince, ifUnmodifiedSince } = conditions;
  if (ifMatch !== undefined) {
    if (!etagListMatches(ifMatch, info.etag)) return { kind: 'PreconditionFailed', condition: 'If-Match' };
  } else if (ifUnmodifiedSince !== undefined && seconds(info.lastModified) > seconds(ifUnmodifiedSince)) {
    return { kind: 'PreconditionFailed', condition: 'If-Unmodified-Since' };
  }
  const notModified =
    ifNoneMatch !== undefined
      ? etagListMatches(ifNoneMatch, info.etag)
      : ifModifiedSince !== undefined && seconds(info.lastModified) <= seconds(ifModifiedSince);
  if (!notModified) return undefined;
  return notModifiedAllowed
    ? { kind: 'NotModified', etag: info.etag, lastModified: info.lastModified }
    : { kind: 'PreconditionFailed', condition: 'If-Match' };
}
