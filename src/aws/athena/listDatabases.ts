import type { ListDatabasesInput, ListDatabasesOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import { page, type AthenaDeps } from './common.js';
import { checkCatalog, databaseOf } from './metadataShapes.js';

export const listDatabases = ({ catalog }: AthenaDeps): Operation<ListDatabasesInput, ListDatabasesOutput> =>
  (input) => {
    checkCatalog(input.CatalogName);
    const p = page(catalog.listDatabases(), input.NextToken, input.MaxResults ?? 50, (d) => d.name);
    return { DatabaseList: p.items.map(databaseOf), ...(p.next ? { NextToken: p.next } : {}) };
  };
