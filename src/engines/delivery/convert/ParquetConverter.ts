import { rm, writeFile } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { ConversionError } from './ConversionError.js';
import { type HiveField, type HiveType, containsBinary, duckDbType, parseHiveType, quoteIdentifier } from './hiveType.js';
import { NdjsonCollector } from './NdjsonCollector.js';
import { NormaliserPool } from './NormaliserPool.js';
import type { NormaliseAnswer, NormaliseJob } from './normaliserWorker.js';
import { RecordNormaliser } from './RecordNormaliser.js';
import { type SerDeSettings, serDeRules, serDeSettings } from './serDeSettings.js';
import { JodaPatternError } from './jodaPattern.js';
import type { ConversionFailure, ConversionResult, JsonSerDeOptions, ParquetOptions, TableSchema } from './types.js';
import type { SerDeRules } from './valueConverters.js';

const MIB = 1024 * 1024;
/** Firehose's ParquetSerDe limits and defaults. */
const MIN_BLOCK_SIZE = 64 * MIB;
const DEFAULT_BLOCK_SIZE = 256 * MIB;
const MIN_PAGE_SIZE = 64 * 1024;

export interface ParquetConverterOptions {
  /** The process's shared DuckDB instance; when absent the converter opens (and closes) its own. */
  duckdb?: DuckDBInstance;
  /**
   * Worker threads that normalise large batches in parallel; null normalises in this
   * thread. Default: the process-wide pool.
   */
  normaliserPool?: NormaliserPool | null;
}

/**
 * Most rows per row group whatever BlockSizeBytes says (Firehose's minimum, 64 MiB, would be
 * ~300,000 small events: ~150 MB of writer memory). Readers do not mind more row groups.
 */
const MAX_ROW_GROUP_ROWS = 32_768;

/** Most records one worker job normalises (bounds the workers' memory). */
const MAX_SLICE_RECORDS = 8192;

/** Below this many records a batch is normalised in this thread: workers would cost more than they save. */
const PARALLEL_MIN_RECORDS = 2000;

/** Normalised records waiting in NDJSON files for DuckDB. */
export interface NormalisedBatch {
  paths: string[];
  rows: number;
  chars: number;
  failures: ConversionFailure[];
}

/**
 * Firehose record format conversion, JSON → Parquet by a Glue table's schema, with the
 * OpenX or the Hive JSON SerDe. Each record is normalised in JavaScript (keys matched to columns, values
 * read and checked per the column's Hive type, see RecordNormaliser) into an NDJSON line of
 * canonical values; DuckDB then loads the lines with a fixed schema and writes the Parquet
 * file. Records that do not fit are reported one by one and left out of the file.
 *
 * Parquet types follow the Hive types: string/char/varchar → UTF8 BYTE_ARRAY, int → INT32,
 * bigint → INT64, decimal → DECIMAL, date → DATE, timestamp → INT64 TIMESTAMP_MICROS
 * (Firehose's Hive writer uses the legacy INT96, which DuckDB 1.5 cannot write; Athena, Trino,
 * Spark and DuckDB read both), array/map/struct → LIST/MAP/group. Column and field names are
 * lower-case, as Glue stores them.
 */
