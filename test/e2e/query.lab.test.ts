import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { FirehoseClient, PutRecordCommand } from '@aws-sdk/client-firehose';
import { closeParquetWriter, putParquet } from '../../src/engines/query/testing/parquetObjects.js';
import { TEST_CREDENTIALS } from '../helpers/awsCli.js';
import { ROOT, startServer, tempDir, type InProcessServer } from '../helpers/server.js';

const EXAMPLE_DIR = join(ROOT, 'examples/video-analytics');

/** The environment the lab's Terraform gives its functions (functions.tf). */
const ENV = { ATHENA_DATABASE: 'video-analytics-dev-blog', EVENTS_TABLE: 'events-dev-blog', S3_QUERY_OUTPUT: 'query-output-dev-blog' };

/**
 * The lab's three functions (start-query-execution, check-query-execution, send-report) as
 * the state machine runs them, written against the Athena SDK as the lab's are: the report
 * counts each user's views of each format between startDate and endDate.
 */
function labFunctions(athena: AthenaClient) {
  return {
    async startQueryExecution(input: { startDate: string; endDate: string }) {
      const { QueryExecutionId } = await athena.send(
        new StartQueryExecutionCommand({
          QueryString: `SELECT userId, format, COUNT(*) AS views
                        FROM "${ENV.ATHENA_DATABASE}"."${ENV.EVENTS_TABLE}"
                        WHERE date(timestamp) BETWEEN date(?) AND date(?)
                        GROUP BY userId, format
                        ORDER BY views DESC, userId, format`,
          ExecutionParameters: [`'${input.startDate}'`, `'${input.endDate}'`],
          QueryExecutionContext: { Database: ENV.ATHENA_DATABASE },
          ResultConfiguration: { OutputLocation: `s3://${ENV.S3_QUERY_OUTPUT}/` },
        }),
      );
      return { ...input, queryExecutionId: QueryExecutionId! };
    },
    async checkQueryExecution(input: { queryExecutionId: string }) {
      const { QueryExecution } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: input.queryExecutionId }));
      return { ...input, state: QueryExecution!.Status!.State!, reason: QueryExecution!.Status!.StateChangeReason };
    },
    async sendReport(input: { queryExecutionId: string }) {
      const lines: string[] = [];
      let token: string | undefined;
      do {
        const page = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: input.queryExecutionId, ...(token ? { NextToken: token } : {}) }));
        for (const row of page.ResultSet!.Rows!) lines.push(row.Data!.map((d) => d.VarCharValue ?? '').join(','));
        token = page.NextToken;
      } while (token);
      return lines;
    },
  };
}

/** The lab's state machine (StartQuery → GetQueryStatus → CheckQueryStatus → Wait → SendReport), with a short Wait. */
async function runWorkflow(athena: AthenaClient, input: { startDate: string; endDate: string }): Promise<string[]> {
  const fn = labFunctions(athena);
  let state = await fn.checkQueryExecution(await fn.startQueryExecution(input));
  while (state.state === 'QUEUED' || state.state === 'RUNNING') {
    await new Promise((r) => setTimeout(r, 20));
    state = await fn.checkQueryExecution(state);
  }
  if (state.state !== 'SUCCEEDED') throw new Error(`Failed: ${state.state} ${state.reason ?? ''}`);
  return fn.sendReport(state);
}

