/**
 * `npm run bench -- query [--events 10000000] [--active-partitions 16] [--concurrency 4] [--runs 5]
 *                         [--keep] [--before-only] [--unrestricted] [--synthetic [--files 4000]]`
 *
 * The small-file lake a 1 s delivery buffer leaves behind, queried three ways in one run:
 *
 *   lakehose   through Lakehose's Athena API over HTTP (StartQueryExecution, polling
 *              GetQueryExecution, every page of GetQueryResults), as a client sees it;
 *   duckdb     DuckDB directly on the same files (read_parquet over the Hive folders), with
 *              the same thread count and footer cache Lakehose gives its DuckDB;
 *   single     DuckDB directly on all the data in one Parquet file (the best case);
 *   lakehose on one file   the same Athena queries over that file as the table
 *              bench.events_single (after compaction, in a pass of its own).
 *
 * Lakehose and DuckDB run before and after Lakehose compacts the small files.
 *
 * The lake is delivered through Firehose: `--events` JSON events go in by PutRecordBatch
 * (500 records a call, `--concurrency` callers) to a DirectPut stream with a 1 s buffer,
 * Parquet conversion against the catalog table bench.events and dynamic partitioning on
 * dt/hour extracted by jq, so objects land under events/dt=YYYY-MM-DD/hour=H/. Event times
 * cover 48 hours (2024-01-01 and 2024-01-02); they arrive in `--active-partitions` lanes,
 * each walking its share of the 48 hours in time order, so that many hours are written at
 * once and every 1 s flush leaves one small file in each of them. The file count thus
 * depends on the ingest rate: about (seconds of ingest) × (active partitions).
 * `--synthetic` instead writes Firehose-like files with DuckDB straight into the lake
 * (`--files` of them; quick, but not what delivery writes).
 * Prints a table, then one JSON line of the figures.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import http from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseConfig } from '../src/app/config/loadConfig.js';
import { Lakehose } from '../src/app/Lakehose.js';
import { silentLogger } from '../src/aws/wire/Logger.js';
import { deliverAll } from './lib/firehose.js';
import { postJson } from './lib/http.js';
import { scratchDir } from './lib/processes.js';
import { table } from './lib/stats.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const EVENTS = opt('events', 10_000_000);
const FILES = opt('files', 4000);
const RUNS = opt('runs', 5);
const ACTIVE_PARTITIONS = opt('active-partitions', 16);
const CONCURRENCY = opt('concurrency', 4);
const KEEP = args.includes('--keep');
/** The old lake: Firehose-like files written by DuckDB straight into the bucket. */
const SYNTHETIC = args.includes('--synthetic');
/** Lakehose's DuckDB without its own file-access restriction (query.restrictFileAccess: false). */
const UNRESTRICTED = args.includes('--unrestricted');
/** Stop after the queries over the small files (with --keep: a lake to look into). */
const BEFORE_ONLY = args.includes('--before-only');
const THREADS = Math.max(1, availableParallelism() - 1);
const HOURS = 48;
const BUCKET = 'bench-events';
const STREAM = 'bench-events';
const BATCH = 500;

/** A Parquet table's storageDescriptor at `prefix` of the bucket: the event columns, then `extra` ones (YAML, indented for the catalog below). */
function parquetStorage(prefix: string, extra: readonly string[] = []): string {
  const columns = ['name: id, type: string', 'name: userid, type: string', 'name: format, type: string', 'name: ts, type: timestamp', 'name: duration_ms, type: int', ...extra];
  return `storageDescriptor:
            location: s3://${BUCKET}/${prefix}
            serDeInfo:
              serializationLibrary: org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe
            columns:
${columns.map((c) => `              - { ${c} }`).join('\n')}`;
}

