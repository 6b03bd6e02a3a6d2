import type { GetPartitionsRequest, GetPartitionsResponse } from '@aws-sdk/client-glue';
import type { Operation } from '../wire/Service.js';
import { checkCatalogId, decodeToken, encodeToken, gluePartition, invalidInput, type GlueDeps } from './common.js';

const isAfterValues = (v: unknown): v is { after: string[] } =>
  typeof v === 'object' && v !== null && Array.isArray((v as { after?: unknown }).after) && (v as { after: unknown[] }).after.every((x) => typeof x === 'string');

/** A page of partitions (in value order), filtered by Expression and Segment. */
export const getPartitions = ({ catalog }: GlueDeps): Operation<GetPartitionsRequest, GetPartitionsResponse> =>
  (input, ctx) => {
    checkCatalogId(input.CatalogId, ctx, 'GetPartitions');
    if (input.TransactionId !== undefined || input.QueryAsOfTime !== undefined) throw invalidInput('Governed tables (TransactionId, QueryAsOfTime) are not supported.');
    const after = input.NextToken !== undefined ? decodeToken(input.NextToken, isAfterValues).after : undefined;
    const page = catalog.getPartitions(input.DatabaseName!, input.TableName!, {
      expression: input.Expression,
      segment: input.Segment ? { number: input.Segment.SegmentNumber!, total: input.Segment.TotalSegments! } : undefined,
      after,
      limit: input.MaxResults ?? 1000,
    });
    return {
      Partitions: page.partitions.map((p) => gluePartition(p, ctx, input.ExcludeColumnSchema === true)),
      ...(page.next ? { NextToken: encodeToken({ after: page.next }) } : {}),
    };
  };
