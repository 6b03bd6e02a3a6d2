import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { QueryTestbed } from './testing/QueryTestbed.js';

/**
 * Each Trino (Athena) function Lakehose supports, run through the whole engine, with the
 * value Athena returns. docs/sql.md lists the same functions.
 */
const CASES: Array<[expression: string, expected: string | null, type?: string]> = [
  // dates and times
  ["date_format(TIMESTAMP '2020-10-10 14:05:09.123', '%Y-%m-%d %H:%i:%s')", '2020-10-10 14:05:09'],
  ["date_format(TIMESTAMP '2020-10-10 14:05:09', '%M %e, %Y %h:%i %p')", 'October 10, 2020 02:05 PM'],
  ["date_format(TIMESTAMP '2020-10-10 14:05:09.123', '%W %a %b %c/%d %T %f')", 'Saturday Sat Oct 10/10 14:05:09 123000'],
  ["date_parse('2020/10/10 14:05', '%Y/%m/%d %H:%i')", '2020-10-10 14:05:00.000', 'timestamp'],
  ["format_datetime(TIMESTAMP '2020-10-10 14:05:09', 'yyyy-MM-dd''T''HH:mm')", '2020-10-10T14:05'],
  ["parse_datetime('10/10/2020 14:05', 'MM/dd/yyyy HH:mm')", '2020-10-10 14:05:00.000'],
  ["from_iso8601_timestamp('2020-10-10T12:00:00Z')", '2020-10-10 12:00:00.000 UTC', 'timestamp with time zone'],
  ["from_iso8601_timestamp('2020-10-10T14:00:00.250+02:00')", '2020-10-10 12:00:00.250 UTC'],
  ["from_iso8601_date('2020-10-10')", '2020-10-10', 'date'],
  ["to_iso8601(TIMESTAMP '2020-10-10 12:00:00')", '2020-10-10T12:00:00.000'],
  ["to_iso8601(DATE '2020-10-10')", '2020-10-10'],
  ['from_unixtime(1602331200)', '2020-10-10 12:00:00.000 UTC'],
  ['from_unixtime(1602331200.5)', '2020-10-10 12:00:00.500 UTC'],
  ["to_unixtime(TIMESTAMP '2020-10-10 12:00:00')", '1.6023312E9', 'double'],
  ["to_unixtime(from_iso8601_timestamp('2020-10-10T12:00:00.5Z'))", '1.6023312005E9'],
  ["date_diff('day', TIMESTAMP '2020-10-10 23:00:00', TIMESTAMP '2020-10-11 01:00:00')", '0', 'bigint'],
  ["date_diff('hour', TIMESTAMP '2020-10-10 00:00:00', TIMESTAMP '2020-10-10 05:30:00')", '5'],
  ["date_diff('month', DATE '2020-01-31', DATE '2020-03-01')", '1'],
  ["date_add('day', 1, DATE '2020-10-10')", '2020-10-11', 'date'],
  ["date_add('hour', -3, TIMESTAMP '2020-10-10 01:00:00')", '2020-10-09 22:00:00.000', 'timestamp'],
  ["date_add('month', 1, DATE '2020-01-31')", '2020-02-29'],
  ["date_trunc('hour', TIMESTAMP '2020-10-10 14:35:00')", '2020-10-10 14:00:00.000'],
  ["date_trunc('month', DATE '2020-10-10')", '2020-10-01', 'date'],
  ["date(TIMESTAMP '2020-10-10 14:35:00')", '2020-10-10', 'date'],
  ["day_of_week(DATE '2020-10-11')", '7'],
  ["dow(DATE '2020-10-12')", '1'],
  ["day_of_year(DATE '2020-02-01')", '32'],
  ["hour(TIMESTAMP '2020-10-10 14:35:00')", '14'],
  ["year(DATE '2020-10-10') * 100 + month(DATE '2020-10-10')", '202010'],
  ["millisecond(TIMESTAMP '2020-10-10 14:35:01.250')", '250'],
  ["last_day_of_month(DATE '2020-02-10')", '2020-02-29'],
  // aggregates
  ['approx_distinct(x) FROM (VALUES 1, 2, 2, 3, NULL) t(x)', '3', 'bigint'],
  ['approx_percentile(x, 0.5) FROM (VALUES 1, 2, 3, 4, 5) t(x)', '3'],
  ['arbitrary(x) FROM (VALUES 7) t(x)', '7'],
  ['count_if(x > 1) FROM (VALUES 1, 2, 3) t(x)', '2'],
  ['every(x > 0) FROM (VALUES 1, 2) t(x)', 'true', 'boolean'],
  ["max_by(name, score) FROM (VALUES ('a', 1), ('b', 3)) t(name, score)", 'b'],
  ["array_agg(x ORDER BY x) FROM (VALUES 3, 1, 2) t(x)", '[1, 2, 3]', 'array'],
  // JSON
  [`json_extract_scalar('{"a":{"b":"x"}}', '$.a.b')`, 'x', 'varchar'],
  [`json_extract_scalar('{"a":{"b":1}}', '$.a')`, null],
  [`json_extract_scalar('{"a":[10,20]}', '$.a[1]')`, '20'],
  [`json_extract_scalar('not json', '$.a')`, null],
  [`json_extract('{"a":{"b":1}}', '$.a')`, '{"b":1}', 'json'],
  [`json_array_length('[1,2,3]')`, '3'],
  [`json_format(json_parse('{"a": 1}'))`, '{"a":1}'],
  // strings and regular expressions
  ["regexp_like('video-123', '\\d+')", 'true', 'boolean'],
  ["regexp_like('video', '^v.*o$')", 'true'],
  ["regexp_extract('id=42;x=7', 'x=(\\d+)', 1)", '7'],
  ["regexp_extract('abc', '\\d+')", null],
  ["regexp_replace('a1b22', '\\d+')", 'ab'],
  ["regexp_replace('a1b22', '(\\d+)', '<$1>')", 'a<1>b<22>'],
  ["regexp_extract_all('a1b22', '\\d+')", '[1, 22]'],
  ["regexp_count('a1b22c333', '\\d+')", '3'],
  ["split_part('a,b,c', ',', 2)", 'b'],
  ["split_part('a,b,c', ',', 4)", null],
  ["split('a,b', ',')", '[a, b]'],
  ["strpos('hello', 'l')", '3'],
  ["replace('banana', 'a')", 'bnn'],
  ["replace('banana', 'a', 'o')", 'bonono'],
  ["codepoint('A')", '65'],
  ["levenshtein_distance('kitten', 'sitting')", '3'],
  ["lpad('7', 3, '0')", '007'],
  ["concat('a', 'b', 'c')", 'abc'],
  ["lower('AbC') || upper('d')", 'abcD'],
  ["format('%s has %d', 'x', 3)", 'x has 3'],
  ["url_extract_host('https://example.com:8080/a/b?x=1')", 'example.com'],
  ["url_extract_path('https://example.com/a/b?x=1')", '/a/b'],
  ["url_extract_parameter('https://example.com/a?x=1&y=two', 'y')", 'two'],
  // casts
  ["CAST(TIMESTAMP '2020-10-10 12:00:00' AS varchar)", '2020-10-10 12:00:00.000', 'varchar'],
  ['CAST(12 AS varchar)', '12'],
  ['CAST(2.5 AS double)', '2.5', 'double'],
  ["CAST('12' AS integer) + 1", '13', 'integer'],
  ["CAST('1' AS bigint)", '1', 'bigint'],
  ["try_cast('x' AS integer)", null],
  ["CAST(ARRAY[1, 2] AS array(varchar))", '[1, 2]', 'array'],
  ['CAST(1 AS real)', '1.0', 'float'],
  ["CAST('2020-10-10' AS date)", '2020-10-10', 'date'],
  ["CAST(ROW(1, 'x') AS ROW(a integer, b varchar))", '{a=1, b=x}', 'row'],
  ["a || b FROM (VALUES ROW('x', 'y')) t(a, b)", 'xy'],
  // arrays and maps
  ['cardinality(ARRAY[1, 2, 3])', '3'],
  ['contains(ARRAY[1, 2], 2)', 'true'],
  ['element_at(ARRAY[10, 20, 30], 2)', '20'],
  ["element_at(MAP(ARRAY['a'], ARRAY[5]), 'a')", '5'],
  ["array_join(ARRAY['a', 'b'], '-')", 'a-b'],
  ['array_max(ARRAY[1, 5, 3])', '5'],
  ['array_sort(ARRAY[3, 1, 2])', '[1, 2, 3]'],
  ['array_position(ARRAY[5, 6], 7)', '0'],
  ['slice(ARRAY[1, 2, 3, 4], 2, 2)', '[2, 3]'],
  ['sequence(1, 4)', '[1, 2, 3, 4]'],
  ['transform(ARRAY[1, 2], x -> x * 10)', '[10, 20]'],
  ['filter(ARRAY[1, 2, 3], x -> x > 1)', '[2, 3]'],
  ["map_keys(MAP(ARRAY['a', 'b'], ARRAY[1, 2]))", '[a, b]'],
  // conditionals, numbers
  ["if(1 > 0, 'yes', 'no')", 'yes'],
  ["if(1 < 0, 'yes')", null],
  ['coalesce(NULL, 2)', '2'],
  ['5 / 2', '2', 'integer'],
  ['5 / 2.0', '2.5'],
  ['truncate(2.7)', '2'],
  ['round(2.567, 2)', '2.57'],
  ['is_nan(nan())', 'true'],
  ['infinity() > 1e308', 'true'],
  ['1e10 * 1.5', '1.5E10'],
  ['greatest(1, 5, 3)', '5'],
];

