import type { DeleteTableRequest, DeleteTableResponse } from '@aws-sdk/client-glue';
import type { Operation } from '../wire/Service.js';
import { checkCatalogId, type GlueDeps } from './common.js';

/** Deletes the table with its versions and partitions. */
export const deleteTable = ({ catalog }: GlueDeps): Operation<DeleteTableRequest, DeleteTableResponse> =>
  async (input, ctx) => {
    checkCatalogId(input.CatalogId, ctx, 'DeleteTable');
    await catalog.deleteTable(input.DatabaseName!, input.Name!);
    return {};
  };
