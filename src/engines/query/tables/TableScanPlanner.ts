import type { CatalogEngine } from '../../catalog/CatalogEngine.js';
import type { Column, TableDefinition } from '../../catalog/Table.js';
import type { Lake } from '../../lake/Lake.js';
import { jodaToStrftime } from '../sql/dateFormats.js';
import { pinnedValues, type Predicate } from '../sql/Predicate.js';
import { SqlError } from '../sql/SqlError.js';
import { quoteIdent, quoteString } from '../sql/tokenize.js';
import { toDuckType } from '../types/hiveTypes.js';
import type { FileListParameters } from './FileListParameters.js';
import type { FileSchemaCache, FileColumn } from './FileSchemaCache.js';
import { escapeRegex } from './JavaDatePattern.js';
import type { LakeFile, LakeFileLister } from './LakeFileLister.js';
import { PartitionFilter, type PartitionColumn } from './PartitionFilter.js';
import { PartitionProjection, type ProjectedColumn } from './PartitionProjection.js';
import { parseS3Location, type LakeLocation } from './s3Location.js';
import { tableFormat, type TableFormat } from './TableFormat.js';

/** One partition a scan reads: its key values (in key order) and where its files are. */
export interface ScanPartition {
  readonly values: readonly string[];
  readonly location: LakeLocation;
}

/** What a table reference in a query turns into. */
export interface TableScan {
  /** A parenthesised DuckDB query producing the table's columns, then its partition keys. */
  readonly sql: string;
  readonly files: readonly LakeFile[];
  readonly partitions: readonly ScanPartition[];
  readonly bytes: number;
}

export interface TableScanPlannerOptions {
  /** Projected values one column may enumerate before the planner walks folders instead. */
  readonly enumerationLimit?: number;
  readonly now?: () => number;
}

const FILE_COLUMN = '__lh_file';
const LISTING_CONCURRENCY = 32;
const HIVE_DEFAULT_PARTITION = '__HIVE_DEFAULT_PARTITION__';

/**
 * Turns a catalog table, as one query reads it, into a scan of exactly the files it needs:
 * the partitions that may match the query's WHERE clause (projected ones computed from the
 * table properties, Hive ones from the catalog), their files, and a DuckDB relation reading
 * those files with the catalog's columns and types, partition keys taken from the paths.
 */
export class TableScanPlanner {
  private readonly enumerationLimit: number;
  private readonly now: () => number;

  constructor(
    private readonly lake: Lake,
    private readonly catalog: CatalogEngine,
    private readonly lister: LakeFileLister,
    private readonly schemas: FileSchemaCache,
    options: TableScanPlannerOptions = {},
  ) {
    this.enumerationLimit = options.enumerationLimit ?? 5000;
    this.now = options.now ?? Date.now;
  }

  /** `lists` collects the file lists the scan's SQL names as parameters. */
  async plan(table: TableDefinition, predicate: Predicate, qualifiers: ReadonlySet<string>, lists: FileListParameters): Promise<TableScan> {
    // views are expanded into their queries by the compiler; they have no files to plan
    if (table.tableType === 'VIRTUAL_VIEW') throw new SqlError('GENERIC_INTERNAL_ERROR', `${table.databaseName}.${table.name} is a view, not a table to scan`);
    if (!table.storage.location) throw new SqlError('HIVE_CURSOR_ERROR', `Table ${table.databaseName}.${table.name} has no location`);
    const format = tableFormat(table);
    const keys: PartitionColumn[] = table.partitionKeys.map((k) => ({ name: k.name.toLowerCase(), type: k.type }));
    const filter = new PartitionFilter(predicate, keys, qualifiers);
    const projection = PartitionProjection.of(table, this.now());
    const partitions =
      keys.length === 0
        ? [{ values: [], location: parseS3Location(table.storage.location) }]
        : projection
          ? await this.projectedPartitions(projection, filter, predicate)
          : this.catalogPartitions(table, filter);
    // folders are listed many at a time (each is a stat or two); the order stays the partitions'
    const listed = await mapConcurrently(partitions, LISTING_CONCURRENCY, (p) => this.lister.listRecursive(p.location));
    const files: LakeFile[] = [];
    const fileValues: Array<readonly string[]> = [];
    listed.forEach((list, i) => {
      for (const f of list) {
        files.push(f);
        fileValues.push(partitions[i]!.values);
      }
    });
    const sql = await this.relation(table, format, files, fileValues, partitions, projection, lists);
    return { sql, files, partitions, bytes: files.reduce((n, f) => n + f.size, 0) };
  }

