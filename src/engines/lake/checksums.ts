/**
 * The additional checksums S3 keeps with objects (CRC32, CRC32C, CRC64NVME, SHA1, SHA256),
 * each as base64 of the big-endian digest, and how a multipart object's checksum follows
 * from its parts': COMPOSITE (the checksum of the parts' concatenated digests, `-N`) or
 * FULL_OBJECT (CRCs only: the parts' CRCs combined, as if computed over the whole object).
 */
import { createHash, type Hash } from 'node:crypto';
import * as zlib from 'node:zlib';
import type { ChecksumAlgorithm, ObjectChecksum } from './ports.js';

export type { ChecksumAlgorithm, ChecksumType, ObjectChecksum } from './ports.js';

export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];

/** S3's default for objects uploaded without a checksum (since December 2024). */
export const DEFAULT_CHECKSUM_ALGORITHM: ChecksumAlgorithm = 'CRC64NVME';

export function isChecksumAlgorithm(name: string): name is ChecksumAlgorithm {
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(name);
}

/** Whether the algorithm is a CRC, which alone can be combined into a FULL_OBJECT checksum of a multipart object. */
export function isCrc(algorithm: ChecksumAlgorithm): boolean {
  return algorithm === 'CRC32' || algorithm === 'CRC32C' || algorithm === 'CRC64NVME';
}

export interface Checksum {
  update(data: Uint8Array): void;
  /** Base64 of the digest, as S3 carries it. */
  digest(): string;
}

function uint32Base64(value: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value >>> 0);
  return b.toString('base64');
}

// zlib.crc32 arrived in Node 20.15; older 20.x use the tables.
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** Slicing-by-8 tables for a reflected 32-bit CRC: t[k][b] is b's CRC advanced k more zero bytes. */
function sliced32(polynomial: number): Uint32Array[] {
  const t0 = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ polynomial : c >>> 1;
    t0[i] = c >>> 0;
  }
  const tables = [t0];
  for (let s = 1; s < 8; s++) {
    const prev = tables[s - 1]!;
    const t = new Uint32Array(256);
    for (let i = 0; i < 256; i++) t[i] = (prev[i]! >>> 8) ^ t0[prev[i]! & 0xff]!;
    tables.push(t);
  }
  return tables;
}

const CRC32_TABLES = sliced32(0xedb88320);
const CRC32C_TABLES = sliced32(0x82f63b78);

class SlicedCrc32 implements Checksum {
  private crc = 0xffffffff;
  constructor(private readonly tables: Uint32Array[]) {}
  update(data: Uint8Array): void {
    const [t0, t1, t2, t3, t4, t5, t6, t7] = this.tables as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
    let c = this.crc;
    let i = 0;
    const n = data.length;
    for (; i + 8 <= n; i += 8) {
      const a = (c ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24))) >>> 0;
      c =
        t7[a & 0xff]! ^ t6[(a >>> 8) & 0xff]! ^ t5[(a >>> 16) & 0xff]! ^ t4[a >>> 24]! ^
        t3[data[i + 4]!]! ^ t2[data[i + 5]!]! ^ t1[data[i + 6]!]! ^ t0[data[i + 7]!]!;
    }
    for (; i < n; i++) c = t0[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
    this.crc = c >>> 0;
  }
  digest(): string {
    return uint32Base64(~this.crc);
  }
}

class NativeCrc32 implements Checksum {
  private crc = 0;
  update(data: Uint8Array): void {
    this.crc = nativeCrc32!(data, this.crc);
  }
  digest(): string {
    return uint32Base64(this.crc);
  }
}

// CRC-64/NVME: reflected polynomial 0x9A6C9329AC4BC9B5, held as two 32-bit halves (BigInt
// per byte is far too slow for object bodies), sliced by 8 as in the AWS SDK's Crc64NvmeJs.
const CRC64_POLY = 0x9a6c9329ac4bc9b5n;
const CRC64_LO: Uint32Array[] = [];
const CRC64_HI: Uint32Array[] = [];
{
  const lo0 = new Uint32Array(256);
  const hi0 = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = BigInt(i);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ CRC64_POLY : c >> 1n;
    lo0[i] = Number(c & 0xffffffffn);
    hi0[i] = Number(c >> 32n);
  }
  CRC64_LO.push(lo0);
  CRC64_HI.push(hi0);
  for (let s = 1; s < 8; s++) {
    const plo = CRC64_LO[s - 1]!;
    const phi = CRC64_HI[s - 1]!;
    const lo = new Uint32Array(256);
    const hi = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      const idx = plo[i]! & 0xff;
      lo[i] = (((plo[i]! >>> 8) | (phi[i]! << 24)) ^ lo0[idx]!) >>> 0;
      hi[i] = ((phi[i]! >>> 8) ^ hi0[idx]!) >>> 0;
    }
    CRC64_LO.push(lo);
    CRC64_HI.push(hi);
  }
}

