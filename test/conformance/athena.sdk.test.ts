import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AthenaClient,
  BatchGetNamedQueryCommand,
  BatchGetPreparedStatementCommand,
  BatchGetQueryExecutionCommand,
  CreateNamedQueryCommand,
  CreatePreparedStatementCommand,
  CreateWorkGroupCommand,
  DeleteNamedQueryCommand,
  DeletePreparedStatementCommand,
  DeleteWorkGroupCommand,
  GetDatabaseCommand,
  GetNamedQueryCommand,
  GetPreparedStatementCommand,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetTableMetadataCommand,
  GetWorkGroupCommand,
  ListDatabasesCommand,
  ListNamedQueriesCommand,
  ListPreparedStatementsCommand,
  ListQueryExecutionsCommand,
  ListTableMetadataCommand,
  ListWorkGroupsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  UpdateWorkGroupCommand,
  paginateGetQueryResults,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { closeParquetWriter, putParquet } from '../../src/engines/query/testing/parquetObjects.js';
import { TEST_CREDENTIALS } from '../helpers/awsCli.js';
import { LAB_CATALOG } from '../helpers/labCatalog.js';
import { startServer, type InProcessServer } from '../helpers/server.js';

const CONFIG = `
region: eu-west-1
streams:
  - name: clicks
    shardCount: 1
buckets:
  - name: events-dev-blog
  - name: query-output-dev-blog
query:
  maxConcurrentQueries: 2
  maxQueuedQueries: 2
  compaction:
    enabled: false
${LAB_CATALOG}`;

const DB = 'video-analytics-dev-blog';
const OUTPUT = 's3://query-output-dev-blog/';
const ENDLESS = 'SELECT sum(a.x * b.x) FROM range(100000000) a(x), range(100000000) b(x)';

async function rejectsCode(p: Promise<unknown>, code: string, message?: RegExp) {
  await assert.rejects(p, (e: Error & { name: string; $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.name, code, e.message);
    assert.equal(e.$metadata?.httpStatusCode, 400);
    if (message) assert.match(e.message, message);
    return true;
  });
}

