// Dates as SigV4 writes them: ISO 8601 basic format, `20240101T093000Z`.

function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Milliseconds since the epoch, or undefined when the text is not a real ISO 8601 basic time.
 * Hand-parsed: it runs on every request, and a regex plus a format round trip cost more than the HMAC.
 */
export function parseAmzDate(text: string): number | undefined {
  if (text.length !== 16 || text.charCodeAt(8) !== 0x54 /* T */ || text.charCodeAt(15) !== 0x5a /* Z */) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 4, 6);
  const day = digits(text, 6, 8);
  const hour = digits(text, 9, 11);
  const minute = digits(text, 11, 13);
  const second = digits(text, 13, 15);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return undefined;
  if (minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  if (day > 28 && day > daysInMonth(year, month)) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

export function formatAmzDate(ms: number): string {
  // toISOString: 2024-01-01T09:30:00.000Z → 20240101T093000Z
  const iso = new Date(ms).toISOString();
  return (
    iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + 'T' +
    iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19) + 'Z'
  );
}

/** `2024-01-01T09:30:00Z`, the form S3 uses in `ServerTime` and `Expires`. */
export function formatIsoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

/** An HTTP `Date` header (RFC 7231) converted to ISO 8601 basic, or undefined. */
export function httpDateToAmzDate(text: string): string | undefined {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return undefined;
  return formatAmzDate(ms - (ms % 1000));
}
