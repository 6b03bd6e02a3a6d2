import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDbPool } from '../duckdb/DuckDbPool.js';
import type { TableReference } from './queryAst.js';
import { aboutRelation, renameColumns, UNKNOWN, type Predicate } from './Predicate.js';
import { SqlError } from './SqlError.js';
import { translateQuery } from './translateQuery.js';

describe('translateQuery', () => {
  let dir: string;
  let pool: DuckDbPool;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lakehose-translate-'));
    pool = await DuckDbPool.open({ threads: 1, connections: 1, memoryLimitMiB: 256, tempDirectory: join(dir, 'tmp'), allowedDirectories: [dir] });
  });
  after(async () => {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  });

  const translate = (sql: string, seen: TableReference[] = []) =>
    translateQuery(sql, (q) => pool.parse(q), async (ref) => {
      seen.push(ref);
      return `(SELECT 1 AS x)`;
    });

  it('replaces catalog tables (not CTEs) and keeps their aliases, or names them after the table', async () => {
    const seen: TableReference[] = [];
    const r = await translate('WITH c AS (SELECT 1) SELECT * FROM "db-1"."t-1" JOIN c ON true JOIN other o ON true', seen);
    assert.deepEqual(
      seen.map((t) => [t.schema, t.table, t.alias]),
      [
        ['db-1', 't-1', ''],
        ['', 'other', 'o'],
      ],
    );
    assert.equal(r.sql, 'WITH c AS (SELECT 1) SELECT * FROM (SELECT 1 AS x) AS "t-1" JOIN c ON true JOIN (SELECT 1 AS x) o ON true');
  });

  it('hands the WHERE clause of the block that reads a table to its resolver', async () => {
    const seen: TableReference[] = [];
    await translate("SELECT * FROM t WHERE dt = '2024-01-01' AND h IN (1, 2)", seen);
    assert.deepEqual(seen[0]!.predicate, {
      kind: 'and',
      items: [
        { kind: 'compare', column: { qualifier: [], name: 'dt' }, op: '=', value: { kind: 'string', text: '2024-01-01' } },
        { kind: 'in', column: { qualifier: [], name: 'h' }, values: [{ kind: 'number', text: '1' }, { kind: 'number', text: '2' }], negated: false },
      ],
    });
  });

  it('maps offsets in the rewritten SQL back to the SQL as written', async () => {
    const sql = "SELECT date_format(ts, '%Y'),\n  bad_col FROM t";
    const r = await translate(sql);
    const at = r.sql.indexOf('bad_col');
    assert.equal(r.map.toSource(at), sql.indexOf('bad_col'));
  });

  it('reports DuckDB’s syntax errors at the place in the original SQL', async () => {
    await assert.rejects(translate("SELECT date_format(x, '%Y') FORM t"), (e: unknown) => e instanceof SqlError && e.errorName === 'SYNTAX_ERROR' && e.position === 33);
  });

  it('counts positions in characters, not UTF-8 bytes', async () => {
    const seen: TableReference[] = [];
    const positions: number[] = [];
    await translateQuery("SELECT 'ééé' FROM t", (q) => pool.parse(q), async (ref, position) => {
      seen.push(ref);
      positions.push(position);
      return '(SELECT 1)';
    });
    assert.deepEqual(positions, [18]);
  });

  describe('a filter on the result (a query over a view) reaches the table when the query passes its rows through', () => {
    const dt = (text: string, name = 'dt'): Predicate => ({ kind: 'compare', column: { qualifier: [], name }, op: '=', value: { kind: 'string', text } });
    const seenWith = async (sql: string, resultFilter: Predicate) => {
      const seen: TableReference[] = [];
      await translateQuery(sql, (q) => pool.parse(q), async (ref) => {
        seen.push(ref);
        return '(SELECT 1 AS x)';
      }, { resultFilter });
      return seen;
    };

    it('through renamed columns and *, beside the view’s own WHERE', async () => {
      const [ref] = await seenWith('SELECT id, day AS dt FROM events e WHERE amount > 3', dt('2024-01-01'));
      assert.deepEqual(ref!.predicate, {
        kind: 'and',
        items: [
          { kind: 'compare', column: { qualifier: [], name: 'amount' }, op: '>', value: { kind: 'number', text: '3' } },
          dt('2024-01-01', 'day'),
        ],
      });
      const [star] = await seenWith('SELECT * FROM events ORDER BY id', { kind: 'or', items: [dt('a'), dt('b', 'other')] });
      assert.deepEqual(star!.predicate, { kind: 'or', items: [dt('a'), dt('b', 'other')] });
    });

    it('a column the query computes is not a table column: its condition is unknown', async () => {
      const [ref] = await seenWith('SELECT id FROM events', { kind: 'and', items: [dt('x'), dt('1', 'id')] });
      assert.deepEqual(ref!.predicate, { kind: 'and', items: [UNKNOWN, dt('1', 'id')] });
    });

    for (const sql of [
      'SELECT dt, count(*) AS n FROM events GROUP BY dt',
      'SELECT * FROM events LIMIT 10',
      'SELECT DISTINCT dt FROM events',
      'SELECT upper(dt) AS dt FROM events',
      'SELECT * FROM events a JOIN other b ON a.id = b.id',
      'WITH e AS (SELECT * FROM events) SELECT * FROM e',
      'SELECT * FROM events UNION ALL SELECT * FROM other',
      'SELECT * FROM (SELECT * FROM events)',
      'SELECT dt, row_number() OVER () AS n FROM events',
    ]) {
      it(`not through: ${sql}`, async () => {
        for (const ref of await seenWith(sql, dt('x'))) assert.ok(!JSON.stringify(ref.predicate).includes('"text":"x"'), JSON.stringify(ref.predicate));
      });
    }
  });

  it('aboutRelation keeps conditions on one relation, unqualified; renameColumns maps names', () => {
    const q = (qualifier: string[], name: string): Predicate => ({ kind: 'compare', column: { qualifier, name }, op: '=', value: { kind: 'number', text: '1' } });
    assert.deepEqual(aboutRelation({ kind: 'and', items: [q(['v'], 'a'), q(['o'], 'b'), q([], 'c')] }, new Set(['v'])), { kind: 'and', items: [q([], 'a'), UNKNOWN, q([], 'c')] });
    assert.deepEqual(renameColumns({ kind: 'or', items: [q([], 'a'), q([], 'b')] }, (n) => (n === 'a' ? 'x' : undefined)), { kind: 'or', items: [q([], 'x'), UNKNOWN] });
  });
});