  /**
   * A relation with the table's columns and types and no rows: what a query over the table
   * looks like, without reading a file (a view's columns are worked out on it).
   */
  emptyRelation(table: TableDefinition): string {
    const dataColumns = table.storage.columns.filter((c) => !table.partitionKeys.some((k) => k.name.toLowerCase() === c.name.toLowerCase()));
    const cols = [...dataColumns, ...table.partitionKeys].map((c) => `CAST(NULL AS ${duckTypeOf(table, c)}) AS ${quoteIdent(c.name.toLowerCase())}`);
    return `(SELECT ${cols.join(', ')} WHERE false)`;
  }

  // ---- partitions ----

  private catalogPartitions(table: TableDefinition, filter: PartitionFilter): ScanPartition[] {
    const out: ScanPartition[] = [];
    let after: readonly string[] | undefined;
    do {
      const page = this.catalog.getPartitions(table.databaseName, table.name, after ? { after } : {});
      for (const p of page.partitions) {
        const values = new Map(table.partitionKeys.map((k, i) => [k.name.toLowerCase(), nullable(p.values[i])]));
        if (!filter.mayMatch(values)) continue;
        const location = p.storage.location ?? defaultPartitionLocation(table, p.values);
        out.push({ values: p.values, location: parseS3Location(location) });
      }
      after = page.next;
    } while (after);
    return out;
  }

  private async projectedPartitions(projection: PartitionProjection, filter: PartitionFilter, predicate: Predicate): Promise<ScanPartition[]> {
    const perColumn: Array<string[] | undefined> = projection.columns.map((c) => {
      const pinned = pinnedValues(predicate, (ref) => filter.column(ref)?.name === c.name.toLowerCase());
      const values = projection.candidates(c, filter, pinned, this.enumerationLimit);
      if (values === undefined && c.type === 'injected') {
        throw new SqlError(
          'CONSTRAINT_VIOLATION',
          `For the injected projected partition column ${c.name}, the WHERE clause must contain only static equality conditions, and at least one such condition must be present.`,
        );
      }
      return values;
    });
    if (perColumn.every((v) => v !== undefined) && product(perColumn as string[][]) <= this.enumerationLimit) {
      // few enough: compute each partition's place and read the folders that exist
      return cartesian(perColumn as string[][]).map((values) => ({ values, location: parseS3Location(projection.location(values)) }));
    }
    return this.walkProjected(projection, filter);
  }

  /** Finds partition folders by listing below the template's fixed prefix, `depth` levels down. */
  private async walkProjected(projection: PartitionProjection, filter: PartitionFilter): Promise<ScanPartition[]> {
    const root = parseS3Location(projection.staticPrefix);
    const out: ScanPartition[] = [];
    const walk = async (prefix: string, level: number): Promise<void> => {
      const here = { bucket: root.bucket, prefix };
      if (level === projection.depth) {
        const values = projection.valuesOf(`s3://${root.bucket}/${prefix}`);
        if (!values) return;
        const named = new Map(projection.columns.map((c, i) => [c.name.toLowerCase(), values[i]!] as const));
        if (filter.mayMatch(named)) out.push({ values, location: here });
        return;
      }
      for (const name of (await this.lister.listFolders(here)).sort()) await walk(`${prefix}${name}/`, level + 1);
    };
    await walk(root.prefix, 0);
    return out;
  }

  // ---- the relation ----

