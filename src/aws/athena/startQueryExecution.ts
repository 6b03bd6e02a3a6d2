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
      resultReuseMaxAgeMinutes: reuseAge(input.ResultReuseConfiguration),
    });
    return { QueryExecutionId: record.id };
  };

/** Minutes an earlier result may be old to be reused (Athena's default 60), or undefined when reuse is off. */
function reuseAge(config: StartQueryExecutionInput['ResultReuseConfiguration']): number | undefined {
  const byAge = config?.ResultReuseByAgeConfiguration;
  return byAge?.Enabled ? (byAge.MaxAgeInMinutes ?? DEFAULT_REUSE_AGE_MINUTES) : undefined;
}

const DEFAULT_REUSE_AGE_MINUTES = 60;
