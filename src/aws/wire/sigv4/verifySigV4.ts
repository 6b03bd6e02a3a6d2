import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseAmzDate } from './amzDate.js';
import {
  clockSkewError,
  contentSha256MismatchError,
  hostNotSignedError,
  invalidContentSha256Error,
  missingContentSha256Error,
  parseFailureError,
  presignedExpiredError,
  presignedNotYetValidError,
  s3MissingExpires,
  scopeError,
  signatureMismatchError,
  unknownAccessKeyError,
  unsignedHeadersError,
  type ScopeProblems,
} from './authErrors.js';
import { canonicalQuery, canonicalRequest, canonicalUri, headerValue, parseQuery } from './canonical.js';
import { parseAuthorization, SIGV4_ALGORITHM } from './parseAuthorization.js';
import { isAcceptedPayloadHash, isSha256Hex, sha256Hex, UNSIGNED_PAYLOAD } from './payloadHash.js';
import { SigningKeyCache } from './SigningKeyCache.js';
import type {
  AwsAuthError,
  ParsedAuthorization,
  SigV4Failure,
  SigV4Request,
  SigV4Result,
  VerifySigV4Options,
} from './types.js';

export const DEFAULT_MAX_SKEW_MS = 15 * 60_000;

const sharedKeyCache = new SigningKeyCache();

function fail(error: AwsAuthError): SigV4Failure {
  return { ok: false, error };
}

/** Compares two signatures without leaking, through timing, how much of them matched. */
export function signaturesEqual(expected: string, provided: string): boolean {
  if (expected.length !== provided.length) return false;
  return timingSafeEqual(Buffer.from(expected, 'latin1'), Buffer.from(provided, 'latin1'));
}

function scopeProblems(auth: ParsedAuthorization, options: VerifySigV4Options): ScopeProblems | undefined {
  const problems: {
    region?: { got: string; expected: string };
    service?: { got: string; expected: string };
    terminator?: string;
    date?: { scopeDate: string; amzDate: string };
  } = {};
  let any = false;
  if (options.expectedRegion !== undefined && auth.region !== options.expectedRegion) {
    problems.region = { got: auth.region, expected: options.expectedRegion };
    any = true;
  }
  if (options.expectedService !== undefined && auth.service !== options.expectedService) {
    problems.service = { got: auth.service, expected: options.expectedService };
    any = true;
  }
  if (auth.terminator !== 'aws4_request') {
    problems.terminator = auth.terminator;
    any = true;
  }
  if (auth.date !== auth.amzDate.slice(0, 8)) {
    problems.date = { scopeDate: auth.date, amzDate: auth.amzDate };
    any = true;
  }
  return any ? problems : undefined;
}

/** The request-time check: a window around `now` for header auth, the expiry for presigned URLs. */
function timeError(auth: ParsedAuthorization, options: VerifySigV4Options): AwsAuthError | undefined {
  const { flavor } = options;
  const requestMs = parseAmzDate(auth.amzDate)!;
  const nowMs = options.now.getTime();
  const maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  if (!auth.presigned) {
    return Math.abs(nowMs - requestMs) > maxSkewMs
      ? clockSkewError(flavor, auth.amzDate, auth.rawDate, requestMs, nowMs, maxSkewMs)
      : undefined;
  }
  // Non-S3 presigned URLs may omit X-Amz-Expires; they then live as long as a header signature.
  const expiresSeconds = auth.expiresSeconds ?? maxSkewMs / 1000;
  if (requestMs - nowMs > maxSkewMs) {
    return presignedNotYetValidError(flavor, auth.amzDate, requestMs, expiresSeconds, nowMs, maxSkewMs);
  }
  if (nowMs > requestMs + expiresSeconds * 1000) {
    return presignedExpiredError(flavor, auth.amzDate, requestMs, expiresSeconds, nowMs);
  }
  return undefined;
}

