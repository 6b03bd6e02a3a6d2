import { CatalogError } from './CatalogError.js';
import { hiveTypeProblem, isPrimitive, parseHiveType } from './HiveType.js';
import type { ColumnInput, DatabaseInput, PartitionInput, StorageDescriptorInput, TableInput } from './inputs.js';
import type { Column, DatabaseDefinition, StorageDescriptor, TableDefinition } from './Table.js';

/**
 * Input checks and the canonical stored form: names folded to lower case, absent optional
 * fields left out (so two definitions compare equal by their JSON), types parsed.
 */
const MAX_NAME = 255;
/** Glue's "single-line string": no control characters but tab. */
const SINGLE_LINE = /^[\t\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

export function foldName(name: string): string {
  return name.toLowerCase();
}

export function checkName(what: string, name: string): string {
  if (name.length < 1 || name.length > MAX_NAME) throw CatalogError.invalid(`${what} must be between 1 and ${MAX_NAME} characters long.`);
  if (!SINGLE_LINE.test(name)) throw CatalogError.invalid(`${what} '${name}' contains characters that are not allowed (a single line of text).`);
  return foldName(name);
}

function params(p: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!p) return out;
  for (const [k, v] of Object.entries(p)) {
    if (k.length < 1 || k.length > MAX_NAME) throw CatalogError.invalid(`Parameter key '${k}' must be between 1 and ${MAX_NAME} characters long.`);
    if (typeof v !== 'string') throw CatalogError.invalid(`Parameter '${k}' must have a string value.`);
    out[k] = v;
  }
  return out;
}

function optional<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}

export function normalizeDatabase(input: DatabaseInput, createdAtMs: number): DatabaseDefinition {
  return optional({
    name: checkName('Database name', input.name),
    description: input.description,
    locationUri: input.locationUri,
    parameters: params(input.parameters),
    createdAtMs,
  });
}

/** `anyType`: the type is not checked as a Hive type (a view's columns: Athena reads their types from the view's definition). */
function column(c: ColumnInput, where: string, anyType = false): Column {
  const name = checkName(`${where} name`, c.name);
  if (c.type === undefined || c.type.trim() === '') throw CatalogError.invalid(`${where} '${name}' has no type.`);
  const problem = anyType ? undefined : hiveTypeProblem(c.type);
  if (problem) throw CatalogError.invalid(`${where} '${name}' has an invalid type: ${problem}.`);
  const out: { -readonly [K in keyof Column]: Column[K] } = { name, type: c.type.trim() };
  if (c.comment !== undefined) out.comment = c.comment;
  if (c.parameters !== undefined && Object.keys(c.parameters).length > 0) out.parameters = params(c.parameters);
  return out;
}

function columns(list: readonly ColumnInput[] | undefined, where: string, anyType = false): Column[] {
  const out = (list ?? []).map((c) => column(c, where, anyType));
  const seen = new Set<string>();
  for (const c of out) {
    if (seen.has(c.name)) throw CatalogError.invalid(`${where} '${c.name}' appears more than once.`);
    seen.add(c.name);
  }
  return out;
}

export function normalizeStorage(sd: StorageDescriptorInput | undefined, anyColumnType = false): StorageDescriptor {
  if (!sd) return { columns: [] };
  const serde = sd.serdeInfo
    ? optional({ name: sd.serdeInfo.name, serializationLibrary: sd.serdeInfo.serializationLibrary, parameters: sd.serdeInfo.parameters ? params(sd.serdeInfo.parameters) : undefined })
    : undefined;
  const skew = sd.skewedInfo
    ? optional({
        skewedColumnNames: sd.skewedInfo.skewedColumnNames ? [...sd.skewedInfo.skewedColumnNames] : undefined,
        skewedColumnValues: sd.skewedInfo.skewedColumnValues ? [...sd.skewedInfo.skewedColumnValues] : undefined,
        skewedColumnValueLocationMaps: sd.skewedInfo.skewedColumnValueLocationMaps ? { ...sd.skewedInfo.skewedColumnValueLocationMaps } : undefined,
      })
    : undefined;
  return optional({
    columns: columns(sd.columns, 'Column', anyColumnType),
    location: sd.location,
    inputFormat: sd.inputFormat,
    outputFormat: sd.outputFormat,
    compressed: sd.compressed,
    serdeInfo: serde,
    parameters: sd.parameters && Object.keys(sd.parameters).length > 0 ? params(sd.parameters) : undefined,
    numberOfBuckets: sd.numberOfBuckets,
    bucketColumns: sd.bucketColumns && sd.bucketColumns.length > 0 ? [...sd.bucketColumns] : undefined,
    sortColumns: sd.sortColumns && sd.sortColumns.length > 0 ? sd.sortColumns.map((s) => ({ column: s.column, sortOrder: s.sortOrder })) : undefined,
    storedAsSubDirectories: sd.storedAsSubDirectories,
    skewedInfo: skew,
    additionalLocations: sd.additionalLocations && sd.additionalLocations.length > 0 ? [...sd.additionalLocations] : undefined,
  });
}

