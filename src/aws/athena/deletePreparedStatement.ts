import type { DeletePreparedStatementInput, DeletePreparedStatementOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import type { AthenaDeps } from './common.js';

export const deletePreparedStatement = ({ query }: AthenaDeps): Operation<DeletePreparedStatementInput, DeletePreparedStatementOutput> =>
  async (input) => {
    query.workGroups.get(input.WorkGroup!);
    await query.preparedStatements.delete(input.WorkGroup!, input.StatementName!);
    return {};
  };
