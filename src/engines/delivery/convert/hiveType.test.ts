import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConversionError } from './ConversionError.js';
import { containsBinary, duckDbType, hiveTypeName, parseHiveType } from './hiveType.js';

describe('parseHiveType', () => {
  it('reads every primitive type, case-insensitively', () => {
    const cases: Array<[string, string]> = [
      ['string', 'VARCHAR'],
      ['STRING', 'VARCHAR'],
      ['char(10)', 'VARCHAR'],
      ['varchar(255)', 'VARCHAR'],
      ['boolean', 'BOOLEAN'],
      ['tinyint', 'TINYINT'],
      ['smallint', 'SMALLINT'],
      ['int', 'INTEGER'],
      ['integer', 'INTEGER'],
      ['bigint', 'BIGINT'],
      ['float', 'FLOAT'],
      ['double', 'DOUBLE'],
      ['double precision', 'DOUBLE'],
      ['decimal', 'DECIMAL(10,0)'],
      ['decimal(12)', 'DECIMAL(12,0)'],
      ['DECIMAL(38, 10)', 'DECIMAL(38,10)'],
      ['date', 'DATE'],
      ['timestamp', 'TIMESTAMP'],
      ['binary', 'BLOB'],
    ];
    for (const [hive, duck] of cases) assert.equal(duckDbType(parseHiveType(hive)), duck, hive);
  });

  it('reads nested types to any depth, lower-casing struct field names', () => {
    const type = parseHiveType('array< struct< userId : string, Tags:map<string,array<decimal(5,2)>>, `odd name`:binary > >');
    assert.equal(
      hiveTypeName(type),
      'array<struct<userid:string,tags:map<string,array<decimal(5,2)>>,odd name:binary>>',
    );
    assert.equal(duckDbType(type), 'STRUCT("userid" VARCHAR, "tags" MAP(VARCHAR, DECIMAL(5,2)[]), "odd name" BLOB)[]');
    assert.equal(duckDbType(type, 'VARCHAR'), 'STRUCT("userid" VARCHAR, "tags" MAP(VARCHAR, DECIMAL(5,2)[]), "odd name" VARCHAR)[]');
    assert.equal(containsBinary(type), true);
    assert.equal(containsBinary(parseHiveType('map<string,array<int>>')), false);
  });

  it('refuses what Hive or record format conversion does not accept', () => {
    for (const bad of [
      'text',
      'uniontype<int,string>',
      'decimal(39,0)',
      'decimal(5,6)',
      'char(0)',
      'varchar',
      'map<array<int>,string>',
      'array<int',
      'struct<>',
      'struct<a:int,A:string>',
      'int extra',
      'array<>',
    ]) {
      assert.throws(() => parseHiveType(bad), (err: unknown) => err instanceof ConversionError && err.kind === 'InvalidSchema', bad);
    }
  });
});
