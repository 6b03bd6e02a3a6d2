import type { StopQueryExecutionInput, StopQueryExecutionOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import type { AthenaDeps } from './common.js';

export const stopQueryExecution = ({ query }: AthenaDeps): Operation<StopQueryExecutionInput, StopQueryExecutionOutput> =>
  async (input) => {
    await query.stop(input.QueryExecutionId!);
    return {};
  };
