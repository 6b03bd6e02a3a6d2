import { SqlError } from './SqlError.js';

/**
 * Date format strings: Trino's date_format/date_parse use MySQL specifiers (%i is
 * minutes, %M the month name), format_datetime/parse_datetime use Joda patterns
 * (yyyy-MM-dd); DuckDB's strftime/strptime use C specifiers. These convert the first two
 * into the third.
 */
const MYSQL_TO_STRFTIME: Record<string, string> = {
  a: '%a',
  b: '%b',
  c: '%-m',
  d: '%d',
  e: '%-d',
  f: '%f',
  H: '%H',
  h: '%I',
  I: '%I',
  i: '%M',
  j: '%j',
  k: '%-H',
  l: '%-I',
  M: '%B',
  m: '%m',
  p: '%p',
  r: '%I:%M:%S %p',
  S: '%S',
  s: '%S',
  T: '%H:%M:%S',
  v: '%V',
  W: '%A',
  x: '%G',
  Y: '%Y',
  y: '%y',
  '%': '%%',
};

/** Specifiers Trino rejects ("… not supported"). */
const MYSQL_UNSUPPORTED = new Set(['D', 'U', 'u', 'V', 'w', 'X']);

export function mysqlToStrftime(format: string): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    const spec = format[++i];
    if (spec === undefined) break;
    const mapped = MYSQL_TO_STRFTIME[spec];
    if (mapped !== undefined) out += mapped;
    else if (MYSQL_UNSUPPORTED.has(spec)) throw new SqlError('NOT_SUPPORTED', `%${spec} not supported in date format string`);
    else out += spec; // MySQL prints unknown specifiers' letter
  }
  return out;
}

/** One Joda pattern letter run → strftime. */
function jodaField(letter: string, count: number): string | undefined {
  switch (letter) {
    case 'y':
    case 'Y':
    case 'u':
      return count === 2 ? '%y' : '%Y';
    case 'x':
      return count === 2 ? '%g' : '%G';
    case 'M':
      if (count >= 4) return '%B';
      if (count === 3) return '%b';
      return count === 2 ? '%m' : '%-m';
    case 'd':
      return count >= 2 ? '%d' : '%-d';
    case 'D':
      return '%j';
    case 'H':
      return count >= 2 ? '%H' : '%-H';
    case 'k':
      return count >= 2 ? '%H' : '%-H';
    case 'h':
    case 'K':
      return count >= 2 ? '%I' : '%-I';
    case 'm':
      return count >= 2 ? '%M' : '%-M';
    case 's':
      return count >= 2 ? '%S' : '%-S';
    case 'S':
      if (count <= 3) return '%g';
      if (count <= 6) return '%f';
      return '%n';
    case 'a':
      return '%p';
    case 'E':
      return count >= 4 ? '%A' : '%a';
    case 'e':
      return '%u';
    case 'w':
      return '%V';
    case 'Z':
      return '%z';
    case 'z':
      return '%Z';
    default:
      return undefined;
  }
}

export function jodaToStrftime(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === "'") {
      const close = pattern.indexOf("'", i + 1);
      if (close === i + 1) {
        out += "'";
        i += 2;
        continue;
      }
      const literal = close < 0 ? pattern.slice(i + 1) : pattern.slice(i + 1, close);
      out += literal.replaceAll('%', '%%');
      i = close < 0 ? pattern.length : close + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      let j = i + 1;
      while (pattern[j] === c) j++;
      const mapped = jodaField(c, j - i);
      if (mapped === undefined) throw new SqlError('INVALID_FUNCTION_ARGUMENT', `Illegal pattern component: ${pattern.slice(i, j)}`);
      out += mapped;
      i = j;
      continue;
    }
    out += c === '%' ? '%%' : c;
    i++;
  }
  return out;
}
