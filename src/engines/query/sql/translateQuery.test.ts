import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDbPool } from '../duckdb/DuckDbPool.js';
import type { TableReference } from './queryAst.js';
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
});
