import type { BatchGetQueryExecutionInput, BatchGetQueryExecutionOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import { queryExecutionOf, type AthenaDeps } from './common.js';

export const batchGetQueryExecution = ({ query }: AthenaDeps): Operation<BatchGetQueryExecutionInput, BatchGetQueryExecutionOutput> =>
  (input) => {
    const out: BatchGetQueryExecutionOutput = { QueryExecutions: [], UnprocessedQueryExecutionIds: [] };
    for (const id of input.QueryExecutionIds ?? []) {
      const r = query.find(id);
      if (r) out.QueryExecutions!.push(queryExecutionOf(r));
      else out.UnprocessedQueryExecutionIds!.push({ QueryExecutionId: id, ErrorCode: 'INVALID_INPUT', ErrorMessage: `QueryExecution ${id} was not found` });
    }
    return out;
  };
