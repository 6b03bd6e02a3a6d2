import type { BatchGetPartitionRequest, BatchGetPartitionResponse } from '@aws-sdk/client-glue';
import type { Operation } from '../wire/Service.js';
import { checkCatalogId, gluePartition, type GlueDeps } from './common.js';

/** The partitions that exist among those asked for; missing ones are left out, as on AWS. */
export const batchGetPartition = ({ catalog }: GlueDeps): Operation<BatchGetPartitionRequest, BatchGetPartitionResponse> =>
  (input, ctx) => {
    checkCatalogId(input.CatalogId, ctx, 'BatchGetPartition');
    const found = catalog.getPartitionsByValues(input.DatabaseName!, input.TableName!, (input.PartitionsToGet ?? []).map((p) => p.Values ?? []));
    return { Partitions: found.map((p) => gluePartition(p, ctx)), UnprocessedKeys: [] };
  };
