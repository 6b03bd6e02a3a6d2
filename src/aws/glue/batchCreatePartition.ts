import type { BatchCreatePartitionRequest, BatchCreatePartitionResponse } from '@aws-sdk/client-glue';
import type { Operation } from '../wire/Service.js';
import { checkCatalogId, partitionInputOf, type GlueDeps } from './common.js';
import { errorDetail } from './errors.js';

/** Up to 100 partitions in one durable commit; each failure is reported in Errors, the rest are created. */
export const batchCreatePartition = ({ catalog }: GlueDeps): Operation<BatchCreatePartitionRequest, BatchCreatePartitionResponse> =>
  async (input, ctx) => {
    checkCatalogId(input.CatalogId, ctx, 'BatchCreatePartition');
    const results = await catalog.createPartitions(input.DatabaseName!, input.TableName!, (input.PartitionInputList ?? []).map(partitionInputOf));
    return { Errors: results.flatMap((r) => (r.error ? [{ PartitionValues: [...r.item.values], ErrorDetail: errorDetail(r.error) }] : [])) };
  };
