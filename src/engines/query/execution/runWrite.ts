import { createReadStream } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { TableDefinition } from '../../catalog/Table.js';
import { PARQUET_SERDE, LAZY_SIMPLE_SERDE } from '../sql/parseStatement.js';
import { SqlError } from '../sql/SqlError.js';
import type { PropertyValue, Statement } from '../sql/Statement.js';
import { quoteIdent, quoteString } from '../sql/tokenize.js';
import type { QueryParameters } from '../tables/FileListParameters.js';
import { PartitionProjection } from '../tables/PartitionProjection.js';
import { parseS3Location } from '../tables/s3Location.js';
import { hiveEscapes, tableFormat } from '../tables/TableFormat.js';
import { hiveTypeOf } from '../types/duckTypes.js';
import { toDuckType } from '../types/hiveTypes.js';
import type { QueryRun, StatementOutcome } from './QueryRun.js';
import { catalogFailure, databaseOf, defaultLocation, requireTable } from './runDdl.js';

type WriteFormat = 'parquet' | 'json' | 'textfile';

interface WrittenFiles {
  readonly rows: number;
  /** s3:// URIs of the objects written */
  readonly uris: string[];
  /** partition values of each folder written to (partitioned tables) */
  readonly partitions: string[][];
}

const SERDES: Record<WriteFormat, { serde: string; input: string; output: string }> = {
  parquet: {
    serde: PARQUET_SERDE,
    input: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  },
  json: { serde: 'org.openx.data.jsonserde.JsonSerDe', input: 'org.apache.hadoop.mapred.TextInputFormat', output: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat' },
  textfile: { serde: LAZY_SIMPLE_SERDE, input: 'org.apache.hadoop.mapred.TextInputFormat', output: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat' },
};

/**
 * CREATE TABLE … AS SELECT: runs the query, writes its rows as files of the chosen format
 * (partitioned by the last columns when `partitioned_by` says so) into the table's
 * location, then creates the table and its partitions in the catalog.
 */
export async function runCreateTableAs(run: QueryRun, s: Extract<Statement, { kind: 'createTableAs' }>): Promise<StatementOutcome> {
  const catalog = run.deps.catalog;
  const database = databaseOf(run, s.table);
  const name = s.table.name.toLowerCase();
  if (catalog.findTable(database, name)) {
    if (s.ifNotExists) return { kind: 'update', count: 0, files: [] };
    throw new SqlError('ALREADY_EXISTS', `Table awsdatacatalog.${database}.${name} already exists`, run.toOriginal(s.table.position));
  }
  const props = s.properties;
  const format = writeFormat(props['format'] ?? 'PARQUET');
  const partitionedBy = stringList(props['partitioned_by'], 'partitioned_by').map((c) => c.toLowerCase());
  for (const unsupported of ['bucketed_by', 'bucket_count']) {
    if (props[unsupported] !== undefined) throw new SqlError('NOT_SUPPORTED', `CTAS property ${unsupported} is not supported`);
  }
  const location =
    props['external_location'] !== undefined ? stringProperty(props['external_location'], 'external_location') : `s3://${run.output.bucket}/${run.output.prefix}tables/${run.id}/`;
  const target = parseS3Location(location);
  if ((await run.deps.lister.listRecursive(target)).length > 0) {
    throw new SqlError('HIVE_PATH_ALREADY_EXISTS', `Target directory for table '${database}.${name}' already exists: ${location}. Use a new location or remove the files.`);
  }
  const compiled = await run.compile(s.query.start, s.query.end);
  const columns = (await run.describe(compiled)).map((c) => ({ ...c, name: c.name.toLowerCase() }));
  const names = new Set<string>();
  for (const c of columns) {
    if (names.has(c.name)) throw new SqlError('GENERIC_USER_ERROR', `Column name '${c.name}' specified more than once`);
    names.add(c.name);
  }
  const tail = columns.slice(columns.length - partitionedBy.length).map((c) => c.name);
  if (partitionedBy.length > 0 && tail.join(',') !== partitionedBy.join(',')) {
    throw new SqlError('GENERIC_USER_ERROR', `Partition columns (${partitionedBy.join(', ')}) must be the last columns of the query, in that order`);
  }
  const hive = columns.map((c) => ({ name: c.name, type: hiveTypeOf(c.duckType) }));
  const dataColumns = hive.slice(0, hive.length - partitionedBy.length);
  const partitionKeys = hive.slice(hive.length - partitionedBy.length);
  const fieldDelimiter = props['field_delimiter'] !== undefined ? hiveEscapes(stringProperty(props['field_delimiter'], 'field_delimiter')) : '\u0001';
  let written: WrittenFiles = { rows: 0, uris: [], partitions: [] };
  if (s.withData) {
    const select = `SELECT ${columns.map((c, i) => `#${i + 1} AS ${quoteIdent(c.name)}`).join(', ')} FROM (${compiled.sql})`;
    written = await writeFiles(run, { sql: select, parameters: compiled.parameters }, format, props, partitionedBy, (values) => `${target.prefix}${partitionedBy.map((k, i) => `${k}=${values[i]}/`).join('')}`, target.bucket, fieldDelimiter);
  }
  const serde = SERDES[format];
  try {
    await catalog.createTable(database, {
      name,
      tableType: 'EXTERNAL_TABLE',
      parameters: { EXTERNAL: 'TRUE', has_encrypted_data: 'false', ...(format === 'parquet' ? { 'parquet.compression': compressionOf(props, format).toUpperCase() } : {}) },
      partitionKeys,
      storage: {
        columns: dataColumns,
        location,
        inputFormat: serde.input,
        outputFormat: serde.output,
        serdeInfo: { serializationLibrary: serde.serde, parameters: format === 'textfile' ? { 'field.delim': fieldDelimiter, 'serialization.format': fieldDelimiter } : {} },
      },
    });
    if (written.partitions.length > 0) await addPartitions(run, database, name, target.bucket, target.prefix, partitionedBy, written.partitions);
  } catch (e) {
    throw catalogFailure(e);
  }
  return { kind: 'update', count: written.rows, files: written.uris };
}

/** INSERT INTO: the query's rows, cast to the table's types, as new files in the table's location and partitions. */
export async function runInsert(run: QueryRun, s: Extract<Statement, { kind: 'insert' }>): Promise<StatementOutcome> {
  const table = requireTable(run, s.table);
  const format = insertFormat(table);
  const all = [...table.storage.columns, ...table.partitionKeys].map((c) => ({ name: c.name.toLowerCase(), type: c.type }));
  const targets = s.columns?.map((c) => c.toLowerCase()) ?? all.map((c) => c.name);
  for (const t of targets) if (!all.some((c) => c.name === t)) throw new SqlError('COLUMN_NOT_FOUND', `Insert column name does not exist in target table: ${t}`);
  const compiled = await run.compile(s.query.start, s.query.end);
  const produced = (await run.describe(compiled)).length;
  if (produced !== targets.length) {
    throw new SqlError('TYPE_MISMATCH', `Insert query has mismatched column types: the table has ${targets.length} columns to fill, the query produces ${produced}`);
  }
  const select = `SELECT ${all
    .map((c) => {
      const i = targets.indexOf(c.name);
      const type = toDuckType(c.type);
      return i < 0 ? `CAST(NULL AS ${type}) AS ${quoteIdent(c.name)}` : `CAST(#${i + 1} AS ${type}) AS ${quoteIdent(c.name)}`;
    })
    .join(', ')} FROM (${compiled.sql})`;
  const keys = table.partitionKeys.map((k) => k.name.toLowerCase());
  const projection = PartitionProjection.of(table);
  const base = parseS3Location(table.storage.location ?? '');
  const folderOf = (values: readonly string[]) => {
    const uri = projection ? projection.location(values) : defaultLocation(table, values);
    const loc = parseS3Location(uri);
    if (loc.bucket !== base.bucket) throw new SqlError('NOT_SUPPORTED', 'INSERT INTO a table whose partitions live in another bucket');
    return loc.prefix;
  };
  const f = tableFormat(table);
  const written = await writeFiles(run, { sql: select, parameters: compiled.parameters }, format, {}, keys, keys.length > 0 ? folderOf : () => base.prefix, base.bucket, f.kind === 'csv' ? f.delimiter : undefined);
  if (keys.length > 0 && !projection && written.partitions.length > 0) {
    try {
      await addPartitions(run, table.databaseName, table.name, base.bucket, base.prefix, keys, written.partitions, folderOf);
    } catch (e) {
      throw catalogFailure(e);
    }
  }
  return { kind: 'update', count: written.rows, files: written.uris };
}

/** Athena's limit on the partitions one UNLOAD writes. */
const UNLOAD_MAX_PARTITIONS = 100;
const UNLOAD_PROPERTIES = new Set(['format', 'compression', 'field_delimiter', 'partitioned_by']);

/**
 * UNLOAD (query) TO 's3://…' WITH (…): the query's rows as files of the chosen format under
 * the location (in `key=value/` folders with `partitioned_by`), as CTAS writes them but
 * with no table. The location must hold nothing yet; with `partitioned_by`, the partition
 * folders it writes must hold nothing. The engine lists the files in the manifest.
 */
export async function runUnload(run: QueryRun, s: Extract<Statement, { kind: 'unload' }>): Promise<StatementOutcome> {
  const props = s.properties;
  for (const key of Object.keys(props)) {
    if (!UNLOAD_PROPERTIES.has(key)) throw new SqlError('INVALID_TABLE_PROPERTY', `UNLOAD property '${key}' does not exist (format, compression, field_delimiter, partitioned_by)`);
  }
  const format = unloadFormat(props['format'] ?? 'PARQUET');
  const compression = unloadCompression(props['compression'], format);
  const partitionedBy = stringList(props['partitioned_by'], 'partitioned_by').map((c) => c.toLowerCase());
  let target;
  try {
    target = parseS3Location(s.location.endsWith('/') ? s.location : `${s.location}/`);
  } catch {
    throw new SqlError('GENERIC_USER_ERROR', `UNLOAD location ${s.location} is not an S3 location (s3://bucket/prefix/)`);
  }
  const location = `s3://${target.bucket}/${target.prefix}`;
  try {
    await run.deps.lake.headBucket(target.bucket);
  } catch {
    throw new SqlError('GENERIC_USER_ERROR', `UNLOAD location ${location}: bucket ${target.bucket} does not exist`);
  }
  const alreadyThere = () =>
    new SqlError('HIVE_PATH_ALREADY_EXISTS', `Target directory for UNLOAD already exists and is not empty: ${location}. UNLOAD does not overwrite: delete the objects there or choose another location.`);
  if (partitionedBy.length === 0 && (await run.deps.lister.listRecursive(target)).length > 0) throw alreadyThere();
  const compiled = await run.compile(s.query.start, s.query.end);
  const columns = (await run.describe(compiled)).map((c) => c.name.toLowerCase());
  const tail = columns.slice(columns.length - partitionedBy.length);
  if (partitionedBy.length > 0 && tail.join(',') !== partitionedBy.join(',')) {
    throw new SqlError('GENERIC_USER_ERROR', `Partition columns (${partitionedBy.join(', ')}) must be the last columns of the query, in that order (the query has ${columns.join(', ')})`);
  }
  if (partitionedBy.length === columns.length && columns.length > 0) throw new SqlError('GENERIC_USER_ERROR', 'UNLOAD needs at least one column that is not a partition column');
  const delimiter = props['field_delimiter'] !== undefined ? hiveEscapes(stringProperty(props['field_delimiter'], 'field_delimiter')) : '\u0001';
  if ([...delimiter].length !== 1) throw new SqlError('INVALID_TABLE_PROPERTY', `field_delimiter must be one character, not '${delimiter}'`);
  const select = `SELECT ${columns.map((c, i) => `#${i + 1} AS ${quoteIdent(c)}`).join(', ')} FROM (${compiled.sql})`;
  const written = await writeFiles(
    run,
    { sql: select, parameters: compiled.parameters },
    format,
    { write_compression: compression },
    partitionedBy,
    (values) => `${target.prefix}${partitionedBy.map((k, i) => `${k}=${values[i]}/`).join('')}`,
    target.bucket,
    delimiter,
    async (folders) => {
      if (partitionedBy.length === 0) return;
      if (folders.length > UNLOAD_MAX_PARTITIONS) {
        throw new SqlError('HIVE_TOO_MANY_OPEN_PARTITIONS', `Exceeded limit of ${UNLOAD_MAX_PARTITIONS} open writers for partitions: the query writes ${folders.length} partitions`);
      }
      for (const prefix of folders) {
        if ((await run.deps.lister.listRecursive({ bucket: target.bucket, prefix })).length > 0) throw alreadyThere();
      }
    },
  );
  return { kind: 'update', count: written.rows, files: written.uris };
}