class Crc64Nvme implements Checksum {
  private lo = 0xffffffff;
  private hi = 0xffffffff;
  update(data: Uint8Array): void {
    const [l0, l1, l2, l3, l4, l5, l6, l7] = CRC64_LO as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
    const [h0, h1, h2, h3, h4, h5, h6, h7] = CRC64_HI as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
    let lo = this.lo;
    let hi = this.hi;
    let i = 0;
    const n = data.length;
    for (; i + 8 <= n; i += 8) {
      const a = (lo ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24))) >>> 0;
      const b = (hi ^ (data[i + 4]! | (data[i + 5]! << 8) | (data[i + 6]! << 16) | (data[i + 7]! << 24))) >>> 0;
      const a0 = a & 0xff, a1 = (a >>> 8) & 0xff, a2 = (a >>> 16) & 0xff, a3 = a >>> 24;
      const b0 = b & 0xff, b1 = (b >>> 8) & 0xff, b2 = (b >>> 16) & 0xff, b3 = b >>> 24;
      lo = (l7[a0]! ^ l6[a1]! ^ l5[a2]! ^ l4[a3]! ^ l3[b0]! ^ l2[b1]! ^ l1[b2]! ^ l0[b3]!) >>> 0;
      hi = (h7[a0]! ^ h6[a1]! ^ h5[a2]! ^ h4[a3]! ^ h3[b0]! ^ h2[b1]! ^ h1[b2]! ^ h0[b3]!) >>> 0;
    }
    for (; i < n; i++) {
      const idx = (lo ^ data[i]!) & 0xff;
      lo = (((lo >>> 8) | (hi << 24)) ^ l0[idx]!) >>> 0;
      hi = ((hi >>> 8) ^ h0[idx]!) >>> 0;
    }
    this.lo = lo;
    this.hi = hi;
  }
  digest(): string {
    const b = Buffer.alloc(8);
    b.writeUInt32BE(~this.hi >>> 0, 0);
    b.writeUInt32BE(~this.lo >>> 0, 4);
    return b.toString('base64');
  }
}

class HashChecksum implements Checksum {
  private readonly hash: Hash;
  constructor(algorithm: 'sha1' | 'sha256') {
    this.hash = createHash(algorithm);
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  digest(): string {
    return this.hash.digest('base64');
  }
}

export function createChecksum(algorithm: ChecksumAlgorithm): Checksum {
  switch (algorithm) {
    case 'CRC32':
      return nativeCrc32 ? new NativeCrc32() : new SlicedCrc32(CRC32_TABLES);
    case 'CRC32C':
      return new SlicedCrc32(CRC32C_TABLES);
    case 'CRC64NVME':
      return new Crc64Nvme();
    case 'SHA1':
      return new HashChecksum('sha1');
    case 'SHA256':
      return new HashChecksum('sha256');
  }
}

/** The digest of whole bytes. */
export function checksumOf(algorithm: ChecksumAlgorithm, data: Uint8Array): string {
  const c = createChecksum(algorithm);
  c.update(data);
  return c.digest();
}

// ---- multipart objects ----

/** Reflected polynomial and width of each CRC, for combining. */
const CRC_PARAMS: Partial<Record<ChecksumAlgorithm, { poly: bigint; width: number }>> = {
  CRC32: { poly: 0xedb88320n, width: 32 },
  CRC32C: { poly: 0x82f63b78n, width: 32 },
  CRC64NVME: { poly: CRC64_POLY, width: 64 },
};

/** a·b modulo the polynomial, both reflected (zlib's multmodp, any width). */
function multModP(a: bigint, b: bigint, poly: bigint, width: number): bigint {
  const top = 1n << BigInt(width - 1);
  let m = top;
  let p = 0n;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1n)) === 0n) break;
    }
    m >>= 1n;
    b = b & 1n ? (b >> 1n) ^ poly : b >> 1n;
  }
  return p;
}

/** x^(8·bytes) modulo the polynomial: the operator that advances a CRC over that many zero bytes. */
function xPowBytes(bytes: number, poly: bigint, width: number): bigint {
  const top = 1n << BigInt(width - 1);
  let p = top; // x^0
  let square = top >> 8n; // x^8: one byte
  let n = BigInt(bytes);
  while (n > 0n) {
    if (n & 1n) p = multModP(square, p, poly, width);
    square = multModP(square, square, poly, width);
    n >>= 1n;
  }
  return p;
}

function toBigInt(base64: string): bigint {
  return BigInt(`0x${Buffer.from(base64, 'base64').toString('hex') || '0'}`);
}

function fromBigInt(value: bigint, width: number): string {
  return Buffer.from(value.toString(16).padStart(width / 4, '0'), 'hex').toString('base64');
}

/**
 * The CRC of the parts' bytes one after another, from each part's CRC and size (zlib's
 * crc32_combine, for any reflected CRC with all-ones initial and final values).
 */
export function combineCrcs(algorithm: ChecksumAlgorithm, parts: readonly { readonly value: string; readonly size: number }[]): string {
  const params = CRC_PARAMS[algorithm];
  if (!params) throw new Error(`${algorithm} checksums cannot be combined`);
  const { poly, width } = params;
  let crc = 0n; // the CRC of no bytes
  for (const part of parts) {
    crc = multModP(xPowBytes(part.size, poly, width), crc, poly, width) ^ toBigInt(part.value);
  }
  return fromBigInt(crc, width);
}

/** S3's COMPOSITE checksum: the checksum of the parts' raw digests concatenated, then `-<parts>`. */
export function compositeChecksum(algorithm: ChecksumAlgorithm, partValues: readonly string[]): string {
  const c = createChecksum(algorithm);
  for (const value of partValues) c.update(Buffer.from(value, 'base64'));
  return `${c.digest()}-${partValues.length}`;
}

/** A body passed through unchanged while its checksum is computed; `result()` once it has been read to its end. */
export function checksummed(
  body: AsyncIterable<Uint8Array | string>,
  algorithm: ChecksumAlgorithm,
): { body: AsyncIterable<Uint8Array>; result(): ObjectChecksum } {
  const checksum = createChecksum(algorithm);
  let value: string | undefined;
  return {
    body: (async function* () {
      for await (const chunk of body) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        checksum.update(bytes);
        yield bytes;
      }
      value = checksum.digest();
    })(),
    result() {
      if (value === undefined) throw new Error('the body was not read to its end');
      return { algorithm, type: 'FULL_OBJECT', value };
    },
  };
}
