import type { CatalogEngine } from '../catalog/CatalogEngine.js';
import type { TableDefinition } from '../catalog/Table.js';
import type { DuckDbPool } from './duckdb/DuckDbPool.js';
import type { TableReference } from './sql/queryAst.js';
import type { SourceMap } from './sql/SourceMap.js';
import { fromDuckDbError } from './failures.js';
import { parseStatement } from './sql/parseStatement.js';
import { aboutRelation, UNKNOWN, type Predicate } from './sql/Predicate.js';
import { lineAndColumn, SqlError } from './sql/SqlError.js';
import { quoteIdent, quoteString } from './sql/tokenize.js';
import { translateQuery } from './sql/translateQuery.js';
import { FileListParameters, type QueryParameters } from './tables/FileListParameters.js';
import type { TableScan, TableScanPlanner } from './tables/TableScanPlanner.js';
import { parseS3Location } from './tables/s3Location.js';
import { decodeViewText, isView } from './views/PrestoView.js';

/** What an expanded view is called inside the SQL DuckDB runs. */
const VIEW_ALIAS = '__lh_view';

/** A query ready for DuckDB, with what it reads. */
export interface CompiledQuery {
  readonly sql: string;
  /** Maps an offset in `sql` to one in the compiled text. */
  readonly map: SourceMap;
  readonly scans: readonly TableScan[];
  /** 'small' results are collected whole rather than streamed (faster in DuckDB). */
  readonly resultSize: 'small' | 'unknown';
  /** The file lists `sql` names, to bind whenever it runs. */
  readonly parameters: QueryParameters;
}

/** The catalog a name like `awsdatacatalog.db.t` belongs to; Lakehose has only this one. */
export const DEFAULT_CATALOG = 'awsdatacatalog';

export interface CompileSession {
  /** The database unqualified names mean (QueryExecutionContext.Database). */
  readonly database: string;
  /** Called once per bucket a query reads, before its files are listed. */
  readonly lockBucket: (bucket: string) => Promise<void>;
  /** Views (`db.name`) the query may not read: the one CREATE OR REPLACE VIEW defines. */
  readonly viewsInUse?: readonly string[];
  /**
   * Tables become empty relations of their columns' types: the SQL has the query's result
   * columns but reads no file (CREATE VIEW learns its columns so).
   */
  readonly schemaOnly?: boolean;
}

/** Views over views over views …: deeper than this is refused (a cycle is caught before). */
export const MAX_VIEW_DEPTH = 32;

/** What one compilation gathers: the scans it planned, the views it has checked. */
interface Compilation {
  readonly lockBucket: (bucket: string) => Promise<void>;
  readonly scans: TableScan[];
  readonly lists: FileListParameters;
  /** View (`db.name`) → its query with empty tables, and its columns. */
  readonly viewShapes: Map<string, { readonly sql: string; readonly columns: readonly string[] }>;
}

type Mode = 'scan' | 'schema';

/**
 * Query text (Trino) → DuckDB SQL over the lake: resolves every table name against the
 * catalog, plans the scan of each (partition pruning, file lists), expands views into
 * their queries, and rewrites the text.
 */
export class SqlCompiler {
  constructor(
    private readonly pool: DuckDbPool,
    private readonly catalog: CatalogEngine,
    private readonly planner: TableScanPlanner,
  ) {}

  async compile(text: string, session: CompileSession): Promise<CompiledQuery> {
    const c: Compilation = { lockBucket: session.lockBucket, scans: [], lists: new FileListParameters(), viewShapes: new Map() };
    const translated = await this.translate(text, session.database, c, session.viewsInUse ?? [], UNKNOWN, session.schemaOnly ? 'schema' : 'scan');
    return { sql: translated.sql, map: translated.map, scans: c.scans, resultSize: translated.resultSize, parameters: c.lists };
  }

  /** `views`: the views being expanded around this text, outermost first. */
  private translate(text: string, database: string, c: Compilation, views: readonly string[], resultFilter: Predicate, mode: Mode) {
    return translateQuery(
      text,
      (sql) => this.pool.parse(sql),
      async (ref, position) => {
        try {
          return await this.resolve(ref, database, c, views, mode);
        } catch (e) {
          throw e instanceof SqlError ? e.withPosition(position) : e;
        }
      },
      { resultFilter },
    );
  }

