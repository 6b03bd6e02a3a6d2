// Authentication failures in the words AWS uses, per flavor. Sources: dynalite's and kinesalite's
// recordings of live DynamoDB/Kinesis answers, AWS's Common Errors pages, S3's error list and
// error bodies quoted in SDK issues. Messages not confirmed from a source are listed in
// src/aws/wire/sigv4/README.md.

import { formatAmzDate, formatIsoSeconds } from './amzDate.js';
import { MAX_PRESIGNED_EXPIRES_SECONDS, SIGV4_ALGORITHM } from './parseAuthorization.js';
import type { AuthorizationParseFailure, AwsAuthError, SigV4Flavor } from './types.js';

function error(code: string, message: string, httpStatus: number, fields?: Record<string, string>): AwsAuthError {
  return fields === undefined ? { code, message, httpStatus } : { code, message, httpStatus, fields };
}

/** The codes of the JSON-speaking (coral) services and of the awsQuery ones. */
interface RpcCodes {
  readonly missing: AwsAuthError;
  readonly incomplete: string;
  readonly incompleteStatus: number;
  readonly invalid: string;
  readonly invalidStatus: number;
  readonly unknownKey: string;
  readonly unknownKeyStatus: number;
}

const JSON_CODES: RpcCodes = {
  missing: error('MissingAuthenticationTokenException', 'Missing Authentication Token', 400),
  incomplete: 'IncompleteSignatureException',
  incompleteStatus: 400,
  invalid: 'InvalidSignatureException',
  invalidStatus: 400,
  unknownKey: 'UnrecognizedClientException',
  unknownKeyStatus: 400,
};

const QUERY_CODES: RpcCodes = {
  missing: error('MissingAuthenticationToken', 'Request is missing Authentication Token', 403),
  incomplete: 'IncompleteSignature',
  incompleteStatus: 400,
  invalid: 'SignatureDoesNotMatch',
  invalidStatus: 403,
  unknownKey: 'InvalidClientTokenId',
  unknownKeyStatus: 403,
};

function rpc(flavor: 'json' | 'query'): RpcCodes {
  return flavor === 'json' ? JSON_CODES : QUERY_CODES;
}

function incomplete(flavor: 'json' | 'query', message: string): AwsAuthError {
  const c = rpc(flavor);
  return error(c.incomplete, message, c.incompleteStatus);
}

function invalid(flavor: 'json' | 'query', message: string): AwsAuthError {
  const c = rpc(flavor);
  return error(c.invalid, message, c.invalidStatus);
}

const S3_HEADER_MALFORMED = 'The authorization header is malformed; ';
const S3_CREDENTIAL_PARAM = 'Error parsing the X-Amz-Credential parameter; ';
const S3_THREE_COMPONENTS =
  'the authorization header requires three components: Credential, SignedHeaders, and Signature.';
const S3_MISSING_QUERY_PARAMS =
  'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, ' +
  'X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.';
const S3_NEEDS_DATE = 'AWS authentication requires a valid Date or x-amz-date header';
const S3_CREDENTIAL_FORMAT =
  'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".';

function s3Malformed(presigned: boolean, detail: string): AwsAuthError {
  return presigned
    ? error('AuthorizationQueryParametersError', S3_CREDENTIAL_PARAM + detail, 400)
    : error('AuthorizationHeaderMalformed', S3_HEADER_MALFORMED + detail, 400);
}

function s3QueryParams(message: string): AwsAuthError {
  return error('AuthorizationQueryParametersError', message, 400);
}

const S3_UNSUPPORTED_MECHANISM = error(
  'InvalidRequest',
  `The authorization mechanism you have provided is not supported. Please use ${SIGV4_ALGORITHM}.`,
  400,
);

function expiresMessage(reason: 'notANumber' | 'negative' | 'tooLarge'): string {
  switch (reason) {
    case 'notANumber':
      return 'X-Amz-Expires should be a number';
    case 'negative':
      return 'X-Amz-Expires must be non-negative';
    case 'tooLarge':
      return (
        'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires ' +
        `must be less than ${MAX_PRESIGNED_EXPIRES_SECONDS} seconds`
      );
  }
}

