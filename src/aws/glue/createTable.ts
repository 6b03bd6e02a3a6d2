import type { CreateTableRequest, CreateTableResponse } from '@aws-sdk/client-glue';
import type { Operation } from '../wire/Service.js';
import { checkCatalogId, invalidInput, tableInputOf, type GlueDeps } from './common.js';

export const createTable = ({ catalog }: GlueDeps): Operation<CreateTableRequest, CreateTableResponse> =>
  async (input, ctx) => {
    checkCatalogId(input.CatalogId, ctx, 'CreateTable');
    if (input.OpenTableFormatInput !== undefined) throw invalidInput('Open table formats (Iceberg) are not supported; create the table with a TableInput.');
    if (input.TableInput === undefined) throw invalidInput('TableInput is required.');
    if (input.Name !== undefined && input.Name.toLowerCase() !== input.TableInput.Name?.toLowerCase()) {
      throw invalidInput(`Name ${input.Name} and TableInput.Name ${input.TableInput.Name} differ.`);
    }
    await catalog.createTable(input.DatabaseName!, tableInputOf(input.TableInput));
    return {};
  };
