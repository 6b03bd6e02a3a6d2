import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { SqliteMetricStore } from '../../adapters/embedded/metadata/SqliteMetricStore.js';
import { aggregatePeriods, statisticValue } from './aggregate.js';
import { MetricsEngine } from './MetricsEngine.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const MIN = 60_000;
const ID = { namespace: 'AWS/Kinesis', name: 'IncomingRecords', dimensions: { StreamName: 's' } };

function setup(retentionHours = 24) {
  let now = T0;
  const db = new Database(':memory:');
  const engine = new MetricsEngine(new SqliteMetricStore(db), { retentionHours, flushIntervalMs: 0, clock: () => now });
  return { engine, db, at: (t: number) => (now = t) };
}

describe('MetricsEngine', () => {
  it('aggregates counter samples per minute, in memory and once stored', async () => {
    const { engine, at } = setup();
    const c = engine.counter(ID.namespace, ID.name, ID.dimensions);
    c.add(5);
    c.add(1);
    at(T0 + MIN + 1);
    c.add(7);
    await engine.flush(); // the first minute is closed and written; the second stays in memory
    at(T0 + MIN + 2);
    c.add(3);
    const points = await engine.datapoints(ID, T0, T0 + 2 * MIN);
    assert.deepEqual(points.map((p) => [p.timestampMs - T0, p.sampleCount, p.sum, p.minimum, p.maximum]), [
      [0, 2, 6, 1, 5],
      [MIN, 2, 10, 3, 7],
    ]);
  });

  it('merges a minute written twice (a restart within the minute)', async () => {
    const { engine, db } = setup();
    engine.counter(ID.namespace, ID.name, ID.dimensions).add(4);
    await engine.close();
    let now = T0 + 10_000;
    const again = new MetricsEngine(new SqliteMetricStore(db), { retentionHours: 24, flushIntervalMs: 0, clock: () => now });
    again.counter(ID.namespace, ID.name, ID.dimensions).add(6);
    now = T0 + MIN;
    await again.flush();
    const [p] = await again.datapoints(ID, T0, T0 + MIN);
    assert.equal(p!.sum, 10);
    assert.equal(p!.sampleCount, 2);
  });

  it('keeps high-resolution data per second, then rolls it up into minutes after three hours', async () => {
    const { engine, at } = setup();
    const id = { namespace: 'App', name: 'Latency', dimensions: {} };
    const v = (x: number) => ({ sampleCount: 1, sum: x, minimum: x, maximum: x });
    engine.put(id, 'Milliseconds', [{ timestampMs: T0 + 1_500, values: v(10) }, { timestampMs: T0 + 12_000, values: v(30) }], 1000);
    at(T0 + MIN);
    await engine.flush();
    assert.deepEqual((await engine.datapoints(id, T0, T0 + MIN)).map((p) => p.timestampMs - T0), [1_000, 12_000]);
    at(T0 + 3 * 3_600_000 + 2 * MIN);
    await engine.flush();
    const rolled = await engine.datapoints(id, T0, T0 + MIN);
    assert.deepEqual(rolled.map((p) => [p.timestampMs - T0, p.sampleCount, p.sum, p.minimum, p.maximum]), [[0, 2, 40, 10, 30]]);
  });

  it('lists metrics with data in the window and forgets them after retention', async () => {
    const { engine, at } = setup(1);
    engine.counter(ID.namespace, ID.name, ID.dimensions).add(1);
    engine.counter('AWS/Firehose', 'IncomingRecords', { DeliveryStreamName: 'd' }).add(1);
    at(T0 + MIN);
    await engine.flush();
    assert.equal((await engine.metrics()).length, 2);
    assert.deepEqual((await engine.metrics({ namespace: 'AWS/Kinesis' })).map((m) => m.dimensions), [{ StreamName: 's' }]);
    at(T0 + 2 * 3_600_000);
    await engine.flush();
    assert.equal((await engine.metrics()).length, 0);
    assert.deepEqual(await engine.datapoints(ID, T0 - MIN, T0 + 3 * 3_600_000), []);
  });

  it('keeps running totals for Prometheus, and nothing when disabled', async () => {
    const { engine } = setup();
    const c = engine.counter(ID.namespace, ID.name, ID.dimensions);
    c.add(2);
    c.add(3);
    assert.deepEqual(engine.totals().map((t) => [t.id.name, t.sampleCount, t.sum]), [['IncomingRecords', 2, 5]]);
    const off = new MetricsEngine(new SqliteMetricStore(new Database(':memory:')), { retentionHours: 1, flushIntervalMs: 0, enabled: false });
    off.counter(ID.namespace, ID.name, ID.dimensions).add(1);
    assert.deepEqual(off.totals(), []);
  });

  it('folds buckets into periods; empty periods are missing, not zero', () => {
    const p = (t: number, sum: number) => ({ timestampMs: T0 + t, unit: 'Count' as const, sampleCount: 1, sum, minimum: sum, maximum: sum });
    const periods = aggregatePeriods([p(0, 1), p(MIN, 2), p(3 * MIN, 4), p(5 * MIN, 8)], T0, T0 + 5 * MIN, 2 * MIN);
    assert.deepEqual(periods.map((x) => [(x.timestampMs - T0) / MIN, x.sum, statisticValue(x, 'Average')]), [
      [0, 3, 1.5],
      [2, 4, 4],
    ]);
  });
});
