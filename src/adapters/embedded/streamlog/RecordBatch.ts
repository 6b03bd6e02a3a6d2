/**
 * The on-disk batch: every `append` call becomes one batch.
 *
 *   offset size field
 *        0    2 magic 'LH' (0x484c, little-endian)
 *        2    1 format version (1)
 *        3    1 flags (0)
 *        4    4 payload length in bytes
 *        8    8 base offset
 *       16    4 record count
 *       20    8 arrival time, epoch ms
 *       28    4 CRC32 of the payload
 *       32    4 CRC32 of bytes 0..31 (catches a torn or garbage header before trusting its lengths)
 *       36      payload: per record u16 key length, u32 data length, key (UTF-8), data
 *
 * All integers are little-endian. CRC32 is zlib's, which Node runs natively at several GB/s.
 */
import { crc32 } from 'node:zlib';
import type { LogRecordInput } from '../../../engines/streams/ports.js';

export const BATCH_HEADER_BYTES = 36;
const MAGIC = 0x484c;
const VERSION = 1;
export const RECORD_HEADER_BYTES = 6;
const MAX_KEY_BYTES = 0xffff;
const TWO_32 = 0x1_0000_0000;

export interface BatchHeader {
  readonly payloadBytes: number;
  readonly baseOffset: number;
  readonly recordCount: number;
  readonly arrivalMs: number;
  readonly payloadCrc: number;
}

export interface EncodedBatch {
  readonly header: BatchHeader;
  /** Header and payload, as written to the log. */
  readonly buffer: Buffer;
}

/** Encodes records as one batch (header and payload in one buffer). */
export function encodeBatch(records: readonly LogRecordInput[], baseOffset: number, arrivalMs: number): EncodedBatch {
  let bound = BATCH_HEADER_BYTES;
  for (const r of records) bound += RECORD_HEADER_BYTES + r.partitionKey.length * 3 + r.data.byteLength;
  const buf = Buffer.allocUnsafe(bound);
  let p = BATCH_HEADER_BYTES;
  for (const r of records) {
    const key = r.partitionKey;
    const keyStart = p + RECORD_HEADER_BYTES;
    // Keys are nearly always ASCII: copying char codes beats a native utf8 write for short strings.
    let keyBytes = key.length;
    let i = 0;
    for (; i < keyBytes; i++) {
      const c = key.charCodeAt(i);
      if (c >= 0x80) break;
      buf[keyStart + i] = c;
    }
    if (i < keyBytes) keyBytes = buf.write(key, keyStart, 'utf8');
    if (keyBytes > MAX_KEY_BYTES) throw new RangeError(`partition key longer than ${MAX_KEY_BYTES} bytes`);
    const dataBytes = r.data.byteLength;
    buf[p] = keyBytes & 0xff;
    buf[p + 1] = keyBytes >>> 8;
    buf[p + 2] = dataBytes & 0xff;
    buf[p + 3] = (dataBytes >>> 8) & 0xff;
    buf[p + 4] = (dataBytes >>> 16) & 0xff;
    buf[p + 5] = dataBytes >>> 24;
    p = keyStart + keyBytes;
    buf.set(r.data, p);
    p += dataBytes;
  }
  const payloadBytes = p - BATCH_HEADER_BYTES;
  buf.writeUInt16LE(MAGIC, 0);
  buf.writeUInt8(VERSION, 2);
  buf.writeUInt8(0, 3);
  buf.writeUInt32LE(payloadBytes, 4);
  writeU64(buf, baseOffset, 8);
  buf.writeUInt32LE(records.length, 16);
  writeU64(buf, arrivalMs, 20);
  const payloadCrc = crc32(buf.subarray(BATCH_HEADER_BYTES, p));
  buf.writeUInt32LE(payloadCrc, 28);
  buf.writeUInt32LE(crc32(buf.subarray(0, 32)), 32);
  return {
    header: { payloadBytes, baseOffset, recordCount: records.length, arrivalMs, payloadCrc },
    buffer: buf.subarray(0, p),
  };
}

/** Reads the header at `at`, or undefined when it is not a valid header (bad magic, version or checksum). */
export function decodeBatchHeader(buf: Buffer, at: number): BatchHeader | undefined {
  if (at + BATCH_HEADER_BYTES > buf.length) return undefined;
  if (buf.readUInt16LE(at) !== MAGIC || buf[at + 2] !== VERSION) return undefined;
  if (crc32(buf.subarray(at, at + 32)) !== buf.readUInt32LE(at + 32)) return undefined;
  return {
    payloadBytes: buf.readUInt32LE(at + 4),
    baseOffset: readU64(buf, at + 8),
    recordCount: buf.readUInt32LE(at + 16),
    arrivalMs: readU64(buf, at + 20),
    payloadCrc: buf.readUInt32LE(at + 28),
  };
}

export function batchBytes(header: BatchHeader): number {
  return BATCH_HEADER_BYTES + header.payloadBytes;
}

/** True when the payload after the header at `at` matches its checksum and holds exactly `recordCount` well-formed records. */
export function isPayloadIntact(buf: Buffer, at: number, header: BatchHeader): boolean {
  const start = at + BATCH_HEADER_BYTES;
  const end = start + header.payloadBytes;
  if (end > buf.length) return false;
  if (crc32(buf.subarray(start, end)) !== header.payloadCrc) return false;
  let p = start;
  for (let i = 0; i < header.recordCount; i++) {
    if (p + RECORD_HEADER_BYTES > end) return false;
    p += RECORD_HEADER_BYTES + buf.readUInt16LE(p) + buf.readUInt32LE(p + 2);
  }
  return p === end;
}

function writeU64(buf: Buffer, value: number, at: number): void {
  buf.writeUInt32LE(value >>> 0, at);
  buf.writeUInt32LE(Math.floor(value / TWO_32), at + 4);
}

function readU64(buf: Buffer, at: number): number {
  return buf.readUInt32LE(at) + buf.readUInt32LE(at + 4) * TWO_32;
}
