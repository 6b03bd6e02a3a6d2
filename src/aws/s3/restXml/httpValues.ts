/** How rest-xml writes scalar values in headers and XML, and reads them back. */

/** RFC 1123 (`Tue, 01 Oct 2024 12:00:00 GMT`): Last-Modified and other date headers. */
export function httpDate(date: Date): string {
  return date.toUTCString();
}

/** ISO 8601 with milliseconds, as S3 writes timestamps in XML. */
export function xmlTimestamp(date: Date): string {
  return date.toISOString();
}

/** A date header or query value (RFC 1123, RFC 850, asctime or ISO 8601); undefined when unreadable. */
export function parseDateValue(text: string): Date | undefined {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

const HEADER_SAFE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Header values must be Latin-1 without control characters. Anything else (user metadata
 * with other Unicode, a newline) is sent as an RFC 2047 encoded word, as S3 does.
 */
export function headerSafe(value: string): string {
  return HEADER_SAFE.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

/** `"abc"`: S3 quotes entity tags on the wire. */
export function quoteEtag(etag: string): string {
  return `"${etag}"`;
}
