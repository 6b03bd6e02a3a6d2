// The values `x-amz-content-sha256` may carry, and what each says about the body.

import * as nodeCrypto from 'node:crypto';

// crypto.hash (one-shot, no Hash object per call) arrived in Node 20.12.
const oneShotHash = typeof nodeCrypto.hash === 'function' ? nodeCrypto.hash : undefined;

export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const STREAMING_SIGNED_PAYLOAD = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
export const STREAMING_SIGNED_PAYLOAD_TRAILER = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
export const STREAMING_UNSIGNED_PAYLOAD_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
/** SHA-256 of nothing: the payload hash of an empty body, and of every chunk's "headers". */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const LITERALS: ReadonlySet<string> = new Set([
  UNSIGNED_PAYLOAD,
  STREAMING_SIGNED_PAYLOAD,
  STREAMING_SIGNED_PAYLOAD_TRAILER,
  STREAMING_UNSIGNED_PAYLOAD_TRAILER,
]);

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isSha256Hex(value: string): boolean {
  return value.length === 64 && SHA256_HEX.test(value);
}

/** True for a hex digest or one of the literals we can honour. */
export function isAcceptedPayloadHash(value: string): boolean {
  return LITERALS.has(value) || isSha256Hex(value);
}

export function sha256Hex(data: string | Uint8Array): string {
  return oneShotHash !== undefined
    ? oneShotHash('sha256', data, 'hex')
    : nodeCrypto.createHash('sha256').update(data).digest('hex');
}

/**
 * How an `aws-chunked` body is framed and signed:
 * - `signed`: every chunk carries a signature chained from the request's (seed) signature;
 * - `signed-trailer`: the same, then trailing headers with their own signature;
 * - `unsigned-trailer`: plain chunks and trailing headers (what current SDKs and the CLI send);
 * - `unsigned`: plain chunks under an `UNSIGNED-PAYLOAD` request.
 */
export type AwsChunkedMode = 'signed' | 'signed-trailer' | 'unsigned-trailer' | 'unsigned';

/**
 * The framing of a body from its `x-amz-content-sha256` (and `Content-Encoding`),
 * or undefined when the body is not aws-chunked.
 */
export function awsChunkedModeOf(contentSha256: string | undefined, contentEncoding?: string): AwsChunkedMode | undefined {
  switch (contentSha256) {
    case STREAMING_SIGNED_PAYLOAD:
      return 'signed';
    case STREAMING_SIGNED_PAYLOAD_TRAILER:
      return 'signed-trailer';
    case STREAMING_UNSIGNED_PAYLOAD_TRAILER:
      return 'unsigned-trailer';
    default:
      return contentEncoding !== undefined && /(^|,)\s*aws-chunked\s*(,|$)/i.test(contentEncoding)
        ? 'unsigned'
        : undefined;
  }
}