export class ParquetConverter {
  private files = 0;
  private schemaForWorkers: Pick<NormaliseJob, 'schemaKey' | 'columns' | 'rules'> | undefined;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly ownsInstance: boolean,
    private readonly pool: NormaliserPool | null,
    private readonly normaliser: RecordNormaliser,
    private readonly columns: readonly HiveField[],
    private readonly serde: SerDeSettings,
    private readonly parquet: Required<Pick<ParquetOptions, 'compression' | 'blockSizeBytes' | 'enableDictionaryCompression' | 'writerVersion'>>,
  ) {}

  /** Checks the schema and options (throwing ConversionError) and prepares the converter. */
  static async create(
    schema: TableSchema,
    serde: JsonSerDeOptions = {},
    parquet: ParquetOptions = {},
    options: ParquetConverterOptions = {},
  ): Promise<ParquetConverter> {
    const columns = parseColumns(schema);
    if (serde.kind === 'hive') {
      const dotted = columns.find((c) => c.name.includes('.'));
      // AWS: the Hive JSON SerDe does not allow periods in column names.
      if (dotted) throw new ConversionError('InvalidSchema', `Column "${dotted.name}" has a period in its name, which the Hive JSON SerDe does not allow`);
    }
    const serdeSettings = serDeSettings(serde);
    const rules = compileRules(serdeSettings);
    const settings = parquetSettings(parquet);
    const instance =
      options.duckdb ??
      (await DuckDBInstance.create(':memory:', {
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'false',
      }));
    const pool = options.normaliserPool === undefined ? NormaliserPool.shared() : options.normaliserPool;
    return new ParquetConverter(
      instance,
      !options.duckdb,
      pool,
      new RecordNormaliser(columns, rules),
      columns,
      serdeSettings,
      settings,
    );
  }

  /**
   * Writes the records that fit the schema to one Parquet file at `outPath` and reports
   * the others. No file is written when no record fits. The caller makes the file durable
   * and visible (temporary path, rename); on error nothing is left at `outPath`.
   */
  async convert(records: readonly Uint8Array[], outPath: string): Promise<ConversionResult> {
    const batch = await this.normalise(records, `${outPath}.${process.pid}-${++this.files}`);
    try {
      const rowsWritten = await this.writeParquet([batch], outPath);
      return { rowsWritten, failures: batch.failures };
    } finally {
      await removeBatchFiles(batch);
    }
  }

  /**
   * The first half of convert: normalises records into NDJSON part files named after
   * `stem` (on the workers when the batch is large). A delivery buffer calls this as it
   * fills, so its records need not stay in memory; writeParquet then makes one file of
   * several such batches. The caller removes the files (removeBatchFiles).
   */
  async normalise(records: readonly Uint8Array[], stem: string): Promise<NormalisedBatch> {
    return this.pool && records.length >= PARALLEL_MIN_RECORDS
      ? this.normaliseOnWorkers(this.pool, records, stem)
      : this.normaliseHere(records, stem);
  }

  /** The second half: one Parquet file at `outPath` from normalised batches; returns its rows (no file when 0). */
  async writeParquet(batches: readonly NormalisedBatch[], outPath: string): Promise<number> {
    let rows = 0;
    let chars = 0;
    const paths: string[] = [];
    for (const b of batches) {
      rows += b.rows;
      chars += b.chars;
      paths.push(...b.paths);
    }
    if (rows === 0) return 0;
    const rowGroupRows = rowsPerRowGroup(this.parquet.blockSizeBytes, chars, rows);
    const connection = await this.instance.connect();
    try {
      await connection.run(this.copySql(paths, outPath, rowGroupRows));
    } catch (err) {
      await rm(outPath, { force: true });
      throw err;
    } finally {
      connection.closeSync();
    }
    return rows;
  }

  private async normaliseHere(records: readonly Uint8Array[], stem: string): Promise<NormalisedBatch> {
    const collector = new NdjsonCollector();
    const failures: ConversionFailure[] = [];
    for (let index = 0; index < records.length; index++) {
      const result = this.normaliser.normalise(records[index]!);
      if (!result.ok) {
        failures.push({ index, errorCode: result.errorCode, errorMessage: result.errorMessage });
        continue;
      }
      for (const line of result.lines) collector.add(line);
    }
    if (collector.rows === 0) return { paths: [], rows: 0, chars: 0, failures };
    const path = `${stem}.ndjson`;
    try {
      await writeFile(path, collector.text());
    } catch (err) {
      await rm(path, { force: true });
      throw err;
    }
    return { paths: [path], rows: collector.rows, chars: collector.chars, failures };
  }

  /** Splits the batch into contiguous slices over the workers; each writes its own part file, in order. */
  private async normaliseOnWorkers(
    pool: NormaliserPool,
    records: readonly Uint8Array[],
    stem: string,
  ): Promise<NormalisedBatch> {
    // Slices of bounded size, queued over the workers: a worker's heap holds one slice's
    // lines at a time however big the batch (a 128 MiB buffer is ~600,000 records).
    const per = Math.min(Math.ceil(records.length / pool.size), MAX_SLICE_RECORDS);
    const jobs: Array<Promise<{ first: number; path: string; answer: NormaliseAnswer }>> = [];
    for (let k = 0; k * per < records.length; k++) {
      const first = k * per;
      const slice = records.slice(first, first + per);
      const path = `${stem}.part${k}.ndjson`;
      jobs.push(pool.run({ ...this.workerSchema(), ...pack(slice), partPath: path }).then((answer) => ({ first, path, answer })));
    }
    const done = await Promise.all(jobs);
    const failed = done.find((d) => d.answer.error !== undefined);
    if (failed) {
      await Promise.all(done.map((d) => rm(d.path, { force: true })));
      throw new Error(`Normalising records failed: ${failed.answer.error}`);
    }
    const batch: NormalisedBatch = { paths: [], rows: 0, chars: 0, failures: [] };
    for (const { first, path, answer } of done) {
      if (answer.rows > 0) batch.paths.push(path);
      batch.rows += answer.rows;
      batch.chars += answer.chars;
      for (const f of answer.failures) {
        batch.failures.push({ index: first + f.at, errorCode: f.errorCode, errorMessage: f.errorMessage });
      }
    }
    return batch;
  }

  /** The schema as workers receive it (they compile it once per schema key). */
  private workerSchema(): Pick<NormaliseJob, 'schemaKey' | 'columns' | 'rules'> {
    if (!this.schemaForWorkers) {
      const rules = this.serde;
      const columns = [...this.columns];
      this.schemaForWorkers = { schemaKey: JSON.stringify([columns, rules]), columns, rules };
    }
    return this.schemaForWorkers;
  }

  /** Closes the DuckDB instance if this converter opened it. */
  async close(): Promise<void> {
    if (this.ownsInstance) this.instance.closeSync();
  }

  private copySql(ndjsonPaths: readonly string[], outPath: string, rowGroupRows: number): string {
    const columnTypes = this.columns.map((c, i) => `'c${i}': ${sqlString(duckDbType(c.type, 'VARCHAR'))}`).join(', ');
    const select = this.columns
      .map((c, i) => `${valueExpression(c.type, `c${i}`, 0)} AS ${quoteIdentifier(c.name)}`)
      .join(', ');
    const options = [
      'FORMAT parquet',
      `COMPRESSION ${this.parquet.compression.toLowerCase()}`,
      // DuckDB holds a row group in memory while writing it: capped so RSS stays bounded.
      `ROW_GROUP_SIZE ${Math.min(rowGroupRows, MAX_ROW_GROUP_ROWS)}`,
      `PARQUET_VERSION ${this.parquet.writerVersion}`,
      ...(this.parquet.enableDictionaryCompression ? [] : ['DICTIONARY_SIZE_LIMIT 0']),
    ];
    // read_json allocates twice maximum_object_size up front; a record is at most 1,000 KiB
    // and its normalised line at most ~3x that (escaped non-ASCII, base64 binary), so 8 MiB
    // is enough, where 64 MiB cost ~128 MiB of RSS per conversion.
    return (
      `COPY (SELECT ${select} FROM read_json([${ndjsonPaths.map(sqlString).join(', ')}], format = 'newline_delimited', ` +
      `columns = {${columnTypes}}, maximum_object_size = 8388608)) TO ${sqlString(outPath)} (${options.join(', ')})`
    );
  }
}