function unloadFormat(value: PropertyValue): WriteFormat {
  const f = String(value).toUpperCase();
  if (f === 'PARQUET') return 'parquet';
  if (f === 'JSON') return 'json';
  if (f === 'TEXTFILE') return 'textfile';
  if (f === 'ORC' || f === 'AVRO') throw new SqlError('NOT_SUPPORTED', `UNLOAD format ${f} is not supported by Lakehose: use PARQUET, JSON or TEXTFILE`);
  throw new SqlError('INVALID_TABLE_PROPERTY', `UNLOAD format ${f} does not exist (PARQUET, ORC, AVRO, JSON, TEXTFILE)`);
}

/** Athena compresses UNLOAD output with gzip unless told otherwise, text formats included. */
function unloadCompression(value: PropertyValue | undefined, format: WriteFormat): string {
  if (value === undefined) return 'gzip';
  const c = String(value).toLowerCase();
  const allowed = format === 'parquet' ? ['snappy', 'gzip', 'zstd', 'lz4', 'none'] : ['gzip', 'zstd', 'none'];
  if (!allowed.includes(c)) throw new SqlError('INVALID_TABLE_PROPERTY', `UNLOAD compression ${String(value)} is not supported for ${format.toUpperCase()} (${allowed.join(', ').toUpperCase()})`);
  return c;
}

