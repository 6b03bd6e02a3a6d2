// Reads who signed a request and for which region and service, without checking anything
// that needs a secret. It runs on every request (the edge routes on region and service), so it
// does no hashing and touches the query string only when the header is absent.

import { httpDateToAmzDate, parseAmzDate } from './amzDate.js';
import { parseQuery } from './canonical.js';
import type {
  AuthorizationParseFailure,
  HeaderMap,
  ParseAuthorizationResult,
  ParsedAuthorization,
  QueryPair,
} from './types.js';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
/** SigV4 presigned URLs live at most a week. */
export const MAX_PRESIGNED_EXPIRES_SECONDS = 604_800;

const PRESIGNED_PARAMS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Signature',
  'X-Amz-SignedHeaders',
  'X-Amz-Date',
] as const;

function fail(failure: AuthorizationParseFailure): ParseAuthorizationResult {
  return { ok: false, failure };
}

function firstHeader(headers: HeaderMap, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : value?.[0];
}

function decodeParam(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** `AKID/20240101/us-east-1/kinesis/aws4_request` → its parts, or undefined. */
function splitCredential(credential: string): [string, string, string, string, string] | undefined {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[0] === '') return undefined;
  return parts as [string, string, string, string, string];
}

/** Reads the `Authorization` header or, failing that, the presigned query parameters. */
export function parseAuthorization(headers: HeaderMap, rawQuery: string): ParseAuthorizationResult {
  const header = firstHeader(headers, 'authorization');
  const queryHasAlgorithm = rawQuery.includes('X-Amz-Algorithm=');
  if (header !== undefined && header.trim() !== '') {
    if (queryHasAlgorithm && parseQuery(rawQuery).some((p) => p.name === 'X-Amz-Algorithm')) {
      return fail({ kind: 'bothMechanisms' });
    }
    return parseHeader(header.trim(), headers);
  }
  if (queryHasAlgorithm) {
    const pairs = parseQuery(rawQuery);
    if (pairs.some((p) => p.name === 'X-Amz-Algorithm')) return parsePresigned(pairs);
  }
  // An S3 SigV2 presigned URL: recognisably an attempt, but not one we accept.
  if (rawQuery.includes('AWSAccessKeyId=') && rawQuery.includes('Signature=')) {
    return fail({ kind: 'unsupportedAlgorithm', presigned: true, algorithm: 'AWS' });
  }
  return fail({ kind: 'missing' });
}

function parseHeader(header: string, headers: HeaderMap): ParseAuthorizationResult {
  const space = header.indexOf(' ');
  const algorithm = space < 0 ? header : header.slice(0, space);
  if (!algorithm.startsWith('AWS4-')) {
    return fail({ kind: 'unsupportedAlgorithm', presigned: false, algorithm });
  }

  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  const rest = space < 0 ? '' : header.slice(space + 1);
  for (const piece of rest.split(',')) {
    const component = piece.trim();
    if (component === '') continue;
    const eq = component.indexOf('=');
    if (eq < 0) return fail({ kind: 'malformedComponent', component, header });
    const name = component.slice(0, eq).trim();
    const value = component.slice(eq + 1).trim();
    if (name === 'Credential') credential = value;
    else if (name === 'SignedHeaders') signedHeaders = value;
    else if (name === 'Signature') signature = value;
  }

  const amzDateHeader = firstHeader(headers, 'x-amz-date');
  const dateHeader = firstHeader(headers, 'date');
  const rawDate = amzDateHeader ?? dateHeader;
  const missing: string[] = [];
  if (!credential) missing.push('Credential');
  if (!signature) missing.push('Signature');
  if (signedHeaders === undefined) missing.push('SignedHeaders');
  if (missing.length > 0 || rawDate === undefined) {
    return fail({ kind: 'missingComponents', presigned: false, missing, missingDate: rawDate === undefined, header });
  }

  const amzDate = amzDateHeader !== undefined
    ? (parseAmzDate(amzDateHeader) === undefined ? undefined : amzDateHeader)
    : httpDateToAmzDate(rawDate);
  if (amzDate === undefined) return fail({ kind: 'malformedDate', presigned: false, value: rawDate });

  if (algorithm !== SIGV4_ALGORITHM) return fail({ kind: 'unsupportedAlgorithm', presigned: false, algorithm });

  const parts = splitCredential(credential!);
  if (parts === undefined) return fail({ kind: 'malformedCredential', presigned: false, credential: credential! });

  return {
    ok: true,
    auth: authFrom(parts, signedHeaders!, signature!, false, amzDate, rawDate),
  };
}

function parsePresigned(pairs: readonly QueryPair[]): ParseAuthorizationResult {
  const values = new Map<string, string>();
  let expiresRaw: string | undefined;
  for (const { name, value } of pairs) {
    if (name === 'X-Amz-Expires') expiresRaw = decodeParam(value);
    else if (name.startsWith('X-Amz-') && !values.has(name)) values.set(name, decodeParam(value));
  }
  const missing = PRESIGNED_PARAMS.filter((p) => !values.get(p));
  if (missing.length > 0) return fail({ kind: 'missingComponents', presigned: true, missing, missingDate: false });

  const algorithm = values.get('X-Amz-Algorithm')!;
  if (algorithm !== SIGV4_ALGORITHM) return fail({ kind: 'unsupportedAlgorithm', presigned: true, algorithm });

  const rawDate = values.get('X-Amz-Date')!;
  if (parseAmzDate(rawDate) === undefined) return fail({ kind: 'malformedDate', presigned: true, value: rawDate });

  const credential = values.get('X-Amz-Credential')!;
  const parts = splitCredential(credential);
  if (parts === undefined) return fail({ kind: 'malformedCredential', presigned: true, credential });

  let expiresSeconds: number | undefined;
  if (expiresRaw !== undefined) {
    if (/^-\d+$/.test(expiresRaw)) return fail({ kind: 'malformedExpires', value: expiresRaw, reason: 'negative' });
    if (!/^\d+$/.test(expiresRaw)) return fail({ kind: 'malformedExpires', value: expiresRaw, reason: 'notANumber' });
    expiresSeconds = Number(expiresRaw);
    if (expiresSeconds > MAX_PRESIGNED_EXPIRES_SECONDS) {
      return fail({ kind: 'malformedExpires', value: expiresRaw, reason: 'tooLarge' });
    }
  }

  const auth = authFrom(
    parts,
    values.get('X-Amz-SignedHeaders')!,
    values.get('X-Amz-Signature')!,
    true,
    rawDate,
    rawDate,
  );
  return { ok: true, auth: { ...auth, expiresSeconds, queryPairs: pairs } };
}

function authFrom(
  [accessKeyId, date, region, service, terminator]: [string, string, string, string, string],
  signedHeaders: string,
  signature: string,
  presigned: boolean,
  amzDate: string,
  rawDate: string,
): ParsedAuthorization {
  return {
    accessKeyId,
    date,
    region,
    service,
    terminator,
    scope: `${date}/${region}/${service}/${terminator}`,
    signedHeaders: signedHeaders === '' ? [] : signedHeaders.toLowerCase().split(';'),
    signature,
    presigned,
    amzDate,
    rawDate,
  };
}
