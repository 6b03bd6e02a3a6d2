/**
 * Java `DateTimeFormatter.ofPattern` patterns, for formatting only, as Firehose evaluates
 * `!{timestamp:<pattern>}`. Text is English (Firehose's JVM formats with an English locale;
 * week fields follow the US rules: weeks start on Sunday, week 1 holds January 1st).
 *
 * Supported letters: G u y Y Q q M L w W D d F E e c a h K k H m s S A n N V X x Z O,
 * quoted literals ('' is a quote), optional sections [ ] (always printed: every field is
 * available), any other non-letter printed as is. Error messages follow Java's
 * IllegalArgumentException texts where a pattern is invalid in Java too.
 */

import type { ZonedFields } from './zonedTime.js';

export interface DatePattern {
  readonly pattern: string;
  format(fields: ZonedFields): string;
}

export type DatePatternResult =
  | { readonly ok: true; readonly pattern: DatePattern }
  | { readonly ok: false; readonly error: string };

type Printer = (f: ZonedFields) => string;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']; // ISO order
const QUARTERS = ['1st quarter', '2nd quarter', '3rd quarter', '4th quarter'];

// Valid Java letters we do not print (locale zone names, padding, day periods).
const UNSUPPORTED = new Set(['z', 'v', 'p', 'B', 'g']);

class PatternError extends Error {}

function pad(value: number, width: number): string {
  const digits = String(Math.abs(value));
  const padded = digits.length >= width ? digits : '0'.repeat(width - digits.length) + digits;
  return value < 0 ? `-${padded}` : padded;
}

/** Java SignStyle.EXCEEDS_PAD: a '+' when a positive value needs more digits than the pad width. */
function padExceeds(value: number, width: number): string {
  const text = pad(value, width);
  return value >= 0 && String(value).length > width ? `+${text}` : text;
}

function text(full: string, count: number): string {
  if (count <= 3) return full.slice(0, 3);
  if (count === 4) return full;
  return full.slice(0, 1);
}

function tooMany(letter: string): never {
  throw new PatternError(`Too many pattern letters: ${letter}`);
}

