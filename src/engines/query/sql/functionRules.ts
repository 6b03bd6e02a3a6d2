import { jodaToStrftime, mysqlToStrftime } from './dateFormats.js';
import { SqlError } from './SqlError.js';
import { quoteString } from './tokenize.js';

/**
 * Trino functions that DuckDB spells or behaves differently, and how each call becomes
 * DuckDB SQL. Arguments arrive already translated; `literal(i)` is the value of argument i
 * when it is a plain string literal (format strings, units). The `lh_*` macros are
 * created with every connection (duckdb/compatibilityMacros.ts). docs/sql.md lists these.
 */
export interface CallSite {
  readonly name: string;
  readonly args: readonly string[];
  literal(index: number): string | undefined;
  readonly position: number;
}

export type FunctionRule = (call: CallSite) => string;

const rename =
  (to: string): FunctionRule =>
  (c) =>
    `${to}(${c.args.join(', ')})`;

function arity(c: CallSite, min: number, max = min): void {
  if (c.args.length < min || c.args.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw new SqlError('FUNCTION_NOT_FOUND', `Unexpected parameters for function ${c.name}: expected ${expected} arguments, got ${c.args.length}`, c.position);
  }
}

const arg = (c: CallSite, i: number): string => c.args[i]!;

function literalArg(c: CallSite, i: number, what: string): string {
  const v = c.literal(i);
  if (v === undefined) throw new SqlError('NOT_SUPPORTED', `${c.name}: the ${what} must be a string literal here`, c.position);
  return v;
}

const INTERVAL_UNITS: Record<string, string> = {
  millisecond: 'MILLISECOND',
  second: 'SECOND',
  minute: 'MINUTE',
  hour: 'HOUR',
  day: 'DAY',
  week: 'WEEK',
  month: 'MONTH',
  quarter: 'QUARTER',
  year: 'YEAR',
};

function intervalUnit(c: CallSite, i: number): string {
  const unit = literalArg(c, i, 'unit').toLowerCase();
  const mapped = INTERVAL_UNITS[unit];
  if (!mapped) throw new SqlError('INVALID_FUNCTION_ARGUMENT', `'${unit}' is not a valid ${unit.length ? 'unit' : 'interval unit'}`, c.position);
  return mapped;
}

/** `$1` in a Trino (Java) replacement is `\1` in RE2's. */
function replacement(c: CallSite, i: number): string {
  const lit = c.literal(i);
  if (lit !== undefined) return quoteString(lit.replace(/\\\$|\$(\d+)/g, (_m, g: string | undefined) => (g === undefined ? '$' : `\\${g}`)));
  return `regexp_replace(${arg(c, i)}, '\\$(\\d+)', '\\\\\\1', 'g')`;
}

