import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TableDefinition } from '../../catalog/Table.js';
import type { Predicate } from '../sql/Predicate.js';
import { SqlError } from '../sql/SqlError.js';
import { JavaDatePattern } from './JavaDatePattern.js';
import { PartitionFilter } from './PartitionFilter.js';
import { addUnits, PartitionProjection, relativeDate } from './PartitionProjection.js';

function table(parameters: Record<string, string>, keys: Array<[string, string]>): TableDefinition {
  return {
    databaseName: 'db',
    name: 't',
    parameters,
    storage: { columns: [], location: 's3://b/t/' },
    partitionKeys: keys.map(([name, type]) => ({ name, type })),
    createdAtMs: 0,
    updatedAtMs: 0,
    version: 0,
  };
}

const eq = (name: string, text: string, kind: 'string' | 'number' = 'string'): Predicate => ({ kind: 'compare', column: { qualifier: [], name }, op: '=', value: { kind, text } });

describe('JavaDatePattern', () => {
  it('formats and parses Firehose’s yyyy/MM/dd/HH in UTC', () => {
    const p = new JavaDatePattern('yyyy/MM/dd/HH');
    const t = Date.UTC(2021, 0, 2, 3);
    assert.equal(p.format(t), '2021/01/02/03');
    assert.equal(p.parse('2021/01/02/03'), t);
    assert.equal(p.parse('2021/02/30/00'), undefined);
    assert.equal(p.parse('2021/1/2/3'), undefined);
    assert.equal(p.finestField, 'hour');
  });

  it('reads quoted literals', () => {
    const p = new JavaDatePattern("yyyy-MM-dd'T'HH");
    assert.equal(p.format(Date.UTC(2020, 9, 10, 8)), '2020-10-10T08');
  });
});

describe('PartitionProjection', () => {
  it('needs projection.enabled and every key configured', () => {
    assert.equal(PartitionProjection.of(table({}, [['dt', 'string']])), undefined);
    assert.throws(
      () => PartitionProjection.of(table({ 'projection.enabled': 'true', 'projection.dt.type': 'date' }, [['dt', 'string']])),
      (e: unknown) => e instanceof SqlError && e.errorName === 'INVALID_TABLE_PROPERTY',
    );
  });

  it('enumerates date candidates within the range, filtered by the query, with NOW relative bounds', () => {
    const now = Date.UTC(2024, 0, 3, 12, 30);
    const p = PartitionProjection.of(
      table({ 'projection.enabled': 'true', 'projection.dt.type': 'date', 'projection.dt.format': 'yyyy-MM-dd', 'projection.dt.range': 'NOW-2DAYS,NOW' }, [['dt', 'string']]),
      now,
    )!;
    const column = p.columns[0]!;
    const all = new PartitionFilter({ kind: 'unknown' }, [{ name: 'dt', type: 'string' }], new Set());
    assert.deepEqual(p.candidates(column, all, undefined, 100), ['2024-01-01', '2024-01-02', '2024-01-03']);
    const later = new PartitionFilter({ kind: 'compare', column: { qualifier: [], name: 'dt' }, op: '>', value: { kind: 'string', text: '2024-01-01' } }, [{ name: 'dt', type: 'string' }], new Set());
    assert.deepEqual(p.candidates(column, later, undefined, 100), ['2024-01-02', '2024-01-03']);
    assert.equal(p.candidates(column, all, undefined, 2), undefined); // too many: walk the folders instead
    assert.equal(p.location(['2024-01-02']), 's3://b/t/dt=2024-01-02/');
  });

  it('pads integer values to their digits and keeps enum values in their domain', () => {
    const p = PartitionProjection.of(
      table(
        {
          'projection.enabled': 'true',
          'projection.shard.type': 'integer',
          'projection.shard.range': '0,20',
          'projection.shard.interval': '5',
          'projection.shard.digits': '2',
          'projection.region.type': 'enum',
          'projection.region.values': 'eu, us',
          'storage.location.template': 's3://b/data/${region}/${shard}/',
        },
        [
          ['region', 'string'],
          ['shard', 'int'],
        ],
      ),
    )!;
    const keys = [
      { name: 'region', type: 'string' },
      { name: 'shard', type: 'int' },
    ];
    const filter = new PartitionFilter(eq('shard', '10', 'number'), keys, new Set());
    assert.deepEqual(p.candidates(p.columns[1]!, filter, ['10'], 100), ['10']);
    assert.deepEqual(p.candidates(p.columns[1]!, new PartitionFilter({ kind: 'unknown' }, keys, new Set()), undefined, 100), ['00', '05', '10', '15', '20']);
    assert.deepEqual(p.candidates(p.columns[0]!, new PartitionFilter(eq('region', 'us'), keys, new Set()), undefined, 100), ['us']);
    assert.deepEqual(p.valuesOf('s3://b/data/eu/15/'), ['eu', '15']);
    assert.equal(p.valuesOf('s3://b/data/ap/15/'), undefined);
    assert.equal(p.valuesOf('s3://b/data/eu/7/'), undefined);
    assert.equal(p.staticPrefix, 's3://b/data/');
    assert.equal(p.depth, 2);
  });

  it('relative dates and units', () => {
    const now = Date.UTC(2024, 0, 31);
    assert.equal(relativeDate('NOW', now), now);
    assert.equal(relativeDate('NOW-1MONTHS', now), Date.UTC(2023, 11, 31));
    assert.equal(relativeDate('NOW+2HOURS', now), now + 7_200_000);
    assert.equal(relativeDate('2024-01-01', now), undefined);
    assert.equal(addUnits(Date.UTC(2024, 0, 1), 1, 'WEEKS'), Date.UTC(2024, 0, 8));
  });
});

