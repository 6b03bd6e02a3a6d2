import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { closeParquetWriter, putParquet } from '../../src/engines/query/testing/parquetObjects.js';
import { ROOT, startServer, tempDir, type InProcessServer } from '../helpers/server.js';

const CONFIG = `
buckets:
  - name: events
query:
  compaction:
    enabled: false
catalog:
  databases:
    - name: shop
      tables:
        - name: orders
          tableType: EXTERNAL_TABLE
          storageDescriptor:
            location: s3://events/orders/
            serDeInfo:
              serializationLibrary: org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe
            columns:
              - { name: id, type: bigint }
              - { name: customer, type: string }
              - { name: amount, type: double }
`;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function lakehose(args: string[], input?: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [join(ROOT, 'bin/lakehose.js'), ...args], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
    if (input !== undefined) child.stdin!.end(input);
    else child.stdin!.end();
  });
}

describe('lakehose query and lakehose tables', () => {
  let server: InProcessServer;
  let dataDir: string;
  before(async () => {
    dataDir = await tempDir();
    server = await startServer(CONFIG, dataDir);
    await putParquet(server.app.engines.lake!, 'events', 'orders/part-0.parquet', "SELECT * FROM (VALUES (1, 'ann', 12.5), (2, 'bob', 3.0), (3, 'ann', NULL)) t(id, customer, amount)");
  });
  after(async () => {
    await server.stop().catch(() => undefined);
    await closeParquetWriter();
  });

  it('prints an aligned table through the running server, numbers to the right', async () => {
    const r = await lakehose(['query', '--endpoint', server.url, 'SELECT customer, count(*) AS orders, sum(amount) AS total FROM shop.orders GROUP BY customer ORDER BY customer']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, ['customer │ orders │ total', '─────────┼────────┼──────', 'ann      │      2 │  12.5', 'bob      │      1 │   3.0', ''].join('\n'));
    assert.match(r.stderr, /\(2 rows in [\d.]+ s, [\d.]+ (B|KB) scanned\)/);
  });

  it('writes CSV and JSON lines; reads the SQL from standard input', async () => {
    const csv = await lakehose(['query', '--endpoint', server.url, '--format', 'csv'], 'SELECT id, customer, amount FROM shop.orders ORDER BY id');
    assert.equal(csv.stdout, 'id,customer,amount\n1,ann,12.5\n2,bob,3.0\n3,ann,\n');
    const json = await lakehose(['query', '--endpoint', server.url, '--format', 'json', '--database', 'shop', 'SELECT id, customer, amount FROM orders ORDER BY id']);
    assert.deepEqual(
      json.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown),
      [
        { id: 1, customer: 'ann', amount: 12.5 },
        { id: 2, customer: 'bob', amount: 3 },
        { id: 3, customer: 'ann', amount: null },
      ],
    );
  });

  it('points at the place in the SQL where an error is, and exits 1', async () => {
    const r = await lakehose(['query', '--endpoint', server.url, 'SELECT id,\n       nope\nFROM shop.orders']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, ["lakehose query: COLUMN_NOT_FOUND: line 2:8: Column 'nope' cannot be resolved", '  |', '2 |        nope', '  |        ^', ''].join('\n'));
  });

  it('runs a script of several statements in order, stopping at the first failure', async () => {
    const script = "CREATE DATABASE IF NOT EXISTS scratch;\n-- a comment; not a separator\nSELECT 'a;b' AS s;\nSELECT nope;\nSELECT 3";
    const r = await lakehose(['query', '--endpoint', server.url, '--format', 'csv'], script);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, 's\na;b\n');
    assert.match(r.stderr, /COLUMN_NOT_FOUND/);
  });

  it('says what is wrong with its own arguments (exit 2)', async () => {
    const r = await lakehose(['query', '--format', 'xml', 'SELECT 1']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--format must be table, csv or json, not 'xml'/);
  });

  it('lists the catalog', async () => {
    const r = await lakehose(['tables', '--endpoint', server.url, '--format', 'csv']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'database,table,columns,partition_keys,format,location\nshop,orders,"id bigint, customer string, amount double",,parquet,s3://events/orders/\n');
  });

  it('reads the data directory itself when no server runs', async () => {
    await server.stop();
    // port 9 (discard) stands for "where a server would be": nothing answers there
    const r = await lakehose(['query', '--data-dir', dataDir, '--format', 'csv', 'SELECT count(*) AS n, count(amount) AS priced FROM shop.orders'], undefined, { LAKEHOSE_ENDPOINT: 'http://127.0.0.1:9' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'n,priced\n3,2\n');
    assert.match(r.stderr, /no Lakehose answers at http:\/\/127\.0\.0\.1:9; reading .* directly/);
    const tables = await lakehose(['tables', '--local', '--data-dir', dataDir]);
    assert.equal(tables.code, 0, tables.stderr);
    assert.match(tables.stdout, /shop +│ orders/);
  });
});
