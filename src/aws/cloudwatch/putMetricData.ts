import type { MetricDatum, PutMetricDataInput } from '@aws-sdk/client-cloudwatch';
import { HIGH_RESOLUTION_MS, STANDARD_RESOLUTION_MS, type StatisticSet } from '../../engines/metrics/Metric.js';
import type { Operation } from '../wire/Service.js';
import { invalidCombination, invalidValue, missingParameter, toDimensions, unit, type CloudWatchDeps } from './common.js';

const TWO_WEEKS_MS = 14 * 86_400_000;
const TWO_HOURS_MS = 2 * 3_600_000;
const MAX_DATA = 1000;
/** CloudWatch rejects values beyond ±2^360. */
const MAX_VALUE = 2 ** 360;

export const putMetricData = ({ metrics }: CloudWatchDeps): Operation<PutMetricDataInput, Record<string, never>> =>
  (input) => {
    const namespace = input.Namespace!;
    if (namespace.startsWith('AWS/')) throw invalidValue(`The value ${namespace} for parameter Namespace is invalid.`);
    const data: Array<{ datum: MetricDatum; path: string }> = (input.MetricData ?? []).map((datum, i) => ({ datum, path: `MetricData.member.${i + 1}` }));
    (input.EntityMetricData ?? []).forEach((e, i) =>
      (e.MetricData ?? []).forEach((datum, j) => data.push({ datum, path: `EntityMetricData.member.${i + 1}.MetricData.member.${j + 1}` })),
    );
    if (data.length === 0) throw missingParameter('MetricData');
    if (data.length > MAX_DATA) throw invalidValue(`The collection MetricData must not have a size greater than ${MAX_DATA}.`);
    const now = metrics.now();
    // Check every datum before storing any: a rejected request stores nothing.
    const accepted = data.map(({ datum, path }) => ({ datum, samples: samplesOf(datum, path, now), resolution: resolutionOf(datum, path) }));
    for (const { datum, samples, resolution } of accepted) {
      const timestampMs = datum.Timestamp ? datum.Timestamp.getTime() : now;
      metrics.put(
        { namespace, name: datum.MetricName!, dimensions: toDimensions(datum.Dimensions) },
        unit(datum.Unit) ?? 'None',
        samples.map((values) => ({ timestampMs, values })),
        resolution,
      );
    }
    return {};
  };

function resolutionOf(d: MetricDatum, path: string): number {
  if (d.StorageResolution === undefined || d.StorageResolution === 60) return STANDARD_RESOLUTION_MS;
  if (d.StorageResolution === 1) return HIGH_RESOLUTION_MS;
  throw invalidValue(`The parameter ${path}.StorageResolution must be 1 or 60.`);
}

function samplesOf(d: MetricDatum, path: string, now: number): StatisticSet[] {
  if (d.Timestamp) {
    const t = d.Timestamp.getTime();
    if (t < now - TWO_WEEKS_MS) throw invalidValue(`The parameter ${path}.Timestamp must specify a time no more than two weeks in the past.`);
    if (t > now + TWO_HOURS_MS) throw invalidValue(`The parameter ${path}.Timestamp must specify a time no more than two hours in the future.`);
  }
  const given = [d.Value !== undefined && 'Value', d.StatisticValues !== undefined && 'StatisticValues', d.Values !== undefined && 'Values'].filter(Boolean) as string[];
  if (given.length > 1) {
    throw invalidCombination(`The parameters ${path}.${given[0]} and ${path}.${given[1]} are mutually exclusive and you have specified both.`);
  }
  if (d.Value !== undefined) {
    checkValue(d.Value, `${path}.Value`);
    return [{ sampleCount: 1, sum: d.Value, minimum: d.Value, maximum: d.Value }];
  }
  if (d.StatisticValues !== undefined) {
    const s = d.StatisticValues;
    for (const k of ['SampleCount', 'Sum', 'Minimum', 'Maximum'] as const) checkValue(s[k]!, `${path}.StatisticValues.${k}`);
    if (s.SampleCount! <= 0) throw invalidValue(`The parameter ${path}.StatisticValues.SampleCount must be greater than 0.`);
    if (s.Minimum! > s.Maximum!) throw invalidValue(`The parameter ${path}.StatisticValues.Maximum must be greater than or equal to ${path}.StatisticValues.Minimum.`);
    return [{ sampleCount: s.SampleCount!, sum: s.Sum!, minimum: s.Minimum!, maximum: s.Maximum! }];
  }
  if (d.Values !== undefined) {
    if (d.Values.length > 150) throw invalidValue(`The collection ${path}.Values must not have a size greater than 150.`);
    if (d.Counts !== undefined && d.Counts.length !== d.Values.length) {
      throw invalidCombination(`The parameters ${path}.Values and ${path}.Counts must be arrays of the same length.`);
    }
    return d.Values.map((v, i) => {
      checkValue(v, `${path}.Values.member.${i + 1}`);
      const count = d.Counts?.[i] ?? 1;
      checkValue(count, `${path}.Counts.member.${i + 1}`);
      return { sampleCount: count, sum: v * count, minimum: v, maximum: v };
    });
  }
  throw missingParameter(`${path}.Value`);
}

function checkValue(v: number, path: string): void {
  if (!Number.isFinite(v)) throw invalidValue(`The value ${v} for parameter ${path} is invalid.`);
  if (Math.abs(v) > MAX_VALUE) throw invalidValue(`The value ${v} for parameter ${path} is out of range.`);
}
