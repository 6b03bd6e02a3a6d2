import type { ListStreamsInput, ListStreamsOutput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import { decodeToken, encodeToken, streamArn, type KinesisDeps } from './common.js';

const isAfterToken = (v: unknown): v is { after: string } => typeof v === 'object' && v !== null && typeof (v as { after?: unknown }).after === 'string';

export const listStreams = ({ streams }: KinesisDeps): Operation<ListStreamsInput, ListStreamsOutput> =>
  (input, ctx) => {
    const limit = input.Limit ?? 100;
    const after = input.NextToken !== undefined ? decodeToken(input.NextToken, isAfterToken).after : input.ExclusiveStartStreamName;
    const names = streams.listStreams().filter((n) => after === undefined || n > after);
    const page = names.slice(0, limit);
    const hasMore = names.length > limit;
    return {
      StreamNames: page,
      HasMoreStreams: hasMore,
      ...(hasMore ? { NextToken: encodeToken({ after: page[page.length - 1] }) } : {}),
      StreamSummaries: page.map((name) => {
        const s = streams.summary(name);
        return {
          StreamName: name,
          StreamARN: streamArn(ctx, name),
          StreamStatus: s.status,
          StreamModeDetails: { StreamMode: s.mode },
          StreamCreationTimestamp: new Date(s.createdAtMs),
        };
      }),
    };
  };
