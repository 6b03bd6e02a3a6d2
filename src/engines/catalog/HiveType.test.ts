import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatHiveType, hiveTypeProblem, isPrimitive, parseHiveType } from './HiveType.js';

describe('Hive types', () => {
  it('parses primitives, case-insensitively, with their synonyms', () => {
    for (const [text, kind] of [
      ['string', 'string'],
      ['INT', 'int'],
      ['integer', 'int'],
      ['BigInt', 'bigint'],
      ['tinyint', 'tinyint'],
      ['smallint', 'smallint'],
      ['float', 'float'],
      ['double', 'double'],
      ['double precision', 'double'],
      ['boolean', 'boolean'],
      ['binary', 'binary'],
      ['date', 'date'],
      ['timestamp', 'timestamp'],
    ] as const) {
      assert.deepEqual(parseHiveType(text), { kind }, text);
    }
  });

  it('parses decimal, char and varchar with their bounds', () => {
    assert.deepEqual(parseHiveType('decimal'), { kind: 'decimal', precision: 10, scale: 0 });
    assert.deepEqual(parseHiveType('decimal(38)'), { kind: 'decimal', precision: 38, scale: 0 });
    assert.deepEqual(parseHiveType('DECIMAL( 10 , 2 )'), { kind: 'decimal', precision: 10, scale: 2 });
    assert.deepEqual(parseHiveType('char(10)'), { kind: 'char', length: 10 });
    assert.deepEqual(parseHiveType('varchar(65535)'), { kind: 'varchar', length: 65535 });
    assert.match(hiveTypeProblem('decimal(39,2)')!, /precision must be between 1 and 38/);
    assert.match(hiveTypeProblem('decimal(5,6)')!, /scale must not exceed/);
    assert.match(hiveTypeProblem('char(256)')!, /char length must be between 1 and 255/);
    assert.match(hiveTypeProblem('varchar(0)')!, /between 1 and 65535/);
    assert.match(hiveTypeProblem('varchar')!, /expected '\('/);
  });

  it('parses nested complex types', () => {
    const t = parseHiveType('map<string, array<struct<a:int, `b c`:decimal(10,2), d:map<int,array<string>>>>>');
    assert.equal(formatHiveType(t), 'map<string,array<struct<a:int,`b c`:decimal(10,2),d:map<int,array<string>>>>>');
    assert.equal(isPrimitive(t), false);
    assert.equal(isPrimitive(parseHiveType('varchar(3)')), true);
    assert.deepEqual(parseHiveType('struct<userId:string>'), { kind: 'struct', fields: [{ name: 'userId', type: { kind: 'string' } }] });
    assert.deepEqual(parseHiveType('uniontype<int,string>'), { kind: 'union', members: [{ kind: 'int' }, { kind: 'string' }] });
  });

  it('refuses what is not a Hive type, saying where', () => {
    assert.match(hiveTypeProblem('strin')!, /unknown type 'strin' at position 0/);
    assert.match(hiveTypeProblem('long')!, /unknown type 'long'/);
    assert.match(hiveTypeProblem('array<string')!, /expected '>' but the type ended/);
    assert.match(hiveTypeProblem('array<>')!, /expected a type name/);
    assert.match(hiveTypeProblem('map<array<int>,string>')!, /map key must be a primitive/);
    assert.match(hiveTypeProblem('struct<>')!, /expected a field name/);
    assert.match(hiveTypeProblem('struct<a:int,a:string>')!, /duplicate struct field 'a'/);
    assert.match(hiveTypeProblem('struct<a int>')!, /expected ':'/);
    assert.match(hiveTypeProblem('string string')!, /unexpected 's'/);
    assert.match(hiveTypeProblem('')!, /expected a type name but the type ended/);
    assert.match(hiveTypeProblem('array<'.repeat(200) + 'int' + '>'.repeat(200))!, /nested too deeply/);
    assert.equal(hiveTypeProblem(' array< int > '), undefined);
  });
});
