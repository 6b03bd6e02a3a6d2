import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlarmRule, MissingDataTreatment } from './Alarm.js';
import { evaluateAlarm, evaluationRange, type Slot } from './evaluateAlarm.js';

/**
 * The truth tables of the CloudWatch user guide, "How alarm state is evaluated when data is
 * missing" (AlarmThatSendsEmail.md, 2023 text: both tables), plus the two rows an earlier
 * edition had and the later one dropped (`- - - - X` and `X - - - -`). Data points are
 * oldest first; 0 is within the threshold, X breaches it, - is missing.
 */
type Expect = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA' | 'retain';

interface Row {
  readonly points: string;
  readonly m: number;
  readonly n: number;
  readonly expect: Readonly<Record<MissingDataTreatment, Expect>>;
}

const row = (points: string, m: number, n: number, missing: Expect, ignore: Expect, breaching: Expect, notBreaching: Expect): Row => ({
  points,
  m,
  n,
  expect: { missing, ignore, breaching, notBreaching },
});

const TABLES: readonly Row[] = [
  // Datapoints to Alarm = Evaluation Periods = 3
  row('0 - X - X', 3, 3, 'OK', 'OK', 'OK', 'OK'),
  row('0 - - - -', 3, 3, 'OK', 'OK', 'OK', 'OK'),
  row('- - - - -', 3, 3, 'INSUFFICIENT_DATA', 'retain', 'ALARM', 'OK'),
  row('0 X X - X', 3, 3, 'ALARM', 'ALARM', 'ALARM', 'ALARM'),
  row('- - X - -', 3, 3, 'ALARM', 'retain', 'ALARM', 'OK'),
  // 2 out of 3
  row('0 - X - X', 2, 3, 'ALARM', 'ALARM', 'ALARM', 'ALARM'),
  row('0 0 X 0 X', 2, 3, 'ALARM', 'ALARM', 'ALARM', 'ALARM'),
  row('0 - X - -', 2, 3, 'OK', 'OK', 'ALARM', 'OK'),
  row('- - - - 0', 2, 3, 'OK', 'OK', 'ALARM', 'OK'),
  row('- - - X -', 2, 3, 'ALARM', 'retain', 'ALARM', 'OK'),
  // The earlier edition's rows
  row('- - - - X', 3, 3, 'INSUFFICIENT_DATA', 'retain', 'ALARM', 'OK'),
  row('X - - - -', 3, 3, 'ALARM', 'retain', 'ALARM', 'OK'),
  row('- - - - X', 2, 3, 'INSUFFICIENT_DATA', 'retain', 'ALARM', 'OK'),
];

const THRESHOLD = 10;
const PERIOD_MS = 300_000;

function slots(points: string): Slot[] {
  return points.split(' ').map((p, i) => ({
    timestampMs: i * PERIOD_MS,
    value: p === '-' ? undefined : p === 'X' ? THRESHOLD + 5 : THRESHOLD - 5,
  }));
}

function rule(m: number, n: number, treatMissingData: MissingDataTreatment): AlarmRule {
  return { statistic: 'Sum', periodSeconds: 300, evaluationPeriods: n, datapointsToAlarm: m, threshold: THRESHOLD, comparison: 'GreaterThanThreshold', treatMissingData };
}

describe('alarm evaluation: the CloudWatch missing-data truth tables', () => {
  it('retrieves 5 periods for 3 evaluation periods', () => {
    assert.equal(evaluationRange(3), 5);
  });

  for (const r of TABLES) {
    for (const treatment of ['missing', 'ignore', 'breaching', 'notBreaching'] as const) {
      const expected = r.expect[treatment];
      it(`${r.points}  (${r.m} of ${r.n}, ${treatment}) → ${expected}`, () => {
        const v = evaluateAlarm(slots(r.points), rule(r.m, r.n, treatment));
        assert.equal(v.kind === 'retain' ? 'retain' : v.state, expected);
      });
    }
  }
});

describe('alarm evaluation: details', () => {
  it('with N real points the newest N decide and are listed newest first', () => {
    const v = evaluateAlarm(slots('X 0 X X X'), rule(3, 3, 'missing'));
    assert.equal(v.kind, 'state');
    if (v.kind !== 'state') return;
    assert.equal(v.state, 'ALARM');
    assert.equal(v.cause, 'datapoints');
    assert.deepEqual(v.evaluated.map((p) => p.timestampMs), [4, 3, 2].map((i) => i * PERIOD_MS));
  });

  it('fills the newest missing periods, as few as needed', () => {
    const v = evaluateAlarm(slots('0 - X - -'), rule(2, 3, 'breaching'));
    assert.equal(v.kind === 'state' && v.cause, 'filled');
    if (v.kind !== 'state') return;
    // 0 and X are real; one missing period (the newest) is filled as breaching.
    assert.deepEqual(v.evaluated.map((p) => [p.timestampMs / PERIOD_MS, p.value === undefined, p.breaching]), [
      [4, true, true],
      [2, false, true],
      [0, false, false],
    ]);
  });

  it('compares with each operator', () => {
    const at = (comparison: AlarmRule['comparison'], value: number) => {
      const v = evaluateAlarm([{ timestampMs: 0, value }], { ...rule(1, 1, 'missing'), comparison });
      return v.kind === 'state' ? v.state : 'retain';
    };
    assert.equal(at('GreaterThanThreshold', 10), 'OK');
    assert.equal(at('GreaterThanOrEqualToThreshold', 10), 'ALARM');
    assert.equal(at('LessThanThreshold', 10), 'OK');
    assert.equal(at('LessThanOrEqualToThreshold', 10), 'ALARM');
    assert.equal(at('LessThanThreshold', 9.5), 'ALARM');
  });

  it('AWS/DynamoDB metrics always ignore missing data', () => {
    const v = evaluateAlarm(slots('- - - - -'), rule(3, 3, 'breaching'), 'AWS/DynamoDB');
    assert.equal(v.kind, 'retain');
  });

  it('a Datapoints to Alarm above N counts as N', () => {
    const v = evaluateAlarm(slots('X X X'), rule(5, 3, 'missing'));
    assert.equal(v.kind === 'state' && v.state, 'ALARM');
  });
});
