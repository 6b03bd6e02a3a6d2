export { asChunks, coalesce, concatBytes, fixedBlocks, totalLength, type ByteInput } from './byteChunks.js';
export {
  compress,
  COMPRESSION_FORMATS,
  contentEncodingFor,
  decompress,
  extensionFor,
  isCompressionFormat,
  type CompressionFormat,
  type CompressOptions,
} from './compression.js';
export { gunzipBytes, gzipChunks, unzipSingle, zipChunks, type ZipEntry, type ZipOptions } from './deflateStreams.js';
export {
  decodeHadoopSnappy,
  decodeSnappyJavaStream,
  encodeHadoopSnappy,
  encodeSnappyJavaStream,
  SNAPPY_BLOCK_SIZE,
  SNAPPY_JAVA_MAGIC,
} from './snappyStreams.js';
