import type { CreatePartitionRequest, CreatePartitionResponse } from '@aws-sdk/client-glue';
import type { Operation } from '../wire/Service.js';
import { checkCatalogId, partitionInputOf, type GlueDeps } from './common.js';

export const createPartition = ({ catalog }: GlueDeps): Operation<CreatePartitionRequest, CreatePartitionResponse> =>
  async (input, ctx) => {
    checkCatalogId(input.CatalogId, ctx, 'CreatePartition');
    await catalog.createPartition(input.DatabaseName!, input.TableName!, partitionInputOf(input.PartitionInput!));
    return {};
  };
