import type { ListMetricsInput, ListMetricsOutput } from '@aws-sdk/client-cloudwatch';
import { metricKey } from '../../engines/metrics/Metric.js';
import type { Operation } from '../wire/Service.js';
import { fromDimensions, page, type CloudWatchDeps } from './common.js';

const PAGE = 500;
const THREE_HOURS_MS = 3 * 3_600_000;
const TWO_WEEKS_MS = 14 * 86_400_000;

export const listMetrics = ({ metrics }: CloudWatchDeps): Operation<ListMetricsInput, ListMetricsOutput> =>
  async (input) => {
    const now = metrics.now();
    // CloudWatch lists metrics with data in the last two weeks (three hours with RecentlyActive).
    const sinceMs = now - (input.RecentlyActive === 'PT3H' ? THREE_HOURS_MS : Math.min(TWO_WEEKS_MS, metrics.retentionMs));
    const filters = input.Dimensions ?? [];
    const found = (await metrics.metrics({ namespace: input.Namespace, name: input.MetricName, sinceMs }))
      .filter((m) => filters.every((f) => Object.hasOwn(m.dimensions, f.Name!) && (f.Value === undefined || m.dimensions[f.Name!] === f.Value)))
      .sort((a, b) => (metricKey(a) < metricKey(b) ? -1 : 1));
    const { items, nextToken } = page(found, input.NextToken, PAGE);
    return {
      Metrics: items.map((m) => ({ Namespace: m.namespace, MetricName: m.name, Dimensions: fromDimensions(m.dimensions) })),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  };
