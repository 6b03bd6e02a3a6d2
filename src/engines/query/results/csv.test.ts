import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvLine, parseCsvRows } from './csv.js';
import { javaDouble, javaFloat } from './formatValue.js';

describe('result CSV', () => {
  it('quotes every value, doubles quotes, and writes NULL as nothing', () => {
    assert.equal(csvLine(['a', 'say "hi"', null, '', 'x,y\nz']), '"a","say ""hi""",,"","x,y\nz"\n');
  });

  it('reads back what it writes, NULL and empty string apart, newlines inside values included', () => {
    const text = csvLine(['a', null, '']) + csvLine(['multi\nline', '"q"', 'é']);
    assert.deepEqual(parseCsvRows(text, 10, true), {
      rows: [
        ['a', null, ''],
        ['multi\nline', '"q"', 'é'],
      ],
      consumed: text.length,
    });
  });

  it('stops before a row cut off at the end of a chunk, and after maxRows', () => {
    const text = csvLine(['1']) + csvLine(['2']) + '"3';
    const partial = parseCsvRows(text, 10, false);
    assert.deepEqual(partial.rows, [['1'], ['2']]);
    assert.equal(text.slice(partial.consumed), '"3');
    assert.deepEqual(parseCsvRows(text, 1, false).rows, [['1']]);
  });

  it('reads unquoted values other tools write', () => {
    assert.deepEqual(parseCsvRows('1,abc,\r\n', 10, true).rows, [['1', 'abc', null]]);
  });
});

describe('Java number text', () => {
  it('prints doubles as Double.toString does', () => {
    assert.equal(javaDouble(1), '1.0');
    assert.equal(javaDouble(2.5), '2.5');
    assert.equal(javaDouble(1234567.5), '1234567.5');
    assert.equal(javaDouble(1e7), '1.0E7');
    assert.equal(javaDouble(1.5e10), '1.5E10');
    assert.equal(javaDouble(0.001), '0.001');
    assert.equal(javaDouble(0.0001), '1.0E-4');
    assert.equal(javaDouble(-0), '-0.0');
    assert.equal(javaDouble(Number.NaN), 'NaN');
    assert.equal(javaDouble(-Infinity), '-Infinity');
  });

  it('prints floats with the fewest digits that read back', () => {
    assert.equal(javaFloat(Math.fround(1.1)), '1.1');
    assert.equal(javaFloat(Math.fround(3.4028235e38)), '3.4028235E38');
  });
});
