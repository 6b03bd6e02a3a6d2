import type { GetDatabasesRequest, GetDatabasesResponse } from '@aws-sdk/client-glue';
import type { Operation } from '../wire/Service.js';
import { checkCatalogId, glueDatabase, invalidInput, pageByName, type GlueDeps } from './common.js';

export const getDatabases = ({ catalog }: GlueDeps): Operation<GetDatabasesRequest, GetDatabasesResponse> =>
  (input, ctx) => {
    checkCatalogId(input.CatalogId, ctx, 'GetDatabases');
    const attributes = input.AttributesToGet;
    if (attributes !== undefined && !attributes.includes('NAME')) throw invalidInput('AttributesToGet must include NAME.');
    // Databases shared from other accounts (FOREIGN) or federated ones do not exist here.
    const shared = input.ResourceShareType === 'FOREIGN' || input.ResourceShareType === 'FEDERATED';
    const { page, nextToken } = pageByName(shared ? [] : catalog.listDatabases(), (d) => d.name, input.MaxResults, input.NextToken);
    return {
      DatabaseList: page.map((d) => (attributes ? { Name: d.name } : glueDatabase(d, ctx))),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  };
