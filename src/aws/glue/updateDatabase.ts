import type { UpdateDatabaseRequest, UpdateDatabaseResponse } from '@aws-sdk/client-glue';
import type { Operation } from '../wire/Service.js';
import { checkCatalogId, databaseInputOf, type GlueDeps } from './common.js';

export const updateDatabase = ({ catalog }: GlueDeps): Operation<UpdateDatabaseRequest, UpdateDatabaseResponse> =>
  async (input, ctx) => {
    checkCatalogId(input.CatalogId, ctx, 'UpdateDatabase');
    await catalog.updateDatabase(input.Name!, databaseInputOf(input.DatabaseInput!));
    return {};
  };
