import { CatalogError } from '../../catalog/CatalogError.js';
import type { TableInput } from '../../catalog/inputs.js';
import type { TableDefinition } from '../../catalog/Table.js';
import { SqlError } from '../sql/SqlError.js';
import type { ColumnSpec, PartitionSpec, Statement, TableName } from '../sql/Statement.js';
import { parseType } from '../types/hiveTypes.js';
import { parseS3Location } from '../tables/s3Location.js';
import { isView } from '../views/PrestoView.js';
import type { QueryRun, StatementOutcome } from './QueryRun.js';

type DdlStatement = Extract<
  Statement,
  { kind: 'createDatabase' | 'dropDatabase' | 'createTable' | 'dropTable' | 'addPartitions' | 'dropPartitions' | 'setTableProperties' | 'addColumns' | 'setLocation' }
>;

/** Catalog changes: CREATE/DROP DATABASE and TABLE, ALTER TABLE … They answer with no rows. */
export async function runDdl(run: QueryRun, s: DdlStatement): Promise<StatementOutcome> {
  const catalog = run.deps.catalog;
  const none: StatementOutcome = { kind: 'text', column: 'result', lines: [] };
  try {
    switch (s.kind) {
      case 'createDatabase': {
        if (catalog.findDatabase(s.name)) {
          if (s.ifNotExists) return none;
          throw new SqlError('ALREADY_EXISTS', `Database ${s.name} already exists`);
        }
        await catalog.createDatabase({ name: s.name, description: s.comment, locationUri: s.location, parameters: s.properties });
        return none;
      }
      case 'dropDatabase': {
        if (!catalog.findDatabase(s.name)) {
          if (s.ifExists) return none;
          throw new SqlError('SCHEMA_NOT_FOUND', `Database does not exist: ${s.name}`);
        }
        if (!s.cascade && catalog.listTables(s.name).length > 0) {
          throw new SqlError('GENERIC_USER_ERROR', `Database ${s.name} is not empty. One or more tables exist.`);
        }
        await catalog.deleteDatabase(s.name);
        return none;
      }
      case 'createTable': {
        const spec = s.spec;
        const database = databaseOf(run, spec.table);
        if (catalog.findTable(database, spec.table.name)) {
          if (spec.ifNotExists) return none;
          throw new SqlError('ALREADY_EXISTS', `Table ${database}.${spec.table.name} already exists`, run.toOriginal(spec.table.position));
        }
        checkTypes([...spec.columns, ...spec.partitionKeys]);
        if (spec.location === undefined) throw new SqlError('SYNTAX_ERROR', 'CREATE EXTERNAL TABLE needs a LOCATION');
        parseS3Location(spec.location);
        await catalog.createTable(database, {
          name: spec.table.name,
          description: spec.comment,
          tableType: 'EXTERNAL_TABLE',
          parameters: { EXTERNAL: 'TRUE', ...spec.tableProperties },
          partitionKeys: spec.partitionKeys.map(column),
          storage: {
            columns: spec.columns.map(column),
            location: spec.location,
            inputFormat: spec.inputFormat,
            outputFormat: spec.outputFormat,
            serdeInfo: { serializationLibrary: spec.serde, parameters: spec.serdeProperties },
          },
        });
        return none;
      }
      case 'dropTable': {
        const database = databaseOf(run, s.table);
        const found = catalog.findTable(database, s.table.name);
        if (!found) {
          if (s.ifExists) return none;
          throw tableNotFound(run, database, s.table);
        }
        if (isView(found)) {
          throw new SqlError('NOT_SUPPORTED', `'awsdatacatalog.${database}.${found.name}' is a view: drop it with DROP VIEW`, run.toOriginal(s.table.position));
        }
        await catalog.deleteTable(database, s.table.name);
        return none;
      }
      case 'addPartitions': {
        const table = requireTable(run, s.table);
        const inputs = s.partitions.map((p) => ({
          values: partitionValues(table, p),
          storage: { location: p.location ?? defaultLocation(table, partitionValues(table, p)) },
        }));
        const results = await catalog.createPartitions(table.databaseName, table.name, inputs, { ifNotExists: s.ifNotExists, inheritStorage: true });
        const failed = results.find((r) => r.error);
        if (failed?.error) throw new SqlError(failed.error.kind === 'AlreadyExists' ? 'ALREADY_EXISTS' : 'GENERIC_USER_ERROR', `Partition ${JSON.stringify(failed.item.values)}: ${failed.error.message}`);
        return none;
      }
      case 'dropPartitions': {
        const table = requireTable(run, s.table);
        const results = await catalog.deletePartitions(table.databaseName, table.name, s.partitions.map((p) => partitionValues(table, p)));
        const failed = results.find((r) => r.error);
        if (failed?.error && !s.ifExists) throw new SqlError('GENERIC_USER_ERROR', `Partition ${JSON.stringify(failed.item)}: ${failed.error.message}`);
        return none;
      }
      case 'setTableProperties': {
        const table = requireTable(run, s.table);
        await catalog.updateTable(table.databaseName, { ...tableInputOf(table), parameters: { ...table.parameters, ...s.properties } });
        return none;
      }
      case 'addColumns': {
        const table = requireTable(run, s.table);
        checkTypes(s.columns);
        for (const c of s.columns) {
          if (table.storage.columns.some((e) => e.name.toLowerCase() === c.name.toLowerCase())) throw new SqlError('ALREADY_EXISTS', `Column ${c.name} already exists`);
        }
        const input = tableInputOf(table);
        await catalog.updateTable(table.databaseName, { ...input, storage: { ...input.storage, columns: [...table.storage.columns, ...s.columns.map(column)] } });
        return none;
      }
      case 'setLocation': {
        const table = requireTable(run, s.table);
        parseS3Location(s.location);
        const input = tableInputOf(table);
        await catalog.updateTable(table.databaseName, { ...input, storage: { ...input.storage, location: s.location } });
        return none;
      }
    }
  } catch (e) {
    throw catalogFailure(e);
  }
}

