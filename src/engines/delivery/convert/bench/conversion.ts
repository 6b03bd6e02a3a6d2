/**
 * Benchmark: 500k ~200-byte events through ParquetConverter.convert in batches, normalising
 * on the worker pool and in this thread, beside a peer: DuckDB alone turning the same
 * NDJSON into Parquet with typed columns (no per-record OpenX rules, failures or key
 * folding: the ceiling for this machine). Prints a table, then one JSON line of figures.
 * Run: npx tsc -p tsconfig.json && node dist/src/engines/delivery/convert/bench/conversion.js
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { NormaliserPool } from '../NormaliserPool.js';
import { ParquetConverter } from '../ParquetConverter.js';

const RECORDS = 500_000;
const BATCHES = [10_000, 50_000, 100_000];
const ROUNDS = 3;

const encoder = new TextEncoder();
const records = Array.from({ length: RECORDS }, (_, i) =>
  encoder.encode(
    JSON.stringify({
      id: `evt-${i.toString(36)}-${(i * 7919) % 100000}`,
      userId: `user-${i % 5000}`,
      format: ['mp4', 'hls', 'dash'][i % 3],
      timestamp: new Date(1700000000000 + i * 1000).toISOString(),
      durationMs: i % 100000,
      bitrate: 1500.5 + (i % 7),
      device: { type: 'mobile', os: 'android' },
    }),
  ),
);
const avgBytes = records.reduce((n, r) => n + r.length, 0) / RECORDS;
const schema = {
  columns: [
    { name: 'id', type: 'string' },
    { name: 'userid', type: 'string' },
    { name: 'format', type: 'string' },
    { name: 'timestamp', type: 'timestamp' },
    { name: 'durationms', type: 'bigint' },
    { name: 'bitrate', type: 'double' },
    { name: 'device', type: 'struct<type:string,os:string>' },
  ],
};

const dir = mkdtempSync(join(tmpdir(), 'lakehose-bench-'));
const duckdb = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
const pool = NormaliserPool.create();
let file = 0;

async function best(run: () => Promise<void>): Promise<number> {
  let fastest = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    await run();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return RECORDS / (fastest / 1000);
}

const rows: Array<[string, number]> = [];
for (const [mode, normaliserPool] of [['workers', pool], ['in-thread', null]] as const) {
  const converter = await ParquetConverter.create(schema, {}, {}, { duckdb, normaliserPool });
  for (const batch of BATCHES) {
    const rate = await best(async () => {
      for (let offset = 0; offset < RECORDS; offset += batch) {
        const path = join(dir, `out-${++file}.parquet`);
        const result = await converter.convert(records.slice(offset, offset + batch), path);
        if (result.failures.length > 0) throw new Error('unexpected failures');
        rmSync(path);
      }
    });
    rows.push([`convert, ${mode}, batches of ${batch / 1000}k`, rate]);
  }
}

// Peer: DuckDB alone, typed columns, same batches of 100k.
const connection = await duckdb.connect();
const peerRate = await best(async () => {
  for (let offset = 0; offset < RECORDS; offset += 100_000) {
    const input = join(dir, `in-${++file}.ndjson`);
    writeFileSync(input, `${new TextDecoder().decode(Buffer.concat(records.slice(offset, offset + 100_000).flatMap((r) => [r, Buffer.from('\n')])))}`);
    const output = join(dir, `peer-${file}.parquet`);
    await connection.run(
      `COPY (SELECT id, userId AS userid, format, "timestamp"::TIMESTAMP AS "timestamp", durationMs AS durationms, bitrate, device
        FROM read_json('${input}', format = 'newline_delimited', columns = {id: 'VARCHAR', userId: 'VARCHAR', format: 'VARCHAR',
        "timestamp": 'VARCHAR', durationMs: 'BIGINT', bitrate: 'DOUBLE', device: 'STRUCT(type VARCHAR, os VARCHAR)'}))
        TO '${output}' (FORMAT parquet, COMPRESSION snappy)`,
    );
    rmSync(input);
    rmSync(output);
  }
});
rows.push(['peer: DuckDB read_json → Parquet, 100k', peerRate]);
connection.closeSync();

console.log(`${RECORDS} records of ~${avgBytes.toFixed(0)} bytes, 7 columns; load average ${loadavg()[0]!.toFixed(1)}`);
for (const [name, rate] of rows) console.log(`${name.padEnd(42)} ${rate.toFixed(0).padStart(9)} records/s`);
console.log(
  JSON.stringify({
    bench: 'json-to-parquet',
    records: RECORDS,
    avgBytes: Math.round(avgBytes),
    loadAverage: Number(loadavg()[0]!.toFixed(1)),
    recordsPerSecond: Object.fromEntries(rows.map(([name, rate]) => [name, Math.round(rate)])),
  }),
);
await pool.close();
duckdb.closeSync();
rmSync(dir, { recursive: true, force: true });
