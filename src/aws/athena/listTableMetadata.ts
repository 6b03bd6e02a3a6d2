import type { ListTableMetadataInput, ListTableMetadataOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import { page, type AthenaDeps } from './common.js';
import { checkCatalog, requireDatabase, tableMetadataOf } from './metadataShapes.js';

export const listTableMetadata = ({ catalog }: AthenaDeps): Operation<ListTableMetadataInput, ListTableMetadataOutput> =>
  (input) => {
    checkCatalog(input.CatalogName);
    const db = requireDatabase(catalog, input.DatabaseName!);
    const tables = catalog.listTables(db.name, input.Expression);
    const p = page(tables, input.NextToken, input.MaxResults ?? 50, (t) => t.name);
    return { TableMetadataList: p.items.map(tableMetadataOf), ...(p.next ? { NextToken: p.next } : {}) };
  };