const CONFIG = `
buckets:
  - name: ${BUCKET}
  - name: bench-results
query:
  threads: ${THREADS}
  restrictFileAccess: ${!UNRESTRICTED}
  defaultOutputLocation: s3://bench-results/
  compaction:
    enabled: false
catalog:
  databases:
    - name: bench
      tables:
        - name: events
          tableType: EXTERNAL_TABLE
          parameters:
            projection.enabled: "true"
            projection.dt.type: date
            projection.dt.format: yyyy-MM-dd
            projection.dt.range: 2024-01-01,2024-01-02
            projection.hour.type: integer
            projection.hour.range: 0,23
          partitionKeys:
            - { name: dt, type: string }
            - { name: hour, type: int }
          ${parquetStorage('events/')}
        - name: events_single
          tableType: EXTERNAL_TABLE
          ${parquetStorage('single/', ['name: dt, type: string', 'name: hour, type: int'])}
deliveryStreams:
  - name: ${STREAM}
    destination:
      bucket: ${BUCKET}
      prefix: "events/dt=!{partitionKeyFromQuery:dt}/hour=!{partitionKeyFromQuery:hour}/"
      errorOutputPrefix: "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/"
      buffering: { sizeMiB: 64, intervalSeconds: 1 }
      processors:
        - metadataExtraction: { query: "{dt: .ts[0:10], hour: (.ts[11:13] | tonumber)}", engine: JQ-1.6 }
      dynamicPartitioning: { enabled: true }
      formatConversion: { database: bench, table: events }
`;

/**
 * The questions, in Athena's SQL (for Lakehose) and DuckDB's (direct). The issue's ratio
 * targets are for the typical analytics queries; the simple one is there for the time to
 * a first result (it takes DuckDB a millisecond or two, so its ratio measures the Athena
 * API's fixed cost: three HTTP calls, planning, and the result objects written durably).
 */
const QUERIES: Array<{ name: string; typical: boolean; athena: string; duck: (from: string) => string }> = [
  {
    name: 'simple (one partition)',
    typical: false,
    athena: "SELECT count(*) FROM bench.events WHERE dt = '2024-01-01' AND hour = 5",
    duck: (from) => `SELECT count(*) FROM ${from} WHERE dt = '2024-01-01' AND hour = 5`,
  },
  {
    name: 'count by hour',
    typical: true,
    athena: "SELECT date_trunc('hour', ts) AS h, count(*) AS events FROM bench.events GROUP BY 1 ORDER BY 1",
    duck: (from) => `SELECT date_trunc('hour', ts) AS h, count(*) AS events FROM ${from} GROUP BY 1 ORDER BY 1`,
  },
  {
    name: 'top users',
    typical: true,
    athena: 'SELECT userid, count(*) AS views FROM bench.events GROUP BY userid ORDER BY views DESC LIMIT 10',
    duck: (from) => `SELECT userid, count(*) AS views FROM ${from} GROUP BY userid ORDER BY views DESC LIMIT 10`,
  },
  {
    name: 'partition filter',
    typical: true,
    athena: "SELECT format, count(*) AS views, approx_distinct(userid) AS viewers, avg(duration_ms) AS avg_ms FROM bench.events WHERE dt = '2024-01-02' AND hour BETWEEN 9 AND 17 GROUP BY format ORDER BY format",
    duck: (from) => `SELECT format, count(*) AS views, approx_count_distinct(userid) AS viewers, avg(duration_ms) AS avg_ms FROM ${from} WHERE dt = '2024-01-02' AND hour BETWEEN 9 AND 17 GROUP BY format ORDER BY format`,
  },
];

// ---- Athena over HTTP ----

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

async function athena<T>(url: string, op: string, body: unknown): Promise<T> {
  const r = await postJson(agent, url, `AmazonAthena.${op}`, JSON.stringify(body));
  if (r.status !== 200) throw new Error(`${op}: ${r.status} ${r.text}`);
  return JSON.parse(r.text) as T;
}

