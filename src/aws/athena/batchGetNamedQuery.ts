import type { BatchGetNamedQueryInput, BatchGetNamedQueryOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import type { AthenaDeps } from './common.js';
import { namedQueryOf } from './namedQueryShape.js';

export const batchGetNamedQuery = ({ query }: AthenaDeps): Operation<BatchGetNamedQueryInput, BatchGetNamedQueryOutput> =>
  (input) => {
    const out: BatchGetNamedQueryOutput = { NamedQueries: [], UnprocessedNamedQueryIds: [] };
    for (const id of input.NamedQueryIds ?? []) {
      const q = query.namedQueries.find(id);
      if (q) out.NamedQueries!.push(namedQueryOf(q));
      else out.UnprocessedNamedQueryIds!.push({ NamedQueryId: id, ErrorCode: 'INVALID_INPUT', ErrorMessage: `NamedQuery ${id} was not found` });
    }
    return out;
  };
