import type { DeletePartitionRequest, DeletePartitionResponse } from '@aws-sdk/client-glue';
import type { Operation } from '../wire/Service.js';
import { checkCatalogId, type GlueDeps } from './common.js';

export const deletePartition = ({ catalog }: GlueDeps): Operation<DeletePartitionRequest, DeletePartitionResponse> =>
  async (input, ctx) => {
    checkCatalogId(input.CatalogId, ctx, 'DeletePartition');
    await catalog.deletePartition(input.DatabaseName!, input.TableName!, input.PartitionValues!);
    return {};
  };
