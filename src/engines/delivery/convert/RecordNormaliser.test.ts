import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileHiveTimestampReader } from './hiveTimestamp.js';
import { parseHiveType } from './hiveType.js';
import { MALFORMED_DATA, PARSE_ERROR, RecordNormaliser, type NormalisedRecord } from './RecordNormaliser.js';

interface Options {
  caseInsensitive?: boolean;
  mappings?: Record<string, string>;
  convertDots?: boolean;
  /** The Hive JSON SerDe's rules, with these TimestampFormats. */
  hiveTimestampFormats?: string[];
}

function normaliser(columns: Record<string, string>, options: Options = {}): RecordNormaliser {
  const caseInsensitive = options.caseInsensitive ?? true;
  return new RecordNormaliser(
    Object.entries(columns).map(([name, type]) => ({ name, type: parseHiveType(type) })),
    {
      caseInsensitive,
      mappings: new Map(
        Object.entries(options.mappings ?? {}).map(([column, key]) => [column, caseInsensitive ? key.toLowerCase() : key]),
      ),
      convertDots: options.convertDots ?? false,
      ...(options.hiveTimestampFormats ? { hive: { readTimestamp: compileHiveTimestampReader(options.hiveTimestampFormats) } } : {}),
    },
  );
}

/** The rows of a converted record, as objects keyed by column name (absent = null). */
function rows(columns: Record<string, string>, record: string, options: Options = {}): Array<Record<string, unknown>> {
  const result = normaliser(columns, options).normalise(new TextEncoder().encode(record));
  assert.equal(result.ok, true, result.ok ? '' : result.errorMessage);
  const names = Object.keys(columns);
  return result.ok
    ? result.lines.map((line) => {
        const values = JSON.parse(line) as Record<string, unknown>;
        return Object.fromEntries(names.map((name, i) => [name, values[`c${i}`] ?? null]));
      })
    : [];
}

function row(columns: Record<string, string>, record: string, options: Options = {}): Record<string, unknown> {
  const all = rows(columns, record, options);
  assert.equal(all.length, 1);
  return all[0]!;
}

function failure(columns: Record<string, string>, record: string, options: Options = {}): NormalisedRecord & { ok: false } {
  const result = normaliser(columns, options).normalise(new TextEncoder().encode(record));
  assert.equal(result.ok, false, 'expected the record to fail');
  return result as NormalisedRecord & { ok: false };
}

