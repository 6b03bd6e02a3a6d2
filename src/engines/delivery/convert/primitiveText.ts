/**
 * Reading primitive values from the text the OpenX JSON SerDe hands its column readers.
 * The SerDe keeps JSON numbers as their text, so `"123"` and `123` read alike, and each
 * column type parses that text the way Java does (Integer.parseInt, Double.parseDouble,
 * BigDecimal, java.sql.Date.valueOf).
 */
import { daysInMonth } from './openxTimestamp.js';

/** Integer ranges of Hive's integral types. */
export const INTEGER_RANGES = {
  tinyint: [-128n, 127n],
  smallint: [-32768n, 32767n],
  int: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
} as const;

/**
 * An integral value as Java parses it (optional sign, ASCII digits, or `0x`/`0X` then hex
 * digits), within [min, max]; undefined otherwise (blank, fraction, exponent, overflow).
 */
export function parseJavaInteger(text: string, min: bigint, max: bigint): bigint | undefined {
  let value: bigint;
  if (text.startsWith('0x') || text.startsWith('0X')) {
    const hex = /^([+-]?)([0-9a-fA-F]+)$/.exec(text.slice(2));
    if (!hex) return undefined;
    value = BigInt(`0x${hex[2]}`) * (hex[1] === '-' ? -1n : 1n);
  } else {
    if (!/^[+-]?\d+$/.test(text)) return undefined;
    value = BigInt(text);
  }
  return value < min || value > max ? undefined : value;
}

/**
 * A floating-point value as Java's Double.parseDouble reads it: surrounding whitespace,
 * a sign, `NaN`, `Infinity`, decimals with an exponent and an optional f/F/d/D suffix.
 * Hexadecimal floating-point literals are not accepted.
 */
export function parseJavaDouble(text: string): number | undefined {
  const trimmed = text.trim();
  const match = /^([+-]?)(?:(NaN)|(Infinity)|((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)[fFdD]?)$/.exec(trimmed);
  if (!match) return undefined;
  const [, sign, nan, infinity, decimal] = match;
  if (nan) return NaN;
  const magnitude = infinity ? Infinity : Number(decimal);
  return sign === '-' ? -magnitude : magnitude;
}

/** A double as text DuckDB reads back exactly: JSON numbers, or strings for the non-finite ones. */
export function doubleJson(value: number): string {
  if (Number.isFinite(value)) return Object.is(value, -0) ? '-0.0' : String(value);
  return Number.isNaN(value) ? '"NaN"' : value > 0 ? '"Infinity"' : '"-Infinity"';
}

/** Outcome of reading a decimal: its canonical text, or why not. */
export type DecimalReading = { ok: true; text: string } | { ok: false; reason: 'not-a-number' | 'overflow' };

/**
 * A decimal as Hive stores it in decimal(precision, scale): parsed like Java's BigDecimal
 * (sign, digits, optional fraction and exponent), rounded half-up to `scale` digits; a value
 * whose integer part needs more than precision - scale digits does not fit.
 */
export function readDecimal(text: string, precision: number, scale: number): DecimalReading {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return { ok: false, reason: 'not-a-number' };
  const [, sign, whole = '', fraction = '', exponentText = '0'] = match;
  const exponent = Number(exponentText);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 10_000) return { ok: false, reason: 'overflow' };

  // All digits, and where the decimal point falls in them.
  let digits = whole + fraction;
  let point = whole.length + exponent;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);

  let integerPart = digits.slice(0, point);
  let fractionPart = digits.slice(point);
  if (fractionPart.length > scale) {
    const roundUp = fractionPart.charCodeAt(scale) >= 0x35; // '5'
    fractionPart = fractionPart.slice(0, scale);
    if (roundUp) [integerPart, fractionPart] = incrementDigits(integerPart, fractionPart);
  } else {
    fractionPart = fractionPart.padEnd(scale, '0');
  }
  integerPart = integerPart.replace(/^0+/, '');
  if (integerPart.length > precision - scale) return { ok: false, reason: 'overflow' };
  const isZero = /^0*$/.test(integerPart + fractionPart);
  const body = `${integerPart || '0'}${scale > 0 ? `.${fractionPart}` : ''}`;
  return { ok: true, text: sign === '-' && !isZero ? `-${body}` : body };
}

/** Adds one unit in the last place of integer.fraction (both digit strings). */
function incrementDigits(integerPart: string, fractionPart: string): [string, string] {
  const all = (integerPart + fractionPart).split('');
  let i = all.length - 1;
  while (i >= 0 && all[i] === '9') all[i--] = '0';
  if (i >= 0) all[i] = String(Number(all[i]) + 1);
  else all.unshift('1');
  const joined = all.join('');
  const split = joined.length - fractionPart.length;
  return [joined.slice(0, split), joined.slice(split)];
}

/** A date as java.sql.Date.valueOf reads it (`yyyy-[m]m-[d]d`), canonical `YYYY-MM-DD`. */
export function readDate(text: string): string | undefined {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${match[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** At most `length` characters (code points), as Hive's varchar(n) and char(n) keep. */
export function truncateCodePoints(text: string, length: number): string {
  if (text.length <= length) return text;
  let end = 0;
  for (let count = 0; count < length && end < text.length; count++) {
    end += (text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1;
  }
  return text.slice(0, end);
}