/** A table definition from its input; version and times are the caller's. */
export function normalizeTable(
  databaseName: string,
  input: TableInput,
  times: { createdAtMs: number; updatedAtMs: number; version: number },
): TableDefinition {
  const name = checkName('Table name', input.name);
  // a view's columns may be spelled in Trino's types (varchar, row(…)), as Terraform users write them
  const storage = normalizeStorage(input.storage, input.tableType === 'VIRTUAL_VIEW');
  const partitionKeys = columns(input.partitionKeys, 'Partition key');
  for (const k of partitionKeys) {
    if (!isPrimitive(parseHiveType(k.type))) throw CatalogError.invalid(`Partition key '${k.name}' has type ${k.type}; only primitive types are supported as partition keys.`);
    if (storage.columns.some((c) => c.name === k.name)) throw CatalogError.invalid(`Partition key '${k.name}' is also a column of the table.`);
  }
  if (input.retention !== undefined && (!Number.isInteger(input.retention) || input.retention < 0)) throw CatalogError.invalid('Retention must be a non-negative integer.');
  if (input.tableType !== undefined && input.tableType.length > MAX_NAME) throw CatalogError.invalid(`Table type must be at most ${MAX_NAME} characters long.`);
  return optional({
    databaseName,
    name,
    description: input.description,
    owner: input.owner,
    tableType: input.tableType,
    parameters: params(input.parameters),
    storage,
    partitionKeys,
    createdAtMs: times.createdAtMs,
    updatedAtMs: times.updatedAtMs,
    version: times.version,
    retention: input.retention,
    viewOriginalText: input.viewOriginalText,
    viewExpandedText: input.viewExpandedText,
    lastAccessTimeMs: input.lastAccessTimeMs,
    lastAnalyzedTimeMs: input.lastAnalyzedTimeMs,
  });
}

export function checkPartitionValues(table: TableDefinition, values: readonly string[]): string[] {
  if (values.length !== table.partitionKeys.length) {
    throw CatalogError.invalid(
      `The number of partition values (${values.length}) does not match the number of partition keys (${table.partitionKeys.length}) of table ${table.name}.`,
    );
  }
  for (const v of values) {
    if (typeof v !== 'string' || v.length < 1 || v.length > 1024) throw CatalogError.invalid('Partition values must be between 1 and 1024 characters long.');
  }
  return [...values];
}

export function partitionStorage(table: TableDefinition, input: PartitionInput, inherit: boolean): StorageDescriptor {
  if (input.storage) {
    const sd = normalizeStorage(input.storage);
    if (!inherit) return sd;
    return { ...table.storage, ...sd, columns: sd.columns.length > 0 ? sd.columns : table.storage.columns };
  }
  if (!inherit) return { columns: [] };
  const location = defaultPartitionLocation(table, input.values);
  return location === undefined ? { ...table.storage } : { ...table.storage, location };
}

/**
 * Where a partition's objects live when nothing says otherwise: Hive's layout,
 * `<table location>/<key>=<value>/…/`, with values escaped as Hive escapes path parts.
 */
export function defaultPartitionLocation(table: TableDefinition, values: readonly string[]): string | undefined {
  const base = table.storage.location;
  if (base === undefined || base === '') return undefined;
  const parts = table.partitionKeys.map((k, i) => `${escapePathPart(k.name)}=${escapePathPart(values[i] ?? '')}`);
  return `${base.endsWith('/') ? base : `${base}/`}${parts.join('/')}/`;
}

/** As Hive's FileUtils.escapePathName: control characters, DEL and the characters below become %XX. */
export function escapePathPart(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f || '"#%\'*/:=?\\{[]^'.includes(ch)) out += `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

/** JSON with sorted keys: two definitions are the same when these strings are. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
