/**
 * DuckDB macros behind the Trino functions that need more than a rename
 * (sql/functionRules.ts says which call uses which). Created once per DuckDB instance,
 * before the configuration is locked. Typed overloads pick the behaviour by argument type,
 * which DuckDB resolves when it binds the query.
 */
const MYSQL_FORMAT_REPLACEMENTS: Array<[string, string]> = [
  // order matters: %M (month name) and %W must move before %i becomes %M
  ['%M', '%B'],
  ['%W', '%A'],
  ['%i', '%M'],
  ['%h', '%I'],
  ['%s', '%S'],
  ['%e', '%-d'],
  ['%c', '%-m'],
  ['%k', '%-H'],
  ['%l', '%-I'],
  ['%r', '%I:%M:%S %p'],
  ['%T', '%H:%M:%S'],
  ['%v', '%V'],
  ['%x', '%G'],
];

function mysqlFormatMacro(): string {
  let expr = 'f';
  for (const [from, to] of MYSQL_FORMAT_REPLACEMENTS) expr = `replace(${expr}, '${from}', '${to}')`;
  return `CREATE OR REPLACE MACRO lh_mysql_format(f) AS ${expr}`;
}

export const COMPATIBILITY_MACROS: readonly string[] = [
  mysqlFormatMacro(),
  // Trino's text for timestamps always has milliseconds; zoned ones name the zone
  `CREATE OR REPLACE MACRO lh_varchar(x TIMESTAMP) AS strftime(x, '%Y-%m-%d %H:%M:%S.%g'),
     (x TIMESTAMP WITH TIME ZONE) AS strftime(x, '%Y-%m-%d %H:%M:%S.%g UTC'),
     (x DATE) AS CAST(x AS VARCHAR),
     (x) AS CAST(x AS VARCHAR)`,
  `CREATE OR REPLACE MACRO lh_to_iso8601(x TIMESTAMP) AS strftime(x, '%Y-%m-%dT%H:%M:%S.%g'),
     (x TIMESTAMP WITH TIME ZONE) AS strftime(x, '%Y-%m-%dT%H:%M:%S.%gZ'),
     (x DATE) AS strftime(x, '%Y-%m-%d'),
     (x) AS CAST(x AS VARCHAR)`,
  // date_add and date_trunc keep a DATE a DATE, as in Trino
  `CREATE OR REPLACE MACRO lh_same_type(x DATE, y) AS CAST(y AS DATE), (x, y) AS y`,
  // Trino: NULL for objects, arrays and invalid JSON; DuckDB would return their text or fail
  `CREATE OR REPLACE MACRO lh_json_extract_scalar(j, p) AS
     CASE WHEN json_valid(j) AND json_type(json_extract(j, p)) NOT IN ('OBJECT', 'ARRAY') THEN json_extract_string(j, p) END`,
  // Trino: NULL when there is no match (DuckDB: '')
  `CREATE OR REPLACE MACRO lh_regexp_extract(s, p, g) AS CASE WHEN regexp_matches(s, p) THEN regexp_extract(s, p, g) END`,
  // Trino: NULL past the last field (DuckDB: '')
  `CREATE OR REPLACE MACRO lh_split_part(s, d, i) AS CASE WHEN i <= len(string_split(s, d)) THEN split_part(s, d, i) END`,
  `CREATE OR REPLACE MACRO lh_url_parameter(u, name) AS
     lh_regexp_extract(u, '[?&]' || regexp_escape(name) || '=([^&#]*)', 1)`,
];
