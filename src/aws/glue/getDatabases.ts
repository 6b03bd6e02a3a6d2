import type { GetDatabasesRequest, GetDatabasesResponse } from '@aws-sdk/client-glue';
import type { Operation } from '../wire/Service.js';
import { checkCatalogId, glueDatabase, invalidInput, pageByName, type GlueDeps } from './common.js';

export const getDatabases = ({ catalog }: GlueDeps): Operation<GetDatabasesRequest, GetDatabasesResponse> =>
  (input, ctx) => {
    checkCatalogId(input.CatalogId, ctx, 'GetDatabases');
    const attributes = input.AttributesToGet;
    if (attributes !== undefined && !attributes.includes('NAME')) throw invalidInput('AttributesToGet must include NAME.');
    const { page, nextToken } = pageByName(catalog.listDatabases(), (d) => d.name, input.MaxResults, input.NextToken);
    return {
      // Only this account's databases: shared (FOREIGN, FEDERATED) ones do not exist here.
      DatabaseList: page.map((d) => (attributes ? { Name: d.name } : glueDatabase(d, ctx))),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  };
