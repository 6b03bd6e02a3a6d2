import type { Datapoint as WireDatapoint, GetMetricStatisticsInput, GetMetricStatisticsOutput } from '@aws-sdk/client-cloudwatch';
import { statisticValue, type Statistic } from '../../engines/metrics/aggregate.js';
import type { Operation } from '../wire/Service.js';
import { invalidCombination, toDimensions, unit, type CloudWatchDeps } from './common.js';
import { checkDatapointCount, checkPeriod, checkRange, checkStatistic, periodStatistics } from './statistics.js';

export const getMetricStatistics = ({ metrics }: CloudWatchDeps): Operation<GetMetricStatisticsInput, GetMetricStatisticsOutput> =>
  async (input) => {
    const hasStats = (input.Statistics?.length ?? 0) > 0;
    const hasExtended = (input.ExtendedStatistics?.length ?? 0) > 0;
    if (hasStats === hasExtended) throw invalidCombination('Must specify either Statistics or ExtendedStatistics, but not both.');
    const statistics: Statistic[] = hasStats ? input.Statistics!.map((s) => checkStatistic(s)) : input.ExtendedStatistics!.map((s) => checkStatistic(s));
    const period = input.Period!;
    checkPeriod(period);
    const startMs = input.StartTime!.getTime();
    const endMs = input.EndTime!.getTime();
    checkRange(startMs, endMs);
    checkDatapointCount(startMs, endMs, period);
    const id = { namespace: input.Namespace!, name: input.MetricName!, dimensions: toDimensions(input.Dimensions) };
    const points = await periodStatistics(metrics, id, startMs, endMs, period, unit(input.Unit));
    return {
      Label: input.MetricName!,
      Datapoints: points.map((p) => {
        const out: WireDatapoint = { Timestamp: new Date(p.timestampMs), Unit: p.unit };
        for (const s of statistics) out[s] = statisticValue(p, s);
        return out;
      }),
    };
  };