describe('RecordNormaliser (OpenX JSON SerDe rules)', () => {
  it('matches keys to columns case-insensitively by default, ignoring extra keys', () => {
    const columns = { id: 'string', userid: 'string', format: 'string', timestamp: 'timestamp' };
    assert.deepEqual(
      row(columns, '{"id":"e1","userId":"u1","FORMAT":"mp4","timestamp":"2024-05-06T07:08:09.5Z","extra":{"x":[1]}}'),
      { id: 'e1', userid: 'u1', format: 'mp4', timestamp: '2024-05-06 07:08:09.500000' },
    );
  });

  it('leaves missing keys and JSON nulls as null', () => {
    assert.deepEqual(row({ a: 'int', b: 'string', c: 'array<int>' }, '{"b": null}'), { a: null, b: null, c: null });
  });

  it('matches keys exactly when case-insensitivity is off', () => {
    const columns = { userid: 'string' };
    assert.deepEqual(row(columns, '{"userId":"u1"}', { caseInsensitive: false }), { userid: null });
    assert.deepEqual(row(columns, '{"userid":"u1"}', { caseInsensitive: false }), { userid: 'u1' });
  });

  it('refuses keys that collide once lower-cased', () => {
    const result = failure({ userid: 'string' }, '{"userId":"a","USERID":"b"}');
    assert.equal(result.errorCode, MALFORMED_DATA);
    assert.match(result.errorMessage, /duplicate key/);
  });

  it('reads mapped columns from their JSON keys, at every struct level', () => {
    const columns = { ts: 'string', inner: 'struct<ts:string>' };
    const mappings = { ts: 'Timestamp' };
    assert.deepEqual(row(columns, '{"timestamp":"a","ts":"ignored","inner":{"TIMESTAMP":"b"}}', { mappings }), {
      ts: 'a',
      inner: { ts: 'b' },
    });
  });

  it('reads dotted keys into underscored columns only when asked, and only when no key matches exactly', () => {
    const columns = { a_b: 'string', c_d: 'string' };
    assert.deepEqual(row(columns, '{"a.b":"x","c.d":"y","c_d":"z"}'), { a_b: null, c_d: 'z' });
    assert.deepEqual(row(columns, '{"a.b":"x","c.d":"y","c_d":"z"}', { convertDots: true }), { a_b: 'x', c_d: 'z' });
    assert.deepEqual(row({ s: 'struct<x_y:int>' }, '{"s":{"X.Y":5}}', { convertDots: true }), { s: { x_y: 5 } });
  });

  it('reads numbers from strings and numbers alike, and strings from numbers by their spelling', () => {
    const columns = { i: 'int', b: 'bigint', d: 'double', s: 'string', t: 'tinyint', m: 'smallint', f: 'float' };
    assert.deepEqual(row(columns, '{"i":"42","b":"9007199254740993","d":"2.5","s":1.50,"t":"0x7f","m":-32768,"f":"1e300"}'), {
      i: 42,
      b: '9007199254740993',
      d: 2.5,
      s: '1.50',
      t: 127,
      m: -32768,
      f: 'Infinity',
    });
    assert.deepEqual(row({ b: 'bigint' }, '{"b":9223372036854775807}'), { b: '9223372036854775807' });
  });

  it('refuses numbers that do not fit their column', () => {
    for (const [type, value] of [
      ['int', '1.5'],
      ['int', '1e2'],
      ['int', '2147483648'],
      ['tinyint', '128'],
      ['int', '"abc"'],
      ['int', '""'],
      ['int', 'true'],
      ['bigint', '9223372036854775808'],
      ['double', '"abc"'],
      ['decimal(4,2)', '123.4'],
      ['int', '{"a":1}'],
      ['int', '[1]'],
    ] as const) {
      const result = failure({ x: type }, `{"x":${value}}`);
      assert.equal(result.errorCode, MALFORMED_DATA, `${type} ${value}`);
      assert.match(result.errorMessage, /^Data does not match the schema\. x: /, `${type} ${value}`);
    }
  });

  it('reads booleans as Java does: true, or "true" in any case; anything else is false', () => {
    const columns = { a: 'boolean', b: 'boolean', c: 'boolean', d: 'boolean', e: 'boolean' };
    assert.deepEqual(row(columns, '{"a":true,"b":"TRUE","c":"yes","d":1,"e":false}'), {
      a: true,
      b: true,
      c: false,
      d: false,
      e: false,
    });
    assert.equal(failure({ a: 'boolean' }, '{"a":{"x":1}}').errorCode, MALFORMED_DATA);
  });

  it('writes decimals exactly, rounded half up to the scale', () => {
    assert.deepEqual(row({ d: 'decimal(38,10)', e: 'decimal(5,2)' }, '{"d":12345678901234567890.12345678915,"e":"-1.005"}'), {
      d: '12345678901234567890.1234567892',
      e: '-1.01',
    });
  });

  it('keeps nested JSON in a string column as JSON text, keys lower-cased', () => {
    assert.deepEqual(row({ payload: 'string' }, '{"payload":{"Kind":"A","N":1.50,"L":[true,null]}}'), {
      payload: '{"kind":"A","n":1.50,"l":[true,null]}',
    });
    assert.deepEqual(row({ flag: 'string' }, '{"flag":true}'), { flag: 'true' });
  });

  it('truncates varchar and char, and drops char padding', () => {
    assert.deepEqual(row({ v: 'varchar(3)', c: 'char(5)' }, '{"v":"abcdef","c":"ab   "}'), { v: 'abc', c: 'ab' });
  });

  it('reads nested structs, maps and arrays with the same key rules', () => {
    const columns = {
      device: 'struct<type:string,osVersion:int>',
      tags: 'map<string,int>',
      sizes: 'map<int,array<string>>',
      list: 'array<struct<a:int>>',
    };
    assert.deepEqual(
      row(columns, '{"Device":{"TYPE":"mobile","osversion":"14"},"tags":{"Red":1,"blue":null},"sizes":{"010":["x"]},"list":[{"A":1},null,{}]}'),
      {
        device: { type: 'mobile', osversion: 14 },
        tags: { red: 1, blue: null },
        sizes: { '10': ['x'] },
        list: [{ a: 1 }, null, {}],
      },
    );
  });

  it('refuses map keys that collide once read', () => {
    assert.match(failure({ m: 'map<int,string>' }, '{"m":{"1":"a","01":"b"}}').errorMessage, /duplicate map key/);
    assert.match(failure({ m: 'map<string,string>' }, '{"m":{"A":"a","a":"b"}}').errorMessage, /duplicate map key/);
  });

  it('applies the SerDe leniencies for containers', () => {
    const columns = { list: 'array<int>', s: 'struct<a:int,b:string>', m: 'map<string,int>' };
    // A single value where an array is expected is a one-element array; blank strings are null.
    assert.deepEqual(row(columns, '{"list":"7","s":"  ","m":""}'), { list: [7], s: null, m: null });
    assert.deepEqual(row(columns, '{"list":"","s":[5,"x",true],"m":{}}'), { list: null, s: { a: 5, b: 'x' }, m: {} });
    assert.deepEqual(row(columns, '{"s":[]}'), { list: null, s: null, m: null });
    assert.equal(failure(columns, '{"s":"text"}').errorCode, MALFORMED_DATA);
    assert.equal(failure(columns, '{"m":[1]}').errorCode, MALFORMED_DATA);
  });

  it('reads a top-level array by position', () => {
    assert.deepEqual(row({ a: 'int', b: 'string' }, '[1,"x","extra"]'), { a: 1, b: 'x' });
  });

  it('reads each of several documents in a record as a row', () => {
    assert.deepEqual(rows({ a: 'int' }, '{"a":1}{"a":2}\n{"a":3}'), [{ a: 1 }, { a: 2 }, { a: 3 }]);
    // One bad document fails the whole record.
    assert.equal(failure({ a: 'int' }, '{"a":1}{"a":"x"}').errorCode, MALFORMED_DATA);
  });

  it('reports empty records, primitives and malformed JSON as Firehose does', () => {
    const columns = { a: 'int' };
    assert.deepEqual(failure(columns, '  \n'), {
      ok: false,
      errorCode: MALFORMED_DATA,
      errorMessage: 'The record was empty or contained only whitespace.',
    });
    assert.deepEqual(failure(columns, '42'), {
      ok: false,
      errorCode: MALFORMED_DATA,
      errorMessage: 'The input JSON contained a primitive at the top level. The top level must be an object or array.',
    });
    assert.equal(failure(columns, '{"a":1').errorCode, PARSE_ERROR);
    assert.equal(failure(columns, 'not json').errorCode, PARSE_ERROR);
    // Malformed JSON wins over a value that does not fit, as the SerDe parses before reading.
    assert.equal(failure(columns, '{"a":"x","b":}').errorCode, PARSE_ERROR);
    assert.equal(failure(columns, `{"a":${'['.repeat(20000)}`).errorCode, PARSE_ERROR);
  });

  it('writes strings so DuckDB reads them back unchanged', () => {
    const tricky = 'quote " backslash \\ tab \t newline \n unicode é 😀 \u2028';
    const record = JSON.stringify({ s: tricky, k: 'plain' });
    assert.deepEqual(row({ s: 'string', k: 'string' }, record), { s: tricky, k: 'plain' });
  });
});

