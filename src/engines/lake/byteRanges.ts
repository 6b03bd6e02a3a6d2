/** HTTP byte ranges as S3 serves them (one range per request). */
import type { ByteRange } from './ports.js';

/** A range as the client asked for it, before the object's size is known. */
export type ByteRangeRequest =
  | { readonly first: number; readonly last?: number }
  | { readonly suffixLength: number };

/**
 * Parses a `Range` header. Returns undefined for anything S3 ignores (serving the whole
 * object): bad syntax, another unit, several ranges, or last < first.
 */
export function parseRangeHeader(header: string): ByteRangeRequest | undefined {
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return undefined;
  const [, firstText = '', lastText = ''] = m;
  if (firstText === '') {
    if (lastText === '') return undefined;
    return { suffixLength: Number(lastText) };
  }
  const first = Number(firstText);
  if (lastText === '') return { first };
  const last = Number(lastText);
  if (last < first) return undefined;
  return { first, last };
}

/** The bytes a request selects in an object of `size` bytes, or undefined when it is not satisfiable (HTTP 416). */
export function resolveByteRange(request: ByteRangeRequest, size: number): ByteRange | undefined {
  if ('suffixLength' in request) {
    if (request.suffixLength <= 0 || size === 0) return undefined;
    return { start: Math.max(0, size - request.suffixLength), end: size - 1 };
  }
  if (request.first >= size) return undefined;
  const last = request.last === undefined ? size - 1 : Math.min(request.last, size - 1);
  return { start: request.first, end: last };
}

/** `bytes start-end/size`, the Content-Range of a 206 answer. */
export function contentRange(range: ByteRange, size: number): string {
  return `bytes ${range.start}-${range.end}/${size}`;
}
