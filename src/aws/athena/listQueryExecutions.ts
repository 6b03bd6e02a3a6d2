import type { ListQueryExecutionsInput, ListQueryExecutionsOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import { page, type AthenaDeps } from './common.js';

/** Newest first, 50 at most per page, of one work group (primary by default). */
export const listQueryExecutions = ({ query }: AthenaDeps): Operation<ListQueryExecutionsInput, ListQueryExecutionsOutput> =>
  (input) => {
    const all = query.list(input.WorkGroup ?? 'primary');
    const p = page(all, input.NextToken, input.MaxResults ?? 50, (r) => r.id);
    return { QueryExecutionIds: p.items.map((r) => r.id), ...(p.next ? { NextToken: p.next } : {}) };
  };