describe('RecordNormaliser (Hive JSON SerDe rules)', () => {
  const hive: Options = { hiveTimestampFormats: [] };
  const withFormats = (...hiveTimestampFormats: string[]): Options => ({ hiveTimestampFormats });

  it('matches keys to columns case-insensitively, in structs too; map keys keep their case', () => {
    const columns = { id: 'string', userid: 'string', device: 'struct<ostype:string>', tags: 'map<string,int>' };
    assert.deepEqual(row(columns, '{"ID":"e1","UserId":"u1","Device":{"OsType":"ios"},"tags":{"Red":1}}', hive), {
      id: 'e1',
      userid: 'u1',
      device: { ostype: 'ios' },
      tags: { Red: 1 },
    });
  });

  it('reads timestamps in java.sql.Timestamp form by default, and not the OpenX ISO or epoch forms', () => {
    const columns = { ts: 'timestamp' };
    assert.deepEqual(row(columns, '{"ts":"2024-05-06 07:08:09.5"}', hive), { ts: '2024-05-06 07:08:09.500000' });
    for (const value of ['"2024-05-06T07:08:09.5Z"', '1715000000', '"1715000000000"']) {
      const result = failure(columns, `{"ts":${value}}`, hive);
      assert.equal(result.errorCode, MALFORMED_DATA, value);
      assert.match(result.errorMessage, /^Data does not match the schema\. ts: cannot read .* as timestamp$/, value);
    }
  });

  it('reads timestamps by the TimestampFormats, in order, from strings and numbers', () => {
    const options = withFormats("yyyy-MM-dd'T'HH:mm:ss.SSSZ", 'dd/MM/yyyy HH:mm', 'millis');
    const columns = { a: 'timestamp', b: 'timestamp', c: 'timestamp', d: 'timestamp' };
    assert.deepEqual(
      row(columns, '{"a":"2024-05-06T07:08:09.123+0200","b":"06/05/2024 07:08","c":1715000000123,"d":"2024-05-06 07:08:09"}', options),
      { a: '2024-05-06 05:08:09.123000', b: '2024-05-06 07:08:00.000000', c: '2024-05-06 12:53:20.123000', d: '2024-05-06 07:08:09.000000' },
    );
    assert.equal(failure(columns, '{"a":"May 6, 2024"}', options).errorCode, MALFORMED_DATA);
  });

  it('refuses numbers in strings for numeric columns, and truncates fractions for integers', () => {
    for (const [type, value] of [
      ['int', '"123"'],
      ['bigint', '"9"'],
      ['double', '"2.5"'],
      ['float', 'true'],
      ['int', '2147483648'],
    ] as const) {
      const result = failure({ x: type }, `{"x":${value}}`, hive);
      assert.equal(result.errorCode, MALFORMED_DATA, `${type} ${value}`);
      assert.match(result.errorMessage, /^Data does not match the schema\. x: /, `${type} ${value}`);
    }
    assert.deepEqual(row({ i: 'int', b: 'bigint', d: 'double', n: 'decimal(5,2)' }, '{"i":12.9,"b":-1e3,"d":2.5,"n":"1.5"}', hive), {
      i: 12,
      b: '-1000',
      d: 2.5,
      n: '1.50',
    });
  });

  it('does not keep nested JSON as a string', () => {
    const result = failure({ payload: 'string' }, '{"payload":{"inner":1}}', hive);
    assert.equal(result.errorCode, MALFORMED_DATA);
    assert.match(result.errorMessage, /payload: expected a string, got an object/);
    assert.deepEqual(row({ s: 'string', t: 'string' }, '{"s":1.50,"t":true}', hive), { s: '1.50', t: 'true' });
  });

  it('wants arrays, maps and structs as JSON arrays and objects (or null), without the OpenX leniencies', () => {
    const columns = { list: 'array<int>', s: 'struct<a:int>', m: 'map<string,int>' };
    assert.deepEqual(row(columns, '{"list":[1,2],"s":{"A":3},"m":null}', hive), { list: [1, 2], s: { a: 3 }, m: null });
    for (const record of ['{"list":7}', '{"list":""}', '{"s":[5]}', '{"s":"  "}', '{"m":""}', '{"m":[1]}']) {
      assert.equal(failure(columns, record, hive).errorCode, MALFORMED_DATA, record);
    }
  });

  it('refuses a top-level array, and still reads several documents in a record', () => {
    assert.deepEqual(failure({ a: 'int' }, '[1]', hive), {
      ok: false,
      errorCode: MALFORMED_DATA,
      errorMessage: 'The input JSON contained an array at the top level. The Hive JSON SerDe reads a JSON object.',
    });
    assert.deepEqual(rows({ a: 'int' }, '{"a":1}{"A":2}', hive), [{ a: 1 }, { a: 2 }]);
  });
});
