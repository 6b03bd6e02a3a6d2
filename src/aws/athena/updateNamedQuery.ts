import type { UpdateNamedQueryInput, UpdateNamedQueryOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import type { AthenaDeps } from './common.js';

export const updateNamedQuery = ({ query }: AthenaDeps): Operation<UpdateNamedQueryInput, UpdateNamedQueryOutput> =>
  async (input) => {
    await query.namedQueries.update(input.NamedQueryId!, {
      name: input.Name!,
      queryString: input.QueryString!,
      ...(input.Description !== undefined ? { description: input.Description } : {}),
    });
    return {};
  };
