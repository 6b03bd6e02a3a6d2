import type { GetPreparedStatementInput, GetPreparedStatementOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import type { AthenaDeps } from './common.js';

export const getPreparedStatement = ({ query }: AthenaDeps): Operation<GetPreparedStatementInput, GetPreparedStatementOutput> =>
  (input) => {
    query.workGroups.get(input.WorkGroup!);
    const s = query.preparedStatements.get(input.WorkGroup!, input.StatementName!);
    return {
      PreparedStatement: {
        StatementName: s.name,
        QueryStatement: s.queryStatement,
        WorkGroupName: s.workGroup,
        ...(s.description !== undefined ? { Description: s.description } : {}),
        LastModifiedTime: new Date(s.lastModifiedMs),
      },
    };
  };