  private async relation(
    table: TableDefinition,
    format: TableFormat,
    files: readonly LakeFile[],
    fileValues: ReadonlyArray<readonly string[]>,
    partitions: readonly ScanPartition[],
    projection: PartitionProjection | undefined,
    lists: FileListParameters,
  ): Promise<string> {
    const dataColumns = table.storage.columns.filter((c) => !table.partitionKeys.some((k) => k.name.toLowerCase() === c.name.toLowerCase()));
    const types = new Map([...dataColumns, ...table.partitionKeys].map((c) => [c.name, duckTypeOf(table, c)]));
    if (files.length === 0) return this.emptyRelation(table);
    if (table.partitionKeys.length === 0) {
      const data = await this.dataSelect(format, dataColumns, types, files, lists);
      return `(SELECT ${data.select.join(', ')} FROM ${data.from})`;
    }
    const hive = this.hiveTypes(table, partitions, projection, types);
    if (hive) {
      // key=value folders: DuckDB reads the keys from the paths as constants, and filters on them cheaply
      const data = await this.dataSelect(format, dataColumns, types, files, lists, hive);
      const keys = table.partitionKeys.map((k) => `${quoteIdent(k.name.toLowerCase())} AS ${quoteIdent(k.name.toLowerCase())}`);
      return `(SELECT ${[...data.select, ...keys].join(', ')} FROM ${data.from})`;
    }
    const data = await this.dataSelect(format, dataColumns, types, files, lists);
    const keyExprs = this.partitionExpressions(table, partitions, projection, types);
    if (keyExprs) return `(SELECT ${[...data.select, ...keyExprs].join(', ')} FROM ${data.from})`;
    // partitions in places their paths do not describe: one scan per partition with its values as constants
    const groups = new Map<string, { values: readonly string[]; files: LakeFile[] }>();
    files.forEach((f, i) => {
      const values = fileValues[i]!;
      const key = JSON.stringify(values);
      const g = groups.get(key) ?? { values, files: [] };
      g.files.push(f);
      groups.set(key, g);
    });
    const parts: string[] = [];
    for (const g of groups.values()) {
      const scan = await this.dataSelect(format, dataColumns, types, g.files, lists);
      const constants = table.partitionKeys.map((k, i) => `${valueExpression(quoteString(g.values[i] ?? ''), k, types.get(k.name)!, undefined)} AS ${quoteIdent(k.name.toLowerCase())}`);
      parts.push(`SELECT ${[...scan.select, ...constants].join(', ')} FROM ${scan.from}`);
    }
    return `(${parts.join(' UNION ALL ')})`;
  }

  /**
   * DuckDB's types for the partition keys when every partition is a `key=value/` folder
   * under the table's location (Hive's layout, and projection's default), in a form DuckDB
   * parses itself; undefined otherwise.
   */
  private hiveTypes(
    table: TableDefinition,
    partitions: readonly ScanPartition[],
    projection: PartitionProjection | undefined,
    types: ReadonlyMap<string, string>,
  ): Map<string, string> | undefined {
    const keys = table.partitionKeys;
    if (keys.some((k) => k.name !== k.name.toLowerCase() || !/^[a-z0-9_]+$/.test(k.name))) return undefined;
    const base = parseS3Location(table.storage.location!);
    const hiveLayout = partitions.every(
      (p) => p.location.bucket === base.bucket && p.location.prefix === base.prefix + keys.map((k, i) => `${k.name}=${p.values[i]}/`).join(''),
    );
    if (!hiveLayout) return undefined;
    const out = new Map<string, string>();
    for (const k of keys) {
      const type = types.get(k.name)!;
      if (!/^(VARCHAR|TINYINT|SMALLINT|INTEGER|BIGINT|DOUBLE|FLOAT|BOOLEAN|DATE|DECIMAL\(\d+, \d+\))$/.test(type)) return undefined;
      const projected = projection?.columns.find((c) => c.name === k.name);
      // a projected date in another format than yyyy-MM-dd is parsed by the regular path
      if (type === 'DATE' && projected?.type === 'date' && projected.pattern.pattern !== 'yyyy-MM-dd') return undefined;
      out.set(k.name, type);
    }
    return out;
  }