describe('PartitionFilter', () => {
  const keys = [
    { name: 'dt', type: 'string' },
    { name: 'hour', type: 'int' },
    { name: 'day', type: 'date' },
  ];
  const values = (dt: string, hour: string, day = '2024-01-01') => new Map<string, string | null>([['dt', dt], ['hour', hour], ['day', day]]);

  it('answers no only when a comparison on a key is surely false', () => {
    const f = new PartitionFilter(
      { kind: 'and', items: [eq('dt', '2024-01-01'), { kind: 'compare', column: { qualifier: [], name: 'other' }, op: '=', value: { kind: 'string', text: 'x' } }] },
      keys,
      new Set(['t']),
    );
    assert.equal(f.mayMatch(values('2024-01-01', '1')), true);
    assert.equal(f.mayMatch(values('2024-01-02', '1')), false);
    assert.equal(f.mayMatch(new Map()), true); // nothing known yet
  });

  it('compares ints as numbers and dates as dates; a string literal against an int key is parsed', () => {
    const f = new PartitionFilter({ kind: 'compare', column: { qualifier: [], name: 'hour' }, op: '<', value: { kind: 'number', text: '10' } }, keys, new Set());
    assert.equal(f.mayMatch(values('x', '9')), true);
    assert.equal(f.mayMatch(values('x', '10')), false);
    const d = new PartitionFilter({ kind: 'between', column: { qualifier: [], name: 'day' }, low: { kind: 'date', text: '2024-01-02' }, high: { kind: 'date', text: '2024-01-05' } }, keys, new Set());
    assert.equal(d.mayMatch(values('x', '1', '2024-01-03')), true);
    assert.equal(d.mayMatch(values('x', '1', '2024-01-06')), false);
  });

  it('honours OR, IN, NOT IN and the table’s qualifier', () => {
    const f = new PartitionFilter(
      { kind: 'or', items: [{ kind: 'in', column: { qualifier: ['e'], name: 'dt' }, values: [{ kind: 'string', text: 'a' }], negated: false }, eq('hour', '3', 'number')] },
      keys,
      new Set(['e']),
    );
    assert.equal(f.mayMatch(values('a', '1')), true);
    assert.equal(f.mayMatch(values('b', '3')), true);
    assert.equal(f.mayMatch(values('b', '1')), false);
    const other = new PartitionFilter({ kind: 'in', column: { qualifier: ['x'], name: 'dt' }, values: [{ kind: 'string', text: 'a' }], negated: false }, keys, new Set(['e']));
    assert.equal(other.mayMatch(values('b', '1')), true); // x.dt is another table's column
    const notIn = new PartitionFilter({ kind: 'in', column: { qualifier: [], name: 'dt' }, values: [{ kind: 'string', text: 'a' }], negated: true }, keys, new Set());
    assert.equal(notIn.mayMatch(values('a', '1')), false);
  });
});