/**
 * The SQL that turns a loaded value into its column value: identity, except that binary
 * travels as base64 and is decoded here, at any depth.
 */
function valueExpression(type: HiveType, expr: string, depth: number): string {
  if (!containsBinary(type)) return expr;
  const v = `v${depth}`;
  switch (type.kind) {
    case 'binary':
      return `from_base64(${expr})`;
    case 'array':
      return `list_transform(${expr}, ${v} -> ${valueExpression(type.element, v, depth + 1)})`;
    case 'map':
      return (
        `map_from_entries(list_transform(map_entries(${expr}), ${v} -> {'key': ` +
        `${valueExpression(type.key, `${v}.key`, depth + 1)}, 'value': ${valueExpression(type.value, `${v}.value`, depth + 1)}}))`
      );
    case 'struct': {
      const fields = type.fields.map(
        (f) => `${quoteIdentifier(f.name)} := ${valueExpression(f.type, `${expr}.${quoteIdentifier(f.name)}`, depth + 1)}`,
      );
      return `CASE WHEN ${expr} IS NULL THEN NULL ELSE struct_pack(${fields.join(', ')}) END`;
    }
    default:
      return expr;
  }
}

function parseColumns(schema: TableSchema): HiveField[] {
  if (schema.columns.length === 0) throw new ConversionError('InvalidSchema', 'The table has no columns');
  const seen = new Set<string>();
  return schema.columns.map((column) => {
    const name = column.name.toLowerCase();
    if (name.trim() === '') throw new ConversionError('InvalidSchema', 'A column has an empty name');
    if (seen.has(name)) throw new ConversionError('InvalidSchema', `Duplicate column "${name}"`);
    seen.add(name);
    return { name, type: parseHiveType(column.type) };
  });
}

