import type { GetTableVersionRequest, GetTableVersionResponse } from '@aws-sdk/client-glue';
import type { Operation } from '../wire/Service.js';
import { checkCatalogId, glueTable, parseVersionId, type GlueDeps } from './common.js';

/** One version of a table; the current one when VersionId is left out. */
export const getTableVersion = ({ catalog }: GlueDeps): Operation<GetTableVersionRequest, GetTableVersionResponse> =>
  (input, ctx) => {
    checkCatalogId(input.CatalogId, ctx, 'GetTableVersion');
    const version = input.VersionId !== undefined ? parseVersionId(input.VersionId) : undefined;
    const t = catalog.getTableVersion(input.DatabaseName!, input.TableName!, version);
    return { TableVersion: { Table: glueTable(t, ctx), VersionId: String(t.version) } };
  };