describe('Trino functions', () => {
  let tb: QueryTestbed;
  before(async () => {
    tb = await QueryTestbed.create();
  });
  after(() => tb.close());

  for (const [expression, expected, type] of CASES) {
    it(`${expression} → ${expected === null ? 'NULL' : expected}`, async () => {
      const r = await tb.run(`SELECT ${expression}`);
      assert.equal(r.record.state, 'SUCCEEDED', r.record.stateChangeReason);
      assert.equal(r.rows.length, 1);
      assert.equal(r.rows[0]![0], expected);
      if (type !== undefined) assert.equal(r.types[0], type);
    });
  }

  it('names unnamed result columns _col0, _col1 … and lower-cases names, as Trino does', async () => {
    const r = await tb.run('SELECT 1, x AS Total, X FROM (VALUES 2) t(x)');
    assert.deepEqual(r.columns, ['_col0', 'total', 'x']);
  });

  it('reads quoted identifiers with hyphens and backquotes', async () => {
    await tb.catalog.createDatabase({ name: 'video-analytics-dev-blog' });
    await tb.writeObject('events-dev-blog', 'x.parquet', "SELECT 'u1' AS userid");
    await tb.catalog.createTable('video-analytics-dev-blog', {
      name: 'events-dev-blog',
      storage: { location: 's3://events-dev-blog/', columns: [{ name: 'userid', type: 'string' }], serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' } },
    });
    assert.deepEqual(await tb.rows('SELECT "events-dev-blog".userid FROM "video-analytics-dev-blog"."events-dev-blog"'), [['u1']]);
    assert.deepEqual(await tb.rows('SELECT userid FROM `video-analytics-dev-blog`.`events-dev-blog`'), [['u1']]);
    assert.deepEqual(await tb.rows('SELECT userid FROM awsdatacatalog."video-analytics-dev-blog"."events-dev-blog"'), [['u1']]);
  });

  it('refuses table functions that read files', async () => {
    const r = await tb.run("SELECT * FROM read_csv('/etc/passwd')");
    assert.equal(r.record.state, 'FAILED');
    assert.match(r.record.stateChangeReason!, /^NOT_SUPPORTED: line 1:15: Table function read_csv is not supported/);
  });

  it('cannot reach files outside the lake even through scalar functions', async () => {
    const r = await tb.run("SELECT length(content) FROM (SELECT CAST(NULL AS VARCHAR) AS content) WHERE getvariable('x') IS NULL AND current_setting('enable_external_access') = 'true'");
    assert.equal(r.record.state, 'SUCCEEDED');
    assert.deepEqual(r.rows, []);
  });
});