/** S3 signs whatever `x-amz-content-sha256` says (the body is checked against it later). */
function s3PayloadHash(request: SigV4Request, auth: ParsedAuthorization): string | AwsAuthError {
  if (auth.presigned) {
    const pair = auth.queryPairs?.find((p) => p.name === 'X-Amz-Content-Sha256');
    return pair === undefined ? UNSIGNED_PAYLOAD : decodeURIComponentSafe(pair.value);
  }
  if (request.headers['x-amz-content-sha256'] === undefined) return missingContentSha256Error();
  const claimed = headerValue(request.headers, 'x-amz-content-sha256');
  if (!isAcceptedPayloadHash(claimed)) return invalidContentSha256Error(claimed);
  const computed = request.payloadHash;
  if (computed !== undefined && isSha256Hex(computed) && isSha256Hex(claimed) && computed !== claimed) {
    return contentSha256MismatchError(claimed, computed);
  }
  return claimed;
}

function decodeURIComponentSafe(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** S3 refuses `x-amz-*` headers that the signature does not cover. */
function unsignedAmzHeaders(request: SigV4Request, auth: ParsedAuthorization): string[] {
  const unsigned: string[] = [];
  for (const name of Object.keys(request.headers)) {
    if (name.startsWith('x-amz-') && request.headers[name] !== undefined && !auth.signedHeaders.includes(name)) {
      unsigned.push(name);
    }
  }
  return unsigned;
}

/**
 * Checks a request's SigV4 signature (Authorization header or presigned query) against the
 * secret of its access key. Pure: takes plain data and the clock, keeps no state besides a
 * cache of derived signing keys.
 */
export function verifySigV4(
  request: SigV4Request,
  options: VerifySigV4Options,
  keyCache: SigningKeyCache = sharedKeyCache,
): SigV4Result {
  const { flavor } = options;
  let auth = options.parsed;
  if (auth === undefined) {
    const parsed = parseAuthorization(request.headers, request.rawQuery);
    if (!parsed.ok) return fail(parseFailureError(parsed.failure, flavor));
    auth = parsed.auth;
  }
  if (flavor === 's3' && auth.presigned && auth.expiresSeconds === undefined) return fail(s3MissingExpires());

  const problems = scopeProblems(auth, options);
  if (problems !== undefined) return fail(scopeError(problems, flavor, auth.presigned));

  const stale = timeError(auth, options);
  if (stale !== undefined) return fail(stale);

  // Over HTTP/2 the AWS SDK v3 signs the :authority pseudo-header in place of Host.
  if (!auth.signedHeaders.includes('host') && !auth.signedHeaders.includes(':authority')) {
    return fail(hostNotSignedError(flavor, auth.presigned));
  }

  let payloadHash: string;
  if (flavor === 's3') {
    const hash = s3PayloadHash(request, auth);
    if (typeof hash !== 'string') return fail(hash);
    payloadHash = hash;
    const unsigned = unsignedAmzHeaders(request, auth);
    if (unsigned.length > 0) return fail(unsignedHeadersError(unsigned));
  } else {
    const claimed = request.headers['x-amz-content-sha256'];
    const hash = request.payloadHash ?? (claimed === undefined ? undefined : headerValue(request.headers, 'x-amz-content-sha256'));
    if (hash === undefined) throw new TypeError('verifySigV4: payloadHash is required for json and query requests');
    payloadHash = hash;
  }

  const secret = options.lookupSecret(auth.accessKeyId);
  if (secret === undefined) return fail(unknownAccessKeyError(flavor, auth.accessKeyId));

  const query = auth.presigned
    ? canonicalQuery(auth.queryPairs ?? [], 'X-Amz-Signature')
    : canonicalQuery(parseQuery(request.rawQuery));
  const creq = canonicalRequest(
    request.method,
    canonicalUri(request.rawPath, flavor),
    query,
    request.headers,
    auth.signedHeaders,
    payloadHash,
  );
  const stringToSign = SIGV4_ALGORITHM + '\n' + auth.amzDate + '\n' + auth.scope + '\n' + sha256Hex(creq);
  const signingKey = keyCache.get(secret, auth.date, auth.region, auth.service);
  const expected = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  if (!signaturesEqual(expected, auth.signature)) {
    return fail(
      signatureMismatchError(flavor, {
        accessKeyId: auth.accessKeyId,
        canonicalRequest: creq,
        stringToSign,
        signatureProvided: auth.signature,
      }),
    );
  }
  return {
    ok: true,
    accessKeyId: auth.accessKeyId,
    region: auth.region,
    service: auth.service,
    signingKey,
    seedSignature: expected,
    amzDate: auth.amzDate,
    scope: auth.scope,
    presigned: auth.presigned,
  };
}
