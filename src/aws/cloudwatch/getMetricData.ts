import type { GetMetricDataInput, GetMetricDataOutput, MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { statisticValue } from '../../engines/metrics/aggregate.js';
import { AwsError } from '../wire/AwsError.js';
import type { Operation } from '../wire/Service.js';
import { decodeToken, encodeToken, isOffsetToken, toDimensions, unit, type CloudWatchDeps } from './common.js';
import { checkPeriod, checkRange, checkStatistic, periodStatistics } from './statistics.js';

const MAX_QUERIES = 500;
const DEFAULT_MAX_DATAPOINTS = 100_800;
const ID_PATTERN = /^[a-z][a-zA-Z0-9_]*$/;

const validation = (message: string) => new AwsError('ValidationError', message, 400);

export const getMetricData = ({ metrics }: CloudWatchDeps): Operation<GetMetricDataInput, GetMetricDataOutput> =>
  async (input) => {
    const queries = input.MetricDataQueries ?? [];
    if (queries.length > MAX_QUERIES) throw validation(`The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}.`);
    const startMs = input.StartTime!.getTime();
    const endMs = input.EndTime!.getTime();
    checkRange(startMs, endMs);
    const ids = new Set<string>();
    queries.forEach((q, i) => {
      const path = `MetricDataQueries.member.${i + 1}`;
      if (!ID_PATTERN.test(q.Id!)) throw validation(`The value ${q.Id} for parameter ${path}.Id is invalid: it must start with a lower-case letter and hold only letters, digits and underscores.`);
      if (ids.has(q.Id!)) throw validation(`The value ${q.Id} for parameter ${path}.Id is used more than once.`);
      ids.add(q.Id!);
      if (q.Expression !== undefined) throw validation(`${path}.Expression: metric math and Metrics Insights queries are not supported by Lakehose; use MetricStat.`);
      if (q.MetricStat === undefined) throw validation(`Exactly one of ${path}.MetricStat and ${path}.Expression must be given.`);
      checkPeriod(q.MetricStat.Period!, `${path}.MetricStat.Period`);
      checkStatistic(q.MetricStat.Stat!);
    });

    const descending = (input.ScanBy ?? 'TimestampDescending') === 'TimestampDescending';
    const series: Array<{ id: string; label: string; timestamps: Date[]; values: number[] }> = [];
    for (const q of queries) {
      if (q.ReturnData === false) continue;
      const stat = q.MetricStat!;
      const metric = stat.Metric!;
      const points = await periodStatistics(
        metrics,
        { namespace: metric.Namespace ?? '', name: metric.MetricName ?? '', dimensions: toDimensions(metric.Dimensions) },
        startMs,
        endMs,
        stat.Period!,
        unit(stat.Unit),
      );
      if (descending) points.reverse();
      const statistic = checkStatistic(stat.Stat!);
      series.push({
        id: q.Id!,
        label: q.Label ?? metric.MetricName ?? q.Id!,
        timestamps: points.map((p) => new Date(p.timestampMs)),
        values: points.map((p) => statisticValue(p, statistic)),
      });
    }

    // Datapoints are paged as one sequence: every result's points, result after result.
    const max = input.MaxDatapoints ?? DEFAULT_MAX_DATAPOINTS;
    const offset = input.NextToken !== undefined ? decodeToken(input.NextToken, isOffsetToken).offset : 0;
    let position = 0;
    let more = false;
    const results: MetricDataResult[] = series.map((s) => {
      const from = Math.min(Math.max(offset - position, 0), s.values.length);
      const to = Math.min(Math.max(offset + max - position, 0), s.values.length);
      position += s.values.length;
      const cut = to < s.values.length;
      if (cut) more = true;
      return { Id: s.id, Label: s.label, Timestamps: s.timestamps.slice(from, to), Values: s.values.slice(from, to), StatusCode: cut ? 'PartialData' : 'Complete', Messages: [] };
    });
    return { MetricDataResults: results, Messages: [], ...(more ? { NextToken: encodeToken({ offset: offset + max }) } : {}) };
  };