export const FUNCTION_RULES: Readonly<Record<string, FunctionRule>> = {
  // ---- date and time ----
  date_format: (c) => {
    arity(c, 2);
    const f = c.literal(1);
    return f !== undefined ? `strftime(${arg(c, 0)}, ${quoteString(mysqlToStrftime(f))})` : `strftime(${arg(c, 0)}, lh_mysql_format(${arg(c, 1)}))`;
  },
  date_parse: (c) => {
    arity(c, 2);
    const f = c.literal(1);
    return f !== undefined ? `strptime(${arg(c, 0)}, ${quoteString(mysqlToStrftime(f))})` : `strptime(${arg(c, 0)}, lh_mysql_format(${arg(c, 1)}))`;
  },
  format_datetime: (c) => {
    arity(c, 2);
    return `strftime(${arg(c, 0)}, ${quoteString(jodaToStrftime(literalArg(c, 1, 'format')))})`;
  },
  parse_datetime: (c) => {
    arity(c, 2);
    return `strptime(${arg(c, 0)}, ${quoteString(jodaToStrftime(literalArg(c, 1, 'format')))})`;
  },
  from_iso8601_timestamp: (c) => {
    arity(c, 1);
    return `CAST(${arg(c, 0)} AS TIMESTAMP WITH TIME ZONE)`;
  },
  from_iso8601_date: (c) => {
    arity(c, 1);
    return `CAST(${arg(c, 0)} AS DATE)`;
  },
  to_iso8601: (c) => {
    arity(c, 1);
    return `lh_to_iso8601(${arg(c, 0)})`;
  },
  from_unixtime: (c) => {
    arity(c, 1, 2);
    return c.args.length === 1 ? `to_timestamp(${arg(c, 0)})` : `timezone(${arg(c, 1)}, to_timestamp(${arg(c, 0)}))`;
  },
  to_unixtime: (c) => {
    arity(c, 1);
    return `epoch(${arg(c, 0)})`;
  },
  date_diff: (c) => {
    arity(c, 3);
    // DuckDB's date_sub counts whole units elapsed, as Trino's date_diff does
    return `date_sub(${arg(c, 0)}, ${arg(c, 1)}, ${arg(c, 2)})`;
  },
  date_add: (c) => {
    arity(c, 3);
    const x = arg(c, 2);
    return `lh_same_type(${x}, (${x}) + INTERVAL (${arg(c, 1)}) ${intervalUnit(c, 0)})`;
  },
  date_trunc: (c) => {
    arity(c, 2);
    return `lh_same_type(${arg(c, 1)}, date_trunc(${arg(c, 0)}, ${arg(c, 1)}))`;
  },
  date: (c) => {
    arity(c, 1);
    return `CAST(${arg(c, 0)} AS DATE)`;
  },
  day_of_week: rename('isodow'),
  dow: rename('isodow'),
  day_of_month: rename('day'),
  day_of_year: rename('dayofyear'),
  doy: rename('dayofyear'),
  year_of_week: rename('isoyear'),
  yow: rename('isoyear'),
  week_of_year: rename('week'),
  last_day_of_month: rename('last_day'),
  millisecond: (c) => {
    arity(c, 1);
    return `(millisecond(${arg(c, 0)}) % 1000)`;
  },
  current_timezone: (c) => {
    arity(c, 0);
    return `current_setting('TimeZone')`;
  },

  // ---- aggregates ----
  approx_distinct: (c) => {
    arity(c, 1, 2);
    return `approx_count_distinct(${arg(c, 0)})`;
  },
  approx_percentile: (c) => {
    arity(c, 2, 3);
    if (c.args.length === 3) throw new SqlError('NOT_SUPPORTED', 'approx_percentile with weights is not supported', c.position);
    return `approx_quantile(${arg(c, 0)}, ${arg(c, 1)})`;
  },
  arbitrary: rename('any_value'),
  every: rename('bool_and'),

  // ---- JSON ----
  json_extract_scalar: (c) => {
    arity(c, 2);
    return `lh_json_extract_scalar(${arg(c, 0)}, ${arg(c, 1)})`;
  },
  json_format: (c) => {
    arity(c, 1);
    return `CAST(${arg(c, 0)} AS VARCHAR)`;
  },
  json_parse: (c) => {
    arity(c, 1);
    return `json(${arg(c, 0)})`;
  },

  // ---- strings and regular expressions ----
  regexp_like: (c) => {
    arity(c, 2);
    return `regexp_matches(${arg(c, 0)}, ${arg(c, 1)})`;
  },
  regexp_extract: (c) => {
    arity(c, 2, 3);
    return `lh_regexp_extract(${arg(c, 0)}, ${arg(c, 1)}, ${c.args[2] ?? '0'})`;
  },
  regexp_replace: (c) => {
    arity(c, 2, 3);
    return `regexp_replace(${arg(c, 0)}, ${arg(c, 1)}, ${c.args.length === 3 ? replacement(c, 2) : "''"}, 'g')`;
  },
  regexp_split: rename('regexp_split_to_array'),
  regexp_count: (c) => {
    arity(c, 2);
    return `len(regexp_extract_all(${arg(c, 0)}, ${arg(c, 1)}))`;
  },
  split_part: (c) => {
    arity(c, 3);
    return `lh_split_part(${arg(c, 0)}, ${arg(c, 1)}, ${arg(c, 2)})`;
  },
  split: (c) => {
    arity(c, 2);
    return `string_split(${arg(c, 0)}, ${arg(c, 1)})`;
  },
  replace: (c) => {
    arity(c, 2, 3);
    return `replace(${arg(c, 0)}, ${arg(c, 1)}, ${c.args[2] ?? "''"})`;
  },
  codepoint: rename('unicode'),
  levenshtein_distance: rename('levenshtein'),
  hamming_distance: rename('hamming'),
  to_utf8: rename('encode'),
  from_utf8: rename('decode'),
  format: rename('printf'),
  url_extract_host: (c) => {
    arity(c, 1);
    return `lh_regexp_extract(${arg(c, 0)}, '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?([^/:?#]*)', 1)`;
  },
  url_extract_path: (c) => {
    arity(c, 1);
    return `lh_regexp_extract(${arg(c, 0)}, '^(?:[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*)?([^?#]*)', 1)`;
  },
  url_extract_parameter: (c) => {
    arity(c, 2);
    return `lh_url_parameter(${arg(c, 0)}, ${arg(c, 1)})`;
  },

  // ---- arrays and maps ----
  cardinality: rename('len'),
  contains: (c) => {
    arity(c, 2);
    return `list_contains(${arg(c, 0)}, ${arg(c, 1)})`;
  },
  element_at: (c) => {
    arity(c, 2);
    return `(${arg(c, 0)})[${arg(c, 1)}]`;
  },
  array_join: (c) => {
    arity(c, 2, 3);
    return `array_to_string(${arg(c, 0)}, ${arg(c, 1)})`;
  },
  array_max: rename('list_max'),
  array_min: rename('list_min'),
  array_sort: rename('list_sort'),
  array_distinct: rename('list_distinct'),
  array_intersect: rename('list_intersect'),
  array_position: (c) => {
    arity(c, 2);
    return `coalesce(list_position(${arg(c, 0)}, ${arg(c, 1)}), 0)`;
  },
  slice: (c) => {
    arity(c, 3);
    return `list_slice(${arg(c, 0)}, ${arg(c, 1)}, (${arg(c, 1)}) + (${arg(c, 2)}) - 1)`;
  },
  sequence: rename('generate_series'),
  transform: rename('list_transform'),
  filter: rename('list_filter'),

  // ---- conditionals and math ----
  if: (c) => {
    arity(c, 2, 3);
    return c.args.length === 2 ? `(CASE WHEN ${arg(c, 0)} THEN ${arg(c, 1)} END)` : `(CASE WHEN ${arg(c, 0)} THEN ${arg(c, 1)} ELSE ${arg(c, 2)} END)`;
  },
  truncate: rename('trunc'),
  rand: rename('random'),
  e: (c) => {
    arity(c, 0);
    return 'exp(1)';
  },
  nan: (c) => {
    arity(c, 0);
    return "CAST('NaN' AS DOUBLE)";
  },
  infinity: (c) => {
    arity(c, 0);
    return "CAST('Infinity' AS DOUBLE)";
  },
  is_nan: rename('isnan'),
  is_finite: rename('isfinite'),
  is_infinite: rename('isinf'),
};
