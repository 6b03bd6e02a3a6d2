import type { GetDatabaseRequest, GetDatabaseResponse } from '@aws-sdk/client-glue';
import type { Operation } from '../wire/Service.js';
import { checkCatalogId, glueDatabase, type GlueDeps } from './common.js';

export const getDatabase = ({ catalog }: GlueDeps): Operation<GetDatabaseRequest, GetDatabaseResponse> =>
  (input, ctx) => {
    checkCatalogId(input.CatalogId, ctx, 'GetDatabase');
    return { Database: glueDatabase(catalog.getDatabase(input.Name!), ctx) };
  };