describe('Athena conformance: AWS SDK v3', () => {
  let server: InProcessServer;
  let athena: AthenaClient;

  /** Starts a query and polls GetQueryExecution until it is done, as the lab's functions do. */
  async function run(query: string, extra: Partial<ConstructorParameters<typeof StartQueryExecutionCommand>[0]> = {}): Promise<QueryExecution> {
    const { QueryExecutionId } = await athena.send(new StartQueryExecutionCommand({ QueryString: query, ResultConfiguration: { OutputLocation: OUTPUT }, ...extra }));
    for (;;) {
      const { QueryExecution } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId }));
      if (!['QUEUED', 'RUNNING'].includes(QueryExecution!.Status!.State!)) return QueryExecution!;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  before(async () => {
    server = await startServer(CONFIG);
    athena = new AthenaClient({ endpoint: server.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const lake = server.app.engines.lake!;
    await putParquet(
      lake,
      'events-dev-blog',
      '2020/10/10/08/events-stream-dev-blog-1-2020-10-10-08-00-00-a.parquet',
      `SELECT i::VARCHAR AS id, 'user-' || (i % 4) AS userId, CASE WHEN i % 3 = 0 THEN 'hls' ELSE 'dash' END AS format, TIMESTAMP '2020-10-10 08:00:00' + to_seconds(i) AS timestamp FROM range(2500) t(i)`,
    );
  });
  after(async () => {
    athena.destroy();
    await server.stop();
    await closeParquetWriter();
  });

  it('StartQueryExecution → GetQueryExecution: SUCCEEDED with statistics and the output location', async () => {
    const q = await run(`SELECT count(*) AS views FROM "${DB}"."events-dev-blog"`);
    assert.equal(q.Status!.State, 'SUCCEEDED');
    assert.equal(q.StatementType, 'DML');
    assert.equal(q.SubstatementType, 'SELECT');
    assert.equal(q.WorkGroup, 'primary');
    assert.equal(q.ResultConfiguration!.OutputLocation, `${OUTPUT}${q.QueryExecutionId}.csv`);
    assert.ok(q.Status!.SubmissionDateTime instanceof Date);
    assert.ok(q.Status!.CompletionDateTime instanceof Date);
    assert.ok(q.Statistics!.DataScannedInBytes! > 0);
    assert.equal(typeof q.Statistics!.EngineExecutionTimeInMillis, 'number');
    assert.equal(typeof q.Statistics!.TotalExecutionTimeInMillis, 'number');
    assert.equal(q.EngineVersion!.EffectiveEngineVersion, 'Athena engine version 3');
  });

  it('GetQueryResults: header row first, strings everywhere, NULL without a value, ColumnInfo with Athena types', async () => {
    const q = await run(`SELECT userid, count(*) AS views, NULL AS nothing, avg(1.5) AS avg FROM "${DB}"."events-dev-blog" GROUP BY userid ORDER BY userid LIMIT 2`);
    const r = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
    assert.deepEqual(r.ResultSet!.Rows![0], { Data: [{ VarCharValue: 'userid' }, { VarCharValue: 'views' }, { VarCharValue: 'nothing' }, { VarCharValue: 'avg' }] });
    assert.deepEqual(r.ResultSet!.Rows![1], { Data: [{ VarCharValue: 'user-0' }, { VarCharValue: '625' }, {}, { VarCharValue: '1.5' }] });
    const info = r.ResultSet!.ResultSetMetadata!.ColumnInfo!;
    assert.deepEqual(
      info.map((c) => [c.Name, c.Type, c.Nullable]),
      [
        ['userid', 'varchar', 'UNKNOWN'],
        ['views', 'bigint', 'UNKNOWN'],
        ['nothing', 'integer', 'UNKNOWN'],
        ['avg', 'double', 'UNKNOWN'],
      ],
    );
    assert.equal(info[0]!.Precision, 2147483647);
    assert.equal(info[0]!.CaseSensitive, true);
    assert.equal(r.UpdateCount, 0);
    assert.equal(r.NextToken, undefined);
  });

  it('GetQueryResults pages with MaxResults and NextToken; the header is on the first page only', async () => {
    const q = await run(`SELECT id FROM "${DB}"."events-dev-blog" ORDER BY CAST(id AS integer)`);
    const first = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId, MaxResults: 1000 }));
    assert.equal(first.ResultSet!.Rows!.length, 1000);
    assert.equal(first.ResultSet!.Rows![0]!.Data![0]!.VarCharValue, 'id');
    assert.ok(first.NextToken);
    const ids: string[] = [];
    for await (const page of paginateGetQueryResults({ client: athena, pageSize: 1000 }, { QueryExecutionId: q.QueryExecutionId })) {
      ids.push(...page.ResultSet!.Rows!.map((row) => row.Data![0]!.VarCharValue!));
    }
    assert.equal(ids.length, 2501);
    assert.equal(ids[0], 'id');
    assert.deepEqual(ids.slice(1, 4), ['0', '1', '2']);
    assert.equal(ids[2500], '2499');
    await rejectsCode(athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId, MaxResults: 1001 })), 'InvalidRequestException', /maxResults/);
    await rejectsCode(athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId, NextToken: 'garbage' })), 'InvalidRequestException', /NextToken/);
  });

  it('FAILED queries carry StateChangeReason and AthenaError; their results are refused', async () => {
    const q = await run(`SELECT * FROM "${DB}"."no-such-table"`);
    assert.equal(q.Status!.State, 'FAILED');
    assert.equal(q.Status!.StateChangeReason, `TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.${DB}.no-such-table' does not exist`);
    assert.deepEqual(q.Status!.AthenaError, { ErrorCategory: 2, ErrorType: 1000, Retryable: false, ErrorMessage: q.Status!.StateChangeReason });
    await rejectsCode(athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId })), 'InvalidRequestException', /Query did not finish successfully/);
    const syntax = await run('SELECT * FROM WHERE');
    assert.match(syntax.Status!.StateChangeReason!, /^SYNTAX_ERROR: line 1:15: /);
  });

  it('refuses bad requests with InvalidRequestException', async () => {
    await rejectsCode(athena.send(new GetQueryExecutionCommand({ QueryExecutionId: 'does-not-exist' })), 'InvalidRequestException', /QueryExecution does-not-exist was not found/);
    await rejectsCode(athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', ClientRequestToken: 'short' })), 'InvalidRequestException', /clientRequestToken/);
    await rejectsCode(athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', WorkGroup: 'nope' })), 'InvalidRequestException', /WorkGroup nope is not found/);
    await rejectsCode(
      athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', ResultConfiguration: { OutputLocation: 's3://no-such-bucket/' } })),
      'InvalidRequestException',
      /Unable to verify\/create output bucket no-such-bucket/,
    );
  });

  it('QueryExecutionContext picks the database; ExecutionParameters fill the ?s', async () => {
    const q = await run(`SELECT count(*) FROM "events-dev-blog" WHERE userid = ? AND format = ?`, {
      QueryExecutionContext: { Database: DB },
      ExecutionParameters: ["'user-1'", "'hls'"],
    });
    assert.equal(q.Status!.State, 'SUCCEEDED', q.Status!.StateChangeReason);
    assert.deepEqual(q.ExecutionParameters, ["'user-1'", "'hls'"]);
    assert.equal(q.QueryExecutionContext!.Database, DB);
    const r = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
    assert.equal(r.ResultSet!.Rows![1]!.Data![0]!.VarCharValue, '208');
  });

  it('a repeated ClientRequestToken returns the same QueryExecutionId', async () => {
    const token = 'lab-report-2020-10-10-0000000000000001';
    const a = await athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 7', ClientRequestToken: token, ResultConfiguration: { OutputLocation: OUTPUT } }));
    const b = await athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 7', ClientRequestToken: token, ResultConfiguration: { OutputLocation: OUTPUT } }));
    assert.equal(a.QueryExecutionId, b.QueryExecutionId);
    await server.app.engines.query!.whenFinished(a.QueryExecutionId!);
    await rejectsCode(
      athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 8', ClientRequestToken: token, ResultConfiguration: { OutputLocation: OUTPUT } })),
      'InvalidRequestException',
    );
  });

  it('ResultReuseConfiguration: a repeated query answers with the earlier result, within its age, work group and output folder', async () => {
    const sql = `SELECT format, count(*) AS views FROM "${DB}"."events-dev-blog" GROUP BY format ORDER BY format`;
    const reuse = { ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 5 } } };
    const rows = async (id: string) => (await athena.send(new GetQueryResultsCommand({ QueryExecutionId: id }))).ResultSet!.Rows!.map((r) => r.Data!.map((d) => d.VarCharValue));
    const first = await run(sql, reuse);
    assert.equal(first.Statistics!.ResultReuseInformation!.ReusedPreviousResult, false);
    assert.deepEqual(first.ResultReuseConfiguration, { ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 5 } });
    assert.ok(first.Statistics!.DataScannedInBytes! > 0);

    const second = await run(sql, reuse);
    assert.notEqual(second.QueryExecutionId, first.QueryExecutionId);
    assert.equal(second.Status!.State, 'SUCCEEDED');
    assert.equal(second.Statistics!.ResultReuseInformation!.ReusedPreviousResult, true);
    assert.equal(second.Statistics!.DataScannedInBytes, 0);
    assert.equal(second.ResultConfiguration!.OutputLocation, first.ResultConfiguration!.OutputLocation, 'points at the earlier result');
    assert.deepEqual(await rows(second.QueryExecutionId!), await rows(first.QueryExecutionId!));

    // not reused: reuse not asked for, another text, another output folder, a non-deterministic function
    const plain = await run(sql);
    assert.equal(plain.Statistics!.ResultReuseInformation!.ReusedPreviousResult, false);
    assert.equal((await run(`${sql} `, reuse)).Statistics!.ResultReuseInformation!.ReusedPreviousResult, false);
    assert.equal((await run(sql, { ...reuse, ResultConfiguration: { OutputLocation: `${OUTPUT}elsewhere/` } })).Statistics!.ResultReuseInformation!.ReusedPreviousResult, false);
    const clock = 'SELECT count(*), now() FROM "video-analytics-dev-blog"."events-dev-blog"';
    await run(clock, reuse);
    assert.equal((await run(clock, reuse)).Statistics!.ResultReuseInformation!.ReusedPreviousResult, false);

    // the newest result still there is reused; once every earlier result is gone, the query runs again
    assert.equal((await run(sql, reuse)).ResultConfiguration!.OutputLocation, plain.ResultConfiguration!.OutputLocation);
    for (const q of [first, plain]) {
      const at = q.ResultConfiguration!.OutputLocation!.replace('s3://', '');
      await server.app.engines.lake!.deleteObject(at.slice(0, at.indexOf('/')), at.slice(at.indexOf('/') + 1));
    }
    const rerun = await run(sql, reuse);
    assert.equal(rerun.Statistics!.ResultReuseInformation!.ReusedPreviousResult, false);
    assert.equal(rerun.ResultConfiguration!.OutputLocation, `${OUTPUT}${rerun.QueryExecutionId}.csv`);

    await rejectsCode(
      athena.send(new StartQueryExecutionCommand({ QueryString: sql, ResultConfiguration: { OutputLocation: OUTPUT }, ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 10081 } } })),
      'InvalidRequestException',
    );
  });

  it('StopQueryExecution cancels; ListQueryExecutions and BatchGetQueryExecution see it', async () => {
    const { QueryExecutionId } = await athena.send(new StartQueryExecutionCommand({ QueryString: ENDLESS, ResultConfiguration: { OutputLocation: OUTPUT } }));
    await athena.send(new StopQueryExecutionCommand({ QueryExecutionId }));
    const { QueryExecution } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId }));
    assert.equal(QueryExecution!.Status!.State, 'CANCELLED');
    const list = await athena.send(new ListQueryExecutionsCommand({ MaxResults: 2 }));
    assert.equal(list.QueryExecutionIds![0], QueryExecutionId);
    assert.equal(list.QueryExecutionIds!.length, 2);
    assert.ok(list.NextToken);
    const next = await athena.send(new ListQueryExecutionsCommand({ MaxResults: 2, NextToken: list.NextToken }));
    assert.ok(!next.QueryExecutionIds!.includes(QueryExecutionId!));
    const batch = await athena.send(new BatchGetQueryExecutionCommand({ QueryExecutionIds: [QueryExecutionId!, 'nope'] }));
    assert.equal(batch.QueryExecutions![0]!.Status!.State, 'CANCELLED');
    assert.deepEqual(batch.UnprocessedQueryExecutionIds, [{ QueryExecutionId: 'nope', ErrorCode: 'INVALID_INPUT', ErrorMessage: 'QueryExecution nope was not found' }]);
  });

  it('queues beyond the concurrency limit and answers TooManyRequestsException beyond the queue', async () => {
    const ids: string[] = [];
    try {
      for (let i = 0; i < 4; i++) ids.push((await athena.send(new StartQueryExecutionCommand({ QueryString: ENDLESS, ResultConfiguration: { OutputLocation: OUTPUT } }))).QueryExecutionId!);
      const states = await Promise.all(ids.map(async (id) => (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution!.Status!.State));
      assert.deepEqual(states.slice(2), ['QUEUED', 'QUEUED']);
      await rejectsCode(athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', ResultConfiguration: { OutputLocation: OUTPUT } })), 'TooManyRequestsException');
    } finally {
      for (const id of ids) await athena.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
    }
  });

  it('a running query does not hold up ingestion: PutRecords is answered while it runs', async () => {
    const kinesis = new KinesisClient({ endpoint: server.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const { QueryExecutionId } = await athena.send(new StartQueryExecutionCommand({ QueryString: ENDLESS, ResultConfiguration: { OutputLocation: OUTPUT } }));
    try {
      for (let i = 0; i < 20; i++) {
        const r = await kinesis.send(new PutRecordsCommand({ StreamName: 'clicks', Records: Array.from({ length: 50 }, (_, j) => ({ PartitionKey: `k${j}`, Data: Buffer.from(`{"n":${i * 50 + j}}`) })) }));
        assert.equal(r.FailedRecordCount, 0);
      }
      const { QueryExecution } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId }));
      assert.equal(QueryExecution!.Status!.State, 'RUNNING');
    } finally {
      await athena.send(new StopQueryExecutionCommand({ QueryExecutionId }));
      kinesis.destroy();
    }
  });

  it('DDL runs through the API: CREATE EXTERNAL TABLE, SHOW TABLES (no header row), DESCRIBE', async () => {
    const created = await run(`CREATE EXTERNAL TABLE "${DB}".views (userid string, n bigint) STORED AS PARQUET LOCATION 's3://events-dev-blog/views/'`);
    assert.equal(created.Status!.State, 'SUCCEEDED', created.Status!.StateChangeReason);
    assert.equal(created.StatementType, 'DDL');
    assert.equal(created.ResultConfiguration!.OutputLocation, `${OUTPUT}${created.QueryExecutionId}.txt`);
    const shown = await run(`SHOW TABLES IN "${DB}"`);
    assert.equal(shown.StatementType, 'UTILITY');
    const r = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: shown.QueryExecutionId }));
    assert.deepEqual(
      r.ResultSet!.Rows!.map((row) => row.Data![0]!.VarCharValue),
      ['events-dev-blog', 'views'],
    );
    assert.deepEqual(
      r.ResultSet!.ResultSetMetadata!.ColumnInfo!.map((c) => [c.Name, c.Type]),
      [['tab_name', 'string']],
    );
  });

  it('work groups: primary exists; create, get, update, list, delete', async () => {
    assert.equal((await athena.send(new GetWorkGroupCommand({ WorkGroup: 'primary' }))).WorkGroup!.State, 'ENABLED');
    await athena.send(
      new CreateWorkGroupCommand({ Name: 'reports', Description: 'monthly', Configuration: { ResultConfiguration: { OutputLocation: 's3://query-output-dev-blog/reports/' }, EnforceWorkGroupConfiguration: true } }),
    );
    await rejectsCode(athena.send(new CreateWorkGroupCommand({ Name: 'reports' })), 'InvalidRequestException', /already created/);
    const q = await run('SELECT 1', { WorkGroup: 'reports' });
    assert.equal(q.ResultConfiguration!.OutputLocation, `s3://query-output-dev-blog/reports/${q.QueryExecutionId}.csv`);
    await athena.send(new UpdateWorkGroupCommand({ WorkGroup: 'reports', Description: 'weekly', State: 'DISABLED' }));
    const wg = (await athena.send(new GetWorkGroupCommand({ WorkGroup: 'reports' }))).WorkGroup!;
    assert.equal(wg.Description, 'weekly');
    assert.equal(wg.State, 'DISABLED');
    await rejectsCode(athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', WorkGroup: 'reports' })), 'InvalidRequestException', /disabled/);
    const names = (await athena.send(new ListWorkGroupsCommand({}))).WorkGroups!.map((w) => w.Name);
    assert.deepEqual(names, ['primary', 'reports']);
    await rejectsCode(athena.send(new DeleteWorkGroupCommand({ WorkGroup: 'primary' })), 'InvalidRequestException');
    await athena.send(new DeleteWorkGroupCommand({ WorkGroup: 'reports' }));
    await rejectsCode(athena.send(new GetWorkGroupCommand({ WorkGroup: 'reports' })), 'InvalidRequestException', /is not found/);
  });

  it('named queries: create (idempotent), get, list, batch get, delete', async () => {
    const token = 'named-query-token-000000000000000001';
    const { NamedQueryId } = await athena.send(new CreateNamedQueryCommand({ Name: 'views per user', Database: DB, QueryString: 'SELECT 1', ClientRequestToken: token }));
    const again = await athena.send(new CreateNamedQueryCommand({ Name: 'views per user', Database: DB, QueryString: 'SELECT 1', ClientRequestToken: token }));
    assert.equal(again.NamedQueryId, NamedQueryId);
    const got = (await athena.send(new GetNamedQueryCommand({ NamedQueryId }))).NamedQuery!;
    assert.deepEqual([got.Name, got.Database, got.QueryString, got.WorkGroup], ['views per user', DB, 'SELECT 1', 'primary']);
    assert.deepEqual((await athena.send(new ListNamedQueriesCommand({}))).NamedQueryIds, [NamedQueryId]);
    const batch = await athena.send(new BatchGetNamedQueryCommand({ NamedQueryIds: [NamedQueryId!, 'missing'] }));
    assert.equal(batch.NamedQueries!.length, 1);
    assert.equal(batch.UnprocessedNamedQueryIds![0]!.NamedQueryId, 'missing');
    await athena.send(new DeleteNamedQueryCommand({ NamedQueryId }));
    await rejectsCode(athena.send(new GetNamedQueryCommand({ NamedQueryId })), 'InvalidRequestException');
  });

  it('prepared statements: create, get, list, batch get, EXECUTE … USING, delete (ResourceNotFoundException after)', async () => {
    await athena.send(
      new CreatePreparedStatementCommand({ StatementName: 'views_of', WorkGroup: 'primary', QueryStatement: `SELECT count(*) FROM "${DB}"."events-dev-blog" WHERE userid = ?` }),
    );
    await rejectsCode(athena.send(new CreatePreparedStatementCommand({ StatementName: 'views_of', WorkGroup: 'primary', QueryStatement: 'SELECT 1' })), 'InvalidRequestException');
    const got = (await athena.send(new GetPreparedStatementCommand({ StatementName: 'views_of', WorkGroup: 'primary' }))).PreparedStatement!;
    assert.equal(got.WorkGroupName, 'primary');
    assert.deepEqual((await athena.send(new ListPreparedStatementsCommand({ WorkGroup: 'primary' }))).PreparedStatements!.map((p) => p.StatementName), ['views_of']);
    const batch = await athena.send(new BatchGetPreparedStatementCommand({ WorkGroup: 'primary', PreparedStatementNames: ['views_of', 'nope'] }));
    assert.equal(batch.PreparedStatements!.length, 1);
    const q = await run(`EXECUTE views_of USING 'user-2'`);
    assert.equal(q.Status!.State, 'SUCCEEDED', q.Status!.StateChangeReason);
    const r = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
    assert.equal(r.ResultSet!.Rows![1]!.Data![0]!.VarCharValue, '625');
    await athena.send(new DeletePreparedStatementCommand({ StatementName: 'views_of', WorkGroup: 'primary' }));
    await assert.rejects(athena.send(new GetPreparedStatementCommand({ StatementName: 'views_of', WorkGroup: 'primary' })), (e: Error) => e.name === 'ResourceNotFoundException');
  });

  it('metadata: ListDatabases, GetDatabase, ListTableMetadata, GetTableMetadata (MetadataException when missing)', async () => {
    const dbs = await athena.send(new ListDatabasesCommand({ CatalogName: 'AwsDataCatalog' }));
    assert.ok(dbs.DatabaseList!.some((d) => d.Name === DB));
    assert.equal((await athena.send(new GetDatabaseCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: DB }))).Database!.Name, DB);
    const tables = await athena.send(new ListTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: DB }));
    assert.ok(tables.TableMetadataList!.some((t) => t.Name === 'events-dev-blog'));
    const t = (await athena.send(new GetTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: DB, TableName: 'events-dev-blog' }))).TableMetadata!;
    assert.deepEqual(
      t.Columns!.map((c) => [c.Name, c.Type]),
      [
        ['id', 'string'],
        ['userid', 'string'],
        ['format', 'string'],
        ['timestamp', 'timestamp'],
      ],
    );
    await assert.rejects(athena.send(new GetTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: DB, TableName: 'nope' })), (e: Error) => e.name === 'MetadataException');
  });
});
