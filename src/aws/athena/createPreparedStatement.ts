import type { CreatePreparedStatementInput, CreatePreparedStatementOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import type { AthenaDeps } from './common.js';

export const createPreparedStatement = ({ query }: AthenaDeps): Operation<CreatePreparedStatementInput, CreatePreparedStatementOutput> =>
  async (input) => {
    await query.putPreparedStatement(
      {
        name: input.StatementName!,
        workGroup: input.WorkGroup!,
        queryStatement: input.QueryStatement!,
        ...(input.Description !== undefined ? { description: input.Description } : {}),
      },
      false,
    );
    return {};
  };
