import { compileNamePattern } from '../../catalog/namePattern.js';
import type { TableDefinition } from '../../catalog/Table.js';
import { DEFAULT_CATALOG } from '../SqlCompiler.js';
import { SqlError } from '../sql/SqlError.js';
import type { Statement, TableName } from '../sql/Statement.js';
import { quoteIdent } from '../sql/tokenize.js';
import { fromDuckType, hiveTypeName, trinoTypeName } from '../types/duckTypes.js';
import { decodeViewText, isView, viewTableInput, type ViewDefinition } from '../views/PrestoView.js';
import type { QueryRun, StatementOutcome } from './QueryRun.js';
import { catalogFailure, databaseOf } from './runDdl.js';

type ViewStatement = Extract<Statement, { kind: 'createView' | 'dropView' | 'showViews' | 'showCreateView' }>;

/** CREATE [OR REPLACE] VIEW, DROP VIEW, SHOW VIEWS and SHOW CREATE VIEW, as Athena runs them. */
export async function runView(run: QueryRun, s: ViewStatement): Promise<StatementOutcome> {
  try {
    switch (s.kind) {
      case 'createView':
        return await createView(run, s);
      case 'dropView': {
        const database = databaseOf(run, s.view);
        const found = run.deps.catalog.findTable(database, s.view.name);
        if (!found || !isView(found)) {
          if (s.ifExists && !found) return NONE;
          throw notAView(run, database, s.view, found);
        }
        await run.deps.catalog.deleteTable(database, found.name);
        return NONE;
      }
      case 'showViews': {
        const database = databaseOf(run, { name: '', position: 0, ...(s.database !== undefined ? { database: s.database } : {}) });
        const match = s.pattern !== undefined ? compileNamePattern(s.pattern) : () => true;
        const names = run.deps.catalog
          .listTables(database)
          .filter((t) => isView(t) && match(t.name))
          .map((t) => t.name)
          .sort();
        return { kind: 'text', column: 'views', lines: names };
      }
      case 'showCreateView': {
        const database = databaseOf(run, s.view);
        const found = run.deps.catalog.findTable(database, s.view.name);
        if (!found || !isView(found)) throw notAView(run, database, s.view, found);
        return { kind: 'text', column: 'Create View', lines: createViewStatement(found) };
      }
    }
  } catch (e) {
    throw catalogFailure(e);
  }
}

const NONE: StatementOutcome = { kind: 'text', column: 'result', lines: [] };

/**
 * Compiles the query (which must be valid: a view is checked when it is made, not first
 * when it is used), reads its result columns from DuckDB, and writes the view to the
 * catalog as Athena does: VIRTUAL_VIEW with the Presto encoding (views/PrestoView.ts).
 */
async function createView(run: QueryRun, s: Extract<Statement, { kind: 'createView' }>): Promise<StatementOutcome> {
  const catalog = run.deps.catalog;
  const database = databaseOf(run, s.view);
  const name = s.view.name.toLowerCase();
  const qualified = `${DEFAULT_CATALOG}.${database}.${name}`;
  const existing = catalog.findTable(database, name);
  if (existing && !isView(existing)) throw new SqlError('ALREADY_EXISTS', `Table already exists: '${qualified}' (and it is not a view)`, run.toOriginal(s.view.position));
  if (existing && !s.replace) throw new SqlError('ALREADY_EXISTS', `View already exists: '${qualified}'`, run.toOriginal(s.view.position));
  // the view may not read itself (CREATE OR REPLACE VIEW v AS SELECT … FROM v is recursive);
  // its columns come from the query over empty tables: making a view reads no data
  const compiled = await run.compile(s.query.start, s.query.end, { viewsInUse: [`${database}.${name}`], schemaOnly: true });
  const described = (await run.describe(compiled)).map((c) => ({ ...c, name: c.name.toLowerCase() }));
  const seen = new Set<string>();
  const columns = described.map((c) => {
    if (seen.has(c.name)) throw new SqlError('GENERIC_USER_ERROR', `Column name '${c.name}' specified more than once`);
    seen.add(c.name);
    let type;
    try {
      type = fromDuckType(c.duckType);
      return { name: c.name, hive: hiveTypeName(type), trino: trinoTypeName(type) };
    } catch {
      throw new SqlError('NOT_SUPPORTED', `View column '${c.name}' has type ${type ? trinoTypeName(type) : c.duckType}, which a view in the Glue catalog cannot hold; CAST it (to varchar, for example)`);
    }
  });
  const definition: ViewDefinition = {
    originalSql: run.text.slice(s.query.start, s.query.end),
    catalog: DEFAULT_CATALOG,
    schema: run.database,
    columns: columns.map((c) => ({ name: c.name, type: c.trino })),
    ...(s.comment !== undefined ? { comment: s.comment } : {}),
    runAsInvoker: s.security === 'INVOKER',
  };
  const input = viewTableInput(name, definition, columns.map((c) => ({ name: c.name, type: c.hive })));
  if (existing) await catalog.updateTable(database, input);
  else await catalog.createTable(database, input);
  return NONE;
}

function notAView(run: QueryRun, database: string, t: TableName, found: TableDefinition | undefined): SqlError {
  const qualified = `${DEFAULT_CATALOG}.${database}.${t.name.toLowerCase()}`;
  if (found) return new SqlError('NOT_SUPPORTED', `Relation '${qualified}' is a table, not a view`, run.toOriginal(t.position));
  return new SqlError('TABLE_NOT_FOUND', `View not found: '${qualified}'`, run.toOriginal(t.position));
}

/** SHOW CREATE VIEW: a statement that makes the view again, the SQL as it was written. */
function createViewStatement(view: TableDefinition): string[] {
  const definition = decodeViewText(view.viewOriginalText, `${DEFAULT_CATALOG}.${view.databaseName}.${view.name}`);
  const head = [`CREATE VIEW ${quoteIdent(view.databaseName)}.${quoteIdent(view.name)}`];
  if (definition.comment !== undefined) head.push(`COMMENT '${definition.comment.replaceAll("'", "''")}'`);
  head.push(`SECURITY ${definition.runAsInvoker ? 'INVOKER' : 'DEFINER'} AS`);
  return [head.join(' '), ...definition.originalSql.split('\n')];
}
