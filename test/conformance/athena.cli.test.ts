import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { closeParquetWriter, putParquet } from '../../src/engines/query/testing/parquetObjects.js';
import { aws, cliBinary, type CliVersion } from '../helpers/awsCli.js';
import { LAB_CATALOG } from '../helpers/labCatalog.js';
import { startServer, type InProcessServer } from '../helpers/server.js';

const CONFIG = `
region: eu-west-1
buckets:
  - name: events-dev-blog
  - name: query-output-dev-blog
query:
  compaction:
    enabled: false
${LAB_CATALOG}`;

interface Execution {
  QueryExecution: {
    QueryExecutionId: string;
    StatementType: string;
    Status: { State: string; StateChangeReason?: string; AthenaError?: { ErrorCategory: number; ErrorType: number } };
    Statistics: { DataScannedInBytes: number; EngineExecutionTimeInMillis: number; ResultReuseInformation: { ReusedPreviousResult: boolean } };
    ResultConfiguration: { OutputLocation: string };
  };
}

interface Results {
  ResultSet: { Rows: Array<{ Data: Array<{ VarCharValue?: string }> }>; ResultSetMetadata: { ColumnInfo: Array<{ Name: string; Type: string }> } };
  NextToken?: string;
}

let server: InProcessServer;

before(async () => {
  server = await startServer(CONFIG);
  await putParquet(
    server.app.engines.lake!,
    'events-dev-blog',
    '2020/10/10/08/events-stream-dev-blog-1-2020-10-10-08-00-00-a.parquet',
    `SELECT i::VARCHAR AS id, 'user-' || (i % 4) AS userId, 'hls' AS format, TIMESTAMP '2020-10-10 08:00:00' + to_seconds(i) AS timestamp FROM range(1500) t(i)`,
  );
});
after(async () => {
  await server.stop();
  await closeParquetWriter();
});