  private async resolve(ref: TableReference, sessionDatabase: string, c: Compilation, views: readonly string[], mode: Mode): Promise<string> {
    const catalogName = ref.catalog.toLowerCase();
    if (catalogName !== '' && catalogName !== DEFAULT_CATALOG) throw new SqlError('SCHEMA_NOT_FOUND', `Catalog '${ref.catalog}' does not exist`);
    const database = (ref.schema === '' ? sessionDatabase : ref.schema).toLowerCase();
    const name = ref.table.toLowerCase();
    if (database === 'information_schema') return this.informationSchema(name);
    if (!this.catalog.findDatabase(database)) throw new SqlError('SCHEMA_NOT_FOUND', `Schema '${database}' does not exist`);
    const table = this.catalog.findTable(database, name);
    if (!table) throw new SqlError('TABLE_NOT_FOUND', `Table '${DEFAULT_CATALOG}.${database}.${name}' does not exist`);
    const qualifiers = new Set([ref.alias === '' ? name : ref.alias.toLowerCase()]);
    if (isView(table)) return this.expandView(table, aboutRelation(ref.predicate, qualifiers), c, views, mode);
    if (mode === 'schema') return this.planner.emptyRelation(table);
    for (const bucket of bucketsOf(table)) await c.lockBucket(bucket);
    const scan = await this.planner.plan(table, ref.predicate, qualifiers, c.lists);
    c.scans.push(scan);
    return scan.sql;
  }

  /**
   * A view becomes its query, translated like any other (its unqualified names in the
   * view's own schema), named with the view's columns. The query's filter on the view is
   * handed down to the table underneath when the view passes its rows through, so
   * partitions are still pruned. Before that, the view is checked on empty tables (no file
   * is read): a view whose query no longer gives its columns is stale, as in Trino.
   */
  private async expandView(view: TableDefinition, filter: Predicate, c: Compilation, views: readonly string[], mode: Mode): Promise<string> {
    const key = `${view.databaseName}.${view.name}`;
    const qualified = `${DEFAULT_CATALOG}.${key}`;
    if (views.includes(key)) throw new SqlError('VIEW_IS_RECURSIVE', `View is recursive: '${qualified}' (${[...views, key].join(' → ')})`);
    if (views.length >= MAX_VIEW_DEPTH) throw new SqlError('INVALID_VIEW', `Views are nested more than ${MAX_VIEW_DEPTH} deep: '${qualified}' (${[...views, key].join(' → ')})`);
    const definition = decodeViewText(view.viewOriginalText, qualified);
    // a view written through Glue holds any text: only one query may come of it
    const statement = await inView(qualified, definition.originalSql, async () => parseStatement(definition.originalSql));
    if (statement.kind !== 'query') throw new SqlError('INVALID_VIEW', `View '${qualified}' does not hold a query (SELECT, WITH, VALUES)`);
    const sqlText = definition.originalSql.slice(0, statement.query.end);
    const database = (definition.schema ?? view.databaseName).toLowerCase();
    const inner = [...views, key];
    const analyzing = <T>(work: () => Promise<T>) => inView(qualified, definition.originalSql, work);
    let shape = c.viewShapes.get(key);
    if (!shape) {
      shape = await analyzing(async () => {
        const empty = await this.translate(sqlText, database, c, inner, UNKNOWN, 'schema');
        const columns = await this.pool.withControl(async (conn) => {
          try {
            return (await conn.runAndReadAll(`DESCRIBE ${empty.sql}`)).getRows().map((r) => String(r[0]));
          } catch (e) {
            throw fromDuckDbError(e, empty.sql, (o) => empty.map.toSource(o), (t) => t);
          }
        });
        return { sql: empty.sql, columns };
      });
      c.viewShapes.set(key, shape);
    }
    const declared = definition.columns.map((col) => col.name.toLowerCase());
    const produced = shape.columns;
    if (declared.length > 0 && (declared.length !== produced.length || declared.some((d, i) => d !== produced[i]!.toLowerCase()))) {
      throw new SqlError(
        'VIEW_IS_STALE',
        `View '${qualified}' is stale or in invalid state: its definition has the columns (${declared.join(', ')}) but its query now produces (${produced.join(', ')}). Re-create it with CREATE OR REPLACE VIEW`,
      );
    }
    const sql = mode === 'schema' ? shape.sql : (await analyzing(() => this.translate(sqlText, database, c, inner, filter, 'scan'))).sql;
    const names = (declared.length > 0 ? declared : produced.map((n) => n.toLowerCase())).map(quoteIdent).join(', ');
    return `(SELECT * FROM (${sql}) AS ${quoteIdent(VIEW_ALIAS)}(${names}))`;
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

/** Errors in a view's query, as Trino reports them: "Failed analyzing stored view 'v': line 1:8: …". */
async function inView<T>(qualified: string, sql: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (!(e instanceof SqlError)) throw e;
    const at = e.position !== undefined ? lineAndColumn(sql, e.position) : undefined;
    throw new SqlError(e.errorName, `Failed analyzing stored view '${qualified}': ${at ? `line ${at.line}:${at.column}: ` : ''}${e.detail}`);
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