  /** Select list (catalog columns, by name, cast to the catalog's types) and FROM for a set of files. */
  private async dataSelect(
    format: TableFormat,
    columns: readonly Column[],
    types: ReadonlyMap<string, string>,
    files: readonly LakeFile[],
    lists: FileListParameters,
    hive?: ReadonlyMap<string, string>,
  ): Promise<{ select: string[]; from: string }> {
    const list = lists.add(files.map((f) => f.path));
    const hiveOptions = hive ? `, hive_partitioning = true, hive_types = {${[...hive].map(([k, t]) => `${quoteString(k)}: ${quoteString(t)}`).join(', ')}}` : '';
    const out = (c: Column) => quoteIdent(c.name.toLowerCase());
    if (format.kind === 'parquet') {
      const available = await this.schemas.columns(files, 'parquet');
      const select = columns.map((c) => {
        const type = types.get(c.name)!;
        const found = available.get(c.name.toLowerCase());
        if (!found || found.length === 0) return `CAST(NULL AS ${type}) AS ${out(c)}`;
        const ref = found.length === 1 ? quoteIdent(found[0]!.name) : `coalesce(${distinctNames(found).map(quoteIdent).join(', ')})`;
        return found.every((f) => sameType(f.type, type)) ? `${ref} AS ${out(c)}` : `CAST(${ref} AS ${type}) AS ${out(c)}`;
      });
      // files of one schema need no matching by name (and DuckDB reads them faster without it)
      const byName = this.schemas.sameSchema(files) ? '' : ', union_by_name = true';
      return { select, from: `read_parquet(${list}, filename = '${FILE_COLUMN}'${byName}${hiveOptions})` };
    }
    if (format.kind === 'json') {
      // JSON keys match column names regardless of case (OpenX SerDe's default)
      const available = format.caseInsensitive ? await this.schemas.columns(files, 'json') : new Map<string, FileColumn[]>();
      const spellingsOf = (c: Column) => (format.caseInsensitive ? distinctNames(available.get(c.name.toLowerCase()) ?? []) : [c.name]);
      const ignoreErrors = format.ignoreMalformed ? ', ignore_errors = true' : '';
      if (columns.every((c) => spellingsOf(c).length <= 1)) {
        // one spelling per column: DuckDB's typed JSON reader, renaming keys to column names
        const spec: string[] = [];
        const select = columns.map((c) => {
          const type = types.get(c.name)!;
          const [spelling] = spellingsOf(c);
          if (spelling === undefined) return `CAST(NULL AS ${type}) AS ${out(c)}`;
          spec.push(`${quoteString(spelling)}: ${quoteString(type)}`);
          return `${quoteIdent(spelling)} AS ${out(c)}`;
        });
        if (spec.length === 0) spec.push(`'__lh_none': 'VARCHAR'`);
        return {
          select,
          from: `read_json(${list}, format = 'newline_delimited', columns = {${spec.join(', ')}}, filename = '${FILE_COLUMN}', maximum_object_size = 134217728${ignoreErrors}${hiveOptions})`,
        };
      }
      // the same key spelled differently across records: read objects, take whichever spelling is there
      const select = columns.map((c) => {
        const type = types.get(c.name)!;
        const spellings = spellingsOf(c);
        if (spellings.length === 0) return `CAST(NULL AS ${type}) AS ${out(c)}`;
        const nested = /[[(]/.test(type);
        const extract = (k: string) => {
          const path = quoteString(`$."${k.replaceAll('"', '\\"')}"`);
          if (type === 'VARCHAR') return `json_extract_string(json, ${path})`;
          return nested ? `TRY_CAST(json_extract(json, ${path}) AS ${type})` : `TRY_CAST(json_extract_string(json, ${path}) AS ${type})`;
        };
        const expr = spellings.length === 1 ? extract(spellings[0]!) : `coalesce(${spellings.map(extract).join(', ')})`;
        return `${expr} AS ${out(c)}`;
      });
      return { select, from: `read_ndjson_objects(${list}, filename = '${FILE_COLUMN}', maximum_object_size = 134217728${ignoreErrors}${hiveOptions})` };
    }
    const spec = columns.map((_c, i) => `${quoteString(`c${i}`)}: 'VARCHAR'`);
    const select = columns.map((c, i) => {
      const type = types.get(c.name)!;
      const ref = quoteIdent(`c${i}`);
      return type === 'VARCHAR' ? `${ref} AS ${out(c)}` : `TRY_CAST(${ref} AS ${type}) AS ${out(c)}`;
    });
    const options = [
      `delim = ${quoteString(format.delimiter)}`,
      `quote = ${quoteString(format.quote ?? '')}`,
      `escape = ${quoteString(format.escape !== undefined && format.escape !== format.nullString?.[0] ? format.escape : '')}`,
      'header = false',
      `skip = ${format.skipLines}`,
      `columns = {${spec.join(', ')}}`,
      'auto_detect = false',
      'null_padding = true',
      'strict_mode = false',
      `filename = '${FILE_COLUMN}'`,
      ...(format.nullString !== undefined ? [`nullstr = ${quoteString(format.nullString)}`] : []),
    ];
    if (hiveOptions) options.push(hiveOptions.slice(2));
    return { select, from: `read_csv(${list}, ${options.join(', ')})` };
  }

  /**
   * Partition key values read from each file's path, when every partition's place follows
   * the projection template or Hive's `key=value/` layout; undefined otherwise.
   */
  private partitionExpressions(
    table: TableDefinition,
    partitions: readonly ScanPartition[],
    projection: PartitionProjection | undefined,
    types: ReadonlyMap<string, string>,
  ): string[] | undefined {
    const keys = table.partitionKeys;
    if (projection) {
      const template = parseS3Location(projection.template.slice(0, projection.template.lastIndexOf('/') + 1), false);
      const bucketPath = this.lake.bucketPath(template.bucket);
      if (bucketPath === undefined) return undefined;
      // a regular expression over local paths, one group per placeholder, in template order
      let source = `^${escapeRegex(`${bucketPath}/`)}`;
      let rest = template.prefix;
      const groupOf = new Map<string, number>();
      let group = 0;
      for (;;) {
        const i = rest.indexOf('${');
        if (i < 0) break;
        const j = rest.indexOf('}', i);
        const name = rest.slice(i + 2, j);
        source += escapeRegex(rest.slice(0, i));
        if (groupOf.has(name)) source += '[^/]*';
        else {
          groupOf.set(name, ++group);
          source += `(${regexOfProjected(projection.columns.find((c) => c.name === name)!)})`;
        }
        rest = rest.slice(j + 1);
      }
      source += escapeRegex(rest);
      return keys.map((k) => {
        const column = projection.columns.find((c) => c.name === k.name)!;
        const extract = `regexp_extract(${FILE_COLUMN}, ${quoteString(source)}, ${groupOf.get(k.name)})`;
        return `${valueExpression(extract, k, types.get(k.name)!, column)} AS ${quoteIdent(k.name.toLowerCase())}`;
      });
    }
    const base = parseS3Location(table.storage.location!);
    const hiveLayout = partitions.every(
      (p) => p.location.bucket === base.bucket && p.location.prefix === base.prefix + keys.map((k, i) => `${k.name}=${p.values[i]}/`).join(''),
    );
    if (!hiveLayout) return undefined;
    const bucketPath = this.lake.bucketPath(base.bucket);
    if (bucketPath === undefined) return undefined;
    const prefix = `^${escapeRegex(`${bucketPath}/${base.prefix}`)}`;
    return keys.map((k, i) => {
      const source = prefix + keys.map((other, j) => (j === i ? `${escapeRegex(other.name)}=([^/]*)/` : `${escapeRegex(other.name)}=[^/]*/`)).join('');
      const extract = `regexp_extract(${FILE_COLUMN}, ${quoteString(source)}, 1)`;
      return `${valueExpression(extract, k, types.get(k.name)!, undefined)} AS ${quoteIdent(k.name.toLowerCase())}`;
    });
  }
}

/** A partition value (SQL text of a VARCHAR) as the key's type. */
function valueExpression(text: string, key: Column, duckType: string, projected: ProjectedColumn | undefined): string {
  const value = `nullif(${text}, '${HIVE_DEFAULT_PARTITION}')`;
  if (duckType === 'VARCHAR') return value;
  if (projected?.type === 'date' && (duckType === 'DATE' || duckType.startsWith('TIMESTAMP'))) {
    return `CAST(strptime(${value}, ${quoteString(jodaToStrftime(projected.pattern.pattern))}) AS ${duckType})`;
  }
  void key;
  return `TRY_CAST(${value} AS ${duckType})`;
}

function regexOfProjected(c: ProjectedColumn): string {
  switch (c.type) {
    case 'enum':
      return c.values.map(escapeRegex).join('|');
    case 'integer':
      return '-?[0-9]+';
    case 'date':
      return c.pattern.regexSource().replaceAll('\\d', '[0-9]');
    case 'injected':
      return '[^/]+';
  }
}

function duckTypeOf(table: TableDefinition, c: Column): string {
  try {
    return toDuckType(c.type);
  } catch {
    throw new SqlError('HIVE_CURSOR_ERROR', `Table ${table.databaseName}.${table.name}: column ${c.name} has a type Lakehose cannot read (${c.type})`);
  }
}

function sameType(fileType: string, target: string): boolean {
  return fileType.replaceAll(' ', '').toUpperCase() === target.replaceAll(' ', '').toUpperCase();
}

function distinctNames(columns: readonly FileColumn[]): string[] {
  return [...new Set(columns.map((c) => c.name))];
}

function nullable(v: string | undefined): string | null {
  return v === undefined || v === HIVE_DEFAULT_PARTITION ? null : v;
}

function defaultPartitionLocation(table: TableDefinition, values: readonly string[]): string {
  const base = table.storage.location!.endsWith('/') ? table.storage.location! : `${table.storage.location}/`;
  return base + table.partitionKeys.map((k, i) => `${k.name}=${values[i]}/`).join('');
}

function product(lists: readonly string[][]): number {
  return lists.reduce((n, l) => n * l.length, 1);
}

function cartesian(lists: readonly string[][]): string[][] {
  let out: string[][] = [[]];
  for (const l of lists) out = out.flatMap((prefix) => l.map((v) => [...prefix, v]));
  return out;
}

/** `fn` over `items` with at most `limit` calls in flight; results in the items' order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
