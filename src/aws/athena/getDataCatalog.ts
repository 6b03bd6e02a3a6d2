import type { GetDataCatalogInput, GetDataCatalogOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import type { AthenaDeps } from './common.js';
import { CATALOG_NAME, checkCatalog } from './metadataShapes.js';

export const getDataCatalog = (_deps: AthenaDeps): Operation<GetDataCatalogInput, GetDataCatalogOutput> =>
  (input) => {
    checkCatalog(input.Name);
    return { DataCatalog: { Name: CATALOG_NAME, Type: 'GLUE', Description: 'The Lakehose catalog (Glue API)', Parameters: {}, Status: 'CREATE_COMPLETE' } };
  };
