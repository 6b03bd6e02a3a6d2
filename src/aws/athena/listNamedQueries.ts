import type { ListNamedQueriesInput, ListNamedQueriesOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import { page, type AthenaDeps } from './common.js';

export const listNamedQueries = ({ query }: AthenaDeps): Operation<ListNamedQueriesInput, ListNamedQueriesOutput> =>
  (input) => {
    const workGroup = input.WorkGroup ?? 'primary';
    query.workGroups.get(workGroup);
    const p = page(query.namedQueries.list(workGroup), input.NextToken, input.MaxResults ?? 50, (q) => q.id);
    return { NamedQueryIds: p.items.map((q) => q.id), ...(p.next ? { NextToken: p.next } : {}) };
  };
