/** A Glue table's columns, with Hive type strings (`string`, `decimal(10,2)`, `array<struct<a:int>>`, …). */
export interface TableSchema {
  columns: ReadonlyArray<{ name: string; type: string }>;
}

/** Firehose's deserializer and its options: OpenXJsonSerDe (the default when `kind` is absent) or HiveJsonSerDe. */
export type JsonSerDeOptions = OpenXJsonSerDeOptions | HiveJsonSerDeOptions;

/** Firehose's OpenXJsonSerDe options. */
export interface OpenXJsonSerDeOptions {
  kind?: 'openx';
  /** Match JSON keys to columns regardless of case (keys are lower-cased). Default true. */
  caseInsensitive?: boolean;
  /** Column name → the JSON key that holds it, e.g. `{ ts: 'timestamp' }`. */
  columnToJsonKeyMappings?: Readonly<Record<string, string>>;
  /** Read a key `a.b` into a column `a_b` when no key matches the column exactly. Default false. */
  convertDotsInJsonKeysToUnderscores?: boolean;
}

/** Firehose's HiveJsonSerDe options. Keys always match columns regardless of case. */
export interface HiveJsonSerDeOptions {
  kind: 'hive';
  /** Joda-Time DateTimeFormat patterns, or `millis`, tried before java.sql.Timestamp's form. */
  timestampFormats?: readonly string[];
}

/** Firehose's ParquetSerDe options (ZSTD is offered beyond Firehose's three codecs). */
export interface ParquetOptions {
  compression?: 'SNAPPY' | 'GZIP' | 'UNCOMPRESSED' | 'ZSTD';
  /** Row group size target; Firehose's minimum is 64 MiB, default 256 MiB. */
  blockSizeBytes?: number;
  /** Accepted for parity with Firehose; the writer chooses its own page size. */
  pageSizeBytes?: number;
  /** Dictionary-encode columns where it pays. Default true. */
  enableDictionaryCompression?: boolean;
  /** Parquet writer version. Default V1. */
  writerVersion?: 'V1' | 'V2';
}

/** A record that could not be converted, as Firehose reports format-conversion failures. */
export interface ConversionFailure {
  index: number;
  errorCode: string;
  errorMessage: string;
}

export interface ConversionResult {
  /** Rows in the Parquet file (a record holding several JSON documents gives several rows). */
  rowsWritten: number;
  failures: ConversionFailure[];
}
