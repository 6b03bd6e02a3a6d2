import type { AwsError } from './AwsError.js';
import type { EdgeRequest } from './EdgeRequest.js';
import type { ChunkSigningContext } from './sigv4/index.js';

export interface Caller {
  readonly accessKeyId: string | undefined;
  /** Set when a signature was verified: what signed aws-chunked S3 bodies chain from. */
  readonly signing?: ChunkSigningContext;
}

/**
 * Checks who sent a request. The embedded default accepts every well-formed request; when
 * the config names credentials, requests must carry a valid SigV4 signature for them.
 * `flavor` picks the error vocabulary: JSON/query services vs S3.
 */
export interface Authenticator {
  /**
   * `payload` is the whole body for JSON and query services (its hash is checked); S3 passes
   * undefined and relies on the signed `x-amz-content-sha256` header.
   */
  authenticate(req: EdgeRequest, payload: Buffer | undefined, flavor: 'json' | 'query' | 's3'): Caller | AwsError;
}
