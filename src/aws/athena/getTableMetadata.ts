import type { GetTableMetadataInput, GetTableMetadataOutput } from '@aws-sdk/client-athena';
import { QueryError } from '../../engines/query/QueryError.js';
import type { Operation } from '../wire/Service.js';
import type { AthenaDeps } from './common.js';
import { checkCatalog, requireDatabase, tableMetadataOf } from './metadataShapes.js';

export const getTableMetadata = ({ catalog }: AthenaDeps): Operation<GetTableMetadataInput, GetTableMetadataOutput> =>
  (input) => {
    checkCatalog(input.CatalogName);
    const db = requireDatabase(catalog, input.DatabaseName!);
    const t = catalog.findTable(db.name, input.TableName!.toLowerCase());
    if (!t) throw new QueryError('MetadataNotFound', `Table ${input.TableName} not found in database ${db.name}.`);
    return { TableMetadata: tableMetadataOf(t) };
  };
