/**
 * `npm run bench -- delivery [--seconds 60] [--concurrency 8] [--ceiling-records 1000000]`
 *
 * Firehose end to end: PutRecordBatch of 500 JSON events (~200 bytes) into a DirectPut
 * delivery stream that converts to Parquet by a catalog table, with a 1 s buffer interval
 * (and the 64 MiB size AWS requires with conversion). Measures sustained records/s, data
 * freshness (acknowledgement of a batch → all its records visible to a DuckDB query over
 * the lake's files), and the server's RSS. Beside it, in the same run, DuckDB alone
 * converts the same NDJSON to Parquet: the ceiling. Prints a table and one JSON line.
 */
import http from 'node:http';
import { createWriteStream } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { postJson } from './lib/http.js';
import { peakRssMiB, scratchDir, startLakehose } from './lib/processes.js';
import { Latencies, table } from './lib/stats.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const SECONDS = opt('seconds', 60);
const CONCURRENCY = opt('concurrency', 8);
const CEILING_RECORDS = opt('ceiling-records', 1_000_000);
const BATCH = 500;
const RECORD_BYTES = 200;
const INTERVAL_SECONDS = 1;

const CONFIG = `
buckets:
  - name: bench-lake
catalog:
  databases:
    - name: bench
      tables:
        - name: events
          storageDescriptor:
            location: s3://bench-lake/events/
            columns:
              - { name: id, type: string }
              - { name: userId, type: string }
              - { name: format, type: string }
              - { name: timestamp, type: timestamp }
              - { name: videoId, type: string }
              - { name: batch, type: bigint }
              - { name: seq, type: int }
              - { name: pad, type: string }
deliveryStreams:
  - name: bench
    destination:
      bucket: bench-lake
      prefix: events/
      buffering: { sizeMiB: 64, intervalSeconds: ${INTERVAL_SECONDS} }
      formatConversion: { database: bench, table: events }
`;

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

const call = (url: string, body: string) => postJson(agent, url, 'Firehose_20150804.PutRecordBatch', body);

const PAD = 'x'.repeat(64);
/** Batch numbers have 10 digits, so every batch's record prefix has the same length. */
const BATCH_BASE = 1_000_000_000;

/**
 * One event as JSON, split in two: a per-batch prefix (batch number, time) padded to a
 * multiple of 3 bytes, and a per-record rest. Base64 of the concatenation is then base64 of
 * the prefix followed by base64 of the rest, so a request body costs one small base64 and a
 * join: the client stays cheap and the server is what is measured.
 */
function eventPrefix(batch: number): string {
  const p = `{"batch":${BATCH_BASE + batch},"timestamp":"${new Date().toISOString()}",`;
  return p + ' '.repeat((3 - (p.length % 3)) % 3);
}

function eventRest(seq: number, prefixLength: number): string {
  const json = `"id":"${seq}-${seq % 7}","userId":"user-${seq % 5000}","format":"${seq % 3 ? 'hls' : 'dash'}","videoId":"v-${seq % 997}","seq":${seq},"pad":"`;
  return `${json}${PAD.slice(0, Math.max(0, RECORD_BYTES - prefixLength - json.length - 2))}"}`;
}

function event(batch: number, seq: number): string {
  const prefix = eventPrefix(batch);
  return prefix + eventRest(seq, prefix.length);
}

const PREFIX_LENGTH = eventPrefix(0).length;
const RESTS_BASE64 = Array.from({ length: BATCH }, (_, seq) => Buffer.from(eventRest(seq, PREFIX_LENGTH)).toString('base64'));

function body(batch: number): string {
  const prefix = Buffer.from(eventPrefix(batch)).toString('base64');
  const records = new Array<string>(BATCH);
  for (let i = 0; i < BATCH; i++) records[i] = `{"Data":"${prefix}${RESTS_BASE64[i]}"}`;
  return `{"DeliveryStreamName":"bench","Records":[${records.join(',')}]}`;
}

