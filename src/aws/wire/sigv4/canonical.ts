// The canonical request of SigV4, built from the request exactly as it arrived.
// Rules: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
// (S3: https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html)

import type { HeaderMap, QueryPair, SigV4Flavor } from './types.js';

const HEX = '0123456789ABCDEF';

function isUnreserved(code: number): boolean {
  return (
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x2d || code === 0x2e || code === 0x5f || code === 0x7e // - . _ ~
  );
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

function isUpperHex(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46);
}

/** True when `raw` is already in canonical form, so it can be used without copying. */
function isCanonical(raw: string, keepSlash: boolean): boolean {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (isUnreserved(c) || (keepSlash && c === 0x2f)) continue;
    if (c === 0x25 && i + 2 < raw.length) {
      const h = raw.charCodeAt(i + 1);
      const l = raw.charCodeAt(i + 2);
      if (isUpperHex(h) && isUpperHex(l) && !isUnreserved(hexValue(h) * 16 + hexValue(l))) {
        i += 2;
        continue;
      }
    }
    return false;
  }
  return true;
}

/**
 * Re-encodes a component that arrived percent-encoded into SigV4's canonical form: unreserved
 * characters literal, every other byte `%XX` in upper case. Escapes are kept as bytes (never
 * decoded to text), so `%2F` stays `%2F` even where a literal `/` is kept; a `%` that starts no
 * valid escape is itself encoded.
 */
export function canonicalizeComponent(raw: string, keepSlash: boolean): string {
  if (isCanonical(raw, keepSlash)) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (isUnreserved(c) || (keepSlash && c === 0x2f)) {
      out += raw[i];
      continue;
    }
    if (c === 0x25 && i + 2 < raw.length) {
      const hi = hexValue(raw.charCodeAt(i + 1));
      const lo = hexValue(raw.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        const byte = hi * 16 + lo;
        out += isUnreserved(byte) ? String.fromCharCode(byte) : '%' + HEX[hi]! + HEX[lo]!;
        i += 2;
        continue;
      }
    }
    if (c < 0x80) {
      out += '%' + HEX[c >> 4]! + HEX[c & 15]!;
      continue;
    }
    // A literal non-ASCII character: encode its UTF-8 bytes (surrogate pairs together).
    const cp = raw.codePointAt(i)!;
    if (cp > 0xffff) i++;
    for (const byte of Buffer.from(String.fromCodePoint(cp), 'utf8')) {
      out += '%' + HEX[byte >> 4]! + HEX[byte & 15]!;
    }
  }
  return out;
}

/** RFC 3986 "remove dot segments", plus collapsing empty segments, as AWS's non-S3 signers do. */
function normalizePath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const lead = path.startsWith('/') ? '/' : '';
  const trail = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return lead + segments.join('/') + trail;
}

/**
 * The canonical URI. S3 uses the path as sent (in canonical encoding); every other service
 * normalises the path and encodes it a second time, so `%20` on the wire signs as `%2520`.
 */
export function canonicalUri(rawPath: string, flavor: SigV4Flavor): string {
  if (rawPath === '') return '/';
  if (flavor === 's3') return canonicalizeComponent(rawPath, true);
  const once = canonicalizeComponent(normalizePath(rawPath), true);
  const twice = once.includes('%') ? once.replaceAll('%', '%25') : once;
  return twice === '' ? '/' : twice;
}

/** Splits a raw query string into its pairs, leaving them encoded. `a` alone reads as `a=`. */
export function parseQuery(rawQuery: string): QueryPair[] {
  const pairs: QueryPair[] = [];
  if (rawQuery === '') return pairs;
  for (const piece of rawQuery.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    pairs.push(eq < 0 ? { name: piece, value: '' } : { name: piece.slice(0, eq), value: piece.slice(eq + 1) });
  }
  return pairs;
}

/** The canonical query string: every pair but `excludeName`, encoded, sorted by name then value. */
export function canonicalQuery(pairs: readonly QueryPair[], excludeName?: string): string {
  if (pairs.length === 0) return '';
  const encoded: [string, string][] = [];
  for (const { name, value } of pairs) {
    if (name === excludeName) continue;
    encoded.push([canonicalizeComponent(name, false), canonicalizeComponent(value, false)]);
  }
  encoded.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  let out = '';
  for (let i = 0; i < encoded.length; i++) {
    const [n, v] = encoded[i]!;
    out += (i === 0 ? '' : '&') + n + '=' + v;
  }
  return out;
}

const NEEDS_TRIM = /^[ \t]|[ \t]$|[ \t]{2}|\t/;

/** Trims a header value and collapses runs of spaces, as SigV4 requires. */
function trimHeaderValue(value: string): string {
  if (!NEEDS_TRIM.test(value)) return value;
  return value.replace(/[ \t]+/g, ' ').replace(/^ | $/g, '');
}

/** The value a signed header contributes; repeated headers are joined with commas. */
export function headerValue(headers: HeaderMap, name: string): string {
  const value = headers[name];
  if (value === undefined) return '';
  if (typeof value === 'string') return trimHeaderValue(value);
  return value.map(trimHeaderValue).join(',');
}

/** The canonical headers block, each `name:value` followed by a newline. */
export function canonicalHeaders(headers: HeaderMap, signedHeaders: readonly string[]): string {
  let out = '';
  for (const name of signedHeaders) {
    // Over HTTP/2 the signed Host arrives as the :authority pseudo-header.
    const source = name === 'host' && headers['host'] === undefined ? ':authority' : name;
    out += name + ':' + headerValue(headers, source) + '\n';
  }
  return out;
}

export function canonicalRequest(
  method: string,
  uri: string,
  query: string,
  headers: HeaderMap,
  signedHeaders: readonly string[],
  payloadHash: string,
): string {
  return (
    method + '\n' + uri + '\n' + query + '\n' +
    canonicalHeaders(headers, signedHeaders) + '\n' +
    signedHeaders.join(';') + '\n' + payloadHash
  );
}
