import type { AlarmRule, AlarmState, ComparisonOperator } from './Alarm.js';
import type { Verdict } from './evaluateAlarm.js';

const PHRASE: Record<ComparisonOperator, string> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

/**
 * The state reason and reason data CloudWatch writes for an evaluation, in its wording:
 * "Threshold Crossed: 2 out of the last 3 datapoints [5.0 (21/11/26 06:35:00), …] were
 * greater than the threshold (1.0) (minimum 2 datapoints for OK -> ALARM transition)."
 */
export function stateReason(
  verdict: Extract<Verdict, { kind: 'state' }>,
  rule: AlarmRule,
  oldState: AlarmState,
  evaluatedAtMs: number,
  rangeStartMs: number,
): { reason: string; reasonData: string } {
  const real = verdict.evaluated.filter((p) => p.value !== undefined);
  const filled = verdict.evaluated.length - real.length;
  const n = rule.evaluationPeriods;
  const m = Math.min(rule.datapointsToAlarm, n);
  const shown = `[${real.map((p) => `${number(p.value!)} (${shortDate(p.timestampMs)})`).join(', ')}]`;
  const threshold = `the threshold (${number(rule.threshold)})`;
  let reason: string;
  if (verdict.cause === 'noData') {
    reason =
      real.length === 0
        ? `Insufficient Data: ${n} datapoint${n === 1 ? ' was' : 's were'} unknown.`
        : `Insufficient Data: ${real.length} datapoint${real.length === 1 ? '' : 's'} ${shown} ${real.length === 1 ? 'was' : 'were'} not enough to decide (missing data treated as missing).`;
  } else if (verdict.cause === 'premature') {
    reason = `Threshold Crossed: no datapoints were received for ${n - real.length} period${n - real.length === 1 ? '' : 's'} and ${real.length} ${real.length === 1 ? 'datapoint' : 'datapoints'} ${shown} ${real.length === 1 ? 'was' : 'were'} ${PHRASE[rule.comparison]} ${threshold}. The most recent datapoints which crossed the threshold: ${shown}.`;
  } else if (real.length === 0) {
    // CloudWatch's wording when every evaluated datapoint was filled in.
    const treated = verdict.treatment === 'breaching' ? 'Breaching' : 'NonBreaching';
    reason = `Threshold Crossed: no datapoints were received for ${filled} period${filled === 1 ? '' : 's'} and ${filled} missing datapoint${filled === 1 ? ' was' : 's were'} treated as [${treated}].`;
  } else {
    const breaching = verdict.evaluated.filter((p) => p.breaching).length;
    const counted = verdict.state === 'ALARM' ? breaching : verdict.evaluated.length - breaching;
    const not = verdict.state === 'ALARM' ? '' : 'not ';
    const total = verdict.evaluated.length;
    const fillNote = filled > 0 ? ` (${filled} missing datapoint${filled === 1 ? '' : 's'} treated as ${verdict.treatment === 'breaching' ? 'breaching' : 'not breaching'})` : '';
    const needed = verdict.state === 'ALARM' ? m : n - m + 1;
    reason =
      `Threshold Crossed: ${counted} out of the last ${total} datapoint${total === 1 ? '' : 's'} ${shown} ` +
      `${counted === 1 ? 'was' : 'were'} ${not}${PHRASE[rule.comparison]} ${threshold}${fillNote} ` +
      `(minimum ${needed} datapoint${needed === 1 ? '' : 's'} for ${oldState} -> ${verdict.state} transition).`;
  }
  const reasonData = {
    version: '1.0',
    queryDate: isoDate(evaluatedAtMs),
    startDate: isoDate(rangeStartMs),
    statistic: rule.statistic,
    period: rule.periodSeconds,
    recentDatapoints: [...real].reverse().map((p) => p.value!),
    threshold: rule.threshold,
    evaluatedDatapoints: real.map((p) => ({
      timestamp: isoDate(p.timestampMs),
      ...(p.sampleCount !== undefined ? { sampleCount: p.sampleCount } : {}),
      value: p.value!,
    })),
  };
  return { reason, reasonData: JSON.stringify(reasonData) };
}

/** CloudWatch prints doubles with at least one decimal: 5.0, 0.25. */
function number(v: number): string {
  return Number.isInteger(v) ? v.toFixed(1) : String(v);
}

/** dd/MM/yy HH:mm:ss in UTC, as in CloudWatch's reasons. */
function shortDate(ms: number): string {
  const d = new Date(ms);
  const p = (x: number) => String(x).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCFullYear() % 100)} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** 2021-09-29T10:37:00.000+0000, CloudWatch's timestamp form inside reason data and alarm messages. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}