/**
 * Has DuckDB write the rows into a scratch folder (one subfolder per partition), then puts
 * each file into the lake at `folderOf(partition values)`; object puts are atomic, so
 * readers never see half a file.
 */
async function writeFiles(
  run: QueryRun,
  select: { readonly sql: string; readonly parameters: QueryParameters },
  format: WriteFormat,
  props: Readonly<Record<string, PropertyValue>>,
  partitionBy: readonly string[],
  folderOf: (values: readonly string[]) => string,
  bucket: string,
  delimiter = '\u0001',
  /** Sees the folders about to be written (each `prefix/`) before anything goes into the lake; may refuse. */
  beforePut?: (folders: readonly string[]) => Promise<void>,
): Promise<WrittenFiles> {
  const scratch = join(run.deps.scratchDir, run.id);
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  try {
    const compression = compressionOf(props, format);
    const extension = format === 'parquet' ? '.parquet' : format === 'json' ? '.json' : '.txt';
    const suffix = compression === 'gzip' && format !== 'parquet' ? '.gz' : compression === 'zstd' && format !== 'parquet' ? '.zst' : '';
    const options = [
      format === 'parquet' ? 'FORMAT parquet' : format === 'json' ? 'FORMAT json' : 'FORMAT csv',
      `COMPRESSION ${compression === 'none' ? 'uncompressed' : compression}`,
      `FILENAME_PATTERN ${quoteString(`${run.id}_{i}`)}`,
      `FILE_EXTENSION ${quoteString(extension.slice(1) + suffix)}`,
      ...(partitionBy.length > 0 ? [`PARTITION_BY (${partitionBy.map(quoteIdent).join(', ')})`, 'WRITE_PARTITION_COLUMNS false'] : ['PER_THREAD_OUTPUT true']),
      ...(format === 'textfile'
        ? [`DELIMITER ${quoteString(delimiter)}`, 'HEADER false', "NULLSTR '\\N'", "QUOTE ''", "ESCAPE ''"]
        : []),
    ];
    // DuckDB cannot partition JSON output: the rows go to partitioned Parquet first, each
    // partition's Parquet then becomes one JSON file (the query still runs once)
    const staged = format === 'json' && partitionBy.length > 0;
    const staging = `${scratch}-staging`;
    const rows = await run.withConnection(async (c) => {
      try {
        const target = staged ? staging : scratch;
        const copyOptions = staged
          ? ['FORMAT parquet', 'COMPRESSION uncompressed', `PARTITION_BY (${partitionBy.map(quoteIdent).join(', ')})`, 'WRITE_PARTITION_COLUMNS false']
          : options;
        const r = await c.runAndReadAll(`COPY (${select.sql}) TO ${quoteString(target)} (${copyOptions.join(', ')})`, select.parameters.values, select.parameters.types);
        if (staged) {
          for (const folder of new Set((await filesUnder(staging)).map((f) => dirname(f)))) {
            const out = join(scratch, relative(staging, folder));
            await mkdir(out, { recursive: true });
            const file = join(out, `${run.id}_0${extension}${suffix}`);
            await c.run(
              `COPY (SELECT * FROM read_parquet(${quoteString(join(folder, '*.parquet'))}, hive_partitioning = false)) TO ${quoteString(file)} (FORMAT json, COMPRESSION ${compression === 'none' ? 'uncompressed' : compression})`,
            );
          }
        }
        return Number(r.getRows()[0]?.[0] ?? 0);
      } catch (e) {
        throw run.duckError(e, undefined);
      }
    });
    const uris: string[] = [];
    const partitions = new Map<string, string[]>();
    const puts: Array<{ file: string; key: string }> = [];
    const folders = new Set<string>();
    for (const file of await filesUnder(scratch)) {
      const rel = relative(scratch, file).split('/');
      const name = rel.pop()!;
      const values = rel.map((segment) => decodeURIComponent(segment.slice(segment.indexOf('=') + 1)));
      if (partitionBy.length > 0) partitions.set(JSON.stringify(values), values);
      const folder = folderOf(values);
      folders.add(folder);
      puts.push({ file, key: `${folder}${name}` });
    }
    await beforePut?.([...folders]);
    for (const { file, key } of puts) {
      await run.deps.lake.putObject(bucket, key, createReadStream(file));
      uris.push(`s3://${bucket}/${key}`);
    }
    return { rows, uris, partitions: [...partitions.values()] };
  } finally {
    await rm(scratch, { recursive: true, force: true });
    await rm(`${scratch}-staging`, { recursive: true, force: true });
  }
}

