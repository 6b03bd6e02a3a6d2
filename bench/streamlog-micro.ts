/**
 * Micro-benchmark of the embedded stream log (not a test).
 *
 *   node dist/bench/streamlog-micro.js [--seconds 10] [--producers 8] [--shards 4]
 *        [--records 500] [--bytes 200] [--rate N] [--consumers] [--dir PATH]
 *
 * Producers append batches as fast as the log acknowledges them (each waits for its own
 * append), spread over the shards. With --rate, they pace themselves to N records/s in
 * total instead, and latency counts from when each append was due (so a log that falls
 * behind is not flattered). With --consumers, one reader per shard follows right
 * behind the writer. Prints a table and ends with one JSON line of the figures. Event-loop
 * delay is how late a 1 ms timer fires (p99), from perf_hooks.monitorEventLoopDelay.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { LogRecordInput, ShardLog } from '../src/engines/streams/ports.js';
import { SegmentedLogStore } from '../src/adapters/embedded/streamlog/SegmentedLogStore.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    producers: { type: 'string', default: '8' },
    shards: { type: 'string', default: '4' },
    records: { type: 'string', default: '500' },
    bytes: { type: 'string', default: '200' },
    rate: { type: 'string' },
    consumers: { type: 'boolean', default: false },
    dir: { type: 'string' },
  },
});
const seconds = Number(args.seconds);
const producers = Number(args.producers);
const shardCount = Number(args.shards);
const recordsPerBatch = Number(args.records);
const recordBytes = Number(args.bytes);
const rate = args.rate === undefined ? undefined : Number(args.rate);

// Pre-built batches, so that the figures measure the log rather than data generation.
const pool: LogRecordInput[][] = Array.from({ length: 32 }, (_, b) =>
  Array.from({ length: recordsPerBatch }, (_, i) => ({
    partitionKey: `pk-${b}-${i}`,
    data: randomBytes(recordBytes),
  })),
);
const batchPayloadBytes = pool[0]!.reduce((sum, r) => sum + r.partitionKey.length + r.data.byteLength, 0);

const dir = args.dir ?? (await mkdtemp(join(tmpdir(), 'streamlog-micro-')));
const store = await SegmentedLogStore.open(dir);
const shards = await Promise.all(Array.from({ length: shardCount }, (_, i) => store.openShard('bench', `shard-${i}`)));

const latenciesMs: number[] = [];
/** For consumers: how long after its append call each page's newest record was read. */
const readLagsMs: number[] = [];
let appendedRecords = 0;
let readRecords = 0;
let stop = false;
let peakRss = 0;

async function produce(producer: number): Promise<void> {
  const log = shards[producer % shardCount]!;
  const intervalMs = rate === undefined ? 0 : (recordsPerBatch * producers * 1000) / rate;
  let due = performance.now() + (intervalMs * producer) / producers;
  for (let n = 0; !stop; n++) {
    const batch = pool[(producer * 7 + n) % pool.length]!;
    if (rate !== undefined) {
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (stop) break;
    }
    const started = rate === undefined ? performance.now() : due;
    await log.append(batch, Date.now());
    latenciesMs.push(performance.now() - started);
    appendedRecords += batch.length;
    due += intervalMs;
  }
}

async function consume(log: ShardLog): Promise<void> {
  let next = log.nextOffset;
  while (!stop) {
    const page = await log.read(next, { maxRecords: 10_000, maxBytes: 10 * 1024 * 1024 });
    readRecords += page.records.length;
    next = page.nextOffset;
    const newest = page.records[page.records.length - 1];
    if (newest !== undefined) readLagsMs.push(Date.now() - newest.arrivalMs);
    if (page.records.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

// Sampled every 1 ms; the histogram holds whole intervals, so the 1 ms is subtracted below.
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
const rssSampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
loopDelay.enable();
const cpuAtStart = process.cpuUsage();
const started = performance.now();
const work = [
  ...Array.from({ length: producers }, (_, p) => produce(p)),
  ...(args.consumers ? shards.map((log) => consume(log)) : []),
];
await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
stop = true;
await Promise.all(work);
const elapsedS = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuAtStart);
loopDelay.disable();
clearInterval(rssSampler);
await store.close();
if (args.dir === undefined) await rm(dir, { recursive: true, force: true });

latenciesMs.sort((a, b) => a - b);
readLagsMs.sort((a, b) => a - b);
const quantileOf = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const quantile = (q: number) => quantileOf(latenciesMs, q);
const round = (x: number, digits = 2) => Number(x.toFixed(digits));
const figures = {
  bench: 'streamlog-micro',
  seconds: round(elapsedS),
  producers,
  shards: shardCount,
  recordsPerBatch,
  recordBytes,
  targetRecordsPerSec: rate,
  recordsPerSec: Math.round(appendedRecords / elapsedS),
  mbPerSec: round((appendedRecords / recordsPerBatch) * batchPayloadBytes / elapsedS / 1e6),
  appendP50Ms: round(quantile(0.5)),
  appendP99Ms: round(quantile(0.99)),
  appendMaxMs: round(latenciesMs[latenciesMs.length - 1] ?? 0),
  eventLoopDelayP99Ms: round(Math.max(0, loopDelay.percentile(99) / 1e6 - 1)),
  readRecordsPerSec: args.consumers ? Math.round(readRecords / elapsedS) : undefined,
  readLagP50Ms: args.consumers ? quantileOf(readLagsMs, 0.5) : undefined,
  readLagP99Ms: args.consumers ? quantileOf(readLagsMs, 0.99) : undefined,
  /** Process CPU (all threads, user + system) as a share of one core. */
  cpuPercent: Math.round(((cpu.user + cpu.system) / 1e6 / elapsedS) * 100),
  peakRssMiB: round(peakRss / 1024 / 1024, 1),
};

const rows: [string, string][] = [
  ['records/s (durable)', figures.recordsPerSec.toLocaleString('en-US')],
  ['MB/s (keys + data)', String(figures.mbPerSec)],
  ['append p50 / p99 / max (ms)', `${figures.appendP50Ms} / ${figures.appendP99Ms} / ${figures.appendMaxMs}`],
  ['event-loop delay p99 (ms)', String(figures.eventLoopDelayP99Ms)],
  ...(args.consumers
    ? ([
        ['read-behind records/s', (figures.readRecordsPerSec ?? 0).toLocaleString('en-US')],
        ['append-to-read lag p50 / p99 (ms)', `${figures.readLagP50Ms} / ${figures.readLagP99Ms}`],
      ] as [string, string][])
    : []),
  ['CPU (% of one core)', String(figures.cpuPercent)],
  ['peak RSS (MiB)', String(figures.peakRssMiB)],
];
console.log(
  `stream log: ${producers} producers, ${shardCount} shards, ${recordsPerBatch} records x ${recordBytes} B, ` +
    `${rate === undefined ? 'as fast as acknowledged' : `paced to ${rate} records/s`}, ${figures.seconds} s`,
);
for (const [name, value] of rows) console.log(`  ${name.padEnd(30)} ${value}`);
console.log(JSON.stringify(figures));
