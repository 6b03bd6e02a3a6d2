import type { UpdateTableRequest, UpdateTableResponse } from '@aws-sdk/client-glue';
import type { Operation } from '../wire/Service.js';
import { checkCatalogId, invalidInput, parseVersionId, tableInputOf, type GlueDeps } from './common.js';

/** Replaces the table's definition; VersionId, when given, must be the current version (optimistic locking). */
export const updateTable = ({ catalog }: GlueDeps): Operation<UpdateTableRequest, UpdateTableResponse> =>
  async (input, ctx) => {
    checkCatalogId(input.CatalogId, ctx, 'UpdateTable');
    if (input.UpdateOpenTableFormatInput !== undefined) throw invalidInput('Open table formats (Iceberg) are not supported.');
    if (input.TableInput === undefined) throw invalidInput('TableInput is required.');
    const tableInput = tableInputOf({ ...input.TableInput, Name: input.TableInput.Name ?? input.Name });
    if (tableInput.name === undefined) throw invalidInput('TableInput.Name is required.');
    if (input.Name !== undefined && input.Name.toLowerCase() !== tableInput.name.toLowerCase()) {
      throw invalidInput(`Name ${input.Name} and TableInput.Name ${tableInput.name} differ; tables cannot be renamed.`);
    }
    await catalog.updateTable(input.DatabaseName!, tableInput, {
      expectedVersion: input.VersionId !== undefined ? parseVersionId(input.VersionId) : undefined,
      skipArchive: input.SkipArchive,
    });
    return {};
  };
