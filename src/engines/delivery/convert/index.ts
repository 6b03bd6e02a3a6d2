export { ParquetConverter, removeBatchFiles, rowsPerRowGroup, type NormalisedBatch, type ParquetConverterOptions } from './ParquetConverter.js';
export { NormaliserPool } from './NormaliserPool.js';
export { ConversionError, type ConversionErrorKind } from './ConversionError.js';
export { MALFORMED_DATA, PARSE_ERROR } from './RecordNormaliser.js';
export { parseHiveType, duckDbType, type HiveType, type HiveField } from './hiveType.js';
export { timestampFormatsProblem } from './hiveTimestamp.js';
export type {
  ConversionFailure,
  ConversionResult,
  HiveJsonSerDeOptions,
  JsonSerDeOptions,
  OpenXJsonSerDeOptions,
  ParquetOptions,
  TableSchema,
} from './types.js';