for (const version of [1, 2] as CliVersion[]) {
  describe(`Athena conformance: AWS CLI v${version}`, { skip: cliBinary(version) ? false : 'AWS CLI v2 not installed' }, () => {
    const athena = (...args: string[]) => aws(version, server.url, ['athena', ...args]);

    async function startAndWait(sql: string, extra: string[] = []): Promise<Execution> {
      const started = await athena('start-query-execution', '--query-string', sql, '--result-configuration', 'OutputLocation=s3://query-output-dev-blog/', ...extra);
      assert.equal(started.code, 0, started.stderr);
      const id = started.json<{ QueryExecutionId: string }>().QueryExecutionId;
      for (;;) {
        const got = await athena('get-query-execution', '--query-execution-id', id);
        assert.equal(got.code, 0, got.stderr);
        const e = got.json<Execution>();
        if (!['QUEUED', 'RUNNING'].includes(e.QueryExecution.Status.State)) return e;
      }
    }

    it('start-query-execution, get-query-execution and get-query-results over the lab’s table', async () => {
      const e = await startAndWait('SELECT userid, count(*) AS views FROM "events-dev-blog" GROUP BY userid ORDER BY userid', ['--query-execution-context', 'Database=video-analytics-dev-blog']);
      assert.equal(e.QueryExecution.Status.State, 'SUCCEEDED', e.QueryExecution.Status.StateChangeReason);
      assert.equal(e.QueryExecution.StatementType, 'DML');
      assert.equal(e.QueryExecution.ResultConfiguration.OutputLocation, `s3://query-output-dev-blog/${e.QueryExecution.QueryExecutionId}.csv`);
      assert.ok(e.QueryExecution.Statistics.DataScannedInBytes > 0);
      const r = await athena('get-query-results', '--query-execution-id', e.QueryExecution.QueryExecutionId);
      assert.equal(r.code, 0, r.stderr);
      const rows = r.json<Results>().ResultSet.Rows.map((row) => row.Data.map((d) => d.VarCharValue ?? null));
      assert.deepEqual(rows, [
        ['userid', 'views'],
        ['user-0', '375'],
        ['user-1', '375'],
        ['user-2', '375'],
        ['user-3', '375'],
      ]);
      assert.deepEqual(
        r.json<Results>().ResultSet.ResultSetMetadata.ColumnInfo.map((c) => [c.Name, c.Type]),
        [
          ['userid', 'varchar'],
          ['views', 'bigint'],
        ],
      );
    });

    it('get-query-results pages by itself (the CLI follows NextToken) and by hand with --max-items', async () => {
      const e = await startAndWait('SELECT id FROM "video-analytics-dev-blog"."events-dev-blog"');
      const id = e.QueryExecution.QueryExecutionId;
      const all = await athena('get-query-results', '--query-execution-id', id);
      assert.equal(all.json<Results>().ResultSet.Rows.length, 1501);
      const page = await athena('get-query-results', '--query-execution-id', id, '--max-items', '10');
      const first = page.json<Results>();
      assert.equal(first.ResultSet.Rows.length, 10);
      assert.equal(first.ResultSet.Rows[0]!.Data[0]!.VarCharValue, 'id');
      assert.ok(first.NextToken);
      const next = await athena('get-query-results', '--query-execution-id', id, '--max-items', '10', '--starting-token', first.NextToken!);
      assert.equal(next.code, 0, next.stderr);
      assert.notEqual(next.json<Results>().ResultSet.Rows[0]!.Data[0]!.VarCharValue, 'id');
    });

    it('a failed query: FAILED with the reason and the AthenaError; get-query-results exits with InvalidRequestException', async () => {
      const e = await startAndWait('SELECT nope FROM "video-analytics-dev-blog"."events-dev-blog"');
      assert.equal(e.QueryExecution.Status.State, 'FAILED');
      assert.equal(e.QueryExecution.Status.StateChangeReason, "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved");
      assert.deepEqual(e.QueryExecution.Status.AthenaError && [e.QueryExecution.Status.AthenaError.ErrorCategory, e.QueryExecution.Status.AthenaError.ErrorType], [2, 1000]);
      const r = await athena('get-query-results', '--query-execution-id', e.QueryExecution.QueryExecutionId);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /InvalidRequestException/);
      assert.match(r.stderr, /Query did not finish successfully/);
    });

    it('unknown executions and out-of-range MaxResults are InvalidRequestException', async () => {
      const missing = await athena('get-query-execution', '--query-execution-id', 'no-such-id');
      assert.notEqual(missing.code, 0);
      assert.match(missing.stderr, /InvalidRequestException.*QueryExecution no-such-id was not found/s);
      const big = await athena('get-query-results', '--query-execution-id', 'no-such-id', '--max-results', '5000');
      assert.notEqual(big.code, 0);
      assert.match(big.stderr, /InvalidRequestException/);
    });

    it('list-query-executions and stop-query-execution', async () => {
      const e = await startAndWait('SELECT 1');
      const list = await athena('list-query-executions', '--max-items', '5');
      assert.equal(list.code, 0, list.stderr);
      assert.equal(list.json<{ QueryExecutionIds: string[] }>().QueryExecutionIds[0], e.QueryExecution.QueryExecutionId);
      const stop = await athena('stop-query-execution', '--query-execution-id', e.QueryExecution.QueryExecutionId);
      assert.equal(stop.code, 0, stop.stderr);
      const after_ = await athena('get-query-execution', '--query-execution-id', e.QueryExecution.QueryExecutionId);
      assert.equal(after_.json<Execution>().QueryExecution.Status.State, 'SUCCEEDED');
    });

    it('--result-reuse-configuration: the second run reuses the first result', async () => {
      const sql = `SELECT format, count(*) AS n FROM "video-analytics-dev-blog"."events-dev-blog" WHERE id <> 'cli-v${version}' GROUP BY format`;
      const reuse = ['--result-reuse-configuration', 'ResultReuseByAgeConfiguration={Enabled=true,MaxAgeInMinutes=10}'];
      const first = await startAndWait(sql, reuse);
      assert.equal(first.QueryExecution.Statistics.ResultReuseInformation.ReusedPreviousResult, false);
      const second = await startAndWait(sql, reuse);
      assert.equal(second.QueryExecution.Statistics.ResultReuseInformation.ReusedPreviousResult, true);
      assert.equal(second.QueryExecution.ResultConfiguration.OutputLocation, first.QueryExecution.ResultConfiguration.OutputLocation);
      const rows = await athena('get-query-results', '--query-execution-id', second.QueryExecution.QueryExecutionId);
      assert.equal(rows.code, 0, rows.stderr);
      assert.deepEqual(rows.json<Results>().ResultSet.Rows[1]!.Data.map((d) => d.VarCharValue), ['hls', '1500']);
    });
  });
}
