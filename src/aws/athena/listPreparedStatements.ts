import type { ListPreparedStatementsInput, ListPreparedStatementsOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import { page, type AthenaDeps } from './common.js';

export const listPreparedStatements = ({ query }: AthenaDeps): Operation<ListPreparedStatementsInput, ListPreparedStatementsOutput> =>
  (input) => {
    query.workGroups.get(input.WorkGroup!);
    const p = page(query.preparedStatements.list(input.WorkGroup!), input.NextToken, input.MaxResults ?? 50, (s) => s.name);
    return {
      PreparedStatements: p.items.map((s) => ({ StatementName: s.name, LastModifiedTime: new Date(s.lastModifiedMs) })),
      ...(p.next ? { NextToken: p.next } : {}),
    };
  };
