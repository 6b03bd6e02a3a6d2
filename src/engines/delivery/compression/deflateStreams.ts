/**
 * GZIP and ZIP on node:zlib streams, which compress on the libuv pool so a large object
 * does not block the event loop. Small records are grouped into larger writes first.
 */

import { once } from 'node:events';
import { Buffer } from 'node:buffer';
import zlib from 'node:zlib';
import { coalesce } from './byteChunks.js';

const WRITE_SIZE = 256 * 1024;

export interface DeflateOptions {
  /** zlib level 0-9; the zlib default (6) when absent. */
  readonly level?: number | undefined;
}

interface StreamResult {
  readonly parts: Buffer[];
  readonly length: number;
}

/** Feeds the chunks through a zlib transform and gathers its output. `onPiece` sees each input piece (for a CRC). */
async function pump(stream: zlib.Gzip | zlib.DeflateRaw, chunks: readonly Uint8Array[], onPiece?: (piece: Uint8Array) => void): Promise<StreamResult> {
  const parts: Buffer[] = [];
  let length = 0;
  stream.on('data', (b: Buffer) => {
    parts.push(b);
    length += b.length;
  });
  const finished = once(stream, 'end');
  finished.catch(() => undefined); // a zlib error also rejects the drain wait; report it once
  for (const piece of coalesce(chunks, WRITE_SIZE)) {
    onPiece?.(piece);
    if (!stream.write(piece)) await once(stream, 'drain');
  }
  stream.end();
  await finished;
  return { parts, length };
}

function joined(result: StreamResult, before: number, after: number): { out: Uint8Array; pos: number } {
  const out = new Uint8Array(before + result.length + after);
  let pos = before;
  for (const p of result.parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return { out, pos };
}

function zlibOptions(opts: DeflateOptions): zlib.ZlibOptions {
  return { chunkSize: WRITE_SIZE, ...(opts.level === undefined ? {} : { level: opts.level }) };
}

/** A gzip member (RFC 1952) as zlib writes it: mtime 0, so the bytes depend only on the input. */
export async function gzipChunks(chunks: readonly Uint8Array[], opts: DeflateOptions = {}): Promise<Uint8Array> {
  const result = await pump(zlib.createGzip(zlibOptions(opts)), chunks);
  return joined(result, 0, 0).out;
}

export async function gunzipBytes(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await gunzipAsync(data));
}

function gunzipAsync(data: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => zlib.gunzip(data, (err, out) => (err ? reject(err) : resolve(out))));
}

function inflateRawAsync(data: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => zlib.inflateRaw(data, (err, out) => (err ? reject(err) : resolve(out))));
}

export interface ZipOptions extends DeflateOptions {
  /** Name of the single entry. Firehose names it with a UUID (pass the object's). */
  readonly entryName?: string | undefined;
  /** Modification time stored in the entry (epoch ms, UTC); a fixed 1980-01-01 keeps the bytes reproducible. */
  readonly modifiedMs?: number | undefined;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const MAX_U32 = 0xffffffff;

function dosDateTime(ms: number | undefined): { date: number; time: number } {
  if (ms === undefined) return { date: (0 << 9) | (1 << 5) | 1, time: 0 };
  const d = new Date(ms);
  const year = Math.min(Math.max(d.getUTCFullYear(), 1980), 2107);
  return {
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
  };
}

/** A ZIP archive holding one deflated entry (no ZIP64: entries stay under 4 GiB). */
export async function zipChunks(chunks: readonly Uint8Array[], opts: ZipOptions = {}): Promise<Uint8Array> {
  const name = Buffer.from(opts.entryName ?? 'data', 'utf8');
  let crc = 0;
  let size = 0;
  const result = await pump(zlib.createDeflateRaw(zlibOptions(opts)), chunks, (piece) => {
    crc = zlib.crc32(piece, crc);
    size += piece.length;
  });
  if (size > MAX_U32 || result.length > MAX_U32) throw new RangeError('ZIP entries of 4 GiB or more need ZIP64, which is not supported');
  const { date, time } = dosDateTime(opts.modifiedMs);
  const flags = /^[\x20-\x7e]*$/.test(name.toString('latin1')) ? 0 : 0x0800; // bit 11: UTF-8 name
  const localSize = 30 + name.length;
  const centralSize = 46 + name.length;
  const { out, pos } = joined(result, localSize, centralSize + 22);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);

