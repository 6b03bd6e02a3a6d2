/**
 * The two Snappy container formats Firehose writes, on top of the `snappy` package's raw
 * block compression.
 *
 * - `Snappy`: the xerial snappy-java stream (`SnappyOutputStream`): a 16-byte header
 *   (magic `82 'SNAPPY' 00`, version 1, compatible version 1, big-endian ints), then per
 *   32 KiB of input a block `[compressed length BE32][raw snappy]`. Not Google's framing
 *   format: a probe of real Firehose output found this header, and snappy-java reproduced
 *   the object byte for byte (floci-io/floci#2328).
 * - `HADOOP_SNAPPY`: Hadoop's BlockCompressorStream framing, as snappy-java's
 *   `SnappyHadoopCompatibleOutputStream` writes it: per 32 KiB of input
 *   `[uncompressed length BE32][compressed length BE32][raw snappy]`, no header. Readers
 *   (Hadoop, Spark, our decoder) also accept several compressed sub-blocks per block.
 *
 * 32 KiB matches snappy-java's default block size and stays under Hadoop's 256 KiB buffer.
 */

import { compress as snappyCompress, uncompressSync } from 'snappy';
import { fixedBlocks } from './byteChunks.js';

export const SNAPPY_JAVA_MAGIC = Uint8Array.of(0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00);
const SNAPPY_JAVA_HEADER_SIZE = 16;
const SNAPPY_JAVA_VERSION = 1;
export const SNAPPY_BLOCK_SIZE = 32 * 1024;
// Blocks in flight on the libuv pool at once: enough to use the cores, few enough that
// file I/O (which shares the pool) is not stuck behind thousands of compression tasks.
const WINDOW = 4;
const YIELD_EVERY_BLOCKS = 32;

interface CompressedBlock {
  readonly uncompressedLength: number;
  readonly data: Uint8Array;
}

