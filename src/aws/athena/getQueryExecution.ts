import type { GetQueryExecutionInput, GetQueryExecutionOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import { queryExecutionOf, type AthenaDeps } from './common.js';

/** Waits up to `statusWaitMs` for a running query to finish before answering (see QueryEngine.getSoon). */
export const getQueryExecution = ({ query, statusWaitMs }: AthenaDeps): Operation<GetQueryExecutionInput, GetQueryExecutionOutput> =>
  async (input) => ({ QueryExecution: queryExecutionOf(await query.getSoon(input.QueryExecutionId!, statusWaitMs ?? 0)) });
