import type { NamedQuery as AthenaNamedQuery } from '@aws-sdk/client-athena';
import type { NamedQuery } from '../../engines/query/saved/NamedQueries.js';

export function namedQueryOf(q: NamedQuery): AthenaNamedQuery {
  return {
    Name: q.name,
    ...(q.description !== undefined ? { Description: q.description } : {}),
    Database: q.database,
    QueryString: q.queryString,
    NamedQueryId: q.id,
    WorkGroup: q.workGroup,
  };
}
