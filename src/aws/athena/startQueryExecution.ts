import type { StartQueryExecutionInput, StartQueryExecutionOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import type { AthenaDeps } from './common.js';

export const startQueryExecution = ({ query }: AthenaDeps): Operation<StartQueryExecutionInput, StartQueryExecutionOutput> =>
  async (input) => {
    const record = await query.start({
      query: input.QueryString!,
      database: input.QueryExecutionContext?.Database,
      catalog: input.QueryExecutionContext?.Catalog,
      workGroup: input.WorkGroup,
      outputLocation: input.ResultConfiguration?.OutputLocation,
      executionParameters: input.ExecutionParameters,
      clientRequestToken: input.ClientRequestToken,
    });
    return { QueryExecutionId: record.id };
  };
