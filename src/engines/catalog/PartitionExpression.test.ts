import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CatalogError } from './CatalogError.js';
import { compilePartitionExpression } from './PartitionExpression.js';
import { compileNamePattern } from './namePattern.js';

const keys = [
  { name: 'year', type: 'string' },
  { name: 'month', type: 'string' },
  { name: 'day', type: 'int' },
  { name: 'dt', type: 'date' },
];
const rows = [
  ['2023', '12', '31', '2023-12-31'],
  ['2024', '01', '1', '2024-01-01'],
  ['2024', '02', '9', '2024-02-09'],
  ['2024', '02', '10', '2024-02-10'],
  ['2024', '11', '20', '2024-11-20'],
  ['2025', '01', '2', '2025-01-02'],
];

function select(expression: string): string[] {
  const p = compilePartitionExpression(expression, keys);
  return rows.filter((r) => p(r)).map((r) => r[3]!);
}

function invalid(expression: string, message: RegExp) {
  assert.throws(
    () => compilePartitionExpression(expression, keys),
    (e: unknown) => e instanceof CatalogError && e.kind === 'InvalidInput' && message.test(e.message),
    expression,
  );
}

describe('Glue partition expressions', () => {
  it('compares string keys as text and numeric keys as numbers', () => {
    assert.deepEqual(select("year='2024' AND month>'01'"), ['2024-02-09', '2024-02-10', '2024-11-20']);
    assert.deepEqual(select('day > 9'), ['2023-12-31', '2024-02-10', '2024-11-20']);
    assert.deepEqual(select("day >= '10'"), ['2023-12-31', '2024-02-10', '2024-11-20']);
    // On a string key, '12' < '2' as text.
    assert.deepEqual(select("month < '2'"), ['2023-12-31', '2024-01-01', '2024-02-09', '2024-02-10', '2024-11-20', '2025-01-02']);
    assert.deepEqual(select("month > '02'"), ['2023-12-31', '2024-11-20']);
    assert.deepEqual(select('year = 2024 and day = 1'), ['2024-01-01']);
    assert.deepEqual(select("dt <= '2024-01-01'"), ['2023-12-31', '2024-01-01']);
    assert.deepEqual(select("dt = date '2024-02-09'"), ['2024-02-09']);
    assert.deepEqual(select("year <> '2024'"), ['2023-12-31', '2025-01-02']);
    assert.deepEqual(select("year != '2024'"), ['2023-12-31', '2025-01-02']);
  });

  it('supports IN, BETWEEN, LIKE, NOT, OR, parentheses and IS NULL', () => {
    assert.deepEqual(select("month IN ('01', '11')"), ['2024-01-01', '2024-11-20', '2025-01-02']);
    assert.deepEqual(select("month NOT IN ('01', '11')"), ['2023-12-31', '2024-02-09', '2024-02-10']);
    assert.deepEqual(select('day BETWEEN 2 AND 10'), ['2024-02-09', '2024-02-10', '2025-01-02']);
    assert.deepEqual(select("dt not between '2024-01-01' and '2024-12-31'"), ['2023-12-31', '2025-01-02']);
    assert.deepEqual(select("dt LIKE '2024-02-%'"), ['2024-02-09', '2024-02-10']);
    assert.deepEqual(select("month like '_1'"), ['2024-01-01', '2024-11-20', '2025-01-02']);
    assert.deepEqual(select("NOT (year = '2024') OR day = 20"), ['2023-12-31', '2024-11-20', '2025-01-02']);
    assert.deepEqual(select("(year = '2023' or year = '2025') and month = '01'"), ['2025-01-02']);
    assert.deepEqual(select('year IS NULL'), []);
    assert.deepEqual(select('year is not null').length, rows.length);
    assert.deepEqual(select('`year` = "year"'), rows.map((r) => r[3]));
    assert.deepEqual(select('').length, rows.length);
    assert.deepEqual(select("YEAR = '2025'"), ['2025-01-02']);
  });

  it('treats the Hive default partition as NULL', () => {
    const p = compilePartitionExpression("year IS NULL OR year = 'x'", keys);
    assert.equal(p(['__HIVE_DEFAULT_PARTITION__', '01', '1', '2024-01-01']), true);
    assert.equal(compilePartitionExpression("year = '2024'", keys)(['__HIVE_DEFAULT_PARTITION__', '01', '1', '2024-01-01']), false);
  });

  it('refuses bad expressions with InvalidInput', () => {
    invalid("hour = '1'", /'hour' at position 0 is not a partition key \(the keys are year, month, day, dt\)/);
    invalid("year = '2024", /unterminated string/);
    invalid("year = '2024' AND", /ended too early/);
    invalid("year = '2024')", /unexpected '\)'/);
    invalid('year ~ 1', /unexpected '~'/);
    invalid('year LIKE 2', /LIKE needs a quoted pattern/);
    invalid('year between 1', /ended too early/);
    assert.throws(() => compilePartitionExpression('flag = true', [{ name: 'flag', type: 'boolean' }]), /has type boolean, which expressions do not support/);
  });
});

describe('GetTables name patterns', () => {
  it('matches whole names with * and | as Hive does', () => {
    const names = ['events', 'events_raw', 'clicks', 'raw_events'];
    const pick = (p: string) => names.filter(compileNamePattern(p));
    assert.deepEqual(pick('events*'), ['events', 'events_raw']);
    assert.deepEqual(pick('*events'), ['events', 'raw_events']);
    assert.deepEqual(pick('.*raw.*'), ['events_raw', 'raw_events']);
    assert.deepEqual(pick('events|clicks'), ['events', 'clicks']);
    assert.deepEqual(pick('EVENTS'), ['events']);
    assert.deepEqual(pick('event'), []);
    assert.throws(() => compileNamePattern('(('), (e: unknown) => e instanceof CatalogError && e.kind === 'InvalidInput');
  });
});
