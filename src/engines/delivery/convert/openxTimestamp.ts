/**
 * Timestamps as Firehose's OpenX JSON SerDe reads them. Exactly these forms are accepted:
 *
 *   yyyy-MM-dd'T'HH:mm:ss[.S]'Z'   fraction up to 9 digits, UTC    2017-02-07T15:13:01.39256Z
 *   yyyy-[M]M-[d]d HH:mm:ss[.S]    fraction up to 9 digits         2017-02-07 15:13:01.14
 *   epoch seconds                  an integer of up to 12 chars    1518033528
 *   epoch milliseconds             an integer of 13 chars or more  1518033528123
 *   floating-point epoch seconds   a number with a '.'             1518033528.123
 *
 * Seconds and milliseconds are told apart by length, as the OpenX SerDe does: an integer
 * spelled with 13 or more characters (the length of "1454612111000") is milliseconds.
 * Floating-point seconds keep millisecond precision, truncated (the SerDe multiplies by 1000
 * and casts to long). The result is the canonical text `YYYY-MM-DD HH:MM:SS.ffffff` (UTC,
 * microseconds: Parquet INT64 TIMESTAMP_MICROS; nanosecond digits are truncated), or
 * undefined when the text is none of the forms or not a real instant in years 1..9999.
 */
export function parseOpenXTimestamp(text: string): string | undefined {
  const fast = isoUtcFast(text);
  if (fast !== null) return fast;
  const iso = ISO_UTC.exec(text) ?? SPACED.exec(text);
  if (iso) {
    const [, year, month, day, hour, minute, second, fraction = ''] = iso;
    return canonical(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second), fraction);
  }
  if (INTEGER.test(text)) {
    const value = Number(text);
    return fromEpochMillis(text.length >= MILLIS_LENGTH ? value : value * 1000);
  }
  if (text.includes('.') && DECIMAL.test(text)) {
    return fromEpochMillis(Math.trunc(Number(text) * 1000));
  }
  return undefined;
}

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;
const SPACED = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
const INTEGER = /^[+-]?\d+$/;
/** What Java's Double.parseDouble takes for a plain decimal (no hex, no NaN). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?$/;
const MILLIS_LENGTH = '1454612111000'.length;

/**
 * The common `yyyy-MM-ddTHH:mm:ss[.S]Z` read by character codes (no regex, no number
 * formatting): the answer, or null when the text is not in that shape.
 */
function isoUtcFast(text: string): string | undefined | null {
  const length = text.length;
  if (length < 20 || length > 30 || text.charCodeAt(length - 1) !== 0x5a /* Z */) return null;
  if (text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d || text.charCodeAt(10) !== 0x54) return null;
  if (text.charCodeAt(13) !== 0x3a || text.charCodeAt(16) !== 0x3a) return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return null;
  let micros = '000000';
  if (length > 20) {
    if (text.charCodeAt(19) !== 0x2e /* . */ || length === 21 || digits(text, 20, length - 21) < 0) return null;
    micros = length - 21 >= 6 ? text.slice(20, 26) : text.slice(20, length - 1).padEnd(6, '0');
  } else if (text.charCodeAt(19) !== 0x5a) return null;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return `${text.slice(0, 10)} ${text.slice(11, 19)}.${micros}`;
}

/** The value of `count` ASCII digits at `start`, or -1 if any is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Milliseconds since the epoch as canonical text. */
function fromEpochMillis(millis: number): string | undefined {
  if (!Number.isSafeInteger(millis)) return undefined;
  const date = new Date(millis);
  if (Number.isNaN(date.getTime())) return undefined;
  const fraction = String(date.getUTCMilliseconds() * 1000).padStart(6, '0');
  return canonical(
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    fraction,
  );
}

function canonical(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  fraction: string,
): string | undefined {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const micros = fraction.slice(0, 6).padEnd(6, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)} ${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${micros}`;
}

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
