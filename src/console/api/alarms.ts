import type { Alarm, ComparisonOperator } from '../../engines/alarms/Alarm.js';
import { aggregatePeriods, statisticValue } from '../../engines/metrics/aggregate.js';
import type { AlarmDetail, AlarmHistoryRow, AlarmRow } from '../ConsoleApiTypes.js';
import type { ConsoleEngines } from '../ConsoleEngines.js';
import { ConsoleHttpError, notAvailable } from './ApiRequest.js';

const HISTORY_LIMIT = 100;

const COMPARISON_SIGN: Record<ComparisonOperator, string> = {
  GreaterThanOrEqualToThreshold: '>=',
  GreaterThanThreshold: '>',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '<=',
};

function alarmsOf(engines: ConsoleEngines): NonNullable<ConsoleEngines['alarms']> {
  if (!engines.alarms) throw notAvailable('Alarms');
  return engines.alarms;
}

export function alarmRow(a: Alarm): AlarmRow {
  const dims = Object.entries(a.metric.dimensions)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const m = a.datapointsToAlarm === a.evaluationPeriods ? `${a.evaluationPeriods}` : `${a.datapointsToAlarm} of ${a.evaluationPeriods}`;
  return {
    name: a.name,
    ...(a.description ? { description: a.description } : {}),
    state: a.state,
    stateReason: a.stateReason,
    stateUpdatedMs: a.stateUpdatedMs,
    metric: `${a.metric.namespace} ${a.metric.name}${dims ? ` (${dims})` : ''}`,
    condition: `${a.statistic} ${COMPARISON_SIGN[a.comparison]} ${a.threshold} for ${m} period(s) of ${a.periodSeconds} s`,
    actions: [...new Set([...a.alarmActions, ...a.okActions, ...a.insufficientDataActions])],
    actionsEnabled: a.actionsEnabled,
  };
}

/** Every alarm (those in ALARM first), and the latest state changes of all of them. */
export async function alarmList(engines: ConsoleEngines): Promise<{ alarms: AlarmRow[]; history: Array<AlarmHistoryRow & { alarmName: string }> }> {
  const alarms = alarmsOf(engines);
  const order = { ALARM: 0, INSUFFICIENT_DATA: 1, OK: 2 } as const;
  const rows = alarms
    .describe()
    .map(alarmRow)
    .sort((a, b) => order[a.state] - order[b.state] || (a.name < b.name ? -1 : 1));
  const history = newestFirst(await alarms.history({ type: 'StateUpdate' }))
    .slice(0, HISTORY_LIMIT)
    .map((h) => ({ alarmName: h.alarmName, timestampMs: h.timestampMs, type: h.type, summary: h.summary }));
  return { alarms: rows, history };
}

/** One alarm: its history and its metric against the threshold over recent periods. */
export async function alarmDetail(engines: ConsoleEngines, name: string, nowMs: number): Promise<AlarmDetail> {
  const alarms = alarmsOf(engines);
  const a = alarms.get(name);
  if (!a) throw new ConsoleHttpError(404, `No alarm is named ${name}`);
  const history = newestFirst(await alarms.history({ alarmName: name }))
    .slice(0, HISTORY_LIMIT)
    .map((h) => ({ timestampMs: h.timestampMs, type: h.type, summary: h.summary }));
  const periodMs = a.periodSeconds * 1000;
  const count = Math.max(30, a.evaluationPeriods * 3);
  const endMs = nowMs - (nowMs % periodMs) + periodMs;
  const startMs = endMs - count * periodMs;
  const points = aggregatePeriods(await engines.metrics.datapoints(a.metric, startMs, endMs), startMs, endMs, periodMs);
  const byStart = new Map(points.map((p) => [p.timestampMs, p]));
  const times: number[] = [];
  const values: Array<number | null> = [];
  for (let t = startMs; t < endMs; t += periodMs) {
    times.push(t);
    const p = byStart.get(t);
    values.push(p ? statisticValue(p, a.statistic) : null);
  }
  return { alarm: alarmRow(a), history, chart: { periodSeconds: a.periodSeconds, times, values, threshold: a.threshold } };
}

/** History comes oldest first, in order within a millisecond; reversed, then sorted (stable) to be sure. */
function newestFirst<T extends { timestampMs: number }>(items: readonly T[]): T[] {
  return [...items].reverse().sort((a, b) => b.timestampMs - a.timestampMs);
}