  view.setUint32(0, LOCAL_HEADER, true);
  view.setUint16(4, 20, true); // version needed: deflate
  view.setUint16(6, flags, true);
  view.setUint16(8, 8, true); // method: deflate
  view.setUint16(10, time, true);
  view.setUint16(12, date, true);
  view.setUint32(14, crc, true);
  view.setUint32(18, result.length, true);
  view.setUint32(22, size, true);
  view.setUint16(26, name.length, true);
  view.setUint16(28, 0, true);
  out.set(name, 30);

  const c = pos;
  view.setUint32(c, CENTRAL_HEADER, true);
  view.setUint16(c + 4, 20, true); // version made by
  view.setUint16(c + 6, 20, true);
  view.setUint16(c + 8, flags, true);
  view.setUint16(c + 10, 8, true);
  view.setUint16(c + 12, time, true);
  view.setUint16(c + 14, date, true);
  view.setUint32(c + 16, crc, true);
  view.setUint32(c + 20, result.length, true);
  view.setUint32(c + 24, size, true);
  view.setUint16(c + 28, name.length, true);
  // extra, comment, disk, attributes, local header offset: all zero
  out.set(name, c + 46);

  const e = c + centralSize;
  view.setUint32(e, END_OF_CENTRAL_DIRECTORY, true);
  view.setUint16(e + 8, 1, true); // entries on this disk
  view.setUint16(e + 10, 1, true); // entries in total
  view.setUint32(e + 12, centralSize, true);
  view.setUint32(e + 16, c, true);
  return out;
}

export interface ZipEntry {
  readonly name: string;
  readonly data: Uint8Array;
}

/** Reads a single-entry ZIP archive (stored or deflated), checking size and CRC. */
export async function unzipSingle(archive: Uint8Array): Promise<ZipEntry> {
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  let eocd = -1;
  for (let i = archive.length - 22; i >= Math.max(0, archive.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === END_OF_CENTRAL_DIRECTORY) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('Not a ZIP archive: no end of central directory');
  const entries = view.getUint16(eocd + 10, true);
  if (entries !== 1) throw new Error(`Expected one ZIP entry, found ${entries}`);
  const c = view.getUint32(eocd + 16, true);
  if (c + 46 > archive.length || view.getUint32(c, true) !== CENTRAL_HEADER) throw new Error('Corrupt ZIP central directory');
  const method = view.getUint16(c + 10, true);
  const crc = view.getUint32(c + 16, true);
  const compressedSize = view.getUint32(c + 20, true);
  const size = view.getUint32(c + 24, true);
  const nameLength = view.getUint16(c + 28, true);
  const local = view.getUint32(c + 42, true);
  const name = Buffer.from(archive.subarray(c + 46, c + 46 + nameLength)).toString('utf8');
  if (local + 30 > archive.length || view.getUint32(local, true) !== LOCAL_HEADER) throw new Error('Corrupt ZIP local header');
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  const body = archive.subarray(start, start + compressedSize);
  if (body.length !== compressedSize) throw new Error('Truncated ZIP entry');
  let data: Uint8Array;
  if (method === 0) data = body;
  else if (method === 8) data = new Uint8Array(await inflateRawAsync(body));
  else throw new Error(`Unsupported ZIP compression method ${method}`);
  if (data.length !== size || zlib.crc32(data) !== crc) throw new Error('ZIP entry fails its size or CRC check');
  return { name, data };
}
