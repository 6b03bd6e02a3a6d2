/**
 * KPL aggregated records (awslabs/amazon-kinesis-producer, aggregation-format.md):
 * magic `F3 89 9A C2`, a protobuf `AggregatedRecord`, then the MD5 of the protobuf bytes.
 * Firehose with a Kinesis stream source splits them into user records before any
 * transformation. Like the KCL, a blob whose magic or MD5 does not match is an ordinary
 * record; so is one whose protobuf turns out malformed (we never drop data).
 */

import { createHash } from 'node:crypto';
import { ProtobufError, ProtoReader, ProtoWriter, WIRE_LENGTH_DELIMITED, WIRE_VARINT } from './protobuf.js';

export const KPL_MAGIC = Uint8Array.of(0xf3, 0x89, 0x9a, 0xc2);
const DIGEST_SIZE = 16;

export interface UserRecord {
  readonly partitionKey: string;
  readonly explicitHashKey?: string | undefined;
  /** A view of the aggregated blob, not a copy. */
  readonly data: Uint8Array;
}

export type KplDecodeResult =
  | { readonly aggregated: true; readonly records: UserRecord[] }
  | { readonly aggregated: false; readonly reason: 'no-magic' | 'digest-mismatch' | 'malformed' };

const utf8 = new TextDecoder();

function md5(bytes: Uint8Array): Uint8Array {
  return createHash('md5').update(bytes).digest();
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function hasMagic(blob: Uint8Array): boolean {
  return blob.length >= KPL_MAGIC.length + DIGEST_SIZE && sameBytes(blob.subarray(0, KPL_MAGIC.length), KPL_MAGIC);
}

function parseRecord(bytes: Uint8Array, partitionKeys: readonly string[], hashKeys: readonly string[]): UserRecord {
  const r = new ProtoReader(bytes);
  let pkIndex: number | undefined;
  let ehkIndex: number | undefined;
  let data: Uint8Array | undefined;
  while (!r.done) {
    const { field, wireType } = r.tag();
    if (field === 1 && wireType === WIRE_VARINT) pkIndex = r.varint();
    else if (field === 2 && wireType === WIRE_VARINT) ehkIndex = r.varint();
    else if (field === 3 && wireType === WIRE_LENGTH_DELIMITED) data = r.bytes();
    else if (field <= 3) throw new ProtobufError(`Field ${field} has wire type ${wireType}`);
    else r.skip(wireType); // tags (4) and anything newer
  }
  if (pkIndex === undefined || data === undefined) throw new ProtobufError('Record lacks a required field');
  const partitionKey = partitionKeys[pkIndex];
  if (partitionKey === undefined) throw new ProtobufError(`Partition key index ${pkIndex} out of range`);
  if (ehkIndex === undefined) return { partitionKey, data };
  const explicitHashKey = hashKeys[ehkIndex];
  if (explicitHashKey === undefined) throw new ProtobufError(`Explicit hash key index ${ehkIndex} out of range`);
  return { partitionKey, explicitHashKey, data };
}

/** Splits a KPL aggregated record into its user records, or says why the blob is an ordinary record. */
export function decodeKplRecord(blob: Uint8Array): KplDecodeResult {
  if (!hasMagic(blob)) return { aggregated: false, reason: 'no-magic' };
  const message = blob.subarray(KPL_MAGIC.length, blob.length - DIGEST_SIZE);
  if (!sameBytes(md5(message), blob.subarray(blob.length - DIGEST_SIZE))) return { aggregated: false, reason: 'digest-mismatch' };
  try {
    const partitionKeys: string[] = [];
    const hashKeys: string[] = [];
    const recordBytes: Uint8Array[] = [];
    const r = new ProtoReader(message);
    while (!r.done) {
      const { field, wireType } = r.tag();
      if (field >= 1 && field <= 3 && wireType !== WIRE_LENGTH_DELIMITED) throw new ProtobufError(`Field ${field} has wire type ${wireType}`);
      if (field === 1) partitionKeys.push(utf8.decode(r.bytes()));
      else if (field === 2) hashKeys.push(utf8.decode(r.bytes()));
      else if (field === 3) recordBytes.push(r.bytes());
      else r.skip(wireType);
    }
    // Tables may follow the records in the byte stream, so records are resolved last.
    return { aggregated: true, records: recordBytes.map((b) => parseRecord(b, partitionKeys, hashKeys)) };
  } catch (err) {
    if (err instanceof ProtobufError) return { aggregated: false, reason: 'malformed' };
    throw err;
  }
}

/** True when the blob is a well-formed KPL aggregated record. */
export function isKplAggregated(blob: Uint8Array): boolean {
  return decodeKplRecord(blob).aggregated;
}

/**
 * Builds a KPL aggregated record (for tests and benchmarks), sharing table entries
 * between records with the same keys as the KPL does.
 */
export function encodeKplRecord(records: readonly UserRecord[]): Uint8Array {
  const utf8Encoder = new TextEncoder();
  const pkIndex = new Map<string, number>();
  const ehkIndex = new Map<string, number>();
  const indexOf = (table: Map<string, number>, key: string): number => {
    let i = table.get(key);
    if (i === undefined) {
      i = table.size;
      table.set(key, i);
    }
    return i;
  };
  const encodedRecords = records.map((rec) => {
    const w = new ProtoWriter().varintField(1, indexOf(pkIndex, rec.partitionKey));
    if (rec.explicitHashKey !== undefined) w.varintField(2, indexOf(ehkIndex, rec.explicitHashKey));
    return w.bytesField(3, rec.data).finish();
  });
  const msg = new ProtoWriter();
  for (const key of pkIndex.keys()) msg.bytesField(1, utf8Encoder.encode(key));
  for (const key of ehkIndex.keys()) msg.bytesField(2, utf8Encoder.encode(key));
  for (const r of encodedRecords) msg.bytesField(3, r);
  const message = msg.finish();
  const out = new Uint8Array(KPL_MAGIC.length + message.length + DIGEST_SIZE);
  out.set(KPL_MAGIC, 0);
  out.set(message, KPL_MAGIC.length);
  out.set(md5(message), KPL_MAGIC.length + message.length);
  return out;
}