/** Client-observed time: start, poll until done, read every page. Returns ms to the first page and in total. */
async function viaAthena(url: string, sql: string): Promise<{ firstMs: number; totalMs: number; rows: number; scanned: number; planningMs: number; engineMs: number }> {
  const t0 = performance.now();
  const { QueryExecutionId } = await athena<{ QueryExecutionId: string }>(url, 'StartQueryExecution', { QueryString: sql });
  let delay = 1;
  let scanned = 0;
  let planningMs = 0;
  let engineMs = 0;
  for (;;) {
    const q = await athena<{
      QueryExecution: { Status: { State: string; StateChangeReason?: string }; Statistics: { DataScannedInBytes: number; QueryPlanningTimeInMillis: number; EngineExecutionTimeInMillis: number } };
    }>(url, 'GetQueryExecution', { QueryExecutionId });
    const state = q.QueryExecution.Status.State;
    if (state === 'SUCCEEDED') {
      scanned = q.QueryExecution.Statistics.DataScannedInBytes;
      planningMs = q.QueryExecution.Statistics.QueryPlanningTimeInMillis;
      engineMs = q.QueryExecution.Statistics.EngineExecutionTimeInMillis;
      break;
    }
    if (state === 'FAILED' || state === 'CANCELLED') throw new Error(`${sql}: ${state} ${q.QueryExecution.Status.StateChangeReason ?? ''}`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 10);
  }
  let firstMs = 0;
  let rows = 0;
  let token: string | undefined;
  do {
    const page: { ResultSet: { Rows: unknown[] }; NextToken?: string } = await athena(url, 'GetQueryResults', { QueryExecutionId, MaxResults: 1000, ...(token ? { NextToken: token } : {}) });
    if (firstMs === 0) firstMs = performance.now() - t0;
    rows += page.ResultSet.Rows.length;
    token = page.NextToken;
  } while (token);
  return { firstMs, totalMs: performance.now() - t0, rows: rows - 1, scanned, planningMs, engineMs };
}

async function direct(c: DuckDBConnection, sql: string): Promise<{ totalMs: number; rows: number }> {
  const t0 = performance.now();
  const r = await c.runAndReadAll(sql);
  return { totalMs: performance.now() - t0, rows: r.currentRowCount };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

type Run = () => Promise<{ totalMs: number; firstMs?: number; planningMs?: number; engineMs?: number }>;
interface Measured {
  ms: number;
  firstMs: number;
  coldMs: number;
  planningMs: number;
  engineMs: number;
}

/**
 * Runs the sides of one comparison in rounds, each side once per round in a rotating order,
 * after one cold run each: on a shared, noisy machine a load swing then hits every side
 * alike, where running all of one side's repeats before the other's skews the ratio.
 */
async function measureSideBySide(sides: readonly Run[]): Promise<Measured[]> {
  const samples = sides.map(() => ({ total: [] as number[], first: [] as number[], planning: [] as number[], engine: [] as number[], coldMs: 0 }));
  for (const [i, run] of sides.entries()) samples[i]!.coldMs = (await run()).totalMs;
  for (let round = 0; round < RUNS; round++) {
    for (let k = 0; k < sides.length; k++) {
      const i = (round + k) % sides.length;
      const r = await sides[i]!();
      const s = samples[i]!;
      s.total.push(r.totalMs);
      s.first.push(r.firstMs ?? r.totalMs);
      s.planning.push(r.planningMs ?? 0);
      s.engine.push(r.engineMs ?? 0);
    }
  }
  return samples.map((s) => ({ ms: median(s.total), firstMs: median(s.first), coldMs: s.coldMs, planningMs: median(s.planning), engineMs: median(s.engine) }));
}

// ---- the lake ----

/** Firehose-like small files: dt=/hour= folders, FILES objects of EVENTS/FILES rows each. */
async function generate(app: Lakehose, scratch: string): Promise<{ files: number; bytes: number; rows: number }> {
  const db = await DuckDBInstance.create(':memory:', { threads: String(availableParallelism()) });
  const c = await db.connect();
  const out = join(scratch, 'generated');
  await mkdir(out, { recursive: true });
  // one event every (3600 * HOURS / EVENTS) seconds; 100,000 users, a few of them busy
  const perHour = Math.floor(EVENTS / HOURS);
  const filesPerHour = Math.max(1, Math.round(FILES / HOURS));
  const step = Math.floor((3600 * 1e6) / perHour);
  const jobs: Array<{ hour: number; file: number }> = [];
  for (let hour = 0; hour < HOURS; hour++) for (let file = 0; file < filesPerHour; file++) jobs.push({ hour, file });
  const connections = [c, await db.connect()];
  let nextJob = 0;
  await Promise.all(
    connections.map(async (conn) => {
      while (nextJob < jobs.length) {
        const { hour, file } = jobs[nextJob++]!;
        const first = hour * perHour + Math.floor((file * perHour) / filesPerHour);
        const last = hour * perHour + Math.floor(((file + 1) * perHour) / filesPerHour);
        const day = `2024-01-0${1 + Math.floor(hour / 24)}`;
        const folder = join(out, `dt=${day}`, `hour=${hour % 24}`);
        await mkdir(folder, { recursive: true });
        await conn.run(`COPY (
            SELECT 'ev-' || i AS id,
                   'user-' || CASE WHEN i % 10 = 0 THEN i % 100 ELSE hash(i) % 100000 END AS userid,
                   (['hls', 'dash', 'mp4'])[1 + (i % 3)] AS format,
                   TIMESTAMP '${day} ${String(hour % 24).padStart(2, '0')}:00:00' + to_microseconds(((i - ${hour * perHour}) * ${step})::BIGINT) AS ts,
                   (hash(i * 7) % 60000)::INTEGER AS duration_ms
            FROM range(${first}, ${last}) t(i))
          TO '${join(folder, `events-stream-1-${day}-${hour % 24}-${file}.parquet`)}' (FORMAT parquet)`);
      }
    }),
  );
  connections[1]!.closeSync();
  c.closeSync();
  db.closeSync();
  const lake = app.engines.lake!;
  const files: string[] = [];
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(join(dir, e.name));
      else files.push(join(dir, e.name));
    }
  };
  await walk(out);
  let bytes = 0;
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const f = files[next++]!;
      const body = await readFile(f);
      bytes += body.length;
      await lake.putObject(BUCKET, `events/${f.slice(out.length + 1)}`, body);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  await rm(out, { recursive: true, force: true });
  return { files: files.length, bytes, rows: perHour * HOURS };
}

