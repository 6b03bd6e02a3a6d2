import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TableInput } from '../../catalog/inputs.js';
import { QueryTestbed } from '../testing/QueryTestbed.js';
import { decodeViewText, encodeViewText } from '../views/PrestoView.js';

const PARQUET = { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' };

/** A view as Terraform's aws_glue_catalog_table writes one: the Presto encoding by hand. */
function glueView(name: string, sql: string, columns: Array<[string, string]>, schema = 'shop'): TableInput {
  return {
    name,
    tableType: 'VIRTUAL_VIEW',
    parameters: { presto_view: 'true' },
    partitionKeys: [],
    storage: { columns: columns.map(([n, t]) => ({ name: n, type: t })), serdeInfo: { name: '-', serializationLibrary: '-' } },
    viewOriginalText: encodeViewText({ originalSql: sql, catalog: 'awsdatacatalog', schema, columns: columns.map(([n]) => ({ name: n, type: 'varchar' })), runAsInvoker: false }),
  };
}

/**
 * Views as Athena has them: CREATE VIEW stores the query in the catalog (Presto's
 * encoding), queries expand it — views over views too — and the WHERE clause of a query
 * over a view still prunes the partitions of the table underneath. The partition
 * dt=2024-01-09 holds a file no Parquet reader can open: a query that reads it fails.
 */
describe('views', () => {
  let tb: QueryTestbed;
  const session = { database: 'shop' };
  const run = (sql: string) => tb.run(sql, session);
  const rows = (sql: string) => tb.rows(sql, session);
  const failure = async (sql: string) => {
    const r = await run(sql);
    assert.equal(r.record.state, 'FAILED', `${sql} should fail`);
    return r.record.stateChangeReason!;
  };

  before(async () => {
    tb = await QueryTestbed.create();
    await tb.catalog.createDatabase({ name: 'shop' });
    for (const [day, first] of [
      ['2024-01-01', 0],
      ['2024-01-02', 10],
    ] as const) {
      await tb.writeObject('lake', `orders/dt=${day}/part-0.parquet`, `SELECT (i + ${first})::BIGINT AS id, 'u' || (i % 3) AS userid, (i * 10)::DOUBLE AS amount FROM range(10) t(i)`);
    }
    await tb.putText('lake', 'orders/dt=2024-01-09/garbage.parquet', 'not a parquet file');
    await tb.catalog.createTable('shop', {
      name: 'orders',
      partitionKeys: [{ name: 'dt', type: 'string' }],
      storage: {
        location: 's3://lake/orders/',
        serdeInfo: PARQUET,
        columns: [
          { name: 'id', type: 'bigint' },
          { name: 'userid', type: 'string' },
          { name: 'amount', type: 'double' },
        ],
      },
    });
    assert.equal((await run('MSCK REPAIR TABLE orders')).record.state, 'SUCCEEDED');
  });
  after(() => tb.close());

  it('CREATE VIEW stores the view as Athena does; queries read it like a table', async () => {
    const created = await run(`CREATE VIEW big_orders COMMENT 'over 50' AS SELECT id, userid AS buyer, amount, dt FROM orders WHERE amount > 50`);
    assert.equal(created.record.state, 'SUCCEEDED', created.record.stateChangeReason);
    assert.equal(created.record.statementType, 'DDL');
    assert.equal(created.record.substatementType, 'CREATE_VIEW');
    const t = tb.catalog.findTable('shop', 'big_orders')!;
    assert.equal(t.tableType, 'VIRTUAL_VIEW');
    assert.deepEqual(t.parameters, { presto_view: 'true', comment: 'Presto View' });
    assert.equal(t.viewExpandedText, '/* Presto View */');
    assert.equal(t.storage.location, undefined);
    assert.deepEqual(
      t.storage.columns.map((c) => [c.name, c.type]),
      [
        ['id', 'bigint'],
        ['buyer', 'string'],
        ['amount', 'double'],
        ['dt', 'string'],
      ],
    );
    assert.deepEqual(decodeViewText(t.viewOriginalText, 'v'), {
      originalSql: 'SELECT id, userid AS buyer, amount, dt FROM orders WHERE amount > 50',
      catalog: 'awsdatacatalog',
      schema: 'shop',
      columns: [
        { name: 'id', type: 'bigint' },
        { name: 'buyer', type: 'varchar' },
        { name: 'amount', type: 'double' },
        { name: 'dt', type: 'varchar' },
      ],
      comment: 'over 50',
      runAsInvoker: false,
    });
    const r = await tb.run('SELECT buyer, count(*) AS n FROM shop.big_orders WHERE dt = \'2024-01-01\' GROUP BY buyer ORDER BY buyer');
    assert.equal(r.record.state, 'SUCCEEDED', r.record.stateChangeReason);
    assert.deepEqual(r.columns, ['buyer', 'n']);
    assert.deepEqual(r.rows, [
      ['u0', '2'],
      ['u1', '1'],
      ['u2', '1'],
    ]);
  });

  it('prunes the partitions of the table under a view (and under a view over it) by the query’s WHERE clause', async () => {
    const one = await run(`SELECT count(*) FROM big_orders WHERE dt = '2024-01-02'`);
    assert.equal(one.record.state, 'SUCCEEDED', one.record.stateChangeReason);
    assert.deepEqual(one.rows, [['4']]);
    const direct = await run(`SELECT count(*) FROM orders WHERE dt = '2024-01-02'`);
    assert.equal(one.record.statistics.filesScanned, 1);
    assert.equal(one.record.statistics.dataScannedBytes, direct.record.statistics.dataScannedBytes);
    // the whole view reads the trap
    assert.match(await failure('SELECT count(*) FROM big_orders'), /^HIVE_BAD_DATA/);
    // a view over the view: the filter goes down two levels, through a renaming alias
    await rows('CREATE VIEW buyers AS SELECT buyer AS who, dt AS day FROM big_orders b');
    const nested = await run(`SELECT count(*) FROM buyers x WHERE x.day = '2024-01-01' AND who <> 'nobody'`);
    assert.equal(nested.record.state, 'SUCCEEDED', nested.record.stateChangeReason);
    assert.deepEqual(nested.rows, [['4']]);
    assert.equal(nested.record.statistics.filesScanned, 1);
  });

  it('a view over a view, CREATE OR REPLACE, SHOW VIEWS, SHOW CREATE VIEW, DESCRIBE and SHOW COLUMNS', async () => {
    await rows(`CREATE VIEW per_buyer AS SELECT buyer, sum(amount) AS total FROM big_orders WHERE dt <> '2024-01-09' GROUP BY buyer`);
    assert.deepEqual(await rows('SELECT * FROM per_buyer ORDER BY buyer'), [
      ['u0', '300.0'],
      ['u1', '140.0'],
      ['u2', '160.0'],
    ]);
    const replaced = await run(`CREATE OR REPLACE VIEW big_orders AS SELECT id, userid AS buyer, amount, dt FROM orders WHERE amount > 80`);
    assert.equal(replaced.record.state, 'SUCCEEDED', replaced.record.stateChangeReason);
    assert.equal(tb.catalog.findTable('shop', 'big_orders')!.version, 1);
    assert.deepEqual(await rows('SELECT * FROM per_buyer ORDER BY buyer'), [['u0', '180.0']]);
    assert.deepEqual(await rows('SHOW VIEWS'), [['big_orders'], ['buyers'], ['per_buyer']]);
    assert.deepEqual(await tb.rows(`SHOW VIEWS IN shop LIKE 'b*'`), [['big_orders'], ['buyers']]);
    // SHOW TABLES lists views too, as Hive does
    assert.ok((await rows('SHOW TABLES')).some((r) => r[0] === 'per_buyer'));
    const shown = await run('SHOW CREATE VIEW per_buyer');
    assert.equal(shown.record.substatementType, 'SHOW_CREATE_VIEW');
    assert.deepEqual(shown.rows, [['CREATE VIEW "shop"."per_buyer" SECURITY DEFINER AS'], ["SELECT buyer, sum(amount) AS total FROM big_orders WHERE dt <> '2024-01-09' GROUP BY buyer"]]);
    // what SHOW CREATE VIEW prints makes the view again
    await rows('DROP VIEW per_buyer');
    await rows(shown.rows.map((r) => r[0]).join('\n'));
    assert.deepEqual(await rows('SELECT count(*) FROM per_buyer'), [['1']]);
    assert.deepEqual(
      (await rows('DESCRIBE per_buyer')).map((r) => r[0]!.split('\t').map((s) => s.trim())),
      [
        ['buyer', 'string', ''],
        ['total', 'double', ''],
      ],
    );
    assert.deepEqual(await rows('SHOW COLUMNS IN per_buyer'), [['buyer'], ['total']]);
    assert.deepEqual(await rows(`SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'shop' AND table_name IN ('orders', 'per_buyer') ORDER BY 1`), [
      ['orders', 'BASE TABLE'],
      ['per_buyer', 'VIEW'],
    ]);
  });

  it('refuses what Athena refuses, saying why', async () => {
    assert.match(await failure('CREATE VIEW big_orders AS SELECT 1 AS x'), /^ALREADY_EXISTS: line 1:13: View already exists: 'awsdatacatalog\.shop\.big_orders'/);
    assert.match(await failure('CREATE OR REPLACE VIEW orders AS SELECT 1 AS x'), /^ALREADY_EXISTS: .*Table already exists: 'awsdatacatalog\.shop\.orders'/);
    // an invalid query makes no view
    assert.match(await failure('CREATE VIEW broken AS SELECT nope FROM orders'), /^COLUMN_NOT_FOUND: line 1:30: Column 'nope' cannot be resolved/);
    assert.match(await failure('CREATE VIEW broken AS SELECT * FROM missing'), /^TABLE_NOT_FOUND: line 1:37: Table 'awsdatacatalog\.shop\.missing' does not exist/);
    assert.equal(tb.catalog.findTable('shop', 'broken'), undefined);
    assert.match(await failure('CREATE VIEW twice AS SELECT id, userid AS id FROM orders'), /Column name 'id' specified more than once/);
    // CREATE OR REPLACE may not make a view read itself
    assert.match(await failure('CREATE OR REPLACE VIEW big_orders AS SELECT * FROM buyers'), /^VIEW_IS_RECURSIVE: .*View is recursive: 'awsdatacatalog\.shop\.big_orders'/);
    assert.match(await failure('DROP VIEW nothing_here'), /^TABLE_NOT_FOUND: line 1:11: View not found: 'awsdatacatalog\.shop\.nothing_here'/);
    assert.equal((await run('DROP VIEW IF EXISTS nothing_here')).record.state, 'SUCCEEDED');
    assert.match(await failure('DROP VIEW orders'), /Relation 'awsdatacatalog\.shop\.orders' is a table, not a view/);
    assert.match(await failure('DROP TABLE big_orders'), /is a view: drop it with DROP VIEW/);
    assert.match(await failure('INSERT INTO big_orders SELECT * FROM big_orders'), /^NOT_SUPPORTED: .*is a view, not a table/);
    assert.match(await failure('SHOW CREATE TABLE big_orders'), /is a view, not a table/);
    assert.match(await failure('SHOW CREATE VIEW orders'), /is a table, not a view/);
    assert.ok(tb.catalog.findTable('shop', 'orders'));
  });

  it('a view goes stale when its tables change under it, and says so', async () => {
    await tb.writeObject('lake', 'flat/part-0.parquet', `SELECT 1::BIGINT AS a, 'x' AS b`);
    await tb.catalog.createTable('shop', { name: 'flat', storage: { location: 's3://lake/flat/', serdeInfo: PARQUET, columns: [{ name: 'a', type: 'bigint' }] } });
    await rows('CREATE VIEW flat_all AS SELECT * FROM flat');
    assert.deepEqual(await rows('SELECT * FROM flat_all'), [['1']]);
    await rows('ALTER TABLE flat ADD COLUMNS (b string)');
    assert.match(await failure('SELECT * FROM flat_all'), /^VIEW_IS_STALE: line 1:15: View 'awsdatacatalog\.shop\.flat_all' is stale .*\(a\).*\(a, b\)/);
    await rows('CREATE OR REPLACE VIEW flat_all AS SELECT * FROM flat');
    assert.deepEqual(await rows('SELECT * FROM flat_all'), [['1', 'x']]);
    await rows('DROP TABLE flat');
    assert.match(
      await failure('SELECT * FROM flat_all'),
      /^TABLE_NOT_FOUND: line 1:15: Failed analyzing stored view 'awsdatacatalog\.shop\.flat_all': line 1:15: Table 'awsdatacatalog\.shop\.flat' does not exist/,
    );
  });

  it('views written to Glue by hand (Terraform) work; their unqualified names are in the view’s schema', async () => {
    await tb.catalog.createTable('shop', glueView('u0_orders', `SELECT id, dt FROM orders WHERE userid = 'u0' AND dt = '2024-01-01'`, [['id', 'bigint'], ['dt', 'string']]));
    // queried from another database: `orders` still means shop.orders
    assert.deepEqual(await tb.rows('SELECT count(*) FROM shop.u0_orders', { database: 'default' }), [['4']]);
    assert.deepEqual(await rows('SHOW CREATE VIEW u0_orders'), [['CREATE VIEW "shop"."u0_orders" SECURITY DEFINER AS'], [`SELECT id, dt FROM orders WHERE userid = 'u0' AND dt = '2024-01-01'`]]);
    // two views that read each other, and a Hive view Athena cannot read
    await tb.catalog.createTable('shop', glueView('ping', 'SELECT * FROM pong', [['x', 'int']]));
    await tb.catalog.createTable('shop', glueView('pong', 'SELECT * FROM ping', [['x', 'int']]));
    assert.match(await failure('SELECT * FROM ping'), /^VIEW_IS_RECURSIVE: .*View is recursive: 'awsdatacatalog\.shop\.ping' \(shop\.ping → shop\.pong → shop\.ping\)/);
    // a definition written by hand holds any text: one query only
    await tb.catalog.createTable('shop', glueView('two', 'SELECT 1 AS x; DROP TABLE orders', [['x', 'int']]));
    assert.match(await failure('SELECT * FROM two'), /^SYNTAX_ERROR: line 1:15: Failed analyzing stored view 'awsdatacatalog\.shop\.two': line 1:14: only one statement/);
    await tb.catalog.createTable('shop', glueView('not_a_query', 'DROP TABLE orders', [['x', 'int']]));
    assert.match(await failure('SELECT * FROM not_a_query'), /^INVALID_VIEW: line 1:15: View 'awsdatacatalog\.shop\.not_a_query' does not hold a query/);
    assert.ok(tb.catalog.findTable('shop', 'orders'));
    await tb.catalog.createTable('shop', { ...glueView('hive_view', '', []), viewOriginalText: 'SELECT 1', viewExpandedText: 'SELECT 1' });
    assert.match(await failure('SELECT * FROM hive_view'), /^INVALID_VIEW: line 1:15: View 'awsdatacatalog\.shop\.hive_view' is not an Athena view/);
  });

  it('refuses views nested deeper than 32', async () => {
    await tb.catalog.createTable('shop', glueView('level_0', 'SELECT 1 AS x', [['x', 'int']]));
    for (let i = 1; i <= 32; i++) await tb.catalog.createTable('shop', glueView(`level_${i}`, `SELECT x FROM level_${i - 1}`, [['x', 'int']]));
    // level_31 is 32 views, level_32 one more
    assert.deepEqual(await rows('SELECT x FROM level_31'), [['1']]);
    assert.match(await failure('SELECT x FROM level_32'), /^INVALID_VIEW: .*Views are nested more than 32 deep/);
  });
});
