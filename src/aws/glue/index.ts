import { glueModel } from '../models/glue.js';
import type { AnyOperation, ServiceDefinition } from '../wire/Service.js';
import { batchCreatePartition } from './batchCreatePartition.js';
import { batchDeletePartition } from './batchDeletePartition.js';
import { batchDeleteTable } from './batchDeleteTable.js';
import { batchGetPartition } from './batchGetPartition.js';
import type { GlueDeps } from './common.js';
import { createDatabase } from './createDatabase.js';
import { createPartition } from './createPartition.js';
import { createTable } from './createTable.js';
import { deleteDatabase } from './deleteDatabase.js';
import { deletePartition } from './deletePartition.js';
import { deleteTable } from './deleteTable.js';
import { glueError } from './errors.js';
import { getDatabase } from './getDatabase.js';
import { getDatabases } from './getDatabases.js';
import { getPartition } from './getPartition.js';
import { getPartitions } from './getPartitions.js';
import { getTable } from './getTable.js';
import { getTables } from './getTables.js';
import { getTableVersion } from './getTableVersion.js';
import { getTableVersions } from './getTableVersions.js';
import { getTags } from './getTags.js';
import { tagResource } from './tagResource.js';
import { untagResource } from './untagResource.js';
import { updateDatabase } from './updateDatabase.js';
import { updatePartition } from './updatePartition.js';
import { updateTable } from './updateTable.js';

/** The supported Glue Data Catalog operations (docs/services/glue.md lists them too). */
const OPERATIONS = {
  BatchCreatePartition: batchCreatePartition,
  BatchDeletePartition: batchDeletePartition,
  BatchDeleteTable: batchDeleteTable,
  BatchGetPartition: batchGetPartition,
  CreateDatabase: createDatabase,
  CreatePartition: createPartition,
  CreateTable: createTable,
  DeleteDatabase: deleteDatabase,
  DeletePartition: deletePartition,
  DeleteTable: deleteTable,
  GetDatabase: getDatabase,
  GetDatabases: getDatabases,
  GetPartition: getPartition,
  GetPartitions: getPartitions,
  GetTable: getTable,
  GetTables: getTables,
  GetTableVersion: getTableVersion,
  GetTableVersions: getTableVersions,
  GetTags: getTags,
  TagResource: tagResource,
  UntagResource: untagResource,
  UpdateDatabase: updateDatabase,
  UpdatePartition: updatePartition,
  UpdateTable: updateTable,
} as const;

export const GLUE_CATALOG_OPERATIONS = Object.keys(OPERATIONS);

/**
 * The Glue service (target prefix AWSGlue). One service owns a target prefix, so other Glue
 * capabilities (jobs, crawlers) join through `more`: their operations and error mapping.
 */
export function glueService(
  deps: GlueDeps,
  more: { readonly operations?: Readonly<Record<string, AnyOperation>>; readonly mapError?: ServiceDefinition['mapError'] } = {},
): ServiceDefinition {
  const operations: Record<string, AnyOperation> = { ...more.operations };
  for (const [name, make] of Object.entries(OPERATIONS)) operations[name] = make(deps) as AnyOperation;
  return {
    model: glueModel,
    operations,
    mapError: (error) => glueError(error) ?? more.mapError?.(error),
  };
}
