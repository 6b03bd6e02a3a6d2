import type { GetQueryResultsInput, GetQueryResultsOutput, Row } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import { columnInfoOf, decodeToken, encodeToken, invalidRequest, type AthenaDeps } from './common.js';

interface ResultsToken {
  readonly id: string;
  readonly offset: number;
}

const isToken = (v: unknown): v is ResultsToken =>
  typeof v === 'object' && v !== null && typeof (v as ResultsToken).id === 'string' && Number.isInteger((v as ResultsToken).offset);

/**
 * Rows as strings (NULL has no VarCharValue); for a query the first row of the first page
 * is the header, as Athena does. NextToken is where the next page starts in the result file.
 */
export const getQueryResults = ({ query }: AthenaDeps): Operation<GetQueryResultsInput, GetQueryResultsOutput> =>
  async (input) => {
    if (input.QueryResultType === 'DATA_MANIFEST') throw invalidRequest('QueryResultType DATA_MANIFEST is not supported');
    const id = input.QueryExecutionId!;
    let offset = 0;
    if (input.NextToken !== undefined) {
      const token = decodeToken(input.NextToken, isToken);
      if (token.id !== id) throw invalidRequest('Invalid NextToken: it belongs to another query');
      offset = token.offset;
    }
    const page = await query.results(id, offset, input.MaxResults ?? 1000);
    const rows: Row[] = page.rows.map((r) => ({ Data: r.map((v) => (v === null ? {} : { VarCharValue: v })) }));
    return {
      UpdateCount: page.updateCount ?? 0,
      ResultSet: { Rows: rows, ResultSetMetadata: { ColumnInfo: page.columns.map(columnInfoOf) } },
      ...(page.next !== undefined ? { NextToken: encodeToken({ id, offset: page.next }) } : {}),
    };
  };
