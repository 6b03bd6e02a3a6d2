import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ConversionError } from './ConversionError.js';
import { NormaliserPool } from './NormaliserPool.js';
import { ParquetConverter, rowsPerRowGroup } from './ParquetConverter.js';
import { MALFORMED_DATA, PARSE_ERROR } from './RecordNormaliser.js';
import type { JsonSerDeOptions, ParquetOptions, TableSchema } from './types.js';

const encoder = new TextEncoder();
const json = (...values: unknown[]): Uint8Array[] => values.map((v) => encoder.encode(JSON.stringify(v)));
const texts = (...values: string[]): Uint8Array[] => values.map((v) => encoder.encode(v));

let dir: string;
let duckdb: DuckDBInstance;
let reader: DuckDBConnection;
const pool = NormaliserPool.create(2);
let fileNumber = 0;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lakehose-convert-'));
  duckdb = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  reader = await duckdb.connect();
});

after(async () => {
  reader.closeSync();
  duckdb.closeSync();
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

async function converter(
  schema: TableSchema,
  serde: JsonSerDeOptions = {},
  parquet: ParquetOptions = {},
  parallel = false,
): Promise<ParquetConverter> {
  return ParquetConverter.create(schema, serde, parquet, { duckdb, normaliserPool: parallel ? pool : null });
}

function outPath(): string {
  return join(dir, `out-${++fileNumber}.parquet`);
}

async function query(sql: string): Promise<Array<Record<string, unknown>>> {
  return (await reader.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, unknown>>;
}

/** Each leaf column of the file: its Parquet physical and logical type. */
async function parquetTypes(path: string): Promise<Record<string, string>> {
  const rows = await query(`SELECT name, type, converted_type, logical_type FROM parquet_schema('${path}') WHERE type IS NOT NULL`);
  return Object.fromEntries(rows.map((r) => [String(r.name), `${String(r.type)}/${String(r.converted_type ?? r.logical_type ?? '')}`]));
}

describe('ParquetConverter', () => {
  it('writes the analytics table (userId in JSON, userid in Glue) that DuckDB reads back typed', async () => {
    const schema = {
      columns: [
        { name: 'id', type: 'string' },
        { name: 'userid', type: 'string' },
        { name: 'format', type: 'string' },
        { name: 'timestamp', type: 'timestamp' },
      ],
    };
    const convert = await converter(schema);
    const path = outPath();
    const result = await convert.convert(
      json(
        { id: 'e1', userId: 'u1', format: 'mp4', timestamp: '2024-05-06T07:08:09.123Z', extra: 1 },
        { id: 'e2', userId: 'u2', format: 'hls', timestamp: 1715000000 },
      ),
      path,
    );
    assert.deepEqual(result, { rowsWritten: 2, failures: [] });
    assert.deepEqual(await query(`SELECT * FROM '${path}' ORDER BY id`), [
      { id: 'e1', userid: 'u1', format: 'mp4', timestamp: '2024-05-06 07:08:09.123' },
      { id: 'e2', userid: 'u2', format: 'hls', timestamp: '2024-05-06 12:53:20' },
    ]);
    assert.deepEqual(
      await query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '${path}')`),
      [
        { column_name: 'id', column_type: 'VARCHAR' },
        { column_name: 'userid', column_type: 'VARCHAR' },
        { column_name: 'format', column_type: 'VARCHAR' },
        { column_name: 'timestamp', column_type: 'TIMESTAMP' },
      ],
    );
  });

  it('writes every Hive type as the Parquet type Athena expects', async () => {
    const columns = {
      s: 'string',
      c: 'char(3)',
      v: 'varchar(4)',
      b: 'boolean',
      ti: 'tinyint',
      si: 'smallint',
      i: 'int',
      bi: 'bigint',
      f: 'float',
      d: 'double',
      dec: 'decimal(20,4)',
      dt: 'date',
      ts: 'timestamp',
      bin: 'binary',
      arr: 'array<int>',
      m: 'map<string,bigint>',
      st: 'struct<name:string,tags:array<string>,raw:binary>',
      nested: 'array<map<string,struct<x:decimal(5,2)>>>',
    };
    const convert = await converter({ columns: Object.entries(columns).map(([name, type]) => ({ name, type })) });
    const path = outPath();
    const record =
      '{"s":"text","c":"abcdef","v":"vwxyz","b":"true","ti":-7,"si":"300","i":123456,"bi":9007199254740993,' +
      '"f":1.5,"d":-2.25e-3,"dec":"1234567890123456.78915","dt":"2024-02-29","ts":"2024-02-29 23:59:59.999999",' +
      '"bin":"héllo","arr":[1,null,3],"m":{"One":1,"two":null},"st":{"Name":"n","tags":["a"],"raw":"bytes"},' +
      '"nested":[{"k":{"x":"1.005"}}]}';
    assert.deepEqual(await convert.convert(texts(record), path), { rowsWritten: 1, failures: [] });

    const [row] = await query(
      `SELECT s, c, v, b, ti, si, i, bi::VARCHAR AS bi, f, d, dec::VARCHAR AS dec, dt::VARCHAR AS dt, ts::VARCHAR AS ts,
              decode(bin) AS bin, arr, m, st.name AS st_name, st.tags AS st_tags, decode(st.raw) AS st_raw,
              nested[1]['k'].x::VARCHAR AS nested_x FROM '${path}'`,
    );
    assert.deepEqual(row, {
      s: 'text',
      c: 'abc',
      v: 'vwxy',
      b: true,
      ti: -7,
      si: 300,
      i: 123456,
      bi: '9007199254740993',
      f: 1.5,
      d: -0.00225,
      dec: '1234567890123456.7892',
      dt: '2024-02-29',
      ts: '2024-02-29 23:59:59.999999',
      bin: 'héllo',
      arr: [1, null, 3],
      m: [
        { key: 'one', value: '1' },
        { key: 'two', value: null },
      ],
      st_name: 'n',
      st_tags: ['a'],
      st_raw: 'bytes',
      nested_x: '1.01',
    });

    const types = await parquetTypes(path);
    assert.equal(types.s, 'BYTE_ARRAY/UTF8');
    assert.equal(types.c, 'BYTE_ARRAY/UTF8');
    assert.equal(types.b, 'BOOLEAN/');
    assert.equal(types.ti, 'INT32/INT_8');
    assert.equal(types.si, 'INT32/INT_16');
    assert.equal(types.i, 'INT32/INT_32');
    assert.equal(types.bi, 'INT64/INT_64');
    assert.equal(types.f, 'FLOAT/');
    assert.equal(types.d, 'DOUBLE/');
    assert.match(types.dec!, /\/DECIMAL$/);
    assert.equal(types.dt, 'INT32/DATE');
    assert.equal(types.ts, 'INT64/TIMESTAMP_MICROS');
    assert.equal(types.bin, 'BYTE_ARRAY/');
    const groups = await query(`SELECT name, converted_type FROM parquet_schema('${path}') WHERE name IN ('arr', 'm', 'st')`);
    assert.deepEqual(
      Object.fromEntries(groups.map((g) => [g.name, g.converted_type])),
      { arr: 'LIST', m: 'MAP', st: null },
    );
  });

  it('reports bad records one by one while the good ones land, in order', async () => {
    const convert = await converter({ columns: [{ name: 'id', type: 'int' }, { name: 'ts', type: 'timestamp' }] });
    const path = outPath();
    const result = await convert.convert(
      texts(
        '{"id":1,"ts":1518033528}',
        '{"id":"two","ts":1518033528}',
        '{"id":3,"ts":"yesterday"}',
        'not json',
        '',
        '{"id":6,"ts":"2018-02-07T19:58:48Z"}',
        '{"id":7}{"id":8}',
      ),
      path,
    );
    assert.equal(result.rowsWritten, 4);
    assert.deepEqual(
      result.failures.map((f) => [f.index, f.errorCode]),
      [
        [1, MALFORMED_DATA],
        [2, MALFORMED_DATA],
        [3, PARSE_ERROR],
        [4, MALFORMED_DATA],
      ],
    );
    assert.match(result.failures[0]!.errorMessage, /id: cannot read "two" as int/);
    assert.deepEqual(await query(`SELECT id, ts::VARCHAR AS ts FROM '${path}'`), [
      { id: 1, ts: '2018-02-07 19:58:48' },
      { id: 6, ts: '2018-02-07 19:58:48' },
      { id: 7, ts: null },
      { id: 8, ts: null },
    ]);
  });

  it('reads every timestamp form Firehose documents for the OpenX SerDe', async () => {
    const convert = await converter({ columns: [{ name: 'n', type: 'int' }, { name: 'ts', type: 'timestamp' }] });
    const path = outPath();
    const forms = [
      '"2017-02-07T15:13:01.39256Z"',
      '"2017-02-07 15:13:01.14"',
      '"2017-2-7 15:13:01"',
      '1518033528',
      '1518033528123',
      '1518033528.123',
      '"1518033528"',
    ];
    const result = await convert.convert(texts(...forms.map((ts, n) => `{"n":${n},"ts":${ts}}`)), path);
    assert.deepEqual(result.failures, []);
    assert.deepEqual(
      (await query(`SELECT ts::VARCHAR AS ts FROM '${path}' ORDER BY n`)).map((r) => r.ts),
      [
        '2017-02-07 15:13:01.39256',
        '2017-02-07 15:13:01.14',
        '2017-02-07 15:13:01',
        '2018-02-07 19:58:48',
        '2018-02-07 19:58:48.123',
        '2018-02-07 19:58:48.123',
        '2018-02-07 19:58:48',
      ],
    );
  });

  it('applies the OpenX options: case, key mappings, dots', async () => {
    const schema = { columns: [{ name: 'ts', type: 'string' }, { name: 'a_b', type: 'string' }, { name: 'userid', type: 'string' }] };
    const record = json({ timestamp: 'T', 'a.b': 'dotted', userId: 'U' });
    const withOptions = await converter(schema, { columnToJsonKeyMappings: { ts: 'timestamp' }, convertDotsInJsonKeysToUnderscores: true });
    const path = outPath();
    await withOptions.convert(record, path);
    assert.deepEqual(await query(`SELECT * FROM '${path}'`), [{ ts: 'T', a_b: 'dotted', userid: 'U' }]);

    const caseSensitive = await converter(schema, { caseInsensitive: false });
    const path2 = outPath();
    await caseSensitive.convert(record, path2);
    assert.deepEqual(await query(`SELECT * FROM '${path2}'`), [{ ts: null, a_b: null, userid: null }]);
  });

  it('reads with the Hive JSON SerDe, here and on workers: TimestampFormats, strict numbers, any key case', async () => {
    const schema = { columns: [{ name: 'n', type: 'int' }, { name: 'ts', type: 'timestamp' }] };
    const serde: JsonSerDeOptions = { kind: 'hive', timestampFormats: ['dd/MM/yyyy HH:mm:ss', 'millis'] };
    // Enough records that the pool normalises them: the Hive rules must reach the workers.
    const records = Array.from({ length: 3000 }, (_, n) => {
      if (n % 1000 === 1) return encoder.encode(`{"n":"${n}","ts":"01/02/2024 03:04:05"}`);
      if (n % 2 === 0) return encoder.encode(`{"N":${n},"TS":"07/02/2017 15:13:01"}`);
      return encoder.encode(`{"n":${n},"ts":1518033528123}`);
    });
    const here = await converter(schema, serde);
    const onWorkers = await converter(schema, serde, {}, true);
    const [pathHere, pathWorkers] = [outPath(), outPath()];
    const [a, b] = [await here.convert(records, pathHere), await onWorkers.convert(records, pathWorkers)];
    assert.deepEqual(b, a);
    assert.deepEqual(a.failures.map((f) => f.index), [1, 1001, 2001], 'numbers in strings do not fit an int column');
    assert.match(a.failures[0]!.errorMessage, /n: expected a int, got the string "1"/);
    for (const path of [pathHere, pathWorkers]) {
      assert.deepEqual(await query(`SELECT n, ts::VARCHAR AS ts FROM '${path}' WHERE n < 4 ORDER BY n`), [
        { n: 0, ts: '2017-02-07 15:13:01' },
        { n: 2, ts: '2017-02-07 15:13:01' },
        { n: 3, ts: '2018-02-07 19:58:48.123' },
      ]);
    }
  });

  it('refuses Hive JSON SerDe options and schemas it cannot honour', async () => {
    await assert.rejects(
      converter({ columns: [{ name: 'ts', type: 'timestamp' }] }, { kind: 'hive', timestampFormats: ['yyyy-MM-ddTHH'] }),
      (err: unknown) => err instanceof ConversionError && err.kind === 'InvalidOptions' && /Illegal pattern component: T/.test(err.message),
    );
    await assert.rejects(
      converter({ columns: [{ name: 'a.b', type: 'int' }] }, { kind: 'hive' }),
      (err: unknown) => err instanceof ConversionError && err.kind === 'InvalidSchema' && /period/.test(err.message),
    );
  });

  it('writes the requested compression, dictionary and writer version', async () => {
    const schema = { columns: [{ name: 'k', type: 'string' }, { name: 'n', type: 'bigint' }] };
    const records = json(...Array.from({ length: 50 }, (_, n) => ({ k: `key-${n % 3}`, n })));
    for (const compression of ['SNAPPY', 'GZIP', 'UNCOMPRESSED', 'ZSTD'] as const) {
      const path = outPath();
      await (await converter(schema, {}, { compression })).convert(records, path);
      const codecs = await query(`SELECT DISTINCT compression FROM parquet_metadata('${path}')`);
      assert.deepEqual(codecs, [{ compression }], compression);
    }
    const encodings = async (parquet: ParquetOptions): Promise<string> => {
      const path = outPath();
      await (await converter(schema, {}, parquet)).convert(records, path);
      const rows = await query(`SELECT encodings FROM parquet_metadata('${path}') WHERE path_in_schema = 'k'`);
      return String(rows[0]!.encodings);
    };
    assert.match(await encodings({}), /DICTIONARY/);
    assert.doesNotMatch(await encodings({ enableDictionaryCompression: false }), /DICTIONARY/);
    assert.match(await encodings({ writerVersion: 'V2', enableDictionaryCompression: false }), /DELTA/);
  });

  it('sizes row groups from BlockSizeBytes', async () => {
    const schema = { columns: [{ name: 'pad', type: 'string' }] };
    // ~1 MiB rows: a 64 MiB block holds ~64 of them.
    const records = json(...Array.from({ length: 150 }, (_, n) => ({ pad: `${n}`.padEnd(1024 * 1024, 'x') })));
    const rowGroups = async (parquet: ParquetOptions): Promise<number[]> => {
      const path = outPath();
      await (await converter(schema, {}, parquet)).convert(records, path);
      const groups = await query(`SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata('${path}') ORDER BY row_group_id`);
      return groups.map((g) => Number(g.row_group_num_rows));
    };
    const groups = await rowGroups({ blockSizeBytes: 64 * 1024 * 1024 });
    assert.equal(groups.reduce((a, b) => a + b, 0), 150);
    assert.ok(groups.length >= 3 && groups.every((n) => n <= 64), String(groups));
    // The arithmetic: 64 MiB of 200-byte rows, and a block smaller than one row.
    assert.equal(rowsPerRowGroup(64 * 1024 * 1024, 200_000, 1000), 335_545);
    assert.equal(rowsPerRowGroup(64 * 1024 * 1024, 2 ** 30, 1), 1);
  });

  it('converts large batches on workers with the same rows and failure positions', async () => {
    const schema = { columns: [{ name: 'n', type: 'int' }, { name: 'label', type: 'string' }] };
    const records = Array.from({ length: 5000 }, (_, n) =>
      n % 997 === 0 ? encoder.encode(`{"n":"bad-${n}"}`) : encoder.encode(JSON.stringify({ n, label: `row ${n}` })),
    );
    const here = await converter(schema);
    const onWorkers = await converter(schema, {}, {}, true);
    const [pathHere, pathWorkers] = [outPath(), outPath()];
    const [a, b] = [await here.convert(records, pathHere), await onWorkers.convert(records, pathWorkers)];
    assert.deepEqual(b, a);
    assert.deepEqual(a.failures.map((f) => f.index), [0, 997, 1994, 2991, 3988, 4985]);
    assert.equal(a.rowsWritten, 4994);
    const differences = await query(
      `SELECT count(*) AS n FROM (SELECT *, row_number() OVER () AS r FROM '${pathHere}') h
       FULL JOIN (SELECT *, row_number() OVER () AS r FROM '${pathWorkers}') w USING (r)
       WHERE h.n IS DISTINCT FROM w.n OR h.label IS DISTINCT FROM w.label`,
    );
    assert.equal(Number(differences[0]!.n), 0);
    const order = await query(`SELECT bool_and(n > lag) AS ascending FROM (SELECT n, lag(n, 1, -1) OVER () AS lag FROM '${pathWorkers}')`);
    assert.equal(order[0]!.ascending, true);
  });

  it('writes no file when no record converts, and leaves nothing behind', async () => {
    const convert = await converter({ columns: [{ name: 'n', type: 'int' }] });
    const path = outPath();
    assert.deepEqual(await convert.convert(texts('x', '{"n":"y"}'), path), {
      rowsWritten: 0,
      failures: [
        { index: 0, errorCode: PARSE_ERROR, errorMessage: 'The record is not valid JSON: unexpected character at position 0' },
        { index: 1, errorCode: MALFORMED_DATA, errorMessage: 'Data does not match the schema. n: cannot read "y" as int' },
      ],
    });
    assert.equal(existsSync(path), false);
    assert.deepEqual(await convert.convert([], path), { rowsWritten: 0, failures: [] });
    assert.equal(existsSync(path), false);
  });

  it('fails without leaving a file or temporary data when the file cannot be written', async () => {
    const convert = await converter({ columns: [{ name: 'n', type: 'int' }] });
    const sub = join(dir, 'not-a-directory');
    await assert.rejects(convert.convert(json({ n: 1 }), join(sub, 'out.parquet')));
    assert.equal(existsSync(sub), false);
    const before = readdirSync(dir).filter((name) => name.endsWith('.ndjson'));
    assert.deepEqual(before, []);
  });

  it('refuses schemas and options it cannot honour', async () => {
    const invalid: Array<[TableSchema, ParquetOptions, string]> = [
      [{ columns: [] }, {}, 'InvalidSchema'],
      [{ columns: [{ name: 'a', type: 'uniontype<int,string>' }] }, {}, 'InvalidSchema'],
      [{ columns: [{ name: 'a', type: 'int' }, { name: 'A', type: 'string' }] }, {}, 'InvalidSchema'],
      [{ columns: [{ name: 'a', type: 'int' }] }, { compression: 'LZO' as 'GZIP' }, 'InvalidOptions'],
      [{ columns: [{ name: 'a', type: 'int' }] }, { blockSizeBytes: 1024 }, 'InvalidOptions'],
      [{ columns: [{ name: 'a', type: 'int' }] }, { pageSizeBytes: 1024 }, 'InvalidOptions'],
    ];
    for (const [schema, parquet, kind] of invalid) {
      await assert.rejects(converter(schema, {}, parquet), (err: unknown) => err instanceof ConversionError && err.kind === kind);
    }
  });

  it('writes text DuckDB reads back unchanged: escapes, lone surrogates, odd field names', async () => {
    const convert = await converter({
      columns: [
        { name: 's', type: 'string' },
        { name: 'm', type: 'map<string,string>' },
        { name: 'st', type: 'struct<`odd "name\'`:string>' },
      ],
    });
    const path = outPath();
    const result = await convert.convert(
      texts('{"s":"tab\\t quote\\" \\u00e9 \\ud83d\\ude00 lone \\ud800.","m":{"\\udc00k":"v"},"st":{"ODD \\"NAME\'":"x"}}'),
      path,
    );
    assert.deepEqual(result, { rowsWritten: 1, failures: [] });
    const [row] = await query(`SELECT s, map_keys(m)[1] AS k, st."odd ""name'" AS odd FROM '${path}'`);
    assert.deepEqual(row, { s: 'tab\t quote" é 😀 lone \ufffd.', k: '\ufffdk', odd: 'x' });
  });

  it('lower-cases column names, as Glue stores them', async () => {
    const convert = await converter({ columns: [{ name: 'UserId', type: 'struct<DeviceType:string>' }] });
    const path = outPath();
    await convert.convert(json({ userid: { devicetype: 'tv' } }), path);
    assert.deepEqual(await query(`SELECT * FROM '${path}'`), [{ userid: { devicetype: 'tv' } }]);
  });
});