/** Raw-compresses the input in fixed blocks, a few at a time off the main thread, in order. */
async function compressBlocks(chunks: readonly Uint8Array[], blockSize: number): Promise<CompressedBlock[]> {
  const done: CompressedBlock[] = [];
  const inflight: { readonly length: number; readonly promise: Promise<Uint8Array> }[] = [];
  const settleOldest = async (): Promise<void> => {
    const oldest = inflight.shift();
    if (oldest !== undefined) done.push({ uncompressedLength: oldest.length, data: await oldest.promise });
  };
  let sinceYield = 0;
  for (const block of fixedBlocks(chunks, blockSize)) {
    // copyOutputData: external buffers cost more than the copy for blocks this small.
    inflight.push({ length: block.length, promise: snappyCompress(block, { copyOutputData: true }) });
    if (inflight.length >= WINDOW) await settleOldest();
    // Awaiting an already-settled promise does not let the event loop run; every ~1 MiB we make sure it does.
    if (++sinceYield === YIELD_EVERY_BLOCKS) {
      sinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  while (inflight.length > 0) await settleOldest();
  return done;
}

function writeU32(out: Uint8Array, pos: number, value: number): void {
  out[pos] = value >>> 24;
  out[pos + 1] = (value >>> 16) & 0xff;
  out[pos + 2] = (value >>> 8) & 0xff;
  out[pos + 3] = value & 0xff;
}

function readU32(data: Uint8Array, pos: number): number {
  if (pos + 4 > data.length) throw new Error('Truncated snappy stream');
  return ((data[pos] ?? 0) * 0x1000000) + (((data[pos + 1] ?? 0) << 16) | ((data[pos + 2] ?? 0) << 8) | (data[pos + 3] ?? 0));
}

function rawUncompress(block: Uint8Array): Uint8Array {
  try {
    return uncompressSync(block, { asBuffer: true, copyOutputData: true }) as Uint8Array;
  } catch (err) {
    throw new Error(`Corrupt snappy block: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function joined(parts: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/** Firehose `Snappy`: a snappy-java stream. */
export async function encodeSnappyJavaStream(chunks: readonly Uint8Array[]): Promise<Uint8Array> {
  const blocks = await compressBlocks(chunks, SNAPPY_BLOCK_SIZE);
  let size = SNAPPY_JAVA_HEADER_SIZE;
  for (const b of blocks) size += 4 + b.data.length;
  const out = new Uint8Array(size);
  out.set(SNAPPY_JAVA_MAGIC, 0);
  writeU32(out, 8, SNAPPY_JAVA_VERSION);
  writeU32(out, 12, SNAPPY_JAVA_VERSION);
  let pos = SNAPPY_JAVA_HEADER_SIZE;
  for (const b of blocks) {
    writeU32(out, pos, b.data.length);
    out.set(b.data, pos + 4);
    pos += 4 + b.data.length;
  }
  return out;
}

function hasMagicAt(data: Uint8Array, pos: number): boolean {
  if (pos + SNAPPY_JAVA_MAGIC.length > data.length) return false;
  for (let i = 0; i < SNAPPY_JAVA_MAGIC.length; i++) if (data[pos + i] !== SNAPPY_JAVA_MAGIC[i]) return false;
  return true;
}

/** Decodes a snappy-java stream (concatenated streams included, as SnappyInputStream reads them). */
export function decodeSnappyJavaStream(data: Uint8Array): Uint8Array {
  if (!hasMagicAt(data, 0) || data.length < SNAPPY_JAVA_HEADER_SIZE) throw new Error('Not a snappy-java stream: missing the 0x82 SNAPPY header');
  const parts: Uint8Array[] = [];
  let total = 0;
  let pos = 0;
  while (pos < data.length) {
    if (hasMagicAt(data, pos)) {
      if (pos + SNAPPY_JAVA_HEADER_SIZE > data.length) throw new Error('Truncated snappy-java header');
      const compatible = readU32(data, pos + 12);
      if (compatible > SNAPPY_JAVA_VERSION) throw new Error(`Unsupported snappy-java stream version ${compatible}`);
      pos += SNAPPY_JAVA_HEADER_SIZE;
      continue;
    }
    const length = readU32(data, pos);
    pos += 4;
    if (pos + length > data.length) throw new Error('Truncated snappy stream');
    const raw = rawUncompress(data.subarray(pos, pos + length));
    parts.push(raw);
    total += raw.length;
    pos += length;
  }
  return joined(parts, total);
}

/** Firehose `HADOOP_SNAPPY`: Hadoop block framing. */
export async function encodeHadoopSnappy(chunks: readonly Uint8Array[]): Promise<Uint8Array> {
  const blocks = await compressBlocks(chunks, SNAPPY_BLOCK_SIZE);
  let size = 0;
  for (const b of blocks) size += 8 + b.data.length;
  const out = new Uint8Array(size);
  let pos = 0;
  for (const b of blocks) {
    writeU32(out, pos, b.uncompressedLength);
    writeU32(out, pos + 4, b.data.length);
    out.set(b.data, pos + 8);
    pos += 8 + b.data.length;
  }
  return out;
}

/** Decodes Hadoop block framing: blocks of `[uncompressed length]` then sub-blocks `[compressed length][raw]` until that length is produced. */
export function decodeHadoopSnappy(data: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  let pos = 0;
  while (pos < data.length) {
    const blockLength = readU32(data, pos);
    pos += 4;
    let produced = 0;
    while (produced < blockLength) {
      const length = readU32(data, pos);
      pos += 4;
      if (pos + length > data.length) throw new Error('Truncated hadoop-snappy stream');
      const raw = rawUncompress(data.subarray(pos, pos + length));
      parts.push(raw);
      produced += raw.length;
      pos += length;
    }
    if (produced !== blockLength) throw new Error(`Corrupt hadoop-snappy block: expected ${blockLength} bytes, got ${produced}`);
    total += produced;
  }
  return joined(parts, total);
}