describe('the video-analytics lab (seed 001): Athena over the events in the lake', () => {
  let server: InProcessServer;
  let athena: AthenaClient;
  let dataDir: string;
  let yaml: string;

  before(async () => {
    dataDir = await tempDir();
    yaml = await readFile(join(EXAMPLE_DIR, 'lakehose.yaml'), 'utf8');
    server = await startServer(yaml, dataDir, { configDir: EXAMPLE_DIR });
    athena = new AthenaClient({ endpoint: server.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    // a day of events as Firehose writes them: Parquet objects under yyyy/MM/dd/HH/
    for (const [hour, first] of [
      ['08', 0],
      ['09', 300],
    ] as const) {
      await putParquet(
        server.app.engines.lake!,
        'events-dev-blog',
        `2020/10/10/${hour}/events-stream-dev-blog-1-2020-10-10-${hour}-00-00-${first}.parquet`,
        `SELECT (i + ${first})::VARCHAR AS id, 'user-' || (i % 3) AS userId, CASE WHEN i % 4 = 0 THEN 'hls' ELSE 'dash' END AS format,
                TIMESTAMP '2020-10-10 ${hour}:00:00' + to_seconds(i) AS timestamp FROM range(300) t(i)`,
      );
    }
    // and one the next day, outside the report's range
    await putParquet(server.app.engines.lake!, 'events-dev-blog', '2020/10/11/00/events-stream-dev-blog-1-2020-10-11-00-00-00-x.parquet', `SELECT '9999' AS id, 'user-9' AS userId, 'hls' AS format, TIMESTAMP '2020-10-11 00:00:01' AS timestamp`);
  });
  after(async () => {
    athena.destroy();
    await server.stop();
    await closeParquetWriter();
  });

  it('the monthly workflow (start, poll, report) gives views per user and format for the day', async () => {
    const report = await runWorkflow(athena, { startDate: '2020-10-10', endDate: '2020-10-10' });
    assert.deepEqual(report, [
      'userid,format,views',
      'user-0,dash,150',
      'user-1,dash,150',
      'user-2,dash,150',
      'user-0,hls,50',
      'user-1,hls,50',
      'user-2,hls,50',
    ]);
  });

  it('the questions people ask in the console: events per hour, top users, unique viewers, formats', async () => {
    const ask = async (sql: string) => {
      const { QueryExecutionId } = await athena.send(new StartQueryExecutionCommand({ QueryString: sql, QueryExecutionContext: { Database: ENV.ATHENA_DATABASE }, ResultConfiguration: { OutputLocation: `s3://${ENV.S3_QUERY_OUTPUT}/` } }));
      const done = await server.app.engines.query!.whenFinished(QueryExecutionId!);
      assert.equal(done.state, 'SUCCEEDED', done.stateChangeReason);
      const r = await athena.send(new GetQueryResultsCommand({ QueryExecutionId }));
      return r.ResultSet!.Rows!.slice(1).map((row) => row.Data!.map((d) => d.VarCharValue ?? null));
    };
    assert.deepEqual(await ask(`SELECT date_trunc('hour', timestamp) AS hour, count(*) AS events FROM "events-dev-blog" GROUP BY 1 ORDER BY 1`), [
      ['2020-10-10 08:00:00.000', '300'],
      ['2020-10-10 09:00:00.000', '300'],
      ['2020-10-11 00:00:00.000', '1'],
    ]);
    assert.deepEqual(await ask(`SELECT userid, count(*) FROM "events-dev-blog" GROUP BY userid ORDER BY 2 DESC, 1 LIMIT 2`), [
      ['user-0', '200'],
      ['user-1', '200'],
    ]);
    assert.deepEqual(await ask(`SELECT date_format(timestamp, '%Y-%m-%d') AS day, approx_distinct(userid) AS viewers FROM "events-dev-blog" GROUP BY 1 ORDER BY 1`), [
      ['2020-10-10', '3'],
      ['2020-10-11', '1'],
    ]);
    assert.deepEqual(
      await ask(`SELECT format, round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct FROM "events-dev-blog" WHERE timestamp >= from_iso8601_timestamp('2020-10-10T00:00:00Z') GROUP BY format ORDER BY format`),
      [
        ['dash', '74.9'],
        ['hls', '25.1'],
      ],
    );
  });

  it('events put through Firehose (the lab’s step 10) become rows once delivered', async () => {
    const firehose = new FirehoseClient({ endpoint: server.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    try {
      for (const userId of ['1', '2', '3', '4']) {
        await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'events-stream-dev-blog', Record: { Data: Buffer.from(JSON.stringify({ id: '1', userId })) } }));
      }
    } finally {
      firehose.destroy();
    }
    // a clean stop delivers the buffer; the same data directory comes back
    await server.stop();
    server = await startServer(yaml, dataDir, { configDir: EXAMPLE_DIR });
    athena.destroy();
    athena = new AthenaClient({ endpoint: server.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const { QueryExecutionId } = await athena.send(
      new StartQueryExecutionCommand({
        QueryString: `SELECT id, userid, format, timestamp FROM "events-dev-blog" WHERE userid IN ('1', '2', '3', '4') ORDER BY userid`,
        QueryExecutionContext: { Database: ENV.ATHENA_DATABASE },
        ResultConfiguration: { OutputLocation: `s3://${ENV.S3_QUERY_OUTPUT}/` },
      }),
    );
    const done = await server.app.engines.query!.whenFinished(QueryExecutionId!);
    assert.equal(done.state, 'SUCCEEDED', done.stateChangeReason);
    const r = await athena.send(new GetQueryResultsCommand({ QueryExecutionId }));
    assert.deepEqual(
      r.ResultSet!.Rows!.map((row) => row.Data!.map((d) => d.VarCharValue ?? null)),
      [['id', 'userid', 'format', 'timestamp'], ...['1', '2', '3', '4'].map((u) => ['1', u, null, null])],
    );
  });
});
