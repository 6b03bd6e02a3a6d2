import type { BatchGetPreparedStatementInput, BatchGetPreparedStatementOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import type { AthenaDeps } from './common.js';

export const batchGetPreparedStatement = ({ query }: AthenaDeps): Operation<BatchGetPreparedStatementInput, BatchGetPreparedStatementOutput> =>
  (input) => {
    query.workGroups.get(input.WorkGroup!);
    const out: BatchGetPreparedStatementOutput = { PreparedStatements: [], UnprocessedPreparedStatementNames: [] };
    for (const name of input.PreparedStatementNames ?? []) {
      const s = query.preparedStatements.find(input.WorkGroup!, name);
      if (s) {
        out.PreparedStatements!.push({
          StatementName: s.name,
          QueryStatement: s.queryStatement,
          WorkGroupName: s.workGroup,
          ...(s.description !== undefined ? { Description: s.description } : {}),
          LastModifiedTime: new Date(s.lastModifiedMs),
        });
      } else {
        out.UnprocessedPreparedStatementNames!.push({ StatementName: name, ErrorCode: 'RESOURCE_NOT_FOUND', ErrorMessage: `Prepared statement ${name} was not found` });
      }
    }
    return out;
  };