/** The AWS error for an Authorization header or presigned query that could not be read. */
export function parseFailureError(failure: AuthorizationParseFailure, flavor: SigV4Flavor): AwsAuthError {
  return flavor === 's3' ? s3ParseFailure(failure) : rpcParseFailure(failure, flavor);
}

function rpcParseFailure(failure: AuthorizationParseFailure, flavor: 'json' | 'query'): AwsAuthError {
  switch (failure.kind) {
    case 'missing':
      return rpc(flavor).missing;
    case 'bothMechanisms':
      return invalid(flavor, "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
    case 'missingComponents': {
      if (failure.presigned) {
        const parts = failure.missing.map((p) => `AWS query-string parameters must include '${p}'. `);
        return incomplete(flavor, parts.join('') + 'Re-examine the query-string parameters.');
      }
      let message = failure.missing.map((p) => `Authorization header requires '${p}' parameter. `).join('');
      if (failure.missingDate) {
        message += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
      }
      return incomplete(flavor, message + 'Authorization=' + (failure.header ?? ''));
    }
    case 'malformedComponent':
      return incomplete(
        flavor,
        `'${failure.component}' not a valid key=value pair (missing equal-sign) in Authorization header: '${failure.header}'.`,
      );
    case 'unsupportedAlgorithm':
      // Anything that is not an AWS4 signature at all reads as no token (DynamoDB/Kinesis do so).
      if (!failure.presigned && !failure.algorithm.startsWith('AWS4-')) return rpc(flavor).missing;
      return incomplete(
        flavor,
        `Unsupported AWS 'algorithm': '${failure.algorithm}' (only ${SIGV4_ALGORITHM} for now).`,
      );
    case 'malformedCredential':
      return incomplete(
        flavor,
        'Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, ' +
          `got '${failure.credential}'`,
      );
    case 'malformedDate':
      return incomplete(
        flavor,
        `Date must be in ISO-8601 'basic format'. Got '${failure.value}'. See http://en.wikipedia.org/wiki/ISO_8601`,
      );
    case 'malformedExpires':
      return incomplete(flavor, expiresMessage(failure.reason));
  }
}

function s3ParseFailure(failure: AuthorizationParseFailure): AwsAuthError {
  switch (failure.kind) {
    case 'missing':
      return error('AccessDenied', 'Access Denied', 403);
    case 'bothMechanisms':
      return error(
        'InvalidArgument',
        'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query ' +
          'string parameter or the Authorization header should be specified',
        400,
        { ArgumentName: 'Authorization' },
      );
    case 'missingComponents':
      if (failure.presigned) return s3QueryParams(S3_MISSING_QUERY_PARAMS);
      if (failure.missing.length > 0) {
        return error('AuthorizationHeaderMalformed', S3_HEADER_MALFORMED + S3_THREE_COMPONENTS, 400);
      }
      return error('AccessDenied', S3_NEEDS_DATE, 403);
    case 'malformedComponent':
      return error('AuthorizationHeaderMalformed', S3_HEADER_MALFORMED + S3_THREE_COMPONENTS, 400);
    case 'unsupportedAlgorithm':
      if (failure.presigned && failure.algorithm !== 'AWS') {
        return s3QueryParams(`X-Amz-Algorithm only supports "${SIGV4_ALGORITHM}"`);
      }
      return S3_UNSUPPORTED_MECHANISM;
    case 'malformedCredential':
      return s3Malformed(failure.presigned, S3_CREDENTIAL_FORMAT);
    case 'malformedDate':
      return failure.presigned
        ? s3QueryParams(`X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`)
        : error('AccessDenied', S3_NEEDS_DATE, 403);
    case 'malformedExpires':
      return s3QueryParams(expiresMessage(failure.reason));
  }
}

/** S3 presigned URLs must say how long they live. */
export function s3MissingExpires(): AwsAuthError {
  return s3QueryParams(S3_MISSING_QUERY_PARAMS);
}

/** What is wrong with the credential scope; each field is set only when that part is wrong. */
export interface ScopeProblems {
  readonly region?: { readonly got: string; readonly expected: string };
  readonly service?: { readonly got: string; readonly expected: string };
  readonly terminator?: string;
  readonly date?: { readonly scopeDate: string; readonly amzDate: string };
}

export function scopeError(problems: ScopeProblems, flavor: SigV4Flavor, presigned: boolean): AwsAuthError {
  if (flavor !== 's3') {
    const parts: string[] = [];
    if (problems.region) parts.push(`Credential should be scoped to a valid region, not '${problems.region.got}'.`);
    if (problems.service) parts.push(`Credential should be scoped to correct service: '${problems.service.expected}'.`);
    if (problems.terminator !== undefined) {
      parts.push(`Credential should be scoped with a valid terminator: 'aws4_request', not '${problems.terminator}'.`);
    }
    if (problems.date) {
      const { scopeDate, amzDate } = problems.date;
      parts.push(
        'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ' +
          `'${scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
      );
    }
    return invalid(flavor, parts.join(' '));
  }
  // S3 reports one problem at a time.
  if (problems.region) {
    const e = s3Malformed(
      presigned,
      `the region '${problems.region.got}' is wrong; expecting '${problems.region.expected}'`,
    );
    return { ...e, fields: { Region: problems.region.expected } };
  }
  if (problems.service) {
    return s3Malformed(
      presigned,
      `incorrect service "${problems.service.got}". This endpoint belongs to "${problems.service.expected}".`,
    );
  }
  if (problems.terminator !== undefined) {
    return s3Malformed(presigned, `incorrect terminal "${problems.terminator}". This endpoint uses "aws4_request".`);
  }
  return s3Malformed(presigned, 'Invalid credential date. Date is not the same as X-Amz-Date.');
}

export function hostNotSignedError(flavor: SigV4Flavor, presigned: boolean): AwsAuthError {
  const message = "'Host' must be a 'SignedHeader' in the AWS Authorization.";
  if (flavor !== 's3') return invalid(flavor, message);
  return presigned ? s3QueryParams(message) : error('AuthorizationHeaderMalformed', S3_HEADER_MALFORMED + message, 400);
}

export function unknownAccessKeyError(flavor: SigV4Flavor, accessKeyId: string): AwsAuthError {
  if (flavor === 's3') {
    return error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403, {
      AWSAccessKeyId: accessKeyId,
    });
  }
  const c = rpc(flavor);
  return error(c.unknownKey, 'The security token included in the request is invalid.', c.unknownKeyStatus);
}

function describeWindow(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min.` : `${Math.round(ms / 1000)} sec.`;
}

/** Header auth whose time is too far from the server's. */
export function clockSkewError(
  flavor: SigV4Flavor,
  amzDate: string,
  rawDate: string,
  requestMs: number,
  nowMs: number,
  maxSkewMs: number,
): AwsAuthError {
  if (flavor === 's3') {
    return error('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', 403, {
      RequestTime: rawDate,
      ServerTime: formatIsoSeconds(nowMs),
      MaxAllowedSkewMilliseconds: String(maxSkewMs),
    });
  }
  const now = formatAmzDate(nowMs);
  const window = describeWindow(maxSkewMs);
  if (requestMs < nowMs) {
    return invalid(
      flavor,
      `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(nowMs - maxSkewMs)} (${now} - ${window})`,
    );
  }
  return invalid(
    flavor,
    `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(nowMs + maxSkewMs)} (${now} + ${window})`,
  );
}

/** A presigned request used after `X-Amz-Date + X-Amz-Expires`. */
export function presignedExpiredError(
  flavor: SigV4Flavor,
  amzDate: string,
  requestMs: number,
  expiresSeconds: number,
  nowMs: number,
): AwsAuthError {
  const expiresMs = requestMs + expiresSeconds * 1000;
  if (flavor === 's3') {
    return error('AccessDenied', 'Request has expired', 403, {
      'X-Amz-Expires': String(expiresSeconds),
      Expires: formatIsoSeconds(expiresMs),
      ServerTime: formatIsoSeconds(nowMs),
    });
  }
  const windowMs = expiresSeconds * 1000;
  return invalid(
    flavor,
    `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(nowMs - windowMs)} ` +
      `(${formatAmzDate(nowMs)} - ${describeWindow(windowMs)})`,
  );
}

/** A presigned request whose `X-Amz-Date` lies in the future. */
export function presignedNotYetValidError(
  flavor: SigV4Flavor,
  amzDate: string,
  requestMs: number,
  expiresSeconds: number,
  nowMs: number,
  maxSkewMs: number,
): AwsAuthError {
  if (flavor === 's3') {
    // S3 prints X-Amz-Date here as epoch milliseconds (seen in its error bodies).
    return error('AccessDenied', 'Request is not yet valid', 403, {
      'X-Amz-Date': String(requestMs),
      Expires: formatIsoSeconds(requestMs + expiresSeconds * 1000),
      ServerTime: formatIsoSeconds(nowMs),
    });
  }
  return clockSkewError(flavor, amzDate, amzDate, requestMs, nowMs, maxSkewMs);
}

function spacedHex(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (i === 0 ? '' : ' ') + bytes[i]!.toString(16).padStart(2, '0');
  return out;
}

export interface MismatchDetails {
  readonly accessKeyId: string;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly signatureProvided: string;
}

/** The signature differs from ours; the message shows what we signed, as AWS does. */
export function signatureMismatchError(flavor: SigV4Flavor, d: MismatchDetails): AwsAuthError {
  if (flavor === 's3') {
    return error(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      403,
      {
        AWSAccessKeyId: d.accessKeyId,
        StringToSign: d.stringToSign,
        SignatureProvided: d.signatureProvided,
        StringToSignBytes: spacedHex(d.stringToSign),
        CanonicalRequest: d.canonicalRequest,
        CanonicalRequestBytes: spacedHex(d.canonicalRequest),
      },
    );
  }
  return invalid(
    flavor,
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret ' +
      'Access Key and signing method. Consult the service documentation for details.\n\n' +
      `The Canonical String for this request should have been\n'${d.canonicalRequest}'\n\n` +
      `The String-to-Sign should have been\n'${d.stringToSign}'\n`,
  );
}

/** S3: header auth without `x-amz-content-sha256`. */
export function missingContentSha256Error(): AwsAuthError {
  return error('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256', 400);
}

/** S3: an `x-amz-content-sha256` that is neither a digest nor a known literal. */
export function invalidContentSha256Error(value: string): AwsAuthError {
  return error(
    'InvalidArgument',
    'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, ' +
      'STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, ' +
      'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
    400,
    { ArgumentName: 'x-amz-content-sha256', ArgumentValue: value },
  );
}

/** S3: the body's digest differs from the `x-amz-content-sha256` the client signed. */
export function contentSha256MismatchError(clientHash: string, computedHash: string): AwsAuthError {
  return error('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400, {
    ClientComputedContentSHA256: clientHash,
    S3ComputedContentSHA256: computedHash,
  });
}

/** S3: `x-amz-*` headers that the signature does not cover. */
export function unsignedHeadersError(names: readonly string[]): AwsAuthError {
  return error('AccessDenied', 'There were headers present in the request which were not signed', 403, {
    HeadersNotSigned: names.join(', '),
  });
}

/** S3: an aws-chunked chunk or trailer whose signature does not chain. */
export function chunkSignatureMismatchError(): AwsAuthError {
  return error(
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    403,
  );
}

/** S3: the body ended early, or decoded to another length than announced. */
export function incompleteBodyError(): AwsAuthError {
  return error('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.', 400);
}

/** S3: aws-chunked framing we cannot read. */
export function malformedChunkError(detail: string): AwsAuthError {
  return error('InvalidRequest', `Malformed aws-chunked body: ${detail}`, 400);
}
