import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendNewline, deaggregateRecord, MAX_SUB_RECORDS, parseDelimiterParameter, type DeAggregationConfig } from './recordDeAggregation.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const JSON_TYPE: DeAggregationConfig = { subRecordType: 'JSON' };

function delimited(base64: string): DeAggregationConfig {
  const p = parseDelimiterParameter(base64);
  assert.ok(p.ok);
  return { subRecordType: 'DELIMITED', delimiter: p.delimiter };
}

function pieces(text: string, config: DeAggregationConfig): string[] {
  const r = deaggregateRecord(enc.encode(text), config);
  assert.equal(r.kind, 'split');
  return r.kind === 'split' ? r.records.map((x) => dec.decode(x)) : [];
}

describe('RecordDeAggregation, JSON', () => {
  it('splits the documented inputs and fails an array', () => {
    assert.deepEqual(pieces('{"a":1}{"a":2}', JSON_TYPE), ['{"a":1}', '{"a":2}']);
    assert.deepEqual(pieces('{"a":1}\n{"a":2}', JSON_TYPE), ['{"a":1}', '{"a":2}']);
    const r = deaggregateRecord(enc.encode('[{"a":1}, {"a":2}]'), JSON_TYPE);
    assert.equal(r.kind, 'failed');
  });

  it('splits up to 500 objects and passes a record with more on whole', () => {
    assert.equal(pieces('{"i":0}'.repeat(MAX_SUB_RECORDS), JSON_TYPE).length, 500);
    assert.deepEqual(deaggregateRecord(enc.encode('{"i":0}'.repeat(MAX_SUB_RECORDS + 1)), JSON_TYPE), { kind: 'whole', reason: 'too-many-sub-records' });
  });
});

describe('RecordDeAggregation, DELIMITED', () => {
  it('decodes the base64 Delimiter parameter', () => {
    const p = parseDelimiterParameter('IyMjIw==');
    assert.ok(p.ok);
    assert.equal(dec.decode(p.delimiter), '####');
    for (const bad of ['', 'IyMjIw=', 'Iy#jIw==', '====', 'a'.repeat(5124)]) assert.equal(parseDelimiterParameter(bad).ok, false, bad);
  });

  it('splits on the delimiter and drops empty pieces', () => {
    const hashes = delimited('IyMjIw=='); // ####
    assert.deepEqual(pieces('a####b####c', hashes), ['a', 'b', 'c']);
    assert.deepEqual(pieces('####a########b####', hashes), ['a', 'b']);
    assert.deepEqual(pieces('no delimiter here', hashes), ['no delimiter here']);
    assert.deepEqual(pieces('a#####b', hashes), ['a', '#b']);
    assert.deepEqual(pieces('', hashes), []);
    assert.deepEqual(pieces('x|y|z', delimited(Buffer.from('|').toString('base64'))), ['x', 'y', 'z']);
  });

  it('passes a record with more than 500 pieces on whole', () => {
    const comma = delimited(Buffer.from(',').toString('base64'));
    assert.equal(pieces(Array(500).fill('v').join(','), comma).length, 500);
    assert.deepEqual(deaggregateRecord(enc.encode(Array(501).fill('v').join(',')), comma), { kind: 'whole', reason: 'too-many-sub-records' });
  });
});

describe('AppendDelimiterToRecord', () => {
  it('appends a newline', () => {
    assert.equal(dec.decode(appendNewline(enc.encode('{"a":1}'))), '{"a":1}\n');
    assert.equal(dec.decode(appendNewline(new Uint8Array(0))), '\n');
  });
});