/** Event `i` of EVENTS, evenly spread over the 48 hours; 100,000 users, a hundred of them busy. */
const DAY_ONE_MS = Date.UTC(2024, 0, 1);
function eventJson(i: number): string {
  const u = i % 10 === 0 ? i % 100 : mix32(i) % 100_000;
  const ts = new Date(DAY_ONE_MS + Math.floor((i * HOURS * 3_600_000) / EVENTS)).toISOString();
  return `{"id":"ev-${i}","userid":"user-${u}","format":"${FORMATS[i % 3]}","ts":"${ts}","duration_ms":${mix32(i * 7 + 1) % 60_000}}`;
}
const FORMATS = ['hls', 'dash', 'mp4'] as const;

/** murmur3's finaliser: a cheap, well-spread hash of a 32-bit integer. */
function mix32(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Sends every event through Firehose and waits until delivery has written them all.
 * Sending order: ACTIVE_PARTITIONS lanes of consecutive events, interleaved one event per
 * lane, so lane j is at event j·laneSize + s when the stream is at step s.
 */
async function deliver(app: Lakehose): Promise<{ files: number; bytes: number; rows: number; figures: Record<string, number> }> {
  const lanes = Math.max(1, Math.min(ACTIVE_PARTITIONS, EVENTS));
  const laneSize = Math.ceil(EVENTS / lanes);
  const positions = lanes * laneSize;
  const batches = Math.ceil(positions / BATCH);
  const batch = (b: number): string[] => {
    const out: string[] = [];
    for (let p = b * BATCH; p < Math.min(positions, (b + 1) * BATCH); p++) {
      const i = (p % lanes) * laneSize + Math.floor(p / lanes);
      if (i < EVENTS) out.push(Buffer.from(eventJson(i)).toString('base64'));
    }
    return out;
  };
  const delivery = app.engines.delivery!;
  const started = performance.now();
  let acked = 0;
  const progress = setInterval(() => {
    const s = delivery.status()[0];
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(
      `  ${seconds.toFixed(0)} s: ${acked.toLocaleString()} acknowledged (${Math.round(acked / seconds).toLocaleString()}/s), backlog ${s?.backlogRecords ?? '?'}, ${s?.activePartitions ?? '?'} partitions active, ${s?.metrics['DeliveryToS3.ObjectCount'] ?? 0} objects\n`,
    );
  }, 10_000);
  let sent;
  try {
    sent = await deliverAll({ url: app.url, streamName: STREAM, concurrency: CONCURRENCY, batches, batch, onAcked: (n) => (acked += n) });
    await delivery.idle(30 * 60_000);
  } finally {
    clearInterval(progress);
  }
  const deliveredSeconds = (performance.now() - started) / 1000;
  const metrics = delivery.status()[0]?.metrics ?? {};
  if (sent.records !== EVENTS) throw new Error(`sent ${sent.records} events, expected ${EVENTS}`);
  const delivered = metrics['DeliveryToS3.Records'] ?? 0;
  const errorFiles = await filesUnder(join(app.engines.lake!.bucketPath(BUCKET)!, 'errors'));
  if (delivered !== EVENTS || errorFiles.length > 0) {
    throw new Error(`delivery wrote ${delivered} of ${EVENTS} records to the lake, ${errorFiles.length} error objects (${errorFiles.slice(0, 3).join(', ')})`);
  }
  const files = await filesUnder(join(app.engines.lake!.bucketPath(BUCKET)!, 'events'));
  const notParquet = files.filter((f) => !f.endsWith('.parquet'));
  if (notParquet.length > 0) throw new Error(`objects without .parquet under events/, the DuckDB glob would miss them: ${notParquet.slice(0, 3).join(', ')}`);
  let bytes = 0;
  for (const f of files) bytes += (await stat(f)).size;
  process.stderr.write(
    `  ${sent.records.toLocaleString()} events acknowledged in ${sent.seconds.toFixed(1)} s (${Math.round(sent.records / sent.seconds).toLocaleString()}/s, ${sent.requests} requests, ${sent.retriedRecords} records retried, put p50 ${sent.putLatency.percentile(50).toFixed(0)} ms p99 ${sent.putLatency.percentile(99).toFixed(0)} ms); all in the lake after ${deliveredSeconds.toFixed(1)} s\n`,
  );
  return {
    files: files.length,
    bytes,
    rows: sent.records,
    figures: {
      ingest_seconds: Math.round(sent.seconds * 10) / 10,
      ingest_events_per_s: Math.round(sent.records / sent.seconds),
      delivered_seconds: Math.round(deliveredSeconds * 10) / 10,
      delivered_events_per_s: Math.round(sent.records / deliveredSeconds),
      put_p99_ms: Math.round(sent.putLatency.percentile(99)),
      retried_records: sent.retriedRecords,
      objects_delivered: metrics['DeliveryToS3.ObjectCount'] ?? 0,
      active_partitions: lanes,
    },
  };
}

async function filesUnder(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

/** The one value of a one-row query through the Athena API. */
async function scalar(url: string, sql: string): Promise<string | undefined> {
  const { QueryExecutionId } = await athena<{ QueryExecutionId: string }>(url, 'StartQueryExecution', { QueryString: sql });
  for (;;) {
    const q = await athena<{ QueryExecution: { Status: { State: string; StateChangeReason?: string } } }>(url, 'GetQueryExecution', { QueryExecutionId });
    const state = q.QueryExecution.Status.State;
    if (state === 'SUCCEEDED') break;
    if (state === 'FAILED' || state === 'CANCELLED') throw new Error(`${sql}: ${state} ${q.QueryExecution.Status.StateChangeReason ?? ''}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const page = await athena<{ ResultSet: { Rows: Array<{ Data: Array<{ VarCharValue?: string }> }> } }>(url, 'GetQueryResults', { QueryExecutionId });
  return page.ResultSet.Rows[1]?.Data[0]?.VarCharValue;
}

async function main() {
  const dir = await scratchDir('query');
  const started = Date.now();
  const app = await Lakehose.start(parseConfig(CONFIG), { dataDir: dir, logger: silentLogger, port: 0, host: '127.0.0.1' });
  try {
    let lakeInfo: { files: number; bytes: number; rows: number; figures?: Record<string, number> };
    if (SYNTHETIC) {
      process.stderr.write(`generating ${EVENTS.toLocaleString()} events in about ${FILES} files …\n`);
      lakeInfo = await generate(app, dir);
    } else {
      process.stderr.write(`delivering ${EVENTS.toLocaleString()} events through Firehose (1 s buffer, dynamic partitioning dt/hour, Parquet), ${ACTIVE_PARTITIONS} hours at once, ${CONCURRENCY} callers …\n`);
      lakeInfo = await deliver(app);
    }
    process.stderr.write(`  ${lakeInfo.files} files, ${(lakeInfo.bytes / 1024 / 1024).toFixed(0)} MiB, in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    const counted = await scalar(app.url, 'SELECT count(*) FROM bench.events');
    if (Number(counted) !== lakeInfo.rows) throw new Error(`the table holds ${counted} rows, ${lakeInfo.rows} events went in`);
    process.stderr.write(`  SELECT count(*) FROM bench.events = ${Number(counted).toLocaleString()}, as many as went in\n`);

    const bucketDir = app.engines.lake!.bucketPath(BUCKET)!;
    const db = await DuckDBInstance.create(':memory:', { threads: String(THREADS) });
    const duck = await db.connect();
    await duck.run("SET TimeZone = 'UTC'");
    await duck.run('SET parquet_metadata_cache = true');
    // Delivery names its Parquet objects …/<stream>-<version>-<time>-<uuid>.parquet, compaction
    // compacted-<digest>.parquet; the store's temporary files and metadata sidecars live
    // outside the bucket's folder (<lake>/.tmp, <lake>/.meta), so the glob sees only objects.
    const pattern = `${bucketDir}/events/*/*/*.parquet`;
    const globbed = Number((await duck.runAndReadAll(`SELECT count(*) FROM glob('${pattern}')`)).getRows()[0]![0]);
    if (globbed !== lakeInfo.files) throw new Error(`the DuckDB glob ${pattern} matches ${globbed} files, the lake holds ${lakeInfo.files}`);
    const glob = `read_parquet('${pattern}', hive_partitioning = true, hive_types = {'dt': VARCHAR, 'hour': INTEGER})`;

    const results: Array<Record<string, string | number>> = [];
    const figures: Record<string, number> = { ...lakeInfo.figures, lake_mib: Math.round(lakeInfo.bytes / 1024 / 1024) };
    /** One phase: Lakehose and DuckDB on the same files (and, after compaction, DuckDB on one file), interleaved. */
    const phase = async (label: 'before' | 'after', one?: string) => {
      for (const q of QUERIES) {
        const sides: Run[] = [() => viaAthena(app.url, q.athena), () => direct(duck, q.duck(glob))];
        if (one) sides.push(() => direct(duck, q.duck(one)));
        const [lh, dd, single] = (await measureSideBySide(sides)) as [Measured, Measured, Measured | undefined];
        const key = q.name.replaceAll(' ', '_').replace(/[()]/g, '');
        const row: Record<string, string | number> = {
          phase: `${label} compaction`,
          query: q.name,
          'lakehose ms': lh.ms,
          'first page ms': lh.firstMs,
          'of which planning': lh.planningMs,
          'engine ms': lh.engineMs,
          'duckdb ms': dd.ms,
          'lakehose/duckdb': lh.ms / dd.ms,
          'cold lakehose ms': lh.coldMs,
        };
        figures[`${label}_${key}_lakehose_ms`] = Math.round(lh.ms * 10) / 10;
        figures[`${label}_${key}_duckdb_ms`] = Math.round(dd.ms * 10) / 10;
        figures[`${label}_${key}_${q.typical ? 'ratio' : 'ratio_fixed_cost'}`] = Math.round((lh.ms / dd.ms) * 100) / 100;
        if (single) {
          row['single file ms'] = single.ms;
          row['lakehose/single'] = lh.ms / single.ms;
          figures[`single_${key}_ms`] = Math.round(single.ms * 10) / 10;
          figures[`after_${key}_${q.typical ? 'vs_single' : 'vs_single_fixed_cost'}`] = Math.round((lh.ms / single.ms) * 100) / 100;
        }
        results.push(row);
        if (label === 'before' && q.name.startsWith('simple')) figures['simple_first_result_ms'] = Math.round(lh.firstMs * 10) / 10;
      }
    };

    await phase('before');
    if (BEFORE_ONLY) {
      process.stdout.write(`${table(results)}\n${dir}\n`);
      return;
    }

    process.stderr.write('compacting …\n');
    const t = Date.now();
    const compactor = app.engines.query!.compactor({ intervalMs: 3_600_000, minFiles: 2, smallFileBytes: 64 * 1024 * 1024, targetFileBytes: 512 * 1024 * 1024, minAgeMs: 0 })!;
    const report = await compactor.runOnce();
    const compactionS = (Date.now() - t) / 1000;
    const remaining = (await readdir(join(bucketDir, 'events'), { recursive: true })).filter((n) => n.endsWith('.parquet')).length;
    process.stderr.write(`  ${report.filesRemoved} files merged into ${report.merged} in ${compactionS.toFixed(1)} s (${remaining} files now)\n`);
    figures['compaction_seconds'] = Math.round(compactionS * 10) / 10;
    figures['files_before'] = lakeInfo.files;
    figures['files_after'] = remaining;

    // the best case beside it: everything in one Parquet file (outside the lake)
    const single = join(dir, 'single.parquet');
    await duck.run(`COPY (SELECT * FROM ${glob}) TO '${single}' (FORMAT parquet)`);
    await phase('after', `read_parquet('${single}')`);

    // The same queries through Lakehose over the one file (table events_single) beside the
    // compacted lake: what compaction leaves to gain, the API's fixed cost on both sides.
    // Measured apart: the 190 MB file in Lakehose's DuckDB caches would disturb the phase above.
    await app.engines.lake!.putObject(BUCKET, 'single/events.parquet', createReadStream(single));
    for (const q of QUERIES) {
      const [lh, lhSingle] = (await measureSideBySide([() => viaAthena(app.url, q.athena), () => viaAthena(app.url, q.athena.replace('bench.events', 'bench.events_single'))])) as [Measured, Measured];
      const key = q.name.replaceAll(' ', '_').replace(/[()]/g, '');
      const row = results.find((r) => r.phase === 'after compaction' && r.query === q.name)!;
      row['lakehose one file ms'] = lhSingle.ms;
      row['lakehose/lakehose one file'] = lh.ms / lhSingle.ms;
      figures[`lakehose_single_${key}_ms`] = Math.round(lhSingle.ms * 10) / 10;
      figures[`after_${key}_vs_lakehose_single`] = Math.round((lh.ms / lhSingle.ms) * 100) / 100;
    }

    duck.closeSync();
    db.closeSync();

    process.stdout.write(
      `\nQuery benchmark: ${EVENTS.toLocaleString()} events ${SYNTHETIC ? 'generated' : `delivered through Firehose in ${figures['delivered_seconds']} s (${figures['ingest_events_per_s']} events/s acknowledged, ${figures['active_partitions']} partitions active)`}, ${lakeInfo.files} files → ${remaining} after compaction; DuckDB threads ${THREADS} (both sides); median of ${RUNS} interleaved rounds after one warm-up each; restrictFileAccess ${!UNRESTRICTED}; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} on ${availableParallelism()} cores\n\n`,
    );
    process.stdout.write(`${table(results)}\n\n`);
    const worst = (suffix: string) => Math.max(...Object.entries(figures).filter(([k]) => k.endsWith(suffix)).map(([, v]) => v));
    figures['worst_ratio_vs_duckdb'] = worst('_ratio');
    figures['worst_after_vs_single'] = worst('_vs_single');
    figures['worst_after_vs_lakehose_single'] = worst('_vs_lakehose_single');
    process.stdout.write(
      `targets (typical queries: count by hour, top users, partition filter): lakehose within 1.2× of duckdb (worst ${figures['worst_ratio_vs_duckdb']}×), after compaction within 1.5× of one file (worst ${figures['worst_after_vs_single']}×); first result of the simple query < 200 ms (${figures['simple_first_result_ms']} ms)\n`,
    );
    process.stdout.write(
      `the simple query after compaction: ${figures['after_simple_one_partition_lakehose_ms']} ms through the Athena API, ${figures['after_simple_one_partition_duckdb_ms']} ms in DuckDB in process — the API's fixed cost, not the scan's; through the API over one file ${figures['lakehose_single_simple_one_partition_ms']} ms; every query after compaction within ${figures['worst_after_vs_lakehose_single']}× of itself through the API over one file\n`,
    );
    process.stdout.write(`${JSON.stringify({ bench: 'query', events: EVENTS, lake: SYNTHETIC ? 'synthetic' : 'firehose', threads: THREADS, load1: Math.round(loadavg()[0]! * 100) / 100, ...figures })}\n`);
  } finally {
    await app.stop();
    if (!KEEP) await rm(dir, { recursive: true, force: true });
  }
}

await main();
