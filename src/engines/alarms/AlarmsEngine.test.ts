import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { SqliteMetricStore } from '../../adapters/embedded/metadata/SqliteMetricStore.js';
import { MemoryDocumentStore } from '../../adapters/memory/MemoryDocumentStore.js';
import { MetricsEngine } from '../metrics/MetricsEngine.js';
import type { Alarm, AlarmDefinition, AlarmHistoryItem, AlarmTransition } from './Alarm.js';
import { AlarmsEngine } from './AlarmsEngine.js';
import { AlarmsError } from './AlarmsError.js';
import { DocumentAlarmHistory } from './DocumentAlarmHistory.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const MIN = 60_000;
const TOPIC = 'arn:aws:sns:us-east-1:000000000000:alerts';
const OK_TOPIC = 'arn:aws:sns:us-east-1:000000000000:all-clear';

class FakeClock {
  now = T0;
  read = () => this.now;
}

class RecordingSink {
  readonly performed: Array<{ action: string; t: AlarmTransition }> = [];
  failWith: string | undefined;
  async perform(action: string, t: AlarmTransition): Promise<void> {
    if (this.failWith) throw new Error(this.failWith);
    this.performed.push({ action, t });
  }
}

function definition(over: Partial<AlarmDefinition> = {}): AlarmDefinition {
  return {
    name: 'incoming-high',
    description: 'too many records',
    metric: { namespace: 'AWS/Kinesis', name: 'IncomingRecords', dimensions: { StreamName: 's1' } },
    statistic: 'Sum',
    periodSeconds: 60,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    threshold: 100,
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'missing',
    actionsEnabled: true,
    alarmActions: [TOPIC],
    okActions: [OK_TOPIC],
    insufficientDataActions: [],
    ...over,
  };
}

