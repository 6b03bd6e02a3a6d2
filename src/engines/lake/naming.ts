/** S3's rules for bucket names and object keys, as pure checks. */

export const MAX_KEY_BYTES = 1024;

const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];
const IPV4_FORM = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** Why `name` is not a valid general-purpose bucket name, or undefined when it is. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'must be between 3 and 63 characters long';
  if (!/^[a-z0-9.-]+$/.test(name)) return 'may contain only lowercase letters, digits, periods and hyphens';
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return 'must begin and end with a letter or digit';
  if (name.includes('..')) return 'must not contain two adjacent periods';
  if (IPV4_FORM.test(name)) return 'must not be formatted as an IP address';
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `must not start with the reserved prefix ${prefix}`;
  const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `must not end with the reserved suffix ${suffix}`;
  return undefined;
}

/** A lone UTF-16 surrogate cannot be encoded as UTF-8, so it cannot be part of a key. */
const LONE_SURROGATE = /\p{Cs}/u;

export type KeyProblem =
  | { readonly kind: 'KeyTooLong'; readonly bytes: number }
  | { readonly kind: 'InvalidKey'; readonly reason: string };

/** Why `key` is not a valid object key, or undefined when it is. Any other UTF-8 string of 1–1024 bytes is one. */
export function keyProblem(key: string): KeyProblem | undefined {
  if (key.length === 0) return { kind: 'InvalidKey', reason: 'a key must not be empty' };
  if (LONE_SURROGATE.test(key)) return { kind: 'InvalidKey', reason: 'a key must be valid Unicode' };
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > MAX_KEY_BYTES) return { kind: 'KeyTooLong', bytes };
  return undefined;
}

/** S3 caps user metadata at 2 KB: the UTF-8 bytes of every name and value. */
export const MAX_USER_METADATA_BYTES = 2048;

export function userMetadataBytes(metadata: Readonly<Record<string, string>>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(metadata)) {
    bytes += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value, 'utf8');
  }
  return bytes;
}
