import type { FilterLogEventsRequest, FilterLogEventsResponse } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../wire/Service.js';
import { groupName, type LogsDeps } from './common.js';

export const filterLogEvents = ({ logs }: LogsDeps): Operation<FilterLogEventsRequest, FilterLogEventsResponse> =>
  async (input) => {
    const r = await logs.filterEvents(groupName(input), {
      streams: input.logStreamNames,
      streamPrefix: input.logStreamNamePrefix,
      startMs: input.startTime,
      endMs: input.endTime,
      pattern: input.filterPattern,
      token: input.nextToken,
      limit: input.limit,
    });
    return {
      events: r.events.map((e) => ({ logStreamName: e.stream, timestamp: e.timestampMs, message: e.message, ingestionTime: e.ingestionMs, eventId: e.eventId })),
      searchedLogStreams: r.searchedStreams.map((logStreamName) => ({ logStreamName, searchedCompletely: r.nextToken === undefined })),
      ...(r.nextToken ? { nextToken: r.nextToken } : {}),
    };
  };
