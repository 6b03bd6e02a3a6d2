/**
 * Timestamps as Firehose's Hive JSON SerDe reads them (Hive's TimestampParser): each of the
 * TimestampFormats is tried in order, and the first that reads the whole text gives the
 * instant — a Joda-Time DateTimeFormat pattern, or `millis` (any case) for epoch
 * milliseconds. When none reads the whole text, or there are no formats, the text is read
 * as java.sql.Timestamp.valueOf reads it: `yyyy-[m]m-[d]d hh:mm:ss[.f…]`. Times without a
 * zone are UTC.
 *
 * The result is the canonical text `YYYY-MM-DD HH:MM:SS.ffffff` that the converters hand to
 * DuckDB (microseconds; Joda keeps milliseconds), or undefined when the text is not a
 * timestamp in years 1..9999.
 */
import { JodaFieldError, JodaPatternError, compileJodaPattern, daysFromCivil, resolveJodaFields } from './jodaPattern.js';

/** Reads a value's text as a timestamp column: canonical text, or undefined when it does not parse. */
export type TimestampReader = (text: string) => string | undefined;

/** One of the TimestampFormats: how far it reads the text, and the instant it read (may throw JodaFieldError). */
interface FormatParser {
  parse(text: string): { end: number; millis(): number } | undefined;
}

const DAY_MS = 86_400_000;

/** Compiles TimestampFormats; throws JodaPatternError for a pattern that cannot be used. */
export function compileHiveTimestampReader(formats: readonly string[]): TimestampReader {
  const parsers = formats.map((format): FormatParser => (format.toLowerCase() === 'millis' ? MILLIS : jodaFormat(format)));
  return (text) => {
    try {
      const millis = parseWithFormats(parsers, text);
      return millis === undefined ? parseJavaSqlTimestamp(text) : canonicalFromEpoch(millis, 0);
    } catch (err) {
      if (err instanceof JodaFieldError) return undefined;
      throw err;
    }
  };
}

/** Why TimestampFormats cannot be used, or undefined when every format compiles. */
export function timestampFormatsProblem(formats: readonly string[]): string | undefined {
  for (const format of formats) {
    if (format.toLowerCase() === 'millis') continue;
    try {
      compileJodaPattern(format);
    } catch (err) {
      if (err instanceof JodaPatternError) return `TimestampFormats '${format}' is not a usable Joda-Time pattern: ${err.message}.`;
      throw err;
    }
  }
  return undefined;
}

/**
 * Epoch milliseconds by the first format that reads all of `text` (Joda's MatchingParser),
 * or undefined when none does. Joda resolves the fields of the longest partial reading too,
 * so an impossible date there is an error (JodaFieldError) rather than a fallback.
 */
function parseWithFormats(parsers: readonly FormatParser[], text: string): number | undefined {
  let partial: { end: number; millis(): number } | undefined;
  for (const parser of parsers) {
    const reading = parser.parse(text);
    if (reading === undefined) continue;
    if (reading.end === text.length) return reading.millis();
    if (reading.end > (partial?.end ?? 0)) partial = reading;
  }
  partial?.millis();
  return undefined;
}

function jodaFormat(pattern: string): FormatParser {
  const parser = compileJodaPattern(pattern);
  return {
    parse(text) {
      const reading = parser.parse(text);
      return reading && { end: reading.end, millis: () => resolveJodaFields(reading.fields) };
    },
  };
}

/** Hive's `millis` format: an optionally signed integer of epoch milliseconds, and nothing else. */
const MILLIS: FormatParser = {
  parse(text) {
    if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
    const value = BigInt(text);
    // Long.parseLong throws beyond a long; far short of that the year is out of range anyway.
    if (value > 9223372036854775807n || value < -9223372036854775808n) throw new JodaFieldError(`${text} does not fit a long`);
    const millis = value > 10n ** 16n ? Infinity : value < -(10n ** 16n) ? -Infinity : Number(value);
    return { end: text.length, millis: () => millis };
  },
};

/**
 * java.sql.Timestamp.valueOf: the text trimmed, a date of a four-character year and one- or
 * two-character month and day, a space, hours:minutes:seconds and up to nine fraction digits.
 * Like Java it rolls over (25:00:00 is the next day's 01:00, 31 February is in March) but
 * checks month ≤ 12 and day ≤ 31. The proleptic Gregorian calendar is used throughout (Java
 * switches to the Julian calendar before 1582-10-15).
 */
export function parseJavaSqlTimestamp(input: string): string | undefined {
  const text = javaTrim(input);
  const space = text.indexOf(' ');
  if (space <= 0) return undefined;
  const date = text.slice(0, space).split('-');
  if (date.length !== 3) return undefined;
  const [yyyy, mm, dd] = date as [string, string, string];
  if (yyyy.length !== 4 || mm.length < 1 || mm.length > 2 || dd.length < 1 || dd.length > 2) return undefined;
  const year = javaInt(yyyy);
  const month = javaInt(mm);
  const day = javaInt(dd);
  if (year === undefined || month === undefined || day === undefined) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;

  const time = text.slice(space + 1);
  const firstColon = time.indexOf(':');
  const secondColon = time.indexOf(':', firstColon + 1);
  if (firstColon <= 0 || secondColon <= 0 || secondColon >= time.length - 1) return undefined;
  const period = time.indexOf('.', secondColon + 1);
  const hour = javaInt(time.slice(0, firstColon));
  const minute = javaInt(time.slice(firstColon + 1, secondColon));
  const second = javaInt(time.slice(secondColon + 1, period > 0 ? period : undefined));
  if (hour === undefined || minute === undefined || second === undefined) return undefined;
  let nanos = 0;
  if (period > 0) {
    const fraction = time.slice(period + 1);
    if (!/^[0-9]{1,9}$/.test(fraction)) return undefined;
    nanos = Number(fraction.padEnd(9, '0'));
  }
  const millis =
    (daysFromCivil(year, month, 1) + day - 1) * DAY_MS + hour * 3_600_000 + minute * 60_000 + second * 1000 + Math.floor(nanos / 1e6);
  return canonicalFromEpoch(millis, Math.floor(nanos / 1000) % 1000);
}

/** Java's String.trim: drops characters up to U+0020 at both ends. */
function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return text.slice(start, end);
}

/** Integer.parseInt: an optional sign and ASCII digits, within an int. */
function javaInt(text: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const value = Number(text);
  return value > 2147483647 || value < -2147483648 ? undefined : value;
}

/** `YYYY-MM-DD HH:MM:SS.ffffff` (UTC) for an instant, or undefined outside years 1..9999. */
function canonicalFromEpoch(millis: number, microsOfMilli: number): string | undefined {
  if (!Number.isFinite(millis) || Math.abs(millis) > 8.64e15) return undefined;
  const d = new Date(millis);
  const year = d.getUTCFullYear();
  if (year < 1 || year > 9999) return undefined;
  const micros = d.getUTCMilliseconds() * 1000 + microsOfMilli;
  return (
    `${pad(year, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ` +
    `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(micros, 6)}`
  );
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
