import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseStatement, PARQUET_SERDE } from './parseStatement.js';
import { SqlError } from './SqlError.js';
import { statementTypes } from './Statement.js';

describe('parseStatement', () => {
  it('leaves queries as text spans (a trailing semicolon is allowed)', () => {
    const sql = 'WITH x AS (SELECT 1) SELECT * FROM x;';
    const s = parseStatement(sql);
    assert.equal(s.kind, 'query');
    if (s.kind !== 'query') return;
    assert.equal(sql.slice(s.query.start, s.query.end), 'WITH x AS (SELECT 1) SELECT * FROM x');
    assert.deepEqual(statementTypes(s.kind), { type: 'DML', subtype: 'SELECT' });
  });

  it('refuses two statements', () => {
    assert.throws(() => parseStatement('SELECT 1; SELECT 2'), (e: unknown) => e instanceof SqlError && e.errorName === 'SYNTAX_ERROR' && e.position === 8);
  });

  it('parses CREATE EXTERNAL TABLE with Hive types, partitions, SerDe, location and properties', () => {
    const s = parseStatement(`CREATE EXTERNAL TABLE IF NOT EXISTS \`db\`.events (
      id string COMMENT 'the id', tags array<string>, payload struct<a:int,b:map<string,double>>, amount decimal(10, 2))
      COMMENT 'events'
      PARTITIONED BY (dt string, hour int)
      ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' WITH SERDEPROPERTIES ('ignore.malformed.json'='true')
      LOCATION 's3://bucket/events/'
      TBLPROPERTIES ('projection.enabled'='true', 'has_encrypted_data'='false')`);
    assert.equal(s.kind, 'createTable');
    if (s.kind !== 'createTable') return;
    const spec = s.spec;
    assert.deepEqual(spec.table, { database: 'db', name: 'events', position: 36 });
    assert.equal(spec.ifNotExists, true);
    assert.deepEqual(
      spec.columns.map((c) => [c.name, c.type]),
      [
        ['id', 'string'],
        ['tags', 'array<string>'],
        ['payload', 'struct<a:int,b:map<string,double>>'],
        ['amount', 'decimal(10,2)'],
      ],
    );
    assert.equal(spec.columns[0]!.comment, 'the id');
    assert.deepEqual(
      spec.partitionKeys.map((c) => [c.name, c.type]),
      [
        ['dt', 'string'],
        ['hour', 'int'],
      ],
    );
    assert.equal(spec.serde, 'org.openx.data.jsonserde.JsonSerDe');
    assert.deepEqual(spec.serdeProperties, { 'ignore.malformed.json': 'true' });
    assert.equal(spec.location, 's3://bucket/events/');
    assert.deepEqual(spec.tableProperties, { 'projection.enabled': 'true', has_encrypted_data: 'false' });
  });

  it('fills in the SerDe and formats of STORED AS PARQUET and of ROW FORMAT DELIMITED', () => {
    const p = parseStatement(`CREATE EXTERNAL TABLE t (a int) STORED AS PARQUET LOCATION 's3://b/t/'`);
    assert.ok(p.kind === 'createTable' && p.spec.serde === PARQUET_SERDE && p.spec.inputFormat!.includes('Parquet'));
    const d = parseStatement(`CREATE EXTERNAL TABLE t (a int) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LINES TERMINATED BY '\\n' STORED AS TEXTFILE LOCATION 's3://b/t/'`);
    assert.ok(d.kind === 'createTable');
    if (d.kind !== 'createTable') return;
    assert.equal(d.spec.serde, 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe');
    assert.equal(d.spec.serdeProperties['field.delim'], ',');
  });

  it('refuses CREATE TABLE without EXTERNAL unless it is CTAS', () => {
    assert.throws(() => parseStatement('CREATE TABLE t (a int)'), (e: unknown) => e instanceof SqlError && e.errorName === 'NOT_SUPPORTED');
  });

  it('parses CTAS with its WITH properties, arrays included, and WITH NO DATA', () => {
    const sql = `CREATE TABLE db.t WITH (format = 'PARQUET', external_location = 's3://b/t/', partitioned_by = ARRAY['dt'], bucket_count = 4) AS SELECT a, dt FROM src WITH NO DATA`;
    const s = parseStatement(sql);
    assert.equal(s.kind, 'createTableAs');
    if (s.kind !== 'createTableAs') return;
    assert.deepEqual(s.properties, { format: 'PARQUET', external_location: 's3://b/t/', partitioned_by: ['dt'], bucket_count: 4 });
    assert.equal(s.withData, false);
    assert.equal(sql.slice(s.query.start, s.query.end), 'SELECT a, dt FROM src');
    assert.deepEqual(statementTypes(s.kind), { type: 'DDL', subtype: 'CREATE_TABLE_AS_SELECT' });
  });

  it('parses INSERT INTO with and without a column list', () => {
    const a = parseStatement('INSERT INTO t (x, "Y") SELECT 1, 2');
    assert.ok(a.kind === 'insert' && a.columns?.join() === 'x,Y');
    const b = parseStatement('INSERT INTO db.t VALUES (1, 2)');
    assert.ok(b.kind === 'insert' && b.columns === undefined && b.table.database === 'db');
  });

  it('parses SHOW, DESCRIBE and MSCK forms', () => {
    assert.deepEqual(parseStatement(`SHOW TABLES IN db 'ev*'`), { kind: 'showTables', database: 'db', pattern: 'ev*' });
    assert.deepEqual(parseStatement('SHOW SCHEMAS'), { kind: 'showDatabases' });
    assert.equal(parseStatement('SHOW PARTITIONS db.t').kind, 'showPartitions');
    assert.equal(parseStatement('SHOW COLUMNS IN t').kind, 'showColumns');
    assert.equal(parseStatement('DESCRIBE FORMATTED db.t').kind, 'describe');
    assert.equal(parseStatement('SHOW CREATE TABLE t').kind, 'showCreateTable');
    assert.deepEqual(parseStatement(`SHOW TBLPROPERTIES t ('a')`), { kind: 'showTableProperties', table: { name: 't', position: 19 }, property: 'a' });
    assert.equal(parseStatement('MSCK REPAIR TABLE "db"."t"').kind, 'repairTable');
  });

  it('parses ALTER TABLE ADD/DROP PARTITION, SET TBLPROPERTIES, ADD COLUMNS and SET LOCATION', () => {
    const add = parseStatement(`ALTER TABLE t ADD IF NOT EXISTS PARTITION (dt = '2024-01-01', hour = 5) LOCATION 's3://b/x/' PARTITION (dt='2024-01-02', hour=6)`);
    assert.ok(add.kind === 'addPartitions');
    if (add.kind !== 'addPartitions') return;
    assert.equal(add.ifNotExists, true);
    assert.deepEqual(add.partitions, [
      { values: [['dt', '2024-01-01'], ['hour', '5']], location: 's3://b/x/' },
      { values: [['dt', '2024-01-02'], ['hour', '6']] },
    ]);
    assert.equal(parseStatement(`ALTER TABLE t DROP PARTITION (dt='a'), PARTITION (dt='b')`).kind, 'dropPartitions');
    assert.equal(parseStatement(`ALTER TABLE t SET TBLPROPERTIES ('k'='v')`).kind, 'setTableProperties');
    assert.equal(parseStatement(`ALTER TABLE t ADD COLUMNS (c string)`).kind, 'addColumns');
    assert.equal(parseStatement(`ALTER TABLE t SET LOCATION 's3://b/y/'`).kind, 'setLocation');
  });

  it('parses PREPARE, EXECUTE … USING and DEALLOCATE PREPARE', () => {
    const sql = `EXECUTE my_q USING 'a', 1 + 2`;
    const e = parseStatement(sql);
    assert.ok(e.kind === 'execute');
    if (e.kind !== 'execute') return;
    assert.deepEqual(
      e.parameters.map((p) => sql.slice(p.start, p.end)),
      ["'a'", '1 + 2'],
    );
    const p = parseStatement('PREPARE my_q FROM SELECT * FROM t WHERE x = ?');
    assert.ok(p.kind === 'prepare' && p.name === 'my_q');
    assert.deepEqual(parseStatement('DEALLOCATE PREPARE my_q'), { kind: 'deallocate', name: 'my_q' });
  });

  it('parses CREATE [OR REPLACE] VIEW with COMMENT and SECURITY, the query left as text', () => {
    const sql = `CREATE OR REPLACE VIEW "shop"."v-1" COMMENT 'daily' SECURITY INVOKER AS (SELECT a FROM t) UNION ALL SELECT b FROM u;`;
    const s = parseStatement(sql);
    assert.ok(s.kind === 'createView');
    if (s.kind !== 'createView') return;
    assert.deepEqual(s.view, { database: 'shop', name: 'v-1', position: 23 });
    assert.equal(s.replace, true);
    assert.equal(s.comment, 'daily');
    assert.equal(s.security, 'INVOKER');
    assert.equal(sql.slice(s.query.start, s.query.end), '(SELECT a FROM t) UNION ALL SELECT b FROM u');
    assert.deepEqual(statementTypes(s.kind), { type: 'DDL', subtype: 'CREATE_VIEW' });
    const plain = parseStatement('CREATE VIEW v AS WITH x AS (SELECT 1) SELECT * FROM x');
    assert.ok(plain.kind === 'createView' && !plain.replace && plain.security === undefined && plain.view.database === undefined);
    // OR REPLACE is for views only; a view needs a query
    assert.throws(() => parseStatement('CREATE OR REPLACE TABLE t AS SELECT 1'), (e: unknown) => e instanceof SqlError && /Expecting 'VIEW'/.test(e.detail) && e.position === 18);
    assert.throws(() => parseStatement('CREATE VIEW v AS DROP TABLE t'), (e: unknown) => e instanceof SqlError && e.errorName === 'SYNTAX_ERROR' && e.position === 17);
    assert.throws(() => parseStatement('CREATE VIEW v SECURITY NOBODY AS SELECT 1'), (e: unknown) => e instanceof SqlError && /DEFINER/.test(e.detail));
  });

  it('parses DROP VIEW, SHOW VIEWS and SHOW CREATE VIEW', () => {
    assert.deepEqual(parseStatement('DROP VIEW IF EXISTS db.v'), { kind: 'dropView', view: { database: 'db', name: 'v', position: 20 }, ifExists: true });
    assert.deepEqual(parseStatement('DROP VIEW v'), { kind: 'dropView', view: { name: 'v', position: 10 }, ifExists: false });
    assert.deepEqual(parseStatement(`SHOW VIEWS IN marketing LIKE 'orders*'`), { kind: 'showViews', database: 'marketing', pattern: 'orders*' });
    assert.deepEqual(parseStatement('SHOW VIEWS'), { kind: 'showViews' });
    assert.deepEqual(parseStatement('SHOW CREATE VIEW awsdatacatalog.db.v'), { kind: 'showCreateView', view: { database: 'db', name: 'v', position: 17 } });
    assert.deepEqual(statementTypes('showViews'), { type: 'UTILITY', subtype: 'SHOW_VIEWS' });
    assert.deepEqual(statementTypes('dropView'), { type: 'DDL', subtype: 'DROP_VIEW' });
  });

  it('parses UNLOAD (query) TO location WITH (properties): the query is the text inside the parentheses', () => {
    const sql = `UNLOAD (SELECT a, f(b) AS c FROM t WHERE x IN (1, 2)) TO 's3://bucket/out/' WITH (format = 'PARQUET', compression = 'SNAPPY', partitioned_by = ARRAY['c'])`;
    const s = parseStatement(sql);
    assert.ok(s.kind === 'unload');
    if (s.kind !== 'unload') return;
    assert.equal(sql.slice(s.query.start, s.query.end), 'SELECT a, f(b) AS c FROM t WHERE x IN (1, 2)');
    assert.equal(s.location, 's3://bucket/out/');
    assert.deepEqual(s.properties, { format: 'PARQUET', compression: 'SNAPPY', partitioned_by: ['c'] });
    assert.deepEqual(statementTypes(s.kind), { type: 'DML', subtype: 'UNLOAD' });
    const bare = parseStatement(`UNLOAD (WITH q AS (SELECT 1) SELECT * FROM q) TO 's3://b/p/'`);
    assert.ok(bare.kind === 'unload' && Object.keys(bare.properties).length === 0);
    assert.throws(() => parseStatement(`UNLOAD (SELECT 1 TO 's3://b/'`), (e: unknown) => e instanceof SqlError && /Expecting: '\)'/.test(e.detail) && e.position === 7);
    assert.throws(() => parseStatement(`UNLOAD (SELECT 1) 's3://b/'`), (e: unknown) => e instanceof SqlError && /Expecting 'TO'/.test(e.detail));
    assert.throws(() => parseStatement(`UNLOAD (SELECT 1) TO s3`), (e: unknown) => e instanceof SqlError && /string literal/.test(e.detail));
    assert.throws(() => parseStatement(`UNLOAD (DROP TABLE t) TO 's3://b/'`), (e: unknown) => e instanceof SqlError && e.position === 8);
  });

  it('says what it expected and where', () => {
    assert.throws(
      () => parseStatement('SHOW TABLEZ'),
      (e: unknown) => e instanceof SqlError && e.position === 5 && /mismatched input 'TABLEZ'/.test(e.detail),
    );
    assert.throws(() => parseStatement('FROB x'), (e: unknown) => e instanceof SqlError && e.position === 0);
  });
});
