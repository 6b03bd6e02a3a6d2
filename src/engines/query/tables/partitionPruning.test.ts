import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { QueryTestbed } from '../testing/QueryTestbed.js';

const PARQUET = { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' };
const DATA_COLUMNS = [
  { name: 'id', type: 'bigint' },
  { name: 'userid', type: 'string' },
];

/** n rows with ids from `first`. */
const rows = (first: number, n = 5) => `SELECT (i + ${first})::BIGINT AS id, 'u' || (i % 2) AS userid FROM range(${n}) t(i)`;

/**
 * Partition pruning reads only the files of partitions the WHERE clause can match. The proof
 * is twofold: the execution reports the files it scanned, and a partition holding a file
 * that is not Parquet at all breaks every query that opens it — queries that prune it away
 * succeed.
 */
describe('partition pruning', () => {
  let tb: QueryTestbed;
  before(async () => {
    tb = await QueryTestbed.create();
    await tb.catalog.createDatabase({ name: 'p' });
    let first = 0;
    for (const dt of ['2024-01-01', '2024-01-02', '2024-01-03']) {
      for (const hour of [0, 1]) {
        await tb.writeObject('lake', `hive/dt=${dt}/hour=${hour}/part-0.parquet`, rows(first));
        first += 5;
      }
    }
    // the trap: a file no Parquet reader can open
    await tb.putText('lake', 'hive/dt=2024-01-09/hour=0/garbage.parquet', 'not a parquet file');
    await tb.catalog.createTable('p', {
      name: 'hive_events',
      partitionKeys: [
        { name: 'dt', type: 'string' },
        { name: 'hour', type: 'int' },
      ],
      storage: { location: 's3://lake/hive/', columns: DATA_COLUMNS, serdeInfo: PARQUET },
    });
  });
  after(() => tb.close());

  it('sees no rows of a Hive-partitioned table until its partitions are in the catalog (as Athena)', async () => {
    assert.deepEqual(await tb.rows('SELECT count(*) FROM p.hive_events'), [['0']]);
  });

  it('MSCK REPAIR TABLE adds the partitions found under the location', async () => {
    const r = await tb.run('MSCK REPAIR TABLE p.hive_events');
    assert.equal(r.record.state, 'SUCCEEDED', r.record.stateChangeReason);
    assert.equal(r.record.statementType, 'DDL');
    assert.match(r.rows[0]![0]!, /^Partitions not in metastore:\thive_events:dt=2024-01-01\/hour=0\t/);
    assert.equal(r.rows.filter((l) => l[0]!.startsWith('Repair: Added partition to metastore')).length, 7);
    const partitions = await tb.rows('SHOW PARTITIONS p.hive_events');
    assert.deepEqual(partitions.map((p) => p[0]), [
      'dt=2024-01-01/hour=0',
      'dt=2024-01-01/hour=1',
      'dt=2024-01-02/hour=0',
      'dt=2024-01-02/hour=1',
      'dt=2024-01-03/hour=0',
      'dt=2024-01-03/hour=1',
      'dt=2024-01-09/hour=0',
    ]);
    // repairing again adds nothing
    assert.deepEqual((await tb.run('MSCK REPAIR TABLE p.hive_events')).rows, []);
  });

  it('reads every partition without a filter (and meets the broken file)', async () => {
    const r = await tb.run('SELECT count(*) FROM p.hive_events');
    assert.equal(r.record.state, 'FAILED');
    assert.equal(r.record.failure?.errorName, 'HIVE_BAD_DATA');
    assert.match(r.record.stateChangeReason!, /s3:\/\/lake\/hive\/dt=2024-01-09\/hour=0\/garbage\.parquet/);
  });

  it('reads only the partitions an equality on a key selects', async () => {
    const r = await tb.run("SELECT count(*), min(id), max(id) FROM p.hive_events WHERE dt = '2024-01-02'");
    assert.deepEqual(r.rows, [['10', '10', '19']]);
    assert.equal(r.record.statistics.filesScanned, 2);
    const one = await tb.run("SELECT count(*) FROM p.hive_events WHERE dt = '2024-01-02' AND hour = 1");
    assert.deepEqual(one.rows, [['5']]);
    assert.equal(one.record.statistics.filesScanned, 1);
    assert.ok(one.record.statistics.dataScannedBytes < r.record.statistics.dataScannedBytes);
  });

  it('prunes with IN, BETWEEN, ranges and OR, typed by the key (hour is an int)', async () => {
    const cases: Array<[string, number, string]> = [
      ["dt IN ('2024-01-01', '2024-01-03')", 4, '20'],
      ["dt BETWEEN '2024-01-02' AND '2024-01-03'", 4, '20'],
      ["dt >= '2024-01-02' AND dt < '2024-01-09' AND hour = 0", 2, '10'],
      ["(dt = '2024-01-01' AND hour = 1) OR (dt = '2024-01-03' AND hour = 0)", 2, '10'],
      ["hour > 0 AND dt <> '2024-01-09'", 3, '15'],
      ["e.dt = '2024-01-01'", 2, '10'],
    ];
    for (const [where, files, count] of cases) {
      const r = await tb.run(`SELECT count(*) FROM p.hive_events e WHERE ${where}`);
      assert.equal(r.record.state, 'SUCCEEDED', `${where}: ${r.record.stateChangeReason}`);
      assert.deepEqual(r.rows, [[count]], where);
      assert.equal(r.record.statistics.filesScanned, files, where);
    }
  });

  it('gives partition keys their values and types from the path', async () => {
    const r = await tb.run("SELECT dt, hour, count(*) FROM p.hive_events WHERE dt < '2024-01-03' GROUP BY dt, hour ORDER BY dt, hour");
    assert.deepEqual(r.rows, [
      ['2024-01-01', '0', '5'],
      ['2024-01-01', '1', '5'],
      ['2024-01-02', '0', '5'],
      ['2024-01-02', '1', '5'],
    ]);
    assert.deepEqual(r.types, ['varchar', 'integer', 'bigint']);
  });

  it('prunes the partitions of a table read twice in one query separately', async () => {
    const r = await tb.run("SELECT (SELECT count(*) FROM p.hive_events WHERE dt = '2024-01-01'), (SELECT count(*) FROM p.hive_events WHERE dt = '2024-01-03' AND hour = 1)");
    assert.deepEqual(r.rows, [['10', '5']]);
    assert.equal(r.record.statistics.filesScanned, 3);
  });
});

describe('partition projection', () => {
  let tb: QueryTestbed;
  before(async () => {
    tb = await QueryTestbed.create();
    await tb.catalog.createDatabase({ name: 'p' });
    // Firehose's default layout: yyyy/MM/dd/HH/
    let first = 0;
    for (const hour of ['2024/01/01/00', '2024/01/01/01', '2024/01/02/05']) {
      await tb.writeObject('firehose', `events/${hour}/events-1-${first}.parquet`, rows(first));
      first += 5;
    }
    await tb.putText('firehose', 'events/2024/01/03/00/garbage.parquet', 'not parquet');
    await tb.catalog.createTable('p', {
      name: 'by_hour',
      partitionKeys: [{ name: 'datehour', type: 'string' }],
      parameters: {
        'projection.enabled': 'true',
        'projection.datehour.type': 'date',
        'projection.datehour.format': 'yyyy/MM/dd/HH',
        'projection.datehour.range': '2021/01/01/00,NOW',
        'projection.datehour.interval': '1',
        'projection.datehour.interval.unit': 'HOURS',
        'storage.location.template': 's3://firehose/events/${datehour}/',
      },
      storage: { location: 's3://firehose/events/', columns: DATA_COLUMNS, serdeInfo: PARQUET },
    });
  });
  after(() => tb.close());

  it('reads one hour for an equality, without catalog partitions', async () => {
    const r = await tb.run("SELECT datehour, count(*) FROM p.by_hour WHERE datehour = '2024/01/01/01' GROUP BY 1");
    assert.deepEqual(r.rows, [['2024/01/01/01', '5']]);
    assert.equal(r.record.statistics.filesScanned, 1);
  });

  it('reads a range of hours (folders walked, not enumerated hour by hour)', async () => {
    const r = await tb.run("SELECT datehour, count(*) FROM p.by_hour WHERE datehour BETWEEN '2024/01/01/00' AND '2024/01/02/23' GROUP BY 1 ORDER BY 1");
    assert.deepEqual(r.rows, [
      ['2024/01/01/00', '5'],
      ['2024/01/01/01', '5'],
      ['2024/01/02/05', '5'],
    ]);
    assert.equal(r.record.statistics.filesScanned, 3);
  });

  it('meets the broken file only when its hour is wanted', async () => {
    const r = await tb.run("SELECT count(*) FROM p.by_hour WHERE datehour >= '2024/01/02/00'");
    assert.equal(r.record.failure?.errorName, 'HIVE_BAD_DATA');
  });

  it('projects enum, integer (with digits) and date-typed keys', async () => {
    for (const region of ['eu', 'us']) {
      for (const shard of ['001', '002']) {
        await tb.writeObject('multi', `t/region=${region}/shard=${shard}/day=2024-03-0${shard.slice(-1)}/f.parquet`, rows(0, 2));
      }
    }
    await tb.writeObject('multi', 't/region=ap/shard=001/day=2024-03-01/f.parquet', rows(0, 2)); // not in the enum: never read
    await tb.catalog.createTable('p', {
      name: 'multi',
      partitionKeys: [
        { name: 'region', type: 'string' },
        { name: 'shard', type: 'int' },
        { name: 'day', type: 'date' },
      ],
      parameters: {
        'projection.enabled': 'true',
        'projection.region.type': 'enum',
        'projection.region.values': 'eu,us',
        'projection.shard.type': 'integer',
        'projection.shard.range': '1,5',
        'projection.shard.digits': '3',
        'projection.day.type': 'date',
        'projection.day.format': 'yyyy-MM-dd',
        'projection.day.range': '2024-03-01,2024-03-31',
      },
      storage: { location: 's3://multi/t/', columns: DATA_COLUMNS, serdeInfo: PARQUET },
    });
    const all = await tb.run('SELECT region, shard, day, count(*) FROM p.multi GROUP BY 1, 2, 3 ORDER BY 1, 2');
    assert.deepEqual(all.rows, [
      ['eu', '1', '2024-03-01', '2'],
      ['eu', '2', '2024-03-02', '2'],
      ['us', '1', '2024-03-01', '2'],
      ['us', '2', '2024-03-02', '2'],
    ]);
    assert.deepEqual(all.types.slice(0, 3), ['varchar', 'integer', 'date']);
    const some = await tb.run("SELECT count(*) FROM p.multi WHERE region = 'us' AND shard = 2 AND day >= DATE '2024-03-02'");
    assert.deepEqual(some.rows, [['2']]);
    assert.equal(some.record.statistics.filesScanned, 1);
  });

  it('needs an equality on an injected key (CONSTRAINT_VIOLATION without one)', async () => {
    await tb.writeObject('inj', 'devices/dev-a/f.parquet', rows(0, 3));
    await tb.writeObject('inj', 'devices/dev-b/f.parquet', rows(0, 4));
    await tb.catalog.createTable('p', {
      name: 'inj',
      partitionKeys: [{ name: 'device', type: 'string' }],
      parameters: { 'projection.enabled': 'true', 'projection.device.type': 'injected', 'storage.location.template': 's3://inj/devices/${device}/' },
      storage: { location: 's3://inj/devices/', columns: DATA_COLUMNS, serdeInfo: PARQUET },
    });
    const without = await tb.run('SELECT count(*) FROM p.inj');
    assert.equal(without.record.failure?.errorName, 'CONSTRAINT_VIOLATION');
    assert.match(without.record.stateChangeReason!, /injected projected partition column device/);
    const with_ = await tb.run("SELECT device, count(*) FROM p.inj WHERE device IN ('dev-b', 'dev-z') GROUP BY 1");
    assert.deepEqual(with_.rows, [['dev-b', '4']]);
    assert.equal(with_.record.statistics.filesScanned, 1);
  });

  it('reports a misconfigured projection as INVALID_TABLE_PROPERTY', async () => {
    await tb.catalog.createTable('p', {
      name: 'bad_projection',
      partitionKeys: [{ name: 'dt', type: 'string' }],
      parameters: { 'projection.enabled': 'true', 'projection.dt.type': 'date', 'projection.dt.range': '2024-01-01,NOW' },
      storage: { location: 's3://inj/x/', columns: DATA_COLUMNS, serdeInfo: PARQUET },
    });
    const r = await tb.run('SELECT count(*) FROM p.bad_projection');
    assert.equal(r.record.failure?.errorName, 'INVALID_TABLE_PROPERTY');
    assert.match(r.record.stateChangeReason!, /projection.dt.format is required/);
  });
});
