import type { GetPartitionRequest, GetPartitionResponse } from '@aws-sdk/client-glue';
import type { Operation } from '../wire/Service.js';
import { checkCatalogId, gluePartition, type GlueDeps } from './common.js';

export const getPartition = ({ catalog }: GlueDeps): Operation<GetPartitionRequest, GetPartitionResponse> =>
  (input, ctx) => {
    checkCatalogId(input.CatalogId, ctx, 'GetPartition');
    return { Partition: gluePartition(catalog.getPartition(input.DatabaseName!, input.TableName!, input.PartitionValues!), ctx) };
  };
