import type { CatalogEngine } from '../catalog/CatalogEngine.js';
import type { TableDefinition } from '../catalog/Table.js';
import type { DuckDbPool } from './duckdb/DuckDbPool.js';
import type { TableReference } from './sql/queryAst.js';
import type { SourceMap } from './sql/SourceMap.js';
import { SqlError } from './sql/SqlError.js';
import { quoteIdent, quoteString } from './sql/tokenize.js';
import { translateQuery } from './sql/translateQuery.js';
import type { TableScan, TableScanPlanner } from './tables/TableScanPlanner.js';
import { parseS3Location } from './tables/s3Location.js';

/** A query ready for DuckDB, with what it reads. */
export interface CompiledQuery {
  readonly sql: string;
  /** Maps an offset in `sql` to one in the compiled text. */
  readonly map: SourceMap;
  readonly scans: readonly TableScan[];
  /** 'small' results are collected whole rather than streamed (faster in DuckDB). */
  readonly resultSize: 'small' | 'unknown';
}

/** The catalog a name like `awsdatacatalog.db.t` belongs to; Lakehose has only this one. */
export const DEFAULT_CATALOG = 'awsdatacatalog';

export interface CompileSession {
  /** The database unqualified names mean (QueryExecutionContext.Database). */
  readonly database: string;
  /** Called once per bucket a query reads, before its files are listed. */
  readonly lockBucket: (bucket: string) => Promise<void>;
}

/**
 * Query text (Trino) → DuckDB SQL over the lake: resolves every table name against the
 * catalog, plans the scan of each (partition pruning, file lists) and rewrites the text.
 */
export class SqlCompiler {
  constructor(
    private readonly pool: DuckDbPool,
    private readonly catalog: CatalogEngine,
    private readonly planner: TableScanPlanner,
  ) {}

  async compile(text: string, session: CompileSession): Promise<CompiledQuery> {
    const scans: TableScan[] = [];
    const translated = await translateQuery(text, (sql) => this.pool.parse(sql), async (ref, position) => {
      try {
        return await this.resolve(ref, session, scans);
      } catch (e) {
        throw e instanceof SqlError ? e.withPosition(position) : e;
      }
    });
    return { sql: translated.sql, map: translated.map, scans, resultSize: translated.resultSize };
  }

  private async resolve(ref: TableReference, session: CompileSession, scans: TableScan[]): Promise<string> {
    const catalogName = ref.catalog.toLowerCase();
    if (catalogName !== '' && catalogName !== DEFAULT_CATALOG) throw new SqlError('SCHEMA_NOT_FOUND', `Catalog '${ref.catalog}' does not exist`);
    const database = (ref.schema === '' ? session.database : ref.schema).toLowerCase();
    const name = ref.table.toLowerCase();
    if (database === 'information_schema') return this.informationSchema(name);
    if (!this.catalog.findDatabase(database)) throw new SqlError('SCHEMA_NOT_FOUND', `Schema '${database}' does not exist`);
    const table = this.catalog.findTable(database, name);
    if (!table) throw new SqlError('TABLE_NOT_FOUND', `Table '${DEFAULT_CATALOG}.${database}.${name}' does not exist`);
    for (const bucket of bucketsOf(table)) await session.lockBucket(bucket);
    const qualifiers = new Set([ref.alias === '' ? name : ref.alias.toLowerCase()]);
    const scan = await this.planner.plan(table, ref.predicate, qualifiers);
    scans.push(scan);
    return scan.sql;
  }

  /** information_schema.schemata, .tables and .columns, from the catalog. */
  private informationSchema(name: string): string {
    const rows: string[][] = [];
    let columns: string[];
    const str = (s: string | undefined) => (s === undefined ? 'NULL' : quoteString(s));
    if (name === 'schemata') {
      columns = ['catalog_name', 'schema_name'];
      rows.push([str(DEFAULT_CATALOG), str('information_schema')]);
      for (const d of this.catalog.listDatabases()) rows.push([str(DEFAULT_CATALOG), str(d.name)]);
    } else if (name === 'tables') {
      columns = ['table_catalog', 'table_schema', 'table_name', 'table_type'];
      for (const d of this.catalog.listDatabases()) {
        for (const t of this.catalog.listTables(d.name)) {
          rows.push([str(DEFAULT_CATALOG), str(d.name), str(t.name), str(t.tableType === 'VIRTUAL_VIEW' ? 'VIEW' : 'BASE TABLE')]);
        }
      }
    } else if (name === 'columns') {
      columns = ['table_catalog', 'table_schema', 'table_name', 'column_name', 'ordinal_position', 'is_nullable', 'data_type', 'comment', 'extra_info'];
      for (const d of this.catalog.listDatabases()) {
        for (const t of this.catalog.listTables(d.name)) {
          [...t.storage.columns.map((c) => ({ c, extra: undefined as string | undefined })), ...t.partitionKeys.map((c) => ({ c, extra: 'partition key' }))].forEach(({ c, extra }, i) => {
            rows.push([str(DEFAULT_CATALOG), str(d.name), str(t.name), str(c.name.toLowerCase()), String(i + 1), str('YES'), str(c.type), str(c.comment), str(extra)]);
          });
        }
      }
    } else {
      throw new SqlError('TABLE_NOT_FOUND', `Table '${DEFAULT_CATALOG}.information_schema.${name}' does not exist`);
    }
    const names = columns.map(quoteIdent).join(', ');
    if (rows.length === 0) return `(SELECT ${columns.map((c) => `CAST(NULL AS VARCHAR) AS ${quoteIdent(c)}`).join(', ')} WHERE false)`;
    return `(SELECT * FROM (VALUES ${rows.map((r) => `(${r.join(', ')})`).join(', ')}) AS v(${names}))`;
  }
}

/** The buckets a table's files live in. */
export function bucketsOf(table: TableDefinition): string[] {
  const out = new Set<string>();
  if (table.storage.location) out.add(parseS3Location(table.storage.location).bucket);
  const template = table.parameters['storage.location.template'];
  if (template) {
    try {
      out.add(parseS3Location(template, false).bucket);
    } catch {
      // reported when the scan is planned
    }
  }
  return [...out].sort();
}
