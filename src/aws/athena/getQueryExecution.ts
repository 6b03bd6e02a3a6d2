import type { GetQueryExecutionInput, GetQueryExecutionOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import { queryExecutionOf, type AthenaDeps } from './common.js';

export const getQueryExecution = ({ query }: AthenaDeps): Operation<GetQueryExecutionInput, GetQueryExecutionOutput> =>
  (input) => ({ QueryExecution: queryExecutionOf(query.get(input.QueryExecutionId!)) });