function compileRules(settings: SerDeSettings): SerDeRules {
  try {
    return serDeRules(settings);
  } catch (err) {
    if (err instanceof JodaPatternError) throw new ConversionError('InvalidOptions', `Unusable TimestampFormats: ${err.message}`);
    throw err;
  }
}

function parquetSettings(options: ParquetOptions): ParquetConverter['parquet'] {
  const compression = options.compression ?? 'SNAPPY';
  if (!['SNAPPY', 'GZIP', 'UNCOMPRESSED', 'ZSTD'].includes(compression)) {
    throw new ConversionError('InvalidOptions', `Unsupported Parquet compression "${compression}"`);
  }
  const blockSizeBytes = options.blockSizeBytes ?? DEFAULT_BLOCK_SIZE;
  if (!Number.isInteger(blockSizeBytes) || blockSizeBytes < MIN_BLOCK_SIZE) {
    throw new ConversionError('InvalidOptions', `BlockSizeBytes must be an integer of at least ${MIN_BLOCK_SIZE}`);
  }
  const pageSizeBytes = options.pageSizeBytes ?? MIB;
  if (!Number.isInteger(pageSizeBytes) || pageSizeBytes < MIN_PAGE_SIZE) {
    throw new ConversionError('InvalidOptions', `PageSizeBytes must be an integer of at least ${MIN_PAGE_SIZE}`);
  }
  const writerVersion = options.writerVersion ?? 'V1';
  if (writerVersion !== 'V1' && writerVersion !== 'V2') {
    throw new ConversionError('InvalidOptions', `Unsupported Parquet writer version "${String(writerVersion)}"`);
  }
  return {
    compression,
    blockSizeBytes,
    enableDictionaryCompression: options.enableDictionaryCompression ?? true,
    writerVersion,
  };
}

/**
 * Rows per row group for a block size, estimating a row's size by its NDJSON line (close to
 * its uncompressed column size). DuckDB sizes row groups by rows while preserving order.
 */
export function rowsPerRowGroup(blockSizeBytes: number, ndjsonChars: number, rows: number): number {
  return Math.max(1, Math.ceil(blockSizeBytes / Math.max(1, ndjsonChars / rows)));
}

/** Records packed into one transferable buffer with their offsets. */
function pack(records: readonly Uint8Array[]): { data: Uint8Array; offsets: Uint32Array } {
  const offsets = new Uint32Array(records.length + 1);
  let total = 0;
  records.forEach((record, i) => {
    offsets[i] = total;
    total += record.length;
  });
  offsets[records.length] = total;
  const data = new Uint8Array(total);
  records.forEach((record, i) => data.set(record, offsets[i]!));
  return { data, offsets };
}

/** Removes a normalised batch's part files. */
export async function removeBatchFiles(batch: NormalisedBatch): Promise<void> {
  await Promise.all(batch.paths.map((path) => rm(path, { force: true })));
}

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
