/**
 * Parsing text by a Joda-Time DateTimeFormat pattern, as the Hive JSON SerDe does with
 * Firehose's TimestampFormats. The tokenizer and each element's parse follow Joda 2.x's
 * DateTimeFormat.parsePatternTo and DateTimeFormatterBuilder (English names, lenient
 * padding, case-insensitive literals and names); fields are then resolved the way
 * DateTimeParserBucket.computeMillis does, from 1970-01-01T00:00:00.000 UTC.
 *
 * Supported letters: y Y M d D E e a H k K h m s S Z ZZ and quoted literals. Joda's G C x w z
 * and ZZZ (era, century, week year, week, zone names and ids) are refused as unsupported.
 */

/** A pattern Joda rejects, or one that uses letters Lakehose does not implement. */
export class JodaPatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JodaPatternError';
  }
}

/**
 * A field value out of its range (month 13, 30 February…). Joda throws here instead of
 * reporting no match, so the Hive SerDe does not fall back to its default form.
 */
export class JodaFieldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JodaFieldError';
  }
}

/** Fields read from the text, by Joda field type. */
export interface JodaFields {
  year?: number;
  yearOfEra?: number;
  monthOfYear?: number;
  dayOfYear?: number;
  dayOfMonth?: number;
  dayOfWeek?: number;
  halfdayOfDay?: number;
  hourOfDay?: number;
  clockhourOfDay?: number;
  hourOfHalfday?: number;
  clockhourOfHalfday?: number;
  minuteOfHour?: number;
  secondOfMinute?: number;
  millisOfSecond?: number;
  /** Parsed zone offset in milliseconds (east positive). */
  offsetMs?: number;
}

type NumericField = Exclude<keyof JodaFields, 'offsetMs'>;

/** Reads at `pos`: the position after what it read, or -1 if the text does not match there. */
type Element = (text: string, pos: number, fields: JodaFields) => number;

export interface JodaParser {
  readonly pattern: string;
  /** Reads from the start of `text`: where reading stopped and the fields read, or undefined on no match. */
  parse(text: string): { end: number; fields: JodaFields } | undefined;
}

/** Compiles a pattern; throws JodaPatternError when Joda would reject it or Lakehose cannot parse by it. */
export function compileJodaPattern(pattern: string, currentYear = new Date().getUTCFullYear()): JodaParser {
  if (pattern.length === 0) throw new JodaPatternError('Invalid pattern specification: the pattern is empty');
  const tokens = tokenize(pattern);
  const elements: Element[] = [];
  tokens.forEach((token, i) => {
    const element = elementFor(token, tokens[i + 1], currentYear);
    if (element) elements.push(element);
  });
  if (elements.length === 0) throw new JodaPatternError(`Pattern '${pattern}' has nothing to parse`);
  return {
    pattern,
    parse(text) {
      const fields: JodaFields = {};
      let pos = 0;
      for (const element of elements) {
        pos = element(text, pos, fields);
        if (pos < 0) return undefined;
      }
      return { end: pos, fields };
    },
  };
}

