import type { Column as AthenaColumn, Database, TableMetadata } from '@aws-sdk/client-athena';
import type { Column, DatabaseDefinition, TableDefinition } from '../../engines/catalog/Table.js';
import { QueryError } from '../../engines/query/QueryError.js';
import type { CatalogEngine } from '../../engines/catalog/CatalogEngine.js';

/** The Glue catalog as Athena's metadata calls show it (GetDatabase, GetTableMetadata …). */
export const CATALOG_NAME = 'AwsDataCatalog';

export function checkCatalog(name: string | undefined): void {
  if (name !== undefined && name.toLowerCase() !== CATALOG_NAME.toLowerCase()) {
    throw new QueryError('InvalidRequest', `Catalog ${name} was not found.`, 'INVALID_INPUT');
  }
}

export function requireDatabase(catalog: CatalogEngine, name: string): DatabaseDefinition {
  const d = catalog.findDatabase(name.toLowerCase());
  if (!d) throw new QueryError('MetadataNotFound', `Database ${name} not found.`);
  return d;
}

export function databaseOf(d: DatabaseDefinition): Database {
  return { Name: d.name, ...(d.description !== undefined ? { Description: d.description } : {}), Parameters: { ...d.parameters } };
}

const columnOf = (c: Column): AthenaColumn => ({ Name: c.name, Type: c.type, ...(c.comment !== undefined ? { Comment: c.comment } : {}) });

export function tableMetadataOf(t: TableDefinition): TableMetadata {
  return {
    Name: t.name,
    CreateTime: new Date(t.createdAtMs),
    ...(t.lastAccessTimeMs !== undefined ? { LastAccessTime: new Date(t.lastAccessTimeMs) } : {}),
    TableType: t.tableType ?? 'EXTERNAL_TABLE',
    Columns: t.storage.columns.map(columnOf),
    PartitionKeys: t.partitionKeys.map(columnOf),
    Parameters: {
      ...t.parameters,
      ...(t.storage.location !== undefined ? { location: t.storage.location } : {}),
      ...(t.storage.inputFormat !== undefined ? { inputformat: t.storage.inputFormat } : {}),
      ...(t.storage.outputFormat !== undefined ? { outputformat: t.storage.outputFormat } : {}),
      ...(t.storage.serdeInfo?.serializationLibrary !== undefined ? { 'serde.serialization.lib': t.storage.serdeInfo.serializationLibrary } : {}),
    },
  };
}
