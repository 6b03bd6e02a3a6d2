/**
 * Compression of a delivered object, as Firehose applies `CompressionFormat` to the
 * concatenated records of an S3 object.
 *
 * Extensions: `.gz`, `.zip`, `.snappy` from the S3 object-name page. For HADOOP_SNAPPY that
 * page lists `.hsnappy`, but a probe of the service found `.snappy` on both Snappy variants
 * (floci-io/floci#2328); we follow the service. Content-Encoding values are from the same
 * probe.
 */

import { asChunks, concatBytes, type ByteInput } from './byteChunks.js';
import { gunzipBytes, gzipChunks, unzipSingle, zipChunks } from './deflateStreams.js';
import { decodeHadoopSnappy, decodeSnappyJavaStream, encodeHadoopSnappy, encodeSnappyJavaStream } from './snappyStreams.js';

export const COMPRESSION_FORMATS = ['UNCOMPRESSED', 'GZIP', 'ZIP', 'Snappy', 'HADOOP_SNAPPY'] as const;
export type CompressionFormat = (typeof COMPRESSION_FORMATS)[number];

export function isCompressionFormat(value: unknown): value is CompressionFormat {
  return typeof value === 'string' && (COMPRESSION_FORMATS as readonly string[]).includes(value);
}

/** The file extension Firehose appends for a format ('' for none); FileExtension, when set, replaces it. */
export function extensionFor(format: CompressionFormat): string {
  switch (format) {
    case 'UNCOMPRESSED':
      return '';
    case 'GZIP':
      return '.gz';
    case 'ZIP':
      return '.zip';
    case 'Snappy':
    case 'HADOOP_SNAPPY':
      return '.snappy';
  }
}

/** The Content-Encoding Firehose stores with the object, if any. */
export function contentEncodingFor(format: CompressionFormat): string | undefined {
  switch (format) {
    case 'UNCOMPRESSED':
      return undefined;
    case 'GZIP':
      return 'gzip';
    case 'ZIP':
      return 'zip';
    case 'Snappy':
      return 'snappy-java';
    case 'HADOOP_SNAPPY':
      return 'hadoop-snappy';
  }
}

export interface CompressOptions {
  /** GZIP/ZIP deflate level (zlib default 6). */
  readonly level?: number | undefined;
  /** ZIP: name of the single entry (Firehose uses a UUID; pass the object's). Default 'data'. */
  readonly zipEntryName?: string | undefined;
  /** ZIP: entry modification time (epoch ms); default 1980-01-01 so the bytes are reproducible. */
  readonly zipModifiedMs?: number | undefined;
}

/**
 * Compresses the concatenation of `input` (one buffer or the records of an object, in
 * order). The work runs on the libuv pool; the caller must not modify the input until
 * the promise settles. UNCOMPRESSED returns the concatenation (the buffer itself when
 * there is one).
 */
export async function compress(format: CompressionFormat, input: ByteInput, opts: CompressOptions = {}): Promise<Uint8Array> {
  const chunks = asChunks(input);
  switch (format) {
    case 'UNCOMPRESSED':
      return concatBytes(chunks);
    case 'GZIP':
      return gzipChunks(chunks, { level: opts.level });
    case 'ZIP':
      return zipChunks(chunks, { level: opts.level, entryName: opts.zipEntryName, modifiedMs: opts.zipModifiedMs });
    case 'Snappy':
      return encodeSnappyJavaStream(chunks);
    case 'HADOOP_SNAPPY':
      return encodeHadoopSnappy(chunks);
  }
}

/** Reverses compress (for tests and readers of the lake). Throws on corrupt data. */
export async function decompress(format: CompressionFormat, data: Uint8Array): Promise<Uint8Array> {
  switch (format) {
    case 'UNCOMPRESSED':
      return data;
    case 'GZIP':
      return gunzipBytes(data);
    case 'ZIP':
      return (await unzipSingle(data)).data;
    case 'Snappy':
      return decodeSnappyJavaStream(data);
    case 'HADOOP_SNAPPY':
      return decodeHadoopSnappy(data);
  }
}
