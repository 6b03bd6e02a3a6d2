import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { decodeKplRecord, encodeKplRecord, isKplAggregated, KPL_MAGIC } from './kplAggregation.js';
import { ProtoReader, ProtoWriter } from './protobuf.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

function wrap(message: Uint8Array, digest = createHash('md5').update(message).digest()): Uint8Array {
  return Uint8Array.from([...KPL_MAGIC, ...message, ...digest]);
}

describe('KPL aggregated records', () => {
  it('encodes the documented layout: magic, protobuf, MD5 of the protobuf', () => {
    // AggregatedRecord{partition_key_table:["a"], records:[{partition_key_index:0, data:"hi"}]}
    const message = Uint8Array.from([0x0a, 0x01, 0x61, 0x1a, 0x06, 0x08, 0x00, 0x1a, 0x02, 0x68, 0x69]);
    assert.deepEqual(encodeKplRecord([{ partitionKey: 'a', data: enc.encode('hi') }]), wrap(message));
    const decoded = decodeKplRecord(wrap(message));
    assert.ok(decoded.aggregated);
    assert.deepEqual(decoded.records.map((r) => [r.partitionKey, r.explicitHashKey, dec.decode(r.data)]), [['a', undefined, 'hi']]);
  });

  it('round-trips keys, explicit hash keys and binary data, sharing table entries', () => {
    const records = [
      { partitionKey: 'user-1', data: enc.encode('{"n":1}') },
      { partitionKey: 'user-2', explicitHashKey: '170141183460469231731687303715884105728', data: Uint8Array.from([0, 255, 1]) },
      { partitionKey: 'user-1', data: new Uint8Array(0) },
      { partitionKey: 'ключ', data: enc.encode('x'.repeat(300)) },
    ];
    const blob = encodeKplRecord(records);
    assert.ok(isKplAggregated(blob));
    const decoded = decodeKplRecord(blob);
    assert.ok(decoded.aggregated);
    assert.deepEqual(
      decoded.records.map((r) => ({ ...r, data: [...r.data] })),
      records.map((r) => ({ ...r, data: [...r.data] })),
    );
    assert.equal(decoded.records[0]?.data.buffer, blob.buffer, 'data are views of the blob');
    // Two distinct partition keys for user-1/user-2/ключ: three table entries, not four.
    let tableEntries = 0;
    const reader = new ProtoReader(blob, 4, blob.length - 16);
    while (!reader.done) {
      const { field, wireType } = reader.tag();
      if (field === 1) tableEntries++;
      reader.skip(wireType);
    }
    assert.equal(tableEntries, 3);
  });

  it('treats blobs failing the magic or MD5 check as plain records', () => {
    assert.deepEqual(decodeKplRecord(enc.encode('{"plain":"json record"}')), { aggregated: false, reason: 'no-magic' });
    assert.deepEqual(decodeKplRecord(Uint8Array.from(KPL_MAGIC)), { aggregated: false, reason: 'no-magic' });
    const blob = encodeKplRecord([{ partitionKey: 'k', data: enc.encode('v') }]);
    const tampered = Uint8Array.from(blob);
    tampered[8] = (tampered[8] ?? 0) ^ 1;
    assert.deepEqual(decodeKplRecord(tampered), { aggregated: false, reason: 'digest-mismatch' });
  });

  it('treats a well-checksummed but malformed protobuf as a plain record', () => {
    const cases = [
      Uint8Array.from([0x1a, 0x05, 0x08]), // truncated record
      new ProtoWriter().bytesField(3, new ProtoWriter().varintField(1, 0).bytesField(3, enc.encode('x')).finish()).finish(), // index 0 of an empty table
      new ProtoWriter().bytesField(1, enc.encode('k')).bytesField(3, new ProtoWriter().bytesField(3, enc.encode('x')).finish()).finish(), // no partition key index
      new ProtoWriter().varintField(3, 7).finish(), // records field with the wrong wire type
      Uint8Array.from([0x0b]), // group wire type
    ];
    for (const message of cases) assert.deepEqual(decodeKplRecord(wrap(message)), { aggregated: false, reason: 'malformed' });
  });

  it('skips fields it does not know, such as tags', () => {
    const tag = new ProtoWriter().bytesField(1, enc.encode('env')).bytesField(2, enc.encode('prod')).finish();
    const record = new ProtoWriter().varintField(1, 0).bytesField(3, enc.encode('payload')).bytesField(4, tag).varintField(9, 123).finish();
    const message = new ProtoWriter().bytesField(3, record).bytesField(1, enc.encode('pk')).varintField(15, 1).finish(); // table after the record
    const decoded = decodeKplRecord(wrap(message));
    assert.ok(decoded.aggregated);
    assert.deepEqual(decoded.records.map((r) => [r.partitionKey, dec.decode(r.data)]), [['pk', 'payload']]);
  });

  it('reads and writes multi-byte varints', () => {
    const w = new ProtoWriter().varint(0).varint(127).varint(128).varint(300).varint(2 ** 53 - 1);
    const r = new ProtoReader(w.finish());
    assert.deepEqual([r.varint(), r.varint(), r.varint(), r.varint(), r.varint()], [0, 127, 128, 300, 2 ** 53 - 1]);
    assert.ok(r.done);
    assert.throws(() => new ProtoReader(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])).varint(), /2\^53/);
  });
});