/** 0 = Sunday .. 6 = Saturday. */
function sundayIndex(f: ZonedFields): number {
  return f.dayOfWeek % 7;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** US week-based year and week (Sunday start, minimal days 1). */
function weekBased(f: ZonedFields): { year: number; week: number } {
  const jan1 = (((sundayIndex(f) - (f.dayOfYear - 1)) % 7) + 7) % 7;
  const length = isLeap(f.year) ? 366 : 365;
  const nextJan1 = (jan1 + length) % 7;
  if (nextJan1 !== 0 && f.dayOfYear >= length + 1 - nextJan1) return { year: f.year + 1, week: 1 };
  return { year: f.year, week: Math.floor((f.dayOfYear - 1 + jan1) / 7) + 1 };
}

function yearPrinter(count: number, value: (f: ZonedFields) => number): Printer {
  if (count === 2) return (f) => pad(((value(f) % 100) + 100) % 100, 2);
  if (count > 19) throw new PatternError(`The minimum width must be from 1 to 19 inclusive but was ${count}`);
  if (count === 1) return (f) => String(value(f));
  if (count === 3) return (f) => pad(value(f), 3);
  return (f) => padExceeds(value(f), count);
}

/** Java's fixed-width appendValue(field, count) for 1-2 letter fields. */
function smallNumber(letter: string, count: number, max: number, value: (f: ZonedFields) => number): Printer {
  if (count > max) tooMany(letter);
  return count === 1 ? (f) => String(value(f)) : (f) => pad(value(f), count);
}

function wideNumber(count: number, value: (f: ZonedFields) => number): Printer {
  if (count > 19) throw new PatternError(`The width must be from 1 to 19 inclusive but was ${count}`);
  // Java throws at format time when the value is wider than `count`; we print it whole.
  return count === 1 ? (f) => String(value(f)) : (f) => pad(value(f), count);
}

function offsetText(seconds: number, colon: boolean, minutes: 'always' | 'ifSet', withSeconds: boolean): string {
  const sign = seconds < 0 ? '-' : '+';
  const abs = Math.abs(seconds);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  const sep = colon ? ':' : '';
  let out = `${sign}${pad(h, 2)}`;
  if (minutes === 'always' || m !== 0 || (withSeconds && s !== 0)) out += sep + pad(m, 2);
  if (withSeconds && s !== 0) out += sep + pad(s, 2);
  return out;
}

/** The ISO-8601 offset letters X (zero as 'Z') and x (zero as digits). */
function isoOffset(letter: 'X' | 'x', count: number): Printer {
  if (count > 5) tooMany(letter);
  const colon = count === 3 || count === 5;
  const minutes = count === 1 ? 'ifSet' : 'always';
  const withSeconds = count >= 4;
  return (f) => {
    if (f.offsetSeconds === 0 && letter === 'X') return 'Z';
    return offsetText(f.offsetSeconds, colon, minutes, withSeconds);
  };
}

function gmtOffset(seconds: number, full: boolean): string {
  if (seconds === 0) return 'GMT';
  if (full) return `GMT${offsetText(seconds, true, 'always', true)}`;
  const sign = seconds < 0 ? '-' : '+';
  const abs = Math.abs(seconds);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  return `GMT${sign}${h}${m !== 0 ? `:${pad(m, 2)}` : ''}`;
}

function fieldPrinter(letter: string, count: number): Printer {
  switch (letter) {
    case 'G':
      if (count > 5) tooMany(letter);
      return (f) => {
        const ad = f.year > 0;
        if (count <= 3) return ad ? 'AD' : 'BC';
        if (count === 4) return ad ? 'Anno Domini' : 'Before Christ';
        return ad ? 'A' : 'B';
      };
    case 'u':
      return yearPrinter(count, (f) => f.year);
    case 'y':
      return yearPrinter(count, (f) => (f.year > 0 ? f.year : 1 - f.year));
    case 'Y':
      return yearPrinter(count, (f) => weekBased(f).year);
    case 'Q':
    case 'q': {
      if (count > 5) tooMany(letter);
      const quarter = (f: ZonedFields): number => Math.floor((f.month - 1) / 3) + 1;
      if (count === 1 || count === 5) return (f) => String(quarter(f));
      if (count === 2) return (f) => pad(quarter(f), 2);
      if (count === 3) return (f) => `Q${quarter(f)}`;
      return (f) => QUARTERS[quarter(f) - 1] ?? '';
    }
    case 'M':
    case 'L':
      if (count > 5) tooMany(letter);
      if (count === 1) return (f) => String(f.month);
      if (count === 2) return (f) => pad(f.month, 2);
      return (f) => text(MONTHS[f.month - 1] ?? '', count);
    case 'w':
      return smallNumber(letter, count, 2, (f) => weekBased(f).week);
    case 'W':
      return smallNumber(letter, count, 1, (f) => {
        const firstOfMonth = (((sundayIndex(f) - (f.day - 1)) % 7) + 7) % 7;
        return Math.floor((f.day - 1 + firstOfMonth) / 7) + 1;
      });
    case 'D':
      if (count > 3) tooMany(letter);
      return count === 1 ? (f) => String(f.dayOfYear) : (f) => pad(f.dayOfYear, count);
    case 'd':
      return smallNumber(letter, count, 2, (f) => f.day);
    case 'F':
      // Java 8-17 map F to ALIGNED_DAY_OF_WEEK_IN_MONTH.
      return smallNumber(letter, count, 1, (f) => ((f.day - 1) % 7) + 1);
    case 'E':
      if (count > 5) tooMany(letter);
      return (f) => text(DAYS[f.dayOfWeek - 1] ?? '', count);
    case 'e':
    case 'c':
      if (count > 5) tooMany(letter);
      if (letter === 'c' && count === 2) throw new PatternError('Invalid pattern "cc"');
      if (count <= 2) return (f) => pad(sundayIndex(f) + 1, count);
      return (f) => text(DAYS[f.dayOfWeek - 1] ?? '', count);
    case 'a':
      if (count > 1) tooMany(letter);
      return (f) => (f.hour < 12 ? 'AM' : 'PM');
    case 'h':
      return smallNumber(letter, count, 2, (f) => (f.hour % 12 === 0 ? 12 : f.hour % 12));
    case 'K':
      return smallNumber(letter, count, 2, (f) => f.hour % 12);
    case 'k':
      return smallNumber(letter, count, 2, (f) => (f.hour === 0 ? 24 : f.hour));
    case 'H':
      return smallNumber(letter, count, 2, (f) => f.hour);
    case 'm':
      return smallNumber(letter, count, 2, (f) => f.minute);
    case 's':
      return smallNumber(letter, count, 2, (f) => f.second);
    case 'S':
      if (count > 9) throw new PatternError(`Minimum width must be from 0 to 9 inclusive but was ${count}`);
      return (f) => pad(f.millisecond, 3).concat('000000').slice(0, count);
    case 'A':
      return wideNumber(count, (f) => ((f.hour * 60 + f.minute) * 60 + f.second) * 1000 + f.millisecond);
    case 'n':
      return wideNumber(count, (f) => f.millisecond * 1_000_000);
    case 'N':
      return wideNumber(count, (f) => (((f.hour * 60 + f.minute) * 60 + f.second) * 1000 + f.millisecond) * 1_000_000);
    case 'V':
      if (count !== 2) throw new PatternError('Pattern letter count must be 2: V');
      return (f) => f.timeZone;
    case 'X':
    case 'x':
      return isoOffset(letter, count);
    case 'Z':
      if (count > 5) tooMany(letter);
      if (count <= 3) return (f) => offsetText(f.offsetSeconds, false, 'always', false);
      if (count === 4) return (f) => gmtOffset(f.offsetSeconds, true);
      return (f) => (f.offsetSeconds === 0 ? 'Z' : offsetText(f.offsetSeconds, true, 'always', true));
    case 'O':
      if (count !== 1 && count !== 4) throw new PatternError('Pattern letter count must be 1 or 4: O');
      return (f) => gmtOffset(f.offsetSeconds, count === 4);
    default:
      if (UNSUPPORTED.has(letter)) throw new PatternError(`Pattern letter is not supported here: ${letter}`);
      throw new PatternError(`Unknown pattern letter: ${letter}`);
  }
}

function isLetter(c: string): boolean {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

function parse(pattern: string): Printer[] {
  const printers: Printer[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal !== '') {
      const t = literal;
      printers.push(() => t);
      literal = '';
    }
  };
  let optionalDepth = 0;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern.charAt(i);
    if (isLetter(c)) {
      let end = i + 1;
      while (end < pattern.length && pattern.charAt(end) === c) end++;
      flush();
      printers.push(fieldPrinter(c, end - i));
      i = end;
    } else if (c === "'") {
      let end = i + 1;
      let value = '';
      for (;;) {
        if (end >= pattern.length) throw new PatternError(`Pattern ends with an incomplete string literal: ${pattern}`);
        const q = pattern.charAt(end);
        if (q === "'") {
          if (pattern.charAt(end + 1) === "'") {
            value += "'";
            end += 2;
            continue;
          }
          break;
        }
        value += q;
        end++;
      }
      literal += end === i + 1 ? "'" : value; // '' alone is a quote
      i = end + 1;
    } else if (c === '[') {
      optionalDepth++;
      i++;
    } else if (c === ']') {
      if (optionalDepth === 0) throw new PatternError('Pattern invalid as it contains ] without previous [');
      optionalDepth--;
      i++;
    } else if (c === '{' || c === '}' || c === '#') {
      throw new PatternError(`Pattern includes reserved character: '${c}'`);
    } else {
      literal += c;
      i++;
    }
  }
  flush();
  return printers;
}

/** Compiles a Java DateTimeFormatter pattern, or says why Java would reject it (or we cannot print it). */
export function compileDatePattern(pattern: string): DatePatternResult {
  let printers: Printer[];
  try {
    printers = parse(pattern);
  } catch (err) {
    if (err instanceof PatternError) return { ok: false, error: err.message };
    throw err;
  }
  return {
    ok: true,
    pattern: {
      pattern,
      format(fields: ZonedFields): string {
        let out = '';
        for (const p of printers) out += p(fields);
        return out;
      },
    },
  };
}
