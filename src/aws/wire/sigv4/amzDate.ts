// Dates as SigV4 writes them: ISO 8601 basic format, `20240101T093000Z`.

const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Milliseconds since the epoch, or undefined when the text is not a real ISO 8601 basic time. */
export function parseAmzDate(text: string): number | undefined {
  const m = ISO_BASIC.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number, number, number, number, number, number,
  ];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 20240230 over to March; a round trip catches such non-dates.
  return formatAmzDate(ms) === text ? ms : undefined;
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
