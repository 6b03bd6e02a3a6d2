// SigV4 for the edge: read the Authorization, verify it, decode aws-chunked bodies.
export { parseAuthorization, SIGV4_ALGORITHM, MAX_PRESIGNED_EXPIRES_SECONDS } from './parseAuthorization.js';
export { verifySigV4, signaturesEqual, DEFAULT_MAX_SKEW_MS } from './verifySigV4.js';
export { SigningKeyCache, deriveSigningKey } from './SigningKeyCache.js';
export { AwsChunkedDecoder, type AwsChunkedDecoderOptions, type ChunkSigningContext } from './AwsChunkedDecoder.js';
export { AwsChunkedDecodeError } from './AwsChunkedDecodeError.js';
export {
  awsChunkedModeOf,
  isSha256Hex,
  sha256Hex,
  EMPTY_SHA256,
  UNSIGNED_PAYLOAD,
  STREAMING_SIGNED_PAYLOAD,
  STREAMING_SIGNED_PAYLOAD_TRAILER,
  STREAMING_UNSIGNED_PAYLOAD_TRAILER,
  type AwsChunkedMode,
} from './payloadHash.js';
export { contentSha256MismatchError, parseFailureError } from './authErrors.js';
export type * from './types.js';