async function addPartitions(
  run: QueryRun,
  database: string,
  table: string,
  bucket: string,
  prefix: string,
  keys: readonly string[],
  partitions: readonly string[][],
  folderOf?: (values: readonly string[]) => string,
): Promise<void> {
  const inputs = partitions.map((values) => ({
    values,
    storage: { location: `s3://${bucket}/${folderOf ? folderOf(values) : `${prefix}${keys.map((k, i) => `${k}=${values[i]}/`).join('')}`}` },
  }));
  for (let i = 0; i < inputs.length; i += 100) {
    await run.deps.catalog.createPartitions(database, table, inputs.slice(i, i + 100), { ifNotExists: true, inheritStorage: true });
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(path)));
    else if (e.isFile()) out.push(path);
  }
  return out.sort();
}

function writeFormat(value: PropertyValue): WriteFormat {
  const f = String(value).toUpperCase();
  if (f === 'PARQUET') return 'parquet';
  if (f === 'JSON') return 'json';
  if (f === 'TEXTFILE') return 'textfile';
  throw new SqlError('NOT_SUPPORTED', `CTAS format ${f} is not supported (PARQUET, JSON, TEXTFILE)`);
}

function insertFormat(table: TableDefinition): WriteFormat {
  const f = tableFormat(table);
  if (f.kind === 'parquet') return 'parquet';
  if (f.kind === 'json') return 'json';
  if (f.quote === undefined) return 'textfile';
  throw new SqlError('NOT_SUPPORTED', `INSERT INTO ${table.name}: writing OpenCSVSerde tables is not supported`);
}

function compressionOf(props: Readonly<Record<string, PropertyValue>>, format: WriteFormat): string {
  const raw = props['write_compression'] ?? props['parquet_compression'];
  if (raw === undefined) return format === 'parquet' ? 'snappy' : 'none';
  const c = String(raw).toLowerCase();
  if (['snappy', 'gzip', 'zstd', 'none', 'uncompressed', 'lz4'].includes(c)) return c === 'uncompressed' ? 'none' : c;
  throw new SqlError('INVALID_TABLE_PROPERTY', `write_compression ${raw} is not supported (SNAPPY, GZIP, ZSTD, LZ4, NONE)`);
}

function stringList(value: PropertyValue | undefined, name: string): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return [...(value as readonly string[])];
  throw new SqlError('INVALID_TABLE_PROPERTY', `${name} must be ARRAY['column', …]`);
}

function stringProperty(value: PropertyValue, name: string): string {
  if (typeof value !== 'string') throw new SqlError('INVALID_TABLE_PROPERTY', `${name} must be a string`);
  return value;
}
