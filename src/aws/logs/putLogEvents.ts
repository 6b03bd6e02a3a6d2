import type { PutLogEventsRequest, PutLogEventsResponse } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../wire/Service.js';
import type { LogsDeps } from './common.js';

export const putLogEvents = ({ logs }: LogsDeps): Operation<PutLogEventsRequest, PutLogEventsResponse> =>
  async (input) => {
    // Sequence tokens are accepted and ignored, as CloudWatch Logs has done since 2023.
    const r = await logs.putEvents(
      input.logGroupName!,
      input.logStreamName!,
      (input.logEvents ?? []).map((e) => ({ timestampMs: e.timestamp!, message: e.message! })),
    );
    const rejected =
      r.tooNewStartIndex !== undefined || r.tooOldEndIndex !== undefined || r.expiredEndIndex !== undefined
        ? {
            rejectedLogEventsInfo: {
              ...(r.tooNewStartIndex !== undefined ? { tooNewLogEventStartIndex: r.tooNewStartIndex } : {}),
              ...(r.tooOldEndIndex !== undefined ? { tooOldLogEventEndIndex: r.tooOldEndIndex } : {}),
              ...(r.expiredEndIndex !== undefined ? { expiredLogEventEndIndex: r.expiredEndIndex } : {}),
            },
          }
        : {};
    return { nextSequenceToken: r.nextSequenceToken, ...rejected };
  };
