import type { GetTableRequest, GetTableResponse } from '@aws-sdk/client-glue';
import type { Operation } from '../wire/Service.js';
import { checkCatalogId, glueTable, type GlueDeps } from './common.js';

export const getTable = ({ catalog }: GlueDeps): Operation<GetTableRequest, GetTableResponse> =>
  (input, ctx) => {
    checkCatalogId(input.CatalogId, ctx, 'GetTable');
    return { Table: glueTable(catalog.describeTable(input.DatabaseName!, input.Name!), ctx) };
  };
