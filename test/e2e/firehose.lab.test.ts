import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { aws, cliBinary, type CliVersion } from '../helpers/awsCli.js';
import { ROOT, startServer, tempDir } from '../helpers/server.js';

const EXAMPLE_DIR = join(ROOT, 'examples/video-analytics');
const run = promisify(execFile);

/** The Parquet files in the events bucket, read with DuckDB: column types and rows. */
async function readEvents(dataDir: string): Promise<{ types: string[][]; rows: Array<Record<string, unknown>> }> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    const glob = join(dataDir, 'lake/events-dev-blog/**/*.parquet');
    const types = (await c.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${glob}')`)).getRowObjects().map((r) => [String(r.column_name), String(r.column_type)]);
    const rows = (await c.runAndReadAll(`SELECT id, userid, format, "timestamp" FROM read_parquet('${glob}') ORDER BY userid`)).getRowObjects();
    return { types, rows };
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

for (const version of [2, 1] as CliVersion[]) {
  describe(`the video-analytics lab (seed 001) with AWS CLI v${version}`, { skip: cliBinary(version) ? false : 'AWS CLI not installed' }, () => {
    it("the lab's put-record lands as Parquet that DuckDB reads with the catalog schema's types", async () => {
      const dataDir = await tempDir();
      const yaml = await readFile(join(EXAMPLE_DIR, 'lakehose.yaml'), 'utf8');
      let server = await startServer(yaml, dataDir, { configDir: EXAMPLE_DIR });
      let stopped = false;
      try {
        // Step 10 of the lab, verbatim but for the endpoint (CLI v1 has no --cli-binary-format: it sends blobs raw).
        for (const userId of ['1', '2']) {
          const args = ['firehose', 'put-record', '--delivery-stream-name', 'events-stream-dev-blog', `--record={"Data":"{\\"id\\":\\"1\\",\\"userId\\":\\"${userId}\\"}"}`];
          if (version === 2) args.push('--cli-binary-format', 'raw-in-base64-out');
          const r = await aws(version, server.url, args);
          assert.equal(r.code, 0, r.stderr);
          assert.ok(r.json<{ RecordId: string }>().RecordId);
        }
        // The records wait in the 64 MiB / 60 s buffer; `lakehose status` shows them.
        const status = await run(process.execPath, [join(ROOT, 'bin/lakehose.js'), 'status', '--endpoint', server.url]);
        assert.match(status.stdout, /events-stream-dev-blog {2}ACTIVE \(running\)/);
        assert.match(status.stdout, /IncomingRecords\s+2/);
        const json = JSON.parse((await run(process.execPath, [join(ROOT, 'bin/lakehose.js'), 'status', '--endpoint', server.url, '--json'])).stdout) as {
          deliveryStreams: Array<{ name: string; bufferedRecords: number }>;
        };
        assert.equal(json.deliveryStreams.find((s) => s.name === 'events-stream-dev-blog')!.bufferedRecords, 2);

        // A clean stop delivers what is buffered.
        await server.stop();
        stopped = true;
        const { types, rows } = await readEvents(dataDir);
        assert.deepEqual(types, [
          ['id', 'VARCHAR'],
          ['userid', 'VARCHAR'],
          ['format', 'VARCHAR'],
          ['timestamp', 'TIMESTAMP'],
        ]);
        assert.deepEqual(rows, [
          { id: '1', userid: '1', format: null, timestamp: null },
          { id: '1', userid: '2', format: null, timestamp: null },
        ]);

        // After a restart nothing is delivered twice.
        server = await startServer(yaml, dataDir, { configDir: EXAMPLE_DIR });
        stopped = false;
        const firehose = (...a: string[]) => aws(version, server.url, ['firehose', ...a]);
        const d = (await firehose('describe-delivery-stream', '--delivery-stream-name', 'events-stream-dev-blog')).json<{ DeliveryStreamDescription: { VersionId: string } }>();
        assert.equal(d.DeliveryStreamDescription.VersionId, '1', 'the declared stream is unchanged by a restart');
        await server.app.engines.delivery!.idle();
        assert.equal((await readEvents(dataDir)).rows.length, 2);
      } finally {
        if (!stopped) await server.stop();
      }
    });
  });
}
