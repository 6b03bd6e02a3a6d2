import type { DeleteNamedQueryInput, DeleteNamedQueryOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import type { AthenaDeps } from './common.js';

export const deleteNamedQuery = ({ query }: AthenaDeps): Operation<DeleteNamedQueryInput, DeleteNamedQueryOutput> =>
  async (input) => {
    await query.namedQueries.delete(input.NamedQueryId!);
    return {};
  };
