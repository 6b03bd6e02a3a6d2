import type { GetNamedQueryInput, GetNamedQueryOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import type { AthenaDeps } from './common.js';
import { namedQueryOf } from './namedQueryShape.js';

export const getNamedQuery = ({ query }: AthenaDeps): Operation<GetNamedQueryInput, GetNamedQueryOutput> =>
  (input) => ({ NamedQuery: namedQueryOf(query.namedQueries.get(input.NamedQueryId!)) });
