import type { DeleteDatabaseRequest, DeleteDatabaseResponse } from '@aws-sdk/client-glue';
import type { Operation } from '../wire/Service.js';
import { checkCatalogId, type GlueDeps } from './common.js';

/** Deletes the database with its tables, table versions and partitions (at once, not later as AWS does). */
export const deleteDatabase = ({ catalog }: GlueDeps): Operation<DeleteDatabaseRequest, DeleteDatabaseResponse> =>
  async (input, ctx) => {
    checkCatalogId(input.CatalogId, ctx, 'DeleteDatabase');
    await catalog.deleteDatabase(input.Name!);
    return {};
  };
