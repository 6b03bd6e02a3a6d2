import type { GetTablesRequest, GetTablesResponse } from '@aws-sdk/client-glue';
import type { Operation } from '../wire/Service.js';
import { checkCatalogId, glueTable, invalidInput, pageByName, type GlueDeps } from './common.js';

export const getTables = ({ catalog }: GlueDeps): Operation<GetTablesRequest, GetTablesResponse> =>
  (input, ctx) => {
    checkCatalogId(input.CatalogId, ctx, 'GetTables');
    const attributes = input.AttributesToGet;
    if (attributes !== undefined && !attributes.includes('NAME')) throw invalidInput('AttributesToGet must include NAME.');
    const tables = catalog.listTables(input.DatabaseName!, input.Expression);
    const { page, nextToken } = pageByName(tables, (t) => t.name, input.MaxResults, input.NextToken);
    return {
      TableList: page.map((t) =>
        attributes ? { Name: t.name, ...(attributes.includes('TABLE_TYPE') && t.tableType !== undefined ? { TableType: t.tableType } : {}) } : glueTable(t, ctx),
      ),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  };
