import type { CreateDatabaseRequest, CreateDatabaseResponse } from '@aws-sdk/client-glue';
import type { Operation } from '../wire/Service.js';
import { checkCatalogId, databaseInputOf, type GlueDeps } from './common.js';

export const createDatabase = ({ catalog }: GlueDeps): Operation<CreateDatabaseRequest, CreateDatabaseResponse> =>
  async (input, ctx) => {
    checkCatalogId(input.CatalogId, ctx, 'CreateDatabase');
    await catalog.createDatabase(databaseInputOf(input.DatabaseInput!), input.Tags ?? {});
    return {};
  };