/** Splits a pattern into runs of one letter and literal text (prefixed with a quote), as Joda's parseToken. */
function tokenize(pattern: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (isLetter(c)) {
      let j = i;
      while (pattern[j + 1] === c) j++;
      tokens.push(pattern.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    let literal = "'";
    let quoted = false;
    for (; i < pattern.length; i++) {
      const ch = pattern[i]!;
      if (ch === "'") {
        // '' is a quote; a lone quote opens or closes literal text (an unclosed one runs to the end).
        if (pattern[i + 1] === "'") {
          literal += "'";
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (!quoted && isLetter(ch)) {
        break;
      } else {
        literal += ch;
      }
    }
    tokens.push(literal);
  }
  return tokens;
}

function isLetter(c: string): boolean {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

function isDigitCode(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Joda's isNumericToken: a token that parses digits (so a year before it cannot be long). */
function isNumericToken(token: string | undefined): boolean {
  if (token === undefined) return false;
  const c = token[0]!;
  if (c === 'M') return token.length <= 2;
  return 'cCxyYdhHmsSeDFwWkK'.includes(c);
}

const UNSUPPORTED: Record<string, string> = {
  G: 'era',
  C: 'century of era',
  x: 'week year',
  w: 'week of week year',
  z: 'time zone name',
};

function elementFor(token: string, next: string | undefined, currentYear: number): Element | undefined {
  const c = token[0]!;
  const n = token.length;
  if (c === "'") {
    const literal = token.slice(1);
    return literal === '' ? undefined : literalElement(literal);
  }
  if (UNSUPPORTED[c] !== undefined) {
    throw new JodaPatternError(`Pattern letter '${c}' (${UNSUPPORTED[c]}) is not supported by Lakehose`);
  }
  switch (c) {
    case 'y':
    case 'Y': {
      if (n === 2) {
        // SimpleDateFormat's pivot: two digits mean a year within 50 years of (this year - 30).
        return twoDigitYear(currentYear - 30, !isNumericToken(next));
      }
      const maxDigits = isNumericToken(next) ? n : 9;
      return c === 'y' ? number('year', maxDigits, true) : number('yearOfEra', maxDigits, false);
    }
    case 'M':
      if (n >= 3) return textElement('monthOfYear', MONTHS);
      return number('monthOfYear', Math.max(n, 2), false);
    case 'd':
      return number('dayOfMonth', Math.max(n, 2), false);
    case 'D':
      return number('dayOfYear', Math.max(n, 3), false);
    case 'E':
      return textElement('dayOfWeek', DAYS);
    case 'e':
      return number('dayOfWeek', Math.max(n, 1), false);
    case 'a':
      return textElement('halfdayOfDay', HALFDAYS);
    case 'H':
      return number('hourOfDay', Math.max(n, 2), false);
    case 'k':
      return number('clockhourOfDay', Math.max(n, 2), false);
    case 'K':
      return number('hourOfHalfday', Math.max(n, 2), false);
    case 'h':
      return number('clockhourOfHalfday', Math.max(n, 2), false);
    case 'm':
      return number('minuteOfHour', Math.max(n, 2), false);
    case 's':
      return number('secondOfMinute', Math.max(n, 2), false);
    case 'S':
      return fraction(n);
    case 'Z':
      if (n >= 3) throw new JodaPatternError("Pattern 'ZZZ' (time zone id) is not supported by Lakehose; use Z or ZZ for offsets");
      return offset;
    default:
      throw new JodaPatternError(`Illegal pattern component: ${token}`);
  }
}

/** Joda's NumberFormatter.parseInto: up to maxDigits digits, a leading sign when signed. */
function number(field: NumericField, maxDigits: number, signed: boolean): Element {
  return (text, pos, fields) => {
    let limit = Math.min(maxDigits, text.length - pos);
    let length = 0;
    let sign = 0;
    while (length < limit) {
      const code = text.charCodeAt(pos + length);
      if (length === 0 && signed && (code === 0x2d || code === 0x2b)) {
        if (length + 1 >= limit || !isDigitCode(text.charCodeAt(pos + 1))) break;
        sign = code === 0x2d ? -1 : 1;
        length++;
        // The sign does not count against the digits.
        limit = Math.min(limit + 1, text.length - pos);
        continue;
      }
      if (!isDigitCode(code)) break;
      length++;
    }
    if (length === 0) return -1;
    const digits = text.slice(pos + (sign === 0 ? 0 : 1), pos + length);
    const value = Number(digits) * (sign < 0 ? -1 : 1);
    // Joda reads ten or more digits with Integer.parseInt, which throws on overflow.
    if (value > 2147483647 || value < -2147483648) throw new JodaFieldError(`${digits} does not fit an int`);
    fields[field] = value;
    return pos + length;
  };
}

/**
 * Joda's TwoDigitYear: two digits resolved into the century around the pivot; when lenient
 * (no number follows in the pattern), a sign or other than two digits is a plain year.
 */
function twoDigitYear(pivot: number, lenient: boolean): Element {
  return (text, pos, fields) => {
    if (lenient) {
      let start = pos;
      let negative = false;
      const first = text.charCodeAt(pos);
      if (first === 0x2d || first === 0x2b) {
        negative = first === 0x2d;
        start++;
      }
      let end = start;
      while (end < text.length && isDigitCode(text.charCodeAt(end))) end++;
      if (end === start) return -1;
      if (start !== pos || end - start !== 2) {
        const value = Number(text.slice(start, end)) * (negative ? -1 : 1);
        if (Math.abs(value) > 2147483647) throw new JodaFieldError(`${text.slice(pos, end)} does not fit an int`);
        fields.year = value;
        return end;
      }
    }
    if (pos + 2 > text.length || !isDigitCode(text.charCodeAt(pos)) || !isDigitCode(text.charCodeAt(pos + 1))) return -1;
    const twoDigits = Number(text.slice(pos, pos + 2));
    const low = pivot - 50;
    const t = low >= 0 ? low % 100 : 99 + ((low + 1) % 100);
    fields.year = twoDigits + low + (twoDigits < t ? 100 : 0) - t;
    return pos + 2;
  };
}

/** Names a text field accepts: short and full, each as written, lower- and upper-case. */
interface NameTable {
  values: ReadonlyMap<string, number>;
  maxLength: number;
}

function nameTable(names: ReadonlyArray<readonly [short: string, full: string]>, first: number): NameTable {
  const values = new Map<string, number>();
  let maxLength = 0;
  names.forEach(([short, full], i) => {
    for (const name of [short, full]) {
      for (const form of [name, name.toLowerCase(), name.toUpperCase()]) values.set(form, first + i);
      maxLength = Math.max(maxLength, name.length);
    }
  });
  return { values, maxLength };
}

const MONTHS = nameTable(
  ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'].map(
    (full) => [full.slice(0, 3), full] as const,
  ),
  1,
);
const DAYS = nameTable(
  ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((full) => [full.slice(0, 3), full] as const),
  1,
);
const HALFDAYS = nameTable(
  [
    ['AM', 'AM'],
    ['PM', 'PM'],
  ],
  0,
);

/** Joda's TextField.parseInto: the longest name at `pos`, short or full whatever the token's length. */
function textElement(field: NumericField, table: NameTable): Element {
  return (text, pos, fields) => {
    for (let end = Math.min(text.length, pos + table.maxLength); end > pos; end--) {
      const value = table.values.get(text.slice(pos, end));
      if (value !== undefined) {
        fields[field] = value;
        return end;
      }
    }
    return -1;
  };
}

/** Joda's Fraction for S…: up to as many digits as letters, kept to milliseconds (truncated). */
function fraction(maxDigits: number): Element {
  return (text, pos, fields) => {
    let end = pos;
    while (end < text.length && end - pos < maxDigits && isDigitCode(text.charCodeAt(end))) end++;
    if (end === pos) return -1;
    fields.millisOfSecond = Number(text.slice(pos, end).padEnd(3, '0').slice(0, 3));
    return end;
  };
}

/** Case-insensitive literal text, as Joda's CharacterLiteral and StringLiteral match it. */
function literalElement(literal: string): Element {
  const lower = literal.toLowerCase();
  const upper = literal.toUpperCase();
  return (text, pos) => {
    if (pos + literal.length > text.length) return -1;
    for (let i = 0; i < literal.length; i++) {
      const c = text[pos + i]!;
      if (c !== literal[i] && c.toUpperCase() !== upper[i] && c.toLowerCase() !== lower[i]) return -1;
    }
    return pos + literal.length;
  };
}

/**
 * Joda's TimeZoneOffset parse (Z and ZZ read alike): `Z` for UTC, or a sign and two-digit
 * hours, then optionally minutes, seconds and milliseconds, with or without colons.
 */
const offset: Element = (text, pos, fields) => {
  if (pos < text.length && (text[pos] === 'Z' || text[pos] === 'z')) {
    fields.offsetMs = 0;
    return pos + 1;
  }
  if (text.length - pos <= 1) return -1;
  const sign = text[pos];
  if (sign !== '+' && sign !== '-') return -1;
  let p = pos + 1;
  const hours = twoDigits(text, p);
  if (hours === undefined || hours > 23) return -1;
  let ms = hours * 3_600_000;
  p += 2;
  const done = (): number => {
    fields.offsetMs = sign === '-' ? -ms : ms;
    return p;
  };
  if (p >= text.length) return done();
  const separators = text[p] === ':';
  if (separators) p++;
  else if (!isDigitCode(text.charCodeAt(p))) return done();
  // Past a colon or a digit, minutes must follow in full.
  const minutes = twoDigits(text, p);
  if (minutes === undefined || minutes > 59) return -1;
  ms += minutes * 60_000;
  p += 2;
  if (p >= text.length) return done();
  if (separators) {
    if (text[p] !== ':') return done();
    p++;
  }
  const seconds = twoDigits(text, p);
  if (seconds === undefined) {
    if (!separators && !isDigitCode(text.charCodeAt(p))) return done();
    return -1;
  }
  if (seconds > 59) return -1;
  ms += seconds * 1000;
  p += 2;
  if (p >= text.length) return done();
  if (separators) {
    if (text[p] !== '.' && text[p] !== ',') return done();
    p++;
  }
  let digits = 0;
  while (digits < 3 && isDigitCode(text.charCodeAt(p + digits))) digits++;
  if (digits === 0) return separators ? -1 : done();
  ms += Number(text.slice(p, p + digits).padEnd(3, '0'));
  p += digits;
  return done();
};

function twoDigits(text: string, pos: number): number | undefined {
  if (!isDigitCode(text.charCodeAt(pos)) || !isDigitCode(text.charCodeAt(pos + 1))) return undefined;
  return (text.charCodeAt(pos) - 0x30) * 10 + text.charCodeAt(pos + 1) - 0x30;
}

const DAY_MS = 86_400_000;

/**
 * Milliseconds since the epoch for parsed fields: each is set, in Joda's order (largest
 * range first), on 1970-01-01T00:00:00.000 UTC, then the parsed offset is taken off.
 * Throws JodaFieldError for a value outside its field's range, as Joda does.
 */
export function resolveJodaFields(f: JodaFields): number {
  let year = 1970;
  let month = 1;
  let day = 1;
  if (f.year !== undefined) year = f.year;
  if (f.yearOfEra !== undefined) year = check('yearOfEra', f.yearOfEra, 1, 292278993);
  if (f.monthOfYear !== undefined) month = check('monthOfYear', f.monthOfYear, 1, 12);
  if (f.dayOfYear !== undefined) {
    const doy = check('dayOfYear', f.dayOfYear, 1, isLeap(year) ? 366 : 365);
    const jan1 = daysFromCivil(year, 1, 1);
    [year, month, day] = civilFromDays(jan1 + doy - 1);
  }
  if (f.dayOfMonth !== undefined) day = check('dayOfMonth', f.dayOfMonth, 1, monthLength(year, month));
  let epochDay = daysFromCivil(year, month, day);
  if (f.dayOfWeek !== undefined) {
    // Setting the day of week moves within the ISO week (Monday first).
    epochDay += check('dayOfWeek', f.dayOfWeek, 1, 7) - isoDayOfWeek(epochDay);
  }
  let hour = 0;
  if (f.halfdayOfDay !== undefined) hour = (hour % 12) + 12 * f.halfdayOfDay;
  if (f.hourOfDay !== undefined) hour = check('hourOfDay', f.hourOfDay, 0, 23);
  if (f.clockhourOfDay !== undefined) hour = check('clockhourOfDay', f.clockhourOfDay, 1, 24) % 24;
  if (f.hourOfHalfday !== undefined) hour = (hour >= 12 ? 12 : 0) + check('hourOfHalfday', f.hourOfHalfday, 0, 11);
  if (f.clockhourOfHalfday !== undefined) {
    hour = (hour >= 12 ? 12 : 0) + (check('clockhourOfHalfday', f.clockhourOfHalfday, 1, 12) % 12);
  }
  const minute = f.minuteOfHour === undefined ? 0 : check('minuteOfHour', f.minuteOfHour, 0, 59);
  const second = f.secondOfMinute === undefined ? 0 : check('secondOfMinute', f.secondOfMinute, 0, 59);
  const millis = f.millisOfSecond ?? 0;
  return epochDay * DAY_MS + hour * 3_600_000 + minute * 60_000 + second * 1000 + millis - (f.offsetMs ?? 0);
}

function check(field: string, value: number, min: number, max: number): number {
  if (value < min || value > max) throw new JodaFieldError(`Value ${value} for ${field} must be in the range [${min},${max}]`);
  return value;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function monthLength(year: number, month: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** ISO day of week (Monday 1 … Sunday 7) of a day since the epoch (a Thursday). */
function isoDayOfWeek(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}
