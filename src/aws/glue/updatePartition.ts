import type { UpdatePartitionRequest, UpdatePartitionResponse } from '@aws-sdk/client-glue';
import type { Operation } from '../wire/Service.js';
import { checkCatalogId, partitionInputOf, type GlueDeps } from './common.js';

/** Replaces a partition's definition; different Values in the input move it. */
export const updatePartition = ({ catalog }: GlueDeps): Operation<UpdatePartitionRequest, UpdatePartitionResponse> =>
  async (input, ctx) => {
    checkCatalogId(input.CatalogId, ctx, 'UpdatePartition');
    await catalog.updatePartition(input.DatabaseName!, input.TableName!, input.PartitionValueList!, partitionInputOf(input.PartitionInput!));
    return {};
  };
