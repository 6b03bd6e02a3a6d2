import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gunzipSync, unzipSync, zipSync } from 'fflate';
import { coalesce, fixedBlocks } from './byteChunks.js';
import { compress, COMPRESSION_FORMATS, contentEncodingFor, decompress, extensionFor, isCompressionFormat } from './compression.js';
import { unzipSingle } from './deflateStreams.js';
import { decodeHadoopSnappy, decodeSnappyJavaStream } from './snappyStreams.js';

const enc = new TextEncoder();

function jsonRecords(count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => enc.encode(`{"id":${i},"name":"user-${i % 97}","v":${i * 3}}\n`));
}

function joined(chunks: readonly Uint8Array[]): Uint8Array {
  return Uint8Array.from(chunks.flatMap((c) => [...c]));
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('byte chunks', () => {
  it('cuts chunks into fixed blocks, viewing where it can', () => {
    const a = Uint8Array.from([1, 2, 3, 4, 5]);
    const b = Uint8Array.from([6, 7]);
    const blocks = [...fixedBlocks([a, b, new Uint8Array(0), Uint8Array.from([8])], 2)];
    assert.deepEqual(blocks.map((x) => [...x]), [[1, 2], [3, 4], [5, 6], [7, 8]]);
    assert.equal(blocks[0]?.buffer, a.buffer, 'a block inside one chunk is a view');
  });

  it('groups small chunks and passes big ones through', () => {
    const big = new Uint8Array(10);
    const pieces = [...coalesce([Uint8Array.of(1), Uint8Array.of(2), big, Uint8Array.of(3)], 4)];
    assert.deepEqual(pieces.map((p) => p.length), [2, 10, 1]);
    assert.equal(pieces[1], big);
  });
});

describe('formats', () => {
  it('has the Firehose extensions and content encodings', () => {
    assert.deepEqual(COMPRESSION_FORMATS.map(extensionFor), ['', '.gz', '.zip', '.snappy', '.snappy']);
    assert.deepEqual(COMPRESSION_FORMATS.map(contentEncodingFor), [undefined, 'gzip', 'zip', 'snappy-java', 'hadoop-snappy']);
    assert.equal(isCompressionFormat('Snappy'), true);
    assert.equal(isCompressionFormat('SNAPPY'), false);
  });

  it('round-trips every format, from one buffer or from many chunks, to the same bytes', async () => {
    const records = jsonRecords(5000);
    const whole = joined(records);
    for (const format of COMPRESSION_FORMATS) {
      const fromChunks = await compress(format, records);
      const fromWhole = await compress(format, whole);
      assert.deepEqual(fromChunks, fromWhole, `${format}: chunking must not change the output`);
      assert.deepEqual(await decompress(format, fromChunks), whole, format);
      assert.deepEqual(await decompress(format, await compress(format, [])), new Uint8Array(0), `${format}: empty input`);
    }
  });

  it('handles a multi-megabyte object', async () => {
    const records = jsonRecords(120_000); // ~4.6 MB
    const whole = joined(records);
    for (const format of COMPRESSION_FORMATS) {
      const packed = await compress(format, records);
      if (format !== 'UNCOMPRESSED') assert.ok(packed.length < whole.length / 3, `${format} compresses JSON`);
      assert.equal(sha256(await decompress(format, packed)), sha256(whole), format);
    }
  });
});

describe('Snappy (snappy-java stream)', () => {
  // Vectors written by snappy-java 1.1.8.3's SnappyOutputStream / SnappyHadoopCompatibleOutputStream.
  const small = enc.encode('{"a":1}\n{"a":2}\n');

  it('matches snappy-java byte for byte', async () => {
    assert.equal(hex(await compress('Snappy', small)), '82534e4150505900000000010000000100000012103c7b2261223a317d0a7b2261223a327d0a');
    const json = joined(jsonRecords(20000));
    assert.equal(sha256(await compress('Snappy', json)), '832a883f066324ad3e1f338f225b4c2903504dc95f9be2303f4797bfba1d7666');
  });

  it('decodes concatenated streams and rejects data without the header', async () => {
    const one = await compress('Snappy', enc.encode('hello '));
    const two = await compress('Snappy', enc.encode('world'));
    assert.equal(new TextDecoder().decode(decodeSnappyJavaStream(joined([one, two]))), 'hello world');
    assert.throws(() => decodeSnappyJavaStream(enc.encode('plain text, not snappy')), /missing the 0x82 SNAPPY header/);
    assert.throws(() => decodeSnappyJavaStream(one.subarray(0, one.length - 1)), /Truncated|Corrupt/);
  });
});

describe('HADOOP_SNAPPY (Hadoop block framing)', () => {
  it('matches snappy-java\'s Hadoop-compatible stream byte for byte', async () => {
    assert.equal(hex(await compress('HADOOP_SNAPPY', enc.encode('{"a":1}\n{"a":2}\n'))), '0000001000000012103c7b2261223a317d0a7b2261223a327d0a');
    assert.equal(sha256(await compress('HADOOP_SNAPPY', joined(jsonRecords(20000)))), '3217df5175a67be45e0c46a36f1073d87789f0993e2d68ecd2248811c6226c60');
  });

  it('decodes blocks made of several sub-blocks, as Hadoop writes large ones', () => {
    // Block of 6 bytes in two sub-blocks: raw snappy of "abc" is 03 08 61 62 63.
    const sub = [0x03, 0x08, 0x61, 0x62, 0x63];
    const data = Uint8Array.from([0, 0, 0, 6, 0, 0, 0, 5, ...sub, 0, 0, 0, 5, ...sub]);
    assert.equal(new TextDecoder().decode(decodeHadoopSnappy(data)), 'abcabc');
    assert.throws(() => decodeHadoopSnappy(Uint8Array.from([0, 0, 0, 9, 0, 0, 0, 5, ...sub])), /Truncated/);
  });
});

describe('GZIP and ZIP', () => {
  it('writes gzip that an independent decoder reads, reproducibly', async () => {
    const records = jsonRecords(3000);
    const gz = await compress('GZIP', records);
    assert.deepEqual(gunzipSync(gz), joined(records));
    assert.deepEqual(await compress('GZIP', records), gz);
    assert.ok((await compress('GZIP', records, { level: 9 })).length <= (await compress('GZIP', records, { level: 1 })).length);
  });

  it('writes a one-entry ZIP that an independent reader opens', async () => {
    const records = jsonRecords(3000);
    const zip = await compress('ZIP', records, { zipEntryName: 'a9fa96af-e4e4-409f-bac3-1f804714faaa', zipModifiedMs: Date.UTC(2024, 4, 1, 12, 30, 10) });
    const entries = unzipSync(zip);
    assert.deepEqual(Object.keys(entries), ['a9fa96af-e4e4-409f-bac3-1f804714faaa']);
    assert.deepEqual(entries['a9fa96af-e4e4-409f-bac3-1f804714faaa'], joined(records));
  });

  it('reads ZIPs written by another implementation and checks the CRC', async () => {
    const data = enc.encode('records\n'.repeat(100));
    const foreign = zipSync({ 'x.json': data });
    const entry = await unzipSingle(foreign);
    assert.equal(entry.name, 'x.json');
    assert.deepEqual(entry.data, data);
    const stored = zipSync({ 's.json': data }, { level: 0 });
    assert.deepEqual((await unzipSingle(stored)).data, data);
    const ours = await compress('ZIP', data);
    const corrupt = Uint8Array.from(ours);
    corrupt[14] = (corrupt[14] ?? 0) ^ 0xff; // local-header CRC is not used; damage the central one
    const central = ours.length - 22 - 46 - 4; // name 'data'
    corrupt[central + 16] = (corrupt[central + 16] ?? 0) ^ 0xff;
    await assert.rejects(unzipSingle(corrupt), /CRC/);
  });
});
