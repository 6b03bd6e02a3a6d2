/** Request headers as Node gives them: lower-cased names. */
export type HeaderMap = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * How a service canonicalises a request and which error vocabulary it speaks.
 * - `json`: awsJson 1.0/1.1, rest-json, CBOR services (Kinesis, Firehose, Glue, Athena …).
 * - `query`: awsQuery services (SNS, CloudWatch's query API); same canonical rules as `json`
 *   but their errors are `SignatureDoesNotMatch` / `InvalidClientTokenId`, status 403.
 * - `s3`: keeps the path as sent and answers in S3's own error codes.
 */
export type SigV4Flavor = 'json' | 'query' | 's3';

/** An authentication error in AWS's own terms. `fields` are extra members S3 renders. */
export interface AwsAuthError {
  readonly code: string;
  readonly message: string;
  readonly httpStatus: number;
  readonly fields?: Readonly<Record<string, string>>;
}

/** What the Authorization header (or the presigned query) says, not yet checked. */
export interface ParsedAuthorization {
  readonly accessKeyId: string;
  /** YYYYMMDD from the credential scope. */
  readonly date: string;
  readonly region: string;
  readonly service: string;
  /** Lower-cased, in the order the client listed them. */
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  readonly presigned: boolean;
  /** `date/region/service/aws4_request` exactly as sent. */
  readonly scope: string;
  /** The scope's last element; anything but `aws4_request` fails verification. */
  readonly terminator: string;
  /**
   * The request time in ISO 8601 basic format (`20240101T000000Z`), from `X-Amz-Date`
   * (query or header) or converted from the `Date` header.
   */
  readonly amzDate: string;
  /** The request time as sent, for error messages (`RequestTime`). */
  readonly rawDate: string;
  /** Presigned only: `X-Amz-Expires` in seconds, when present. */
  readonly expiresSeconds?: number;
  /** Presigned only: the raw `name=value` query pairs (still encoded), for the canonical query. */
  readonly queryPairs?: readonly QueryPair[];
}

/** One `name=value` pair of a query string, still percent-encoded as received. */
export interface QueryPair {
  readonly name: string;
  readonly value: string;
}

/** Why the authorization could not be read; `verifySigV4` turns it into a per-flavor AWS error. */
export type AuthorizationParseFailure =
  | { readonly kind: 'missing' }
  | { readonly kind: 'bothMechanisms' }
  | {
      readonly kind: 'missingComponents';
      readonly presigned: boolean;
      /** Component names as AWS prints them: `Credential`, or `X-Amz-Credential` for presigned. */
      readonly missing: readonly string[];
      readonly missingDate: boolean;
      /** The Authorization header as received (header auth only). */
      readonly header?: string;
    }
  | { readonly kind: 'malformedComponent'; readonly component: string; readonly header: string }
  | { readonly kind: 'unsupportedAlgorithm'; readonly presigned: boolean; readonly algorithm: string }
  | { readonly kind: 'malformedCredential'; readonly presigned: boolean; readonly credential: string }
  | { readonly kind: 'malformedDate'; readonly presigned: boolean; readonly value: string }
  | {
      readonly kind: 'malformedExpires';
      readonly value: string;
      readonly reason: 'notANumber' | 'negative' | 'tooLarge';
    };

export type ParseAuthorizationResult =
  | { readonly ok: true; readonly auth: ParsedAuthorization }
  | { readonly ok: false; readonly failure: AuthorizationParseFailure };

/** A request as the edge received it, before anything was decoded. */
export interface SigV4Request {
  readonly method: string;
  /** The path exactly as received, still percent-encoded, without the query. */
  readonly rawPath: string;
  /** Everything after `?`, or ''. */
  readonly rawQuery: string;
  readonly headers: HeaderMap;
  /**
   * Hex SHA-256 of the body as received, or the literal the client sent in
   * `x-amz-content-sha256` (UNSIGNED-PAYLOAD, STREAMING-…).
   * Required for `json`/`query`. For `s3` the header is what was signed; when this is also given
   * as a hex digest, a different hex header value fails with `XAmzContentSHA256Mismatch`.
   */
  readonly payloadHash?: string;
}

export interface VerifySigV4Options {
  lookupSecret(accessKeyId: string): string | undefined;
  readonly now: Date;
  readonly flavor: SigV4Flavor;
  /** Allowed distance between the request time and `now` for header auth. Default 15 minutes. */
  readonly maxSkewMs?: number;
  /** When set, a credential scoped to another region fails (as AWS does). */
  readonly expectedRegion?: string;
  /** When set, a credential scoped to another service fails. */
  readonly expectedService?: string;
  /** Reuse a parse the edge already did for routing. */
  readonly parsed?: ParsedAuthorization;
}

export interface SigV4Success {
  readonly ok: true;
  readonly accessKeyId: string;
  readonly region: string;
  readonly service: string;
  /** kSigning; shared with a cache, never mutate it. */
  readonly signingKey: Buffer;
  /** The request signature; the first aws-chunked chunk chains from it. */
  readonly seedSignature: string;
  /** ISO 8601 basic request time, part of every chunk's string to sign. */
  readonly amzDate: string;
  /** `date/region/service/aws4_request`, part of every chunk's string to sign. */
  readonly scope: string;
  readonly presigned: boolean;
}

export interface SigV4Failure {
  readonly ok: false;
  readonly error: AwsAuthError;
}

export type SigV4Result = SigV4Success | SigV4Failure;