/** Watches the bucket folder for new Parquet files and counts, per batch, the records DuckDB reads from them. */
class LakeWatcher {
  private readonly seenFiles = new Set<string>();
  private readonly counts = new Map<number, number>();
  readonly visibleAt = new Map<number, number>();
  files = 0;

  constructor(
    private readonly dir: string,
    private readonly db: DuckDBConnection,
  ) {}

  async poll(): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(this.dir, { recursive: true })).filter((n) => n.endsWith('.parquet'));
    } catch {
      return;
    }
    for (const name of names) {
      if (this.seenFiles.has(name)) continue;
      this.seenFiles.add(name);
      this.files++;
      const path = join(this.dir, name).replaceAll("'", "''");
      const rows = (await this.db.runAndReadAll(`SELECT batch, count(*)::INTEGER AS n FROM read_parquet('${path}') GROUP BY batch`)).getRowObjects();
      const now = performance.now();
      for (const r of rows) {
        const batch = Number(r.batch) - BATCH_BASE;
        const n = (this.counts.get(batch) ?? 0) + Number(r.n);
        this.counts.set(batch, n);
        if (n >= BATCH && !this.visibleAt.has(batch)) this.visibleAt.set(batch, now);
      }
    }
  }
}

async function runLakehose(dir: string) {
  const server = await startLakehose(dir, CONFIG, process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {});
  const lakeDir = join(dir, 'data/lake/bench-lake/events');
  const db = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await db.connect();
  const watcher = new LakeWatcher(lakeDir, conn);
  const ackedAt = new Map<number, number>();
  const putLatency = new Latencies();
  let nextBatch = 0;
  let acked = 0;
  let failedRecords = 0;
  let rssSamples = 0;
  let rssSum = 0;
  const pid = server.child.pid!;
  const rssNow = async () => {
    const s = await import('node:fs/promises').then((fs) => fs.readFile(`/proc/${pid}/status`, 'utf8'));
    return Number(/VmRSS:\s+(\d+) kB/.exec(s)?.[1] ?? 0) / 1024;
  };
  let polling = true;
  const poller = (async () => {
    while (polling) {
      await watcher.poll();
      try {
        rssSum += await rssNow();
        rssSamples++;
      } catch {
        // the server has exited
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    // Warm-up (JIT, DuckDB, workers): not measured.
    const warmDeadline = performance.now() + 3000;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < warmDeadline) await call(server.url, body(900_000_000 + nextBatch++));
      }),
    );
    nextBatch = 0;
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    const worker = async () => {
      while (performance.now() < deadline) {
        const batch = nextBatch++;
        const b = body(batch);
        const t = performance.now();
        const r = await call(server.url, b);
        const now = performance.now();
        putLatency.add(now - t);
        if (r.status !== 200) {
          failedRecords += BATCH;
          continue;
        }
        const failed = (JSON.parse(r.text) as { FailedPutCount: number }).FailedPutCount;
        failedRecords += failed;
        acked += BATCH - failed;
        if (failed === 0) ackedAt.set(batch, now);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const ingestSeconds = (performance.now() - started) / 1000;
    // Everything acknowledged becomes visible; end to end is counted until the last batch is visible.
    const waitUntil = performance.now() + 60_000;
    while ([...ackedAt.keys()].some((b) => !watcher.visibleAt.has(b)) && performance.now() < waitUntil) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const endToEndSeconds = (Math.max(...watcher.visibleAt.values()) - started) / 1000;
    const freshness = new Latencies();
    let missing = 0;
    for (const [batch, at] of ackedAt) {
      const seen = watcher.visibleAt.get(batch);
      if (seen === undefined) missing++;
      else freshness.add(seen - at);
    }
    return {
      ingestRecordsPerSec: acked / ingestSeconds,
      endToEndRecordsPerSec: acked / endToEndSeconds,
      acked,
      failedRecords,
      batchesNotVisible: missing,
      putP50Ms: putLatency.percentile(50),
      putP99Ms: putLatency.percentile(99),
      freshnessP50Ms: freshness.percentile(50),
      freshnessP99Ms: freshness.percentile(99),
      parquetFiles: watcher.files,
      peakRssMiB: peakRssMiB(pid),
      meanRssMiB: rssSamples > 0 ? rssSum / rssSamples : NaN,
    };
  } finally {
    polling = false;
    await poller;
    conn.closeSync();
    db.closeSync();
    await server.stop();
  }
}

/** DuckDB alone: the same events as NDJSON → Parquet with the same column types (the ceiling). */
async function runDuckDbCeiling(dir: string) {
  const ndjson = join(dir, 'events.ndjson');
  const out = createWriteStream(ndjson);
  for (let i = 0; i < CEILING_RECORDS; i++) {
    if (!out.write(`${event(Math.floor(i / BATCH), i % BATCH)}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(r));
  const bytes = (await stat(ndjson)).size;
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    const columns = "{'id': 'VARCHAR', 'userId': 'VARCHAR', 'format': 'VARCHAR', 'timestamp': 'TIMESTAMP', 'videoId': 'VARCHAR', 'batch': 'BIGINT', 'seq': 'INTEGER', 'pad': 'VARCHAR'}";
    const t = performance.now();
    await c.run(`COPY (SELECT * FROM read_json('${ndjson}', format = 'newline_delimited', columns = ${columns})) TO '${join(dir, 'ceiling.parquet')}' (FORMAT parquet, COMPRESSION snappy)`);
    const seconds = (performance.now() - t) / 1000;
    return { records: CEILING_RECORDS, ndjsonMiB: bytes / 1024 / 1024, seconds, recordsPerSec: CEILING_RECORDS / seconds };
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

async function main() {
  console.log(
    `delivery benchmark: PutRecordBatch ${BATCH} x ~${RECORD_BYTES} B JSON, concurrency ${CONCURRENCY}, ${SECONDS} s, DirectPut → Parquet (catalog schema), buffer ${INTERVAL_SECONDS} s / 64 MiB`,
  );
  const dir = await scratchDir('lakehose-bench-delivery-');
  try {
    const l = await runLakehose(dir);
    const ceiling = await runDuckDbCeiling(dir);
    console.log(
      table([
        {
          peer: 'lakehose (HTTP → log → Parquet)',
          'records/s': Math.round(l.endToEndRecordsPerSec),
          'ingest records/s': Math.round(l.ingestRecordsPerSec),
          'fresh p50 ms': Math.round(l.freshnessP50Ms),
          'fresh p99 ms': Math.round(l.freshnessP99Ms),
          'put p99 ms': Math.round(l.putP99Ms),
          files: l.parquetFiles,
          'peak RSS MiB': Math.round(l.peakRssMiB),
        },
        {
          peer: 'duckdb alone (NDJSON → Parquet)',
          'records/s': Math.round(ceiling.recordsPerSec),
          'ingest records/s': '',
          'fresh p50 ms': '',
          'fresh p99 ms': '',
          'put p99 ms': '',
          files: 1,
          'peak RSS MiB': '',
        },
      ]),
    );
    const freshTarget = (INTERVAL_SECONDS + 2) * 1000;
    console.log(
      `\ntargets: >=100,000 records/s end to end ${l.endToEndRecordsPerSec >= 100_000 ? 'MET' : 'NOT MET'}; ` +
        `freshness p99 < ${freshTarget} ms ${l.freshnessP99Ms < freshTarget ? 'MET' : 'NOT MET'}; ` +
        `peak RSS < 400 MB ${l.peakRssMiB < 400 ? 'MET' : 'NOT MET'}; ` +
        `lakehose at ${((l.endToEndRecordsPerSec / ceiling.recordsPerSec) * 100).toFixed(0)}% of the DuckDB ceiling` +
        (l.failedRecords > 0 || l.batchesNotVisible > 0 ? `; WARNING: ${l.failedRecords} records refused, ${l.batchesNotVisible} batches not visible` : ''),
    );
    console.log(JSON.stringify({ bench: 'delivery', seconds: SECONDS, concurrency: CONCURRENCY, lakehose: l, duckdbCeiling: ceiling }));
  } finally {
    agent.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
