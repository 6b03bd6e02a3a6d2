import type { GetDatabaseInput, GetDatabaseOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import type { AthenaDeps } from './common.js';
import { checkCatalog, databaseOf, requireDatabase } from './metadataShapes.js';

export const getDatabase = ({ catalog }: AthenaDeps): Operation<GetDatabaseInput, GetDatabaseOutput> =>
  (input) => {
    checkCatalog(input.CatalogName);
    return { Database: databaseOf(requireDatabase(catalog, input.DatabaseName!)) };
  };
