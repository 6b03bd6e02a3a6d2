import type { GetQueryRuntimeStatisticsInput, GetQueryRuntimeStatisticsOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import type { AthenaDeps } from './common.js';

/** The timeline and rows of an execution (no per-stage plan). */
export const getQueryRuntimeStatistics = ({ query }: AthenaDeps): Operation<GetQueryRuntimeStatisticsInput, GetQueryRuntimeStatisticsOutput> =>
  (input) => {
    const r = query.get(input.QueryExecutionId!);
    const s = r.statistics;
    return {
      QueryRuntimeStatistics: {
        Timeline: {
          QueryQueueTimeInMillis: s.queueMs,
          ServicePreProcessingTimeInMillis: 0,
          QueryPlanningTimeInMillis: s.planningMs,
          EngineExecutionTimeInMillis: s.engineMs,
          ServiceProcessingTimeInMillis: s.serviceProcessingMs,
          TotalExecutionTimeInMillis: s.totalMs,
        },
        Rows: { InputBytes: s.dataScannedBytes, OutputRows: r.result?.updateCount ?? r.result?.rows ?? 0 },
      },
    };
  };
