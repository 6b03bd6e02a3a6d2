import type { CreateNamedQueryInput, CreateNamedQueryOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import type { AthenaDeps } from './common.js';

export const createNamedQuery = ({ query }: AthenaDeps): Operation<CreateNamedQueryInput, CreateNamedQueryOutput> =>
  async (input) => {
    const q = await query.createNamedQuery({
      name: input.Name!,
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      database: input.Database!,
      queryString: input.QueryString!,
      workGroup: input.WorkGroup ?? 'primary',
      ...(input.ClientRequestToken !== undefined ? { token: input.ClientRequestToken } : {}),
    });
    return { NamedQueryId: q.id };
  };