describe('AlarmsEngine', () => {
  let clock: FakeClock;
  let metrics: MetricsEngine;
  let sink: RecordingSink;
  let docs: MemoryDocumentStore;
  let engine: AlarmsEngine;
  let logged: AlarmHistoryItem[];

  const open = async () =>
    AlarmsEngine.open(
      { region: 'us-east-1', accountId: '000000000000', clock: clock.read, tickMs: 0, onHistory: (i) => logged.push(i) },
      docs.collection<Alarm>('alarms'),
      await DocumentAlarmHistory.open(docs.collection<AlarmHistoryItem>('alarm-history')),
      metrics,
      sink,
    );

  beforeEach(async () => {
    clock = new FakeClock();
    metrics = new MetricsEngine(new SqliteMetricStore(new Database(':memory:')), { retentionHours: 24, flushIntervalMs: 0, clock: clock.read });
    sink = new RecordingSink();
    docs = new MemoryDocumentStore();
    logged = [];
    engine = await open();
  });

  it('creates alarms in INSUFFICIENT_DATA with an ARN and a configuration history item', async () => {
    const a = await engine.putAlarm(definition(), { team: 'data' });
    assert.equal(a.state, 'INSUFFICIENT_DATA');
    assert.equal(a.stateReason, 'Unchecked: Initial alarm creation');
    assert.equal(a.arn, 'arn:aws:cloudwatch:us-east-1:000000000000:alarm:incoming-high');
    assert.deepEqual(engine.tagsOf(a.arn), { team: 'data' });
    const h = await engine.history({ alarmName: 'incoming-high' });
    assert.equal(h.length, 1);
    assert.equal(h[0]!.type, 'ConfigurationUpdate');
    assert.equal(JSON.parse(h[0]!.data).type, 'Create');
    assert.equal(logged.length, 1, 'history is also handed to the log hook');
  });

  it('goes to ALARM when a period breaches, acts once per transition, and back to OK', async () => {
    await engine.putAlarm(definition());
    const counter = metrics.counter('AWS/Kinesis', 'IncomingRecords', { StreamName: 's1' });
    counter.add(150);
    counter.add(50);
    clock.now = T0 + MIN; // the minute with 200 records has closed
    assert.equal(await engine.evaluateDue(), 1);
    let a = engine.get('incoming-high')!;
    assert.equal(a.state, 'ALARM');
    assert.match(a.stateReason, /^Threshold Crossed: 1 out of the last 1 datapoint \[200\.0 \(01\/01\/26 12:00:00\)\] was greater than the threshold \(100\.0\)/);
    const data = JSON.parse(a.stateReasonData!);
    assert.equal(data.statistic, 'Sum');
    assert.deepEqual(data.recentDatapoints, [200]);
    assert.equal(sink.performed.length, 1);
    assert.equal(sink.performed[0]!.action, TOPIC);
    assert.equal(sink.performed[0]!.t.oldState, 'INSUFFICIENT_DATA');
    assert.equal(sink.performed[0]!.t.newState, 'ALARM');

    // Same minute again: not evaluated twice. Next minute: no new data, but the last real
    // period is still within the range, so the state holds and nothing is repeated.
    assert.equal(await engine.evaluateDue(), 0);
    clock.now = T0 + 2 * MIN + 5_000;
    await engine.evaluateDue();
    assert.equal(engine.get('incoming-high')!.state, 'ALARM');
    assert.equal(sink.performed.length, 1);

    counter.add(10);
    clock.now = T0 + 3 * MIN;
    await engine.evaluateDue();
    a = engine.get('incoming-high')!;
    assert.equal(a.state, 'OK');
    assert.match(a.stateReason, /was not greater than the threshold/);
    assert.deepEqual(sink.performed.map((p) => p.action), [TOPIC, OK_TOPIC]);
    const types = (await engine.history({ alarmName: 'incoming-high' })).map((h) => `${h.type}:${h.summary}`);
    assert.deepEqual(types, [
      'ConfigurationUpdate:Alarm "incoming-high" created',
      'StateUpdate:Alarm updated from INSUFFICIENT_DATA to ALARM',
      `Action:Successfully executed action ${TOPIC}`,
      'StateUpdate:Alarm updated from ALARM to OK',
      `Action:Successfully executed action ${OK_TOPIC}`,
    ]);
  });

  it('evaluates M out of N over a 5-minute period sliding every minute', async () => {
    await engine.putAlarm(definition({ name: 'low', periodSeconds: 300, evaluationPeriods: 1, comparison: 'LessThanThreshold', threshold: 50 }));
    const counter = metrics.counter('AWS/Kinesis', 'IncomingRecords', { StreamName: 's1' });
    for (let minute = 0; minute < 5; minute++) {
      clock.now = T0 + minute * MIN;
      counter.add(20); // 100 per 5 minutes: not low
    }
    clock.now = T0 + 5 * MIN;
    await engine.evaluateDue();
    assert.equal(engine.get('low')!.state, 'OK');
    for (let minute = 5; minute < 8; minute++) {
      clock.now = T0 + minute * MIN;
      counter.add(1);
    }
    clock.now = T0 + 8 * MIN; // window [3, 8): 20 + 20 + 1 + 1 + 1 = 43 < 50
    await engine.evaluateDue();
    assert.equal(engine.get('low')!.state, 'ALARM');
  });

  it('treats missing data as the alarm says', async () => {
    await engine.putAlarm(definition({ name: 'b', treatMissingData: 'breaching' }));
    await engine.putAlarm(definition({ name: 'n', treatMissingData: 'notBreaching' }));
    await engine.putAlarm(definition({ name: 'i', treatMissingData: 'ignore' }));
    await engine.putAlarm(definition({ name: 'm', treatMissingData: 'missing' }));
    clock.now = T0 + MIN;
    await engine.evaluateDue();
    assert.deepEqual(
      engine.describe().map((a) => [a.name, a.state]),
      [['b', 'ALARM'], ['i', 'INSUFFICIENT_DATA'], ['m', 'INSUFFICIENT_DATA'], ['n', 'OK']],
    );
  });

  it('does not act while actions are disabled, and acts again once enabled', async () => {
    await engine.putAlarm(definition({ actionsEnabled: false }));
    await engine.setState('incoming-high', 'ALARM', 'testing');
    assert.equal(sink.performed.length, 0);
    await engine.setActionsEnabled(['incoming-high', 'no-such-alarm'], true);
    await engine.setState('incoming-high', 'OK', 'testing again');
    assert.deepEqual(sink.performed.map((p) => p.action), [OK_TOPIC]);
  });

  it('SetAlarmState checks the alarm and the reason data', async () => {
    await assert.rejects(engine.setState('nope', 'OK', 'x'), (e: unknown) => e instanceof AlarmsError && e.kind === 'AlarmNotFound');
    await engine.putAlarm(definition());
    await assert.rejects(engine.setState('incoming-high', 'OK', 'x', '{not json'), (e: unknown) => e instanceof AlarmsError && e.kind === 'InvalidFormat');
    await engine.setState('incoming-high', 'ALARM', 'by hand', '{"a":1}');
    const a = engine.get('incoming-high')!;
    assert.equal(a.state, 'ALARM');
    assert.equal(a.stateReason, 'by hand');
    assert.equal(a.stateReasonData, '{"a":1}');
    // The next evaluation (no data: missing) takes it back.
    clock.now = T0 + MIN;
    await engine.evaluateDue();
    assert.equal(engine.get('incoming-high')!.state, 'INSUFFICIENT_DATA');
  });

  it('records failed actions in the history', async () => {
    await engine.putAlarm(definition());
    sink.failWith = 'Topic does not exist';
    await engine.setState('incoming-high', 'ALARM', 'x');
    const actions = await engine.history({ alarmName: 'incoming-high', type: 'Action' });
    assert.equal(actions.length, 1);
    assert.match(actions[0]!.summary, /^Failed to execute action .*Topic does not exist/);
  });

  it('deletes all named alarms or none', async () => {
    await engine.putAlarm(definition({ name: 'a1' }));
    await engine.putAlarm(definition({ name: 'a2' }));
    await assert.rejects(engine.deleteAlarms(['a1', 'zz']), (e: unknown) => e instanceof AlarmsError && e.kind === 'AlarmNotFound');
    assert.equal(engine.describe().length, 2);
    await engine.deleteAlarms(['a1', 'a2']);
    assert.equal(engine.describe().length, 0);
  });

  it('keeps the state when a definition is updated, and survives a restart', async () => {
    await engine.putAlarm(definition());
    await engine.setState('incoming-high', 'ALARM', 'x');
    const updated = await engine.putAlarm(definition({ threshold: 5 }));
    assert.equal(updated.state, 'ALARM');
    assert.equal(updated.threshold, 5);
    const reopened = await open();
    const a = reopened.get('incoming-high')!;
    assert.equal(a.state, 'ALARM');
    assert.equal(a.threshold, 5);
    assert.equal((await reopened.history({ alarmName: 'incoming-high', type: 'ConfigurationUpdate' })).length, 2);
  });

  it('declare() from config is a no-op when nothing changed', async () => {
    await engine.declare(definition());
    await engine.declare(definition());
    assert.equal((await engine.history({ type: 'ConfigurationUpdate' })).length, 1);
    await engine.declare(definition({ threshold: 7 }));
    assert.equal((await engine.history({ type: 'ConfigurationUpdate' })).length, 2);
  });

  it('filters alarms by prefix, state, action and metric', async () => {
    await engine.putAlarm(definition({ name: 'app-high' }));
    await engine.putAlarm(definition({ name: 'app-low', alarmActions: [], metric: { namespace: 'AWS/Kinesis', name: 'IncomingRecords', dimensions: { StreamName: 's2' } } }));
    await engine.putAlarm(definition({ name: 'other' }));
    await engine.setState('other', 'ALARM', 'x');
    assert.deepEqual(engine.describe({ namePrefix: 'app-' }).map((a) => a.name), ['app-high', 'app-low']);
    assert.deepEqual(engine.describe({ state: 'ALARM' }).map((a) => a.name), ['other']);
    assert.deepEqual(engine.describe({ actionPrefix: 'arn:aws:sns:us-east-1:000000000000:alerts' }).map((a) => a.name), ['app-high', 'other']);
    assert.deepEqual(engine.forMetric({ namespace: 'AWS/Kinesis', metricName: 'IncomingRecords', dimensions: { StreamName: 's2' } }).map((a) => a.name), ['app-low']);
    assert.equal(engine.forMetric({ namespace: 'AWS/Kinesis', metricName: 'IncomingRecords' }).length, 3);
  });

  it('rejects periods CloudWatch rejects', async () => {
    for (const periodSeconds of [15, 45, 90]) {
      await assert.rejects(engine.putAlarm(definition({ periodSeconds })), (e: unknown) => e instanceof AlarmsError && e.kind === 'InvalidArgument');
    }
    await assert.rejects(engine.putAlarm(definition({ evaluationPeriods: 2, datapointsToAlarm: 3 })), /DatapointsToAlarm/);
    await assert.rejects(engine.putAlarm(definition({ periodSeconds: 60, evaluationPeriods: 1441 })), /one day/);
  });

  it('evaluates 10-second alarms on high-resolution data every 10 seconds', async () => {
    await engine.putAlarm(definition({ name: 'fast', metric: { namespace: 'App', name: 'Errors', dimensions: {} }, periodSeconds: 10, evaluationPeriods: 2, datapointsToAlarm: 2, threshold: 3 }));
    const put = (t: number, v: number) => metrics.put({ namespace: 'App', name: 'Errors', dimensions: {} }, 'Count', [{ timestampMs: t, values: { sampleCount: 1, sum: v, minimum: v, maximum: v } }], 1000);
    put(T0 + 2_000, 5);
    put(T0 + 12_000, 5);
    clock.now = T0 + 20_000;
    await engine.evaluateDue();
    assert.equal(engine.get('fast')!.state, 'ALARM');
    put(T0 + 21_000, 1);
    clock.now = T0 + 30_000;
    await engine.evaluateDue();
    assert.equal(engine.get('fast')!.state, 'OK');
  });
});
