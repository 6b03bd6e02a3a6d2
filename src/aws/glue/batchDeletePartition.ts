import type { BatchDeletePartitionRequest, BatchDeletePartitionResponse } from '@aws-sdk/client-glue';
import type { Operation } from '../wire/Service.js';
import { checkCatalogId, type GlueDeps } from './common.js';
import { errorDetail } from './errors.js';

/** Up to 25 partitions in one durable commit; a missing one is reported in Errors. */
export const batchDeletePartition = ({ catalog }: GlueDeps): Operation<BatchDeletePartitionRequest, BatchDeletePartitionResponse> =>
  async (input, ctx) => {
    checkCatalogId(input.CatalogId, ctx, 'BatchDeletePartition');
    const results = await catalog.deletePartitions(input.DatabaseName!, input.TableName!, (input.PartitionsToDelete ?? []).map((p) => p.Values ?? []));
    return { Errors: results.flatMap((r) => (r.error ? [{ PartitionValues: [...r.item], ErrorDetail: errorDetail(r.error) }] : [])) };
  };
