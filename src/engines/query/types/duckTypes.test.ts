import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SqlError } from '../sql/SqlError.js';
import { fromDuckType, hiveTypeName, hiveTypeOf, trinoTypeName } from './duckTypes.js';

describe('DuckDB types as Hive and Trino types', () => {
  const cases: Array<[string, string, string]> = [
    ['VARCHAR', 'string', 'varchar'],
    ['INTEGER', 'int', 'integer'],
    ['HUGEINT', 'bigint', 'bigint'],
    ['FLOAT', 'float', 'real'],
    ['DECIMAL(10,2)', 'decimal(10,2)', 'decimal(10,2)'],
    ['TIMESTAMP', 'timestamp', 'timestamp(3)'],
    ['TIMESTAMP WITH TIME ZONE', 'timestamp', 'timestamp(3) with time zone'],
    ['BLOB', 'binary', 'varbinary'],
    ['"NULL"', 'string', 'varchar'],
    ['VARCHAR[]', 'array<string>', 'array(varchar)'],
    ['INTEGER[][]', 'array<array<int>>', 'array(array(integer))'],
    ['MAP(VARCHAR, BIGINT[])', 'map<string,array<bigint>>', 'map(varchar, array(bigint))'],
    ['STRUCT(a INTEGER, "B c" STRUCT(x DOUBLE)[])', 'struct<a:int,b c:array<struct<x:double>>>', 'row(a integer, "B c" array(row(x double)))'],
  ];
  for (const [duck, hive, trino] of cases) {
    it(`${duck} → ${hive} / ${trino}`, () => {
      const node = fromDuckType(duck);
      assert.equal(hiveTypeName(node), hive);
      assert.equal(trinoTypeName(node), trino);
      assert.equal(hiveTypeOf(duck), hive);
    });
  }

  it('has no Hive type for TIME or INTERVAL, and says so', () => {
    assert.equal(trinoTypeName(fromDuckType('TIME')), 'time(3)');
    assert.throws(() => hiveTypeOf('TIME'), (e: unknown) => e instanceof SqlError && e.errorName === 'NOT_SUPPORTED' && /TIME/.test(e.detail));
    assert.throws(() => fromDuckType('GEOMETRY'), (e: unknown) => e instanceof SqlError && e.errorName === 'NOT_SUPPORTED');
  });
});
