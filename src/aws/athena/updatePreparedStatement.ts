import type { UpdatePreparedStatementInput, UpdatePreparedStatementOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import type { AthenaDeps } from './common.js';

export const updatePreparedStatement = ({ query }: AthenaDeps): Operation<UpdatePreparedStatementInput, UpdatePreparedStatementOutput> =>
  async (input) => {
    query.workGroups.get(input.WorkGroup!);
    const existing = query.preparedStatements.get(input.WorkGroup!, input.StatementName!);
    await query.putPreparedStatement(
      {
        name: existing.name,
        workGroup: existing.workGroup,
        queryStatement: input.QueryStatement!,
        ...(input.Description !== undefined ? { description: input.Description } : existing.description !== undefined ? { description: existing.description } : {}),
      },
      true,
    );
    return {};
  };
