import type { AlarmRule, AlarmState, ComparisonOperator, MissingDataTreatment } from './Alarm.js';

/** One period of the evaluation range: its statistic, or undefined when the metric had no data. */
export interface Slot {
  readonly timestampMs: number;
  readonly value: number | undefined;
  readonly sampleCount?: number | undefined;
}

/** A datapoint the verdict rests on; `value` is undefined for a filled-in missing period. */
export interface EvaluatedPoint {
  readonly timestampMs: number;
  readonly value: number | undefined;
  readonly sampleCount?: number | undefined;
  readonly breaching: boolean;
}

export type Verdict =
  | {
      readonly kind: 'state';
      readonly state: AlarmState;
      /**
       * `datapoints`: N real points decided; `filled`: missing points were filled in by the
       * treatment; `premature`: the premature-alarm rule; `noData`: nothing in the range.
       */
      readonly cause: 'datapoints' | 'filled' | 'premature' | 'noData';
      /** Newest first, as CloudWatch lists them in state reasons. */
      readonly evaluated: readonly EvaluatedPoint[];
      readonly treatment: MissingDataTreatment;
    }
  | { readonly kind: 'retain'; readonly treatment: MissingDataTreatment };

/**
 * CloudWatch retrieves more periods than N so that a few missing ones can be skipped; its
 * documentation shows 5 for N = 3. We use N + 2 throughout.
 */
export function evaluationRange(evaluationPeriods: number): number {
  return evaluationPeriods + 2;
}

export function breaches(value: number, comparison: ComparisonOperator, threshold: number): boolean {
  switch (comparison) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'GreaterThanThreshold':
      return value > threshold;
    case 'LessThanThreshold':
      return value < threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= threshold;
    default: {
      const unreachable: never = comparison;
      return unreachable;
    }
  }
}

/**
 * The state an alarm's evaluation range calls for, following "How alarm state is evaluated
 * when data is missing" in the CloudWatch user guide (its truth tables are the unit tests):
 *
 * - at least N real points: the newest N decide, whatever the treatment;
 * - none: missing → INSUFFICIENT_DATA, ignore → keep the state, breaching → ALARM,
 *   notBreaching → OK;
 * - some: breaching/notBreaching fill the gap up to N with that verdict, keeping every real
 *   point; missing/ignore decide on the real points alone, except that when every real point
 *   breaches the result is not settled by them: it is ALARM (missing) when the oldest of them
 *   is at least M periods old — the "premature alarm" rule — and otherwise INSUFFICIENT_DATA
 *   (missing); ignore keeps the state in both cases.
 *
 * `slots` is the whole evaluation range, oldest first. Metrics of AWS/DynamoDB always ignore
 * missing data, as CloudWatch documents.
 */
export function evaluateAlarm(slots: readonly Slot[], rule: AlarmRule, namespace?: string): Verdict {
  const n = rule.evaluationPeriods;
  const m = Math.min(rule.datapointsToAlarm, n);
  const treatment: MissingDataTreatment = namespace === 'AWS/DynamoDB' ? 'ignore' : rule.treatMissingData;
  const real: EvaluatedPoint[] = [];
  let oldestRealIndex = -1;
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i]!;
    if (s.value === undefined) continue;
    if (oldestRealIndex < 0) oldestRealIndex = i;
    real.push({ timestampMs: s.timestampMs, value: s.value, sampleCount: s.sampleCount, breaching: breaches(s.value, rule.comparison, rule.threshold) });
  }
  const decide = (points: EvaluatedPoint[], cause: 'datapoints' | 'filled'): Verdict => ({
    kind: 'state',
    state: points.filter((p) => p.breaching).length >= m ? 'ALARM' : 'OK',
    cause,
    evaluated: points.reverse(),
    treatment,
  });

  if (real.length >= n) return decide(real.slice(real.length - n), 'datapoints');

  if (real.length === 0) {
    switch (treatment) {
      case 'ignore':
        return { kind: 'retain', treatment };
      case 'missing':
        return { kind: 'state', state: 'INSUFFICIENT_DATA', cause: 'noData', evaluated: [], treatment };
      case 'breaching':
      case 'notBreaching':
        return decide(fill(slots, n, treatment === 'breaching'), 'filled');
      default: {
        const unreachable: never = treatment;
        return unreachable;
      }
    }
  }

  if (treatment === 'breaching' || treatment === 'notBreaching') {
    return decide(fillAround(slots, real, n, treatment === 'breaching', rule), 'filled');
  }

  if (real.every((p) => p.breaching)) {
    const oldestAge = slots.length - oldestRealIndex;
    if (treatment === 'ignore') return { kind: 'retain', treatment };
    if (oldestAge >= m) return { kind: 'state', state: 'ALARM', cause: 'premature', evaluated: [...real].reverse(), treatment };
    return { kind: 'state', state: 'INSUFFICIENT_DATA', cause: 'noData', evaluated: [...real].reverse(), treatment };
  }
  return decide(real, 'datapoints');
}

/** The newest `n` slots, all missing, filled with one verdict. */
function fill(slots: readonly Slot[], n: number, breaching: boolean): EvaluatedPoint[] {
  return slots.slice(Math.max(0, slots.length - n)).map((s) => ({ timestampMs: s.timestampMs, value: undefined, breaching }));
}

/**
 * Every real point plus as few filled-in missing periods as make N, taking the newest
 * missing periods ("CloudWatch uses missing data points only as few times as possible").
 */
function fillAround(slots: readonly Slot[], real: readonly EvaluatedPoint[], n: number, breaching: boolean, rule: AlarmRule): EvaluatedPoint[] {
  let toFill = n - real.length;
  const keep = new Set<number>();
  for (let i = slots.length - 1; i >= 0 && toFill > 0; i--) {
    if (slots[i]!.value === undefined) {
      keep.add(i);
      toFill--;
    }
  }
  const out: EvaluatedPoint[] = [];
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i]!;
    if (s.value !== undefined) out.push({ timestampMs: s.timestampMs, value: s.value, sampleCount: s.sampleCount, breaching: breaches(s.value, rule.comparison, rule.threshold) });
    else if (keep.has(i)) out.push({ timestampMs: s.timestampMs, value: undefined, breaching });
  }
  return out;
}