export function databaseOf(run: QueryRun, t: TableName): string {
  const database = (t.database ?? run.database).toLowerCase();
  if (!run.deps.catalog.findDatabase(database)) throw new SqlError('SCHEMA_NOT_FOUND', `Schema '${database}' does not exist`, run.toOriginal(t.position));
  return database;
}

/** The table a statement names; a view only where `views` says the statement works on views too. */
export function requireTable(run: QueryRun, t: TableName, views: 'views too' | 'tables only' = 'tables only'): TableDefinition {
  const database = databaseOf(run, t);
  const table = run.deps.catalog.findTable(database, t.name);
  if (!table) throw tableNotFound(run, database, t);
  if (views === 'tables only' && isView(table)) {
    throw new SqlError('NOT_SUPPORTED', `Relation 'awsdatacatalog.${database}.${table.name}' is a view, not a table`, run.toOriginal(t.position));
  }
  return table;
}

function tableNotFound(run: QueryRun, database: string, t: TableName): SqlError {
  return new SqlError('TABLE_NOT_FOUND', `Table 'awsdatacatalog.${database}.${t.name.toLowerCase()}' does not exist`, run.toOriginal(t.position));
}

/** The values of a PARTITION (k=v, …) clause in the table's key order. */
export function partitionValues(table: TableDefinition, p: PartitionSpec): string[] {
  const given = new Map(p.values.map(([k, v]) => [k.toLowerCase(), v]));
  if (given.size !== table.partitionKeys.length || table.partitionKeys.some((k) => !given.has(k.name.toLowerCase()))) {
    throw new SqlError(
      'GENERIC_USER_ERROR',
      `Partition spec (${p.values.map(([k]) => k).join(', ')}) does not match the partition keys of ${table.name} (${table.partitionKeys.map((k) => k.name).join(', ')})`,
    );
  }
  return table.partitionKeys.map((k) => given.get(k.name.toLowerCase())!);
}

export function defaultLocation(table: TableDefinition, values: readonly string[]): string {
  const base = table.storage.location ?? '';
  return `${base.endsWith('/') ? base : `${base}/`}${table.partitionKeys.map((k, i) => `${k.name}=${values[i]}/`).join('')}`;
}

function column(c: ColumnSpec) {
  return { name: c.name, type: c.type, ...(c.comment !== undefined ? { comment: c.comment } : {}) };
}

function checkTypes(columns: readonly ColumnSpec[]): void {
  for (const c of columns) {
    try {
      parseType(c.type);
    } catch {
      throw new SqlError('TYPE_MISMATCH', `Unknown type '${c.type}' for column ${c.name}`);
    }
  }
}

/** A table's definition as the catalog takes it back (UpdateTable). */
export function tableInputOf(t: TableDefinition): TableInput {
  return {
    name: t.name,
    description: t.description,
    owner: t.owner,
    tableType: t.tableType,
    parameters: t.parameters,
    partitionKeys: t.partitionKeys,
    retention: t.retention,
    viewOriginalText: t.viewOriginalText,
    viewExpandedText: t.viewExpandedText,
    storage: {
      columns: t.storage.columns,
      location: t.storage.location,
      inputFormat: t.storage.inputFormat,
      outputFormat: t.storage.outputFormat,
      compressed: t.storage.compressed,
      serdeInfo: t.storage.serdeInfo,
      parameters: t.storage.parameters,
      numberOfBuckets: t.storage.numberOfBuckets,
      bucketColumns: t.storage.bucketColumns,
      sortColumns: t.storage.sortColumns,
      storedAsSubDirectories: t.storage.storedAsSubDirectories,
      skewedInfo: t.storage.skewedInfo,
      additionalLocations: t.storage.additionalLocations,
    },
  };
}

/** The catalog's refusals in Athena's words. */
export function catalogFailure(e: unknown): unknown {
  if (!(e instanceof CatalogError)) return e;
  switch (e.kind) {
    case 'EntityNotFound':
      return new SqlError('TABLE_NOT_FOUND', e.message);
    case 'AlreadyExists':
      return new SqlError('ALREADY_EXISTS', e.message);
    case 'InvalidInput':
      return new SqlError('GENERIC_USER_ERROR', e.message);
    case 'ResourceNumberLimitExceeded':
      return new SqlError('GENERIC_USER_ERROR', e.message);
    case 'ConcurrentModification':
      return new SqlError('GENERIC_INTERNAL_ERROR', e.message);
    default: {
      const unreachable: never = e.kind;
      return unreachable;
    }
  }
}
