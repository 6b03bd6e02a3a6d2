import type { AnyOperation, ServiceDefinition } from '../wire/Service.js';
import { batchGetNamedQuery } from './batchGetNamedQuery.js';
import { batchGetPreparedStatement } from './batchGetPreparedStatement.js';
import { batchGetQueryExecution } from './batchGetQueryExecution.js';
import type { AthenaDeps } from './common.js';
import { createNamedQuery } from './createNamedQuery.js';
import { createPreparedStatement } from './createPreparedStatement.js';
import { createWorkGroup } from './createWorkGroup.js';
import { deleteNamedQuery } from './deleteNamedQuery.js';
import { deletePreparedStatement } from './deletePreparedStatement.js';
import { deleteWorkGroup } from './deleteWorkGroup.js';
import { athenaError } from './errors.js';
import { getDatabase } from './getDatabase.js';
import { getDataCatalog } from './getDataCatalog.js';
import { getNamedQuery } from './getNamedQuery.js';
import { getPreparedStatement } from './getPreparedStatement.js';
import { getQueryExecution } from './getQueryExecution.js';
import { getQueryResults } from './getQueryResults.js';
import { getQueryRuntimeStatistics } from './getQueryRuntimeStatistics.js';
import { getTableMetadata } from './getTableMetadata.js';
import { getWorkGroup } from './getWorkGroup.js';
import { listDatabases } from './listDatabases.js';
import { listDataCatalogs } from './listDataCatalogs.js';
import { listEngineVersions } from './listEngineVersions.js';
import { listNamedQueries } from './listNamedQueries.js';
import { listPreparedStatements } from './listPreparedStatements.js';
import { listQueryExecutions } from './listQueryExecutions.js';
import { listTableMetadata } from './listTableMetadata.js';
import { listWorkGroups } from './listWorkGroups.js';
import { startQueryExecution } from './startQueryExecution.js';
import { stopQueryExecution } from './stopQueryExecution.js';
import { updateNamedQuery } from './updateNamedQuery.js';
import { updatePreparedStatement } from './updatePreparedStatement.js';
import { updateWorkGroup } from './updateWorkGroup.js';
import { checkConstraints, relaxedAthenaModel } from './validation.js';

/** The supported Athena operations (docs/services/athena.md lists them too). */
const OPERATIONS = {
  BatchGetNamedQuery: batchGetNamedQuery,
  BatchGetPreparedStatement: batchGetPreparedStatement,
  BatchGetQueryExecution: batchGetQueryExecution,
  CreateNamedQuery: createNamedQuery,
  CreatePreparedStatement: createPreparedStatement,
  CreateWorkGroup: createWorkGroup,
  DeleteNamedQuery: deleteNamedQuery,
  DeletePreparedStatement: deletePreparedStatement,
  DeleteWorkGroup: deleteWorkGroup,
  GetDatabase: getDatabase,
  GetDataCatalog: getDataCatalog,
  GetNamedQuery: getNamedQuery,
  GetPreparedStatement: getPreparedStatement,
  GetQueryExecution: getQueryExecution,
  GetQueryResults: getQueryResults,
  GetQueryRuntimeStatistics: getQueryRuntimeStatistics,
  GetTableMetadata: getTableMetadata,
  GetWorkGroup: getWorkGroup,
  ListDatabases: listDatabases,
  ListDataCatalogs: listDataCatalogs,
  ListEngineVersions: listEngineVersions,
  ListNamedQueries: listNamedQueries,
  ListPreparedStatements: listPreparedStatements,
  ListQueryExecutions: listQueryExecutions,
  ListTableMetadata: listTableMetadata,
  ListWorkGroups: listWorkGroups,
  StartQueryExecution: startQueryExecution,
  StopQueryExecution: stopQueryExecution,
  UpdateNamedQuery: updateNamedQuery,
  UpdatePreparedStatement: updatePreparedStatement,
  UpdateWorkGroup: updateWorkGroup,
} as const;

export const ATHENA_OPERATIONS = Object.keys(OPERATIONS);

export function athenaService(deps: AthenaDeps): ServiceDefinition {
  const operations: Record<string, AnyOperation> = {};
  for (const [name, make] of Object.entries(OPERATIONS)) {
    const handler = make(deps) as (input: unknown, ctx: never) => unknown;
    operations[name] = ((input: unknown, ctx: never) => {
      checkConstraints(name, input);
      return handler(input, ctx);
    }) as unknown as AnyOperation;
  }
  return { model: relaxedAthenaModel, operations, mapError: athenaError };
}
