import type { BatchDeleteTableRequest, BatchDeleteTableResponse } from '@aws-sdk/client-glue';
import type { Operation } from '../wire/Service.js';
import { checkCatalogId, type GlueDeps } from './common.js';
import { errorDetail } from './errors.js';

export const batchDeleteTable = ({ catalog }: GlueDeps): Operation<BatchDeleteTableRequest, BatchDeleteTableResponse> =>
  async (input, ctx) => {
    checkCatalogId(input.CatalogId, ctx, 'BatchDeleteTable');
    const results = await catalog.deleteTables(input.DatabaseName!, input.TablesToDelete ?? []);
    return { Errors: results.flatMap((r) => (r.error ? [{ TableName: r.item, ErrorDetail: errorDetail(r.error) }] : [])) };
  };
