import type { GetLogEventsRequest, GetLogEventsResponse } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../wire/Service.js';
import { groupName, type LogsDeps } from './common.js';

export const getLogEvents = ({ logs }: LogsDeps): Operation<GetLogEventsRequest, GetLogEventsResponse> =>
  async (input) => {
    const r = await logs.getEvents(groupName(input), input.logStreamName!, {
      startMs: input.startTime,
      endMs: input.endTime,
      token: input.nextToken,
      limit: input.limit,
      fromHead: input.startFromHead,
    });
    return {
      events: r.events.map((e) => ({ timestamp: e.timestampMs, message: e.message, ingestionTime: e.ingestionMs })),
      nextForwardToken: r.forwardToken,
      nextBackwardToken: r.backwardToken,
    };
  };
