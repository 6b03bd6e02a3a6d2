/**
 * Benchmark: partition-key extraction for 10k ~200-byte events, JqKeyExtractor (worker pool
 * of 2 and of 1) beside jq 1.6 (/usr/bin/jq, the CLI Firehose specifies) over the same
 * records. Prints a table, then one JSON line of figures.
 * Run: npx tsc -p tsconfig.json && node dist/src/engines/delivery/partition/bench/keyExtraction.js
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { JqKeyExtractor } from '../JqKeyExtractor.js';
import { JqRuntime } from '../JqRuntime.js';
import { JqWorkerPool } from '../JqWorkerPool.js';

const RECORDS = 10_000;
const ROUNDS = 15;
const QUERY =
  '{customer_id:.customer_id,device:.type.device,year:.event_timestamp|strftime("%Y"),month:.event_timestamp|strftime("%m")}';

const texts = Array.from({ length: RECORDS }, (_, i) =>
  JSON.stringify({
    customer_id: `cust-${i % 50}`,
    event_timestamp: 1565382027 + i * 37,
    type: { device: i % 2 ? 'mobile' : 'desktop', event: 'user_clicked_submit_button' },
    amount: Math.round(i * 137) / 100,
    region: `eu-west-${i % 3}`,
    session: `sess-${(i * 7919).toString(16)}`,
  }),
);
const encoded = texts.map((t) => new TextEncoder().encode(t));
const avgBytes = encoded.reduce((n, r) => n + r.length, 0) / RECORDS;

/** Records/s over ROUNDS runs: median, slowest and fastest (the machine may be shared). */
interface Rate {
  median: number;
  min: number;
  max: number;
}

async function measure(run: () => Promise<unknown> | unknown): Promise<Rate> {
  for (let i = 0; i < 5; i++) await run(); // warm-up: jq-web's WASM tiers up to optimised code as it runs
  const rates: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    await run();
    rates.push(RECORDS / ((performance.now() - start) / 1000));
  }
  rates.sort((a, b) => a - b);
  return { median: rates[Math.floor(rates.length / 2)]!, min: rates[0]!, max: rates[rates.length - 1]! };
}

const rows: Array<[string, Rate]> = [];
for (const size of [2, 1]) {
  const pool = JqWorkerPool.create({ size });
  const extractor = await JqKeyExtractor.create(QUERY, pool);
  rows.push([`JqKeyExtractor, ${size} worker(s)`, await measure(() => extractor.extract(encoded))]);
  await pool.close();
}
const inThread = await JqKeyExtractor.create(QUERY, await JqRuntime.create());
rows.push(['JqKeyExtractor, in-thread', await measure(() => inThread.extract(encoded))]);
if (existsSync('/usr/bin/jq')) {
  const input = texts.join('\n');
  rows.push(['/usr/bin/jq 1.6 (one process)', await measure(() => spawnSync('/usr/bin/jq', ['-c', QUERY], { input }))]);
}

// Many small calls: the per-call cost, and whether memory stays flat.
const runtime = await JqRuntime.create();
const rssBefore = process.memoryUsage().rss;
const callStart = performance.now();
for (let i = 0; i < 20_000; i++) await runtime.run(texts[i % RECORDS]!, QUERY, ['-c']);
const perCallMs = (performance.now() - callStart) / 20_000;
const rssGrowthMiB = (process.memoryUsage().rss - rssBefore) / 2 ** 20;

console.log(`${RECORDS} records of ~${avgBytes.toFixed(0)} bytes, query ${QUERY}; load average ${loadavg()[0]!.toFixed(1)}`);
console.log(`${'records/s'.padStart(51)}   (min … max of ${ROUNDS})`);
for (const [name, rate] of rows) {
  console.log(`${name.padEnd(34)} ${rate.median.toFixed(0).padStart(16)}   (${rate.min.toFixed(0)} … ${rate.max.toFixed(0)})`);
}
console.log(`20k single-record calls: ${perCallMs.toFixed(2)} ms per call, RSS growth ${rssGrowthMiB.toFixed(1)} MiB`);
console.log(
  JSON.stringify({
    bench: 'partition-key-extraction',
    records: RECORDS,
    avgBytes: Math.round(avgBytes),
    loadAverage: Number(loadavg()[0]!.toFixed(1)),
    recordsPerSecondMedian: Object.fromEntries(rows.map(([name, rate]) => [name, Math.round(rate.median)])),
    singleCallMs: Number(perCallMs.toFixed(3)),
    rssGrowthMiB: Number(rssGrowthMiB.toFixed(1)),
  }),
);
