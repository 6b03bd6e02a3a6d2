import type { GetTableVersionsRequest, GetTableVersionsResponse } from '@aws-sdk/client-glue';
import type { Operation } from '../wire/Service.js';
import { checkCatalogId, decodeToken, encodeToken, glueTable, type GlueDeps } from './common.js';

const isAfterVersion = (v: unknown): v is { before: number } => typeof v === 'object' && v !== null && typeof (v as { before?: unknown }).before === 'number';

/** The kept versions of a table, newest first. */
export const getTableVersions = ({ catalog }: GlueDeps): Operation<GetTableVersionsRequest, GetTableVersionsResponse> =>
  (input, ctx) => {
    checkCatalogId(input.CatalogId, ctx, 'GetTableVersions');
    const before = input.NextToken !== undefined ? decodeToken(input.NextToken, isAfterVersion).before : undefined;
    const versions = catalog.listTableVersions(input.DatabaseName!, input.TableName!).filter((t) => before === undefined || t.version < before);
    const limit = input.MaxResults ?? 100;
    const page = versions.slice(0, limit);
    return {
      TableVersions: page.map((t) => ({ Table: glueTable(t, ctx), VersionId: String(t.version) })),
      ...(versions.length > limit ? { NextToken: encodeToken({ before: page[page.length - 1]!.version }) } : {}),
    };
  };
