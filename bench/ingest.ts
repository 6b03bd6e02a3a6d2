/**
 * `npm run bench -- ingest [--seconds 20] [--single-seconds 10] [--no-metrics]`
 *
 * Lakehose (durable: every acknowledged record fsync'd) and kinesalite (an existing Node
 * implementation of Kinesis, with its LevelDB store, which does not sync) side by side,
 * driven by the same raw HTTP/1.1 client: PutRecords of 500 JSON records of ~200 bytes
 * with random partition keys, concurrency 8, 4 shards; then single-record PutRecord at
 * concurrency 32. Prints a table and ends with one JSON line of the figures.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { postJson } from './lib/http.js';
import { freePort, peakRssMiB, scratchDir, startKinesalite, startLakehose, type Peer } from './lib/processes.js';
import { Latencies, table } from './lib/stats.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const BATCH_SECONDS = opt('seconds', 20);
const SINGLE_SECONDS = opt('single-seconds', 10);
const METRICS_OFF = args.includes('--no-metrics');
const STREAM = 'bench';
const RECORD_BYTES = 200;

// kinesalite insists on a SigV4-shaped Authorization header (it does not verify it).
const FAKE_AUTH = {
  authorization: 'AWS4-HMAC-SHA256 Credential=AKIDBENCH/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000',
  'x-amz-date': '20260101T000000Z',
};

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

const call = (url: string, op: string, body: string | Buffer) => postJson(agent, url, `Kinesis_20131202.${op}`, body, FAKE_AUTH);

function event(i: number): string {
  const base = { id: randomBytes(8).toString('hex'), userId: `user-${i % 5000}`, format: i % 3 ? 'hls' : 'dash', timestamp: new Date().toISOString(), videoId: `v-${i % 997}` };
  const json = JSON.stringify(base);
  return JSON.stringify({ ...base, pad: 'x'.repeat(Math.max(0, RECORD_BYTES - json.length - 10)) });
}

/** A pool of pre-built request bodies, so the client spends its time sending, not building. */
function batchBodies(n: number): string[] {
  return Array.from({ length: n }, (_, b) =>
    JSON.stringify({
      StreamName: STREAM,
      Records: Array.from({ length: 500 }, (_, i) => ({ PartitionKey: randomBytes(8).toString('hex'), Data: Buffer.from(event(b * 500 + i)).toString('base64') })),
    }),
  );
}

function singleBodies(n: number): string[] {
  return Array.from({ length: n }, (_, i) => JSON.stringify({ StreamName: STREAM, PartitionKey: randomBytes(8).toString('hex'), Data: Buffer.from(event(i)).toString('base64') }));
}

interface Figures {
  recordsPerSec: number;
  mbPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

async function drive(url: string, op: string, bodies: string[], recordsPerCall: number, concurrency: number, seconds: number): Promise<Figures> {
  const lat = new Latencies();
  let records = 0;
  let errors = 0;
  let next = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const body = bodies[next++ % bodies.length]!;
      const t = performance.now();
      const r = await call(url, op, body);
      lat.add(performance.now() - t);
      if (r.status !== 200) {
        errors++;
        continue;
      }
      if (recordsPerCall > 1) {
        const failed = (JSON.parse(r.text) as { FailedRecordCount: number }).FailedRecordCount;
        records += recordsPerCall - failed;
        errors += failed;
      } else records += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  return {
    recordsPerSec: records / elapsed,
    mbPerSec: (records * RECORD_BYTES) / elapsed / 1e6,
    p50Ms: lat.percentile(50),
    p99Ms: lat.percentile(99),
    errors,
  };
}

async function createStream(peer: Peer): Promise<void> {
  const r = await call(peer.url, 'CreateStream', JSON.stringify({ StreamName: STREAM, ShardCount: 4 }));
  if (r.status !== 200 && !r.text.includes('ResourceInUse')) throw new Error(`${peer.name}: CreateStream failed: ${r.text}`);
  for (let i = 0; i < 50; i++) {
    const d = await call(peer.url, 'DescribeStreamSummary', JSON.stringify({ StreamName: STREAM }));
    if (d.text.includes('"ACTIVE"')) return;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`${peer.name}: stream never became ACTIVE`);
}

async function measure(peer: Peer, batches: string[], singles: string[]) {
  await createStream(peer);
  await drive(peer.url, 'PutRecords', batches, 500, 8, 2); // warm-up
  const batch = await drive(peer.url, 'PutRecords', batches, 500, 8, BATCH_SECONDS);
  const single = await drive(peer.url, 'PutRecord', singles, 1, 32, SINGLE_SECONDS);
  return { batch, single, peakRssMiB: peakRssMiB(peer.child.pid!) };
}

async function main() {
  console.log(`ingest benchmark: PutRecords 500 x ${RECORD_BYTES} B, 4 shards, concurrency 8, ${BATCH_SECONDS} s; PutRecord concurrency 32, ${SINGLE_SECONDS} s`);
  const batches = batchBodies(40);
  const singles = singleBodies(2000);
  const dir = await scratchDir('lakehose-bench-ingest-');
  const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
  try {
    // --no-metrics turns counting off, to measure what metrics cost on the ingest path.
    const lakehose = await startLakehose(dir, METRICS_OFF ? 'streams: []\nmetrics:\n  enabled: false\n' : 'streams: []\n');
    try {
      results.lakehose = await measure(lakehose, batches, singles);
    } finally {
      await lakehose.stop();
    }
    const kinesalite = await startKinesalite(dir, await freePort());
    try {
      results.kinesalite = await measure(kinesalite, batches, singles);
    } finally {
      await kinesalite.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    agent.destroy();
  }
  const rows = Object.entries(results).flatMap(([name, r]) => [
    { peer: name, call: 'PutRecords x500', 'records/s': Math.round(r.batch.recordsPerSec), 'MB/s': r.batch.mbPerSec, 'p50 ms': r.batch.p50Ms, 'p99 ms': r.batch.p99Ms, errors: r.batch.errors, 'peak RSS MiB': r.peakRssMiB },
    { peer: name, call: 'PutRecord x1', 'records/s': Math.round(r.single.recordsPerSec), 'MB/s': r.single.mbPerSec, 'p50 ms': r.single.p50Ms, 'p99 ms': r.single.p99Ms, errors: r.single.errors, 'peak RSS MiB': r.peakRssMiB },
  ]);
  console.log(table(rows));
  const l = results.lakehose!;
  const k = results.kinesalite!;
  const ratio = l.batch.recordsPerSec / k.batch.recordsPerSec;
  const singleRatio = l.single.recordsPerSec / k.single.recordsPerSec;
  console.log(`\nratio lakehose/kinesalite: PutRecords ${ratio.toFixed(1)}x, PutRecord ${singleRatio.toFixed(1)}x`);
  console.log(
    `targets: >=10x records/s ${ratio >= 10 ? 'MET' : 'NOT MET'}; p99 < 50 ms ${l.batch.p99Ms < 50 ? 'MET' : 'NOT MET'}; peak RSS < 300 MB ${l.peakRssMiB < 300 ? 'MET' : 'NOT MET'}`,
  );
  console.log(
    JSON.stringify({
      bench: 'ingest',
      metrics: !METRICS_OFF,
      lakehose: { putRecords: l.batch, putRecord: l.single, peakRssMiB: l.peakRssMiB },
      kinesalite: { putRecords: k.batch, putRecord: k.single, peakRssMiB: k.peakRssMiB },
      ratioPutRecords: ratio,
      ratioPutRecord: singleRatio,
    }),
  );
}

await main();
