import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetTableMetadataCommand,
  StartQueryExecutionCommand,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import { BatchCreatePartitionCommand, CreateDatabaseCommand, CreateTableCommand, GetTableCommand, GlueClient } from '@aws-sdk/client-glue';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { closeParquetWriter, putParquet } from '../../src/engines/query/testing/parquetObjects.js';
import { TEST_CREDENTIALS } from '../helpers/awsCli.js';
import { startServer, type InProcessServer } from '../helpers/server.js';

const CONFIG = `
region: eu-west-1
buckets:
  - name: lake
  - name: exports
  - name: results
query:
  compaction:
    enabled: false
`;
const OUTPUT = 's3://results/';
const DB = 'shop';
const PARQUET_SD = {
  InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
};

/** Athena views (CREATE VIEW … stored in Glue as Athena stores them) and UNLOAD, through the AWS SDK. */
describe('Athena conformance: views and UNLOAD (AWS SDK v3)', () => {
  let server: InProcessServer;
  let athena: AthenaClient;
  let glue: GlueClient;
  let s3: S3Client;

  async function run(query: string): Promise<QueryExecution> {
    const { QueryExecutionId } = await athena.send(
      new StartQueryExecutionCommand({ QueryString: query, QueryExecutionContext: { Database: DB }, ResultConfiguration: { OutputLocation: OUTPUT } }),
    );
    for (;;) {
      const { QueryExecution } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId }));
      if (!['QUEUED', 'RUNNING'].includes(QueryExecution!.Status!.State!)) return QueryExecution!;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  async function succeeded(query: string): Promise<QueryExecution> {
    const q = await run(query);
    assert.equal(q.Status!.State, 'SUCCEEDED', `${query}: ${q.Status!.StateChangeReason}`);
    return q;
  }
  /** The values of a query's rows (the header row of DML results left out). */
  async function rows(query: string): Promise<string[][]> {
    const q = await succeeded(query);
    const r = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
    const all = r.ResultSet!.Rows!.map((row) => row.Data!.map((d) => d.VarCharValue ?? 'NULL'));
    return q.StatementType === 'DML' ? all.slice(1) : all;
  }
  async function failed(query: string): Promise<string> {
    const q = await run(query);
    assert.equal(q.Status!.State, 'FAILED', `${query} should fail`);
    assert.equal(q.Status!.AthenaError!.ErrorMessage, q.Status!.StateChangeReason);
    return q.Status!.StateChangeReason!;
  }
  async function keys(bucket: string, prefix: string): Promise<string[]> {
    const r = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    return (r.Contents ?? []).map((o) => o.Key!).sort();
  }
  async function object(uri: string): Promise<Buffer> {
    const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri)!;
    const r = await s3.send(new GetObjectCommand({ Bucket: m[1], Key: m[2] }));
    return Buffer.from(await r.Body!.transformToByteArray());
  }

  before(async () => {
    server = await startServer(CONFIG);
    const endpoint = { endpoint: server.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 };
    athena = new AthenaClient(endpoint);
    glue = new GlueClient(endpoint);
    s3 = new S3Client({ ...endpoint, forcePathStyle: true });
    const lake = server.app.engines.lake!;
    for (const [dt, first] of [
      ['2024-01-01', 0],
      ['2024-01-02', 100],
    ] as const) {
      await putParquet(lake, 'lake', `orders/dt=${dt}/part-0.parquet`, `SELECT (i + ${first})::BIGINT AS id, 'u' || (i % 3) AS userid, (i * 10)::DOUBLE AS amount FROM range(10) t(i)`);
    }
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: DB } }));
    await glue.send(
      new CreateTableCommand({
        DatabaseName: DB,
        TableInput: {
          Name: 'orders',
          TableType: 'EXTERNAL_TABLE',
          StorageDescriptor: {
            ...PARQUET_SD,
            Location: 's3://lake/orders/',
            Columns: [
              { Name: 'id', Type: 'bigint' },
              { Name: 'userid', Type: 'string' },
              { Name: 'amount', Type: 'double' },
            ],
          },
          PartitionKeys: [{ Name: 'dt', Type: 'string' }],
        },
      }),
    );
    await glue.send(
      new BatchCreatePartitionCommand({
        DatabaseName: DB,
        TableName: 'orders',
        PartitionInputList: ['2024-01-01', '2024-01-02'].map((dt) => ({ Values: [dt], StorageDescriptor: { ...PARQUET_SD, Location: `s3://lake/orders/dt=${dt}/` } })),
      }),
    );
  });
  after(async () => {
    athena.destroy();
    glue.destroy();
    s3.destroy();
    await server.stop();
    await closeParquetWriter();
  });

  it('CREATE VIEW, a query over it, a view over the view, CREATE OR REPLACE', async () => {
    const created = await succeeded(`CREATE VIEW big_orders AS SELECT id, userid AS buyer, amount, dt FROM orders WHERE amount >= 50`);
    assert.equal(created.StatementType, 'DDL');
    assert.equal(created.SubstatementType, 'CREATE_VIEW');
    assert.deepEqual(await rows(`SELECT buyer, count(*) AS n FROM big_orders WHERE dt = '2024-01-02' GROUP BY buyer ORDER BY buyer`), [
      ['u0', '2'],
      ['u1', '1'],
      ['u2', '2'],
    ]);
    // the view's filter on dt still prunes: one partition's bytes, as the same query on the table
    const onView = await succeeded(`SELECT count(*) FROM big_orders WHERE dt = '2024-01-02'`);
    const onTable = await succeeded(`SELECT count(*) FROM orders WHERE dt = '2024-01-02'`);
    assert.ok(onView.Statistics!.DataScannedInBytes! > 0);
    assert.equal(onView.Statistics!.DataScannedInBytes, onTable.Statistics!.DataScannedInBytes);

    await succeeded(`CREATE VIEW buyer_totals AS SELECT buyer, sum(amount) AS total, count(*) AS orders FROM big_orders GROUP BY buyer`);
    assert.deepEqual(await rows('SELECT * FROM buyer_totals ORDER BY buyer'), [
      ['u0', '300.0', '4'],
      ['u1', '140.0', '2'],
      ['u2', '260.0', '4'],
    ]);
    const result = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: (await succeeded('SELECT * FROM buyer_totals')).QueryExecutionId }));
    assert.deepEqual(
      result.ResultSet!.ResultSetMetadata!.ColumnInfo!.map((c) => [c.Name, c.Type]),
      [
        ['buyer', 'varchar'],
        ['total', 'double'],
        ['orders', 'bigint'],
      ],
    );
    await succeeded(`CREATE OR REPLACE VIEW big_orders AS SELECT id, userid AS buyer, amount, dt FROM orders WHERE amount >= 90`);
    assert.deepEqual(await rows('SELECT * FROM buyer_totals ORDER BY buyer'), [['u0', '180.0', '2']]);
  });

  it('keeps the view in Glue as Athena does: VIRTUAL_VIEW, presto_view, a decodable Presto definition', async () => {
    const { Table } = await glue.send(new GetTableCommand({ DatabaseName: DB, Name: 'buyer_totals' }));
    assert.equal(Table!.TableType, 'VIRTUAL_VIEW');
    assert.deepEqual(Table!.Parameters, { presto_view: 'true', comment: 'Presto View' });
    assert.equal(Table!.ViewExpandedText, '/* Presto View */');
    assert.deepEqual(Table!.PartitionKeys, []);
    assert.equal(Table!.StorageDescriptor!.Location, undefined);
    assert.deepEqual(
      Table!.StorageDescriptor!.Columns!.map((c) => [c.Name, c.Type]),
      [
        ['buyer', 'string'],
        ['total', 'double'],
        ['orders', 'bigint'],
      ],
    );
    const m = /^\/\* Presto View: ([A-Za-z0-9+/=]+) \*\/$/.exec(Table!.ViewOriginalText!);
    assert.ok(m, Table!.ViewOriginalText);
    assert.deepEqual(JSON.parse(Buffer.from(m[1]!, 'base64').toString('utf8')), {
      originalSql: 'SELECT buyer, sum(amount) AS total, count(*) AS orders FROM big_orders GROUP BY buyer',
      catalog: 'awsdatacatalog',
      schema: DB,
      columns: [
        { name: 'buyer', type: 'varchar' },
        { name: 'total', type: 'double' },
        { name: 'orders', type: 'bigint' },
      ],
      runAsInvoker: false,
    });
    // the replaced view is a new table version
    const replaced = await glue.send(new GetTableCommand({ DatabaseName: DB, Name: 'big_orders' }));
    assert.equal(replaced.Table!.VersionId, '1');
    const meta = await athena.send(new GetTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: DB, TableName: 'buyer_totals' }));
    assert.equal(meta.TableMetadata!.TableType, 'VIRTUAL_VIEW');
  });

  it('SHOW VIEWS, SHOW CREATE VIEW, DESCRIBE and SHOW COLUMNS', async () => {
    assert.deepEqual(await rows('SHOW VIEWS'), [['big_orders'], ['buyer_totals']]);
    assert.deepEqual(await rows(`SHOW VIEWS IN ${DB} LIKE 'buyer*'`), [['buyer_totals']]);
    assert.deepEqual(await rows('SHOW CREATE VIEW buyer_totals'), [
      [`CREATE VIEW "${DB}"."buyer_totals" SECURITY DEFINER AS`],
      ['SELECT buyer, sum(amount) AS total, count(*) AS orders FROM big_orders GROUP BY buyer'],
    ]);
    assert.deepEqual(
      (await rows('DESCRIBE buyer_totals')).map((r) => r[0]!.split('\t').map((s) => s.trim())),
      [
        ['buyer', 'string', ''],
        ['total', 'double', ''],
        ['orders', 'bigint', ''],
      ],
    );
    assert.deepEqual(await rows('SHOW COLUMNS IN buyer_totals'), [['buyer'], ['total'], ['orders']]);
  });

  it('runs a view created with Glue CreateTable, as Terraform and CloudFormation users make them', async () => {
    const definition = {
      originalSql: `SELECT userid, count(*) AS n FROM orders WHERE dt = '2024-01-01' GROUP BY userid`,
      catalog: 'awsdatacatalog',
      schema: DB,
      columns: [
        { name: 'userid', type: 'varchar' },
        { name: 'n', type: 'bigint' },
      ],
    };
    await glue.send(
      new CreateTableCommand({
        DatabaseName: DB,
        TableInput: {
          Name: 'daily_users',
          TableType: 'VIRTUAL_VIEW',
          Parameters: { presto_view: 'true' },
          ViewOriginalText: `/* Presto View: ${Buffer.from(JSON.stringify(definition)).toString('base64')} */`,
          StorageDescriptor: {
            // Trino's type names here, as Terraform users often write them: Glue takes any
            Columns: [
              { Name: 'userid', Type: 'varchar' },
              { Name: 'n', Type: 'bigint' },
            ],
            SerdeInfo: { Name: '-', SerializationLibrary: '-' },
          },
          PartitionKeys: [],
        },
      }),
    );
    assert.deepEqual(await rows('SELECT * FROM daily_users ORDER BY userid'), [
      ['u0', '4'],
      ['u1', '3'],
      ['u2', '3'],
    ]);
    assert.ok((await rows('SHOW VIEWS')).some((r) => r[0] === 'daily_users'));
  });

  it('fails as Athena fails: an existing view, an invalid query, a missing view; DROP VIEW removes it from Glue', async () => {
    const exists = await run('CREATE VIEW big_orders AS SELECT 1 AS one');
    assert.equal(exists.Status!.State, 'FAILED');
    assert.equal(exists.Status!.StateChangeReason, `ALREADY_EXISTS: line 1:13: View already exists: 'awsdatacatalog.${DB}.big_orders'`);
    assert.deepEqual({ ...exists.Status!.AthenaError, ErrorMessage: undefined }, { ErrorCategory: 2, ErrorType: 1003, Retryable: false, ErrorMessage: undefined });
    assert.equal(await failed('CREATE VIEW broken AS SELECT missing_column FROM orders'), "COLUMN_NOT_FOUND: line 1:30: Column 'missing_column' cannot be resolved");
    await assert.rejects(glue.send(new GetTableCommand({ DatabaseName: DB, Name: 'broken' })), (e: Error) => e.name === 'EntityNotFoundException');
    assert.equal(await failed('DROP VIEW no_such_view'), `TABLE_NOT_FOUND: line 1:11: View not found: 'awsdatacatalog.${DB}.no_such_view'`);
    await succeeded('DROP VIEW IF EXISTS no_such_view');

    const dropped = await succeeded('DROP VIEW daily_users');
    assert.equal(dropped.SubstatementType, 'DROP_VIEW');
    await assert.rejects(glue.send(new GetTableCommand({ DatabaseName: DB, Name: 'daily_users' })), (e: Error) => e.name === 'EntityNotFoundException');
    assert.match(await failed('SELECT * FROM daily_users'), /^TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog\.shop\.daily_users' does not exist/);
    // a view whose view is gone fails, naming both
    await succeeded('DROP VIEW big_orders');
    assert.match(await failed('SELECT * FROM buyer_totals'), /^TABLE_NOT_FOUND: line 1:15: Failed analyzing stored view 'awsdatacatalog\.shop\.buyer_totals': line 1:\d+: Table 'awsdatacatalog\.shop\.big_orders' does not exist/);
  });

  it('UNLOAD to Parquet with partitioned_by: files under key=value/, a manifest, no rows, the SELECT’s scanned bytes', async () => {
    const q = await succeeded(`UNLOAD (SELECT id, userid, amount, dt FROM orders WHERE amount > 40) TO 's3://exports/parquet/' WITH (format = 'PARQUET', compression = 'SNAPPY', partitioned_by = ARRAY['dt'])`);
    assert.equal(q.StatementType, 'DML');
    assert.equal(q.SubstatementType, 'UNLOAD');
    const select = await succeeded(`SELECT id, userid, amount, dt FROM orders WHERE amount > 40`);
    assert.equal(q.Statistics!.DataScannedInBytes, select.Statistics!.DataScannedInBytes);
    const results = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
    assert.deepEqual(results.ResultSet!.Rows, []);
    assert.equal(results.UpdateCount, 10);
    const written = await keys('exports', 'parquet/');
    assert.deepEqual(
      written.map((k) => k.replace(/[0-9a-f-]{36}_\d+/, 'FILE')),
      ['parquet/dt=2024-01-01/FILE.parquet', 'parquet/dt=2024-01-02/FILE.parquet'],
    );
    assert.equal(q.Statistics!.DataManifestLocation, `${OUTPUT}${q.QueryExecutionId}-manifest.csv`);
    const manifest = (await object(q.Statistics!.DataManifestLocation!)).toString('utf8');
    assert.deepEqual(manifest.trim().split('\n').sort(), written.map((k) => `s3://exports/${k}`));
    // read back through a table over the files
    await succeeded(`CREATE EXTERNAL TABLE unloaded (id bigint, userid string, amount double) PARTITIONED BY (dt string) STORED AS PARQUET LOCATION 's3://exports/parquet/'`);
    await succeeded('MSCK REPAIR TABLE unloaded');
    assert.deepEqual(await rows('SELECT dt, count(*), sum(amount), min(id) FROM unloaded GROUP BY dt ORDER BY dt'), [
      ['2024-01-01', '5', '350.0', '5'],
      ['2024-01-02', '5', '350.0', '105'],
    ]);
  });

  it('UNLOAD to JSON with GZIP writes gzipped JSON lines', async () => {
    const q = await succeeded(`UNLOAD (SELECT id, userid FROM orders WHERE dt = '2024-01-01' AND id < 3 ORDER BY id) TO 's3://exports/json/' WITH (format = 'JSON', compression = 'GZIP')`);
    const written = await keys('exports', 'json/');
    assert.equal(written.length, 1);
    assert.match(written[0]!, /^json\/.+\.json\.gz$/);
    const text = gunzipSync(await object(`s3://exports/${written[0]}`)).toString('utf8');
    assert.deepEqual(text.trim().split('\n').map((l) => JSON.parse(l) as unknown), [
      { id: 0, userid: 'u0' },
      { id: 1, userid: 'u1' },
      { id: 2, userid: 'u2' },
    ]);
    assert.equal((await object(q.Statistics!.DataManifestLocation!)).toString('utf8'), `s3://exports/${written[0]}\n`);
    await succeeded(`CREATE EXTERNAL TABLE unloaded_json (id bigint, userid string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://exports/json/'`);
    assert.deepEqual(await rows('SELECT count(*), max(userid) FROM unloaded_json'), [['3', 'u2']]);
  });

  it('UNLOAD refuses a location that holds data, and ORC', async () => {
    const reason = await failed(`UNLOAD (SELECT id FROM orders) TO 's3://exports/json/' WITH (format = 'JSON')`);
    assert.match(reason, /^HIVE_PATH_ALREADY_EXISTS: Target directory for UNLOAD already exists and is not empty: s3:\/\/exports\/json\//);
    assert.equal((await keys('exports', 'json/')).length, 1);
    assert.match(await failed(`UNLOAD (SELECT id FROM orders) TO 's3://exports/orc/' WITH (format = 'ORC')`), /^NOT_SUPPORTED: UNLOAD format ORC is not supported/);
  });
});
