/**
 * `npm run bench -- notify [--rate 500] [--seconds 10] [--max-seconds 10] [--subscribers 10] [--no-peer]`
 *
 * SNS fan-out to HTTP subscribers on loopback. One topic, 10 HTTP subscriptions, each a
 * small HTTP server in this process that notes when each notification arrives. Messages
 * carry the time they were sent, so latency is Publish (request sent) → receipt at the
 * subscriber, on one monotonic clock.
 *
 * - steady: Publish at a fixed rate (open loop; default 500/s = 5,000 deliveries/s with 10
 *   subscribers), then report deliveries/s, p50/p99/max latency and anything missing.
 * - max: Publish as fast as 64 concurrent callers can (closed loop): the most deliveries/s.
 *
 * Lakehose runs as `lakehose up` (every Publish durable before it answers; messages signed).
 * The peer is moto's server (Python, in memory, delivering synchronously inside Publish,
 * unsigned, no retries), when it is installed. Both are driven by the same raw HTTP client
 * (form-encoded awsQuery). Prints a table and ends with one JSON line of the figures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { postRaw } from './lib/http.js';
import { freePort, peakRssMiB, scratchDir, startLakehose } from './lib/processes.js';
import { Latencies, table } from './lib/stats.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const RATE = opt('rate', 500);
const SECONDS = opt('seconds', 10);
const MAX_SECONDS = opt('max-seconds', 10);
const SUBSCRIBERS = opt('subscribers', 10);
const MAX_CONCURRENCY = 64;
const TOPIC = 'bench';
const DRAIN_MS = 15_000;

interface Peer {
  readonly name: string;
  readonly url: string;
  readonly topicArn: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** The subscribers: each delivery's latency, by which phase it belongs to. */
class Receivers {
  readonly servers: http.Server[] = [];
  latencies = new Latencies();
  received = 0;
  firstMs = Infinity;
  lastMs = 0;
  private seen = new Set<string>();
  duplicates = 0;

  async start(n: number): Promise<string[]> {
    const urls: string[] = [];
    for (let i = 0; i < n; i++) {
      const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const now = performance.now();
          res.writeHead(200).end();
          let doc: { Type?: string; Message?: string };
          try {
            doc = JSON.parse(Buffer.concat(chunks).toString()) as { Type?: string; Message?: string };
          } catch {
            return;
          }
          if (doc.Type !== 'Notification' || !doc.Message) return;
          const m = JSON.parse(doc.Message) as { t: number; id: string };
          const key = `${i}/${m.id}`;
          if (this.seen.has(key)) {
            this.duplicates++;
            return;
          }
          this.seen.add(key);
          this.received++;
          this.firstMs = Math.min(this.firstMs, now);
          this.lastMs = Math.max(this.lastMs, now);
          this.latencies.add(now - m.t);
        });
      });
      server.keepAliveTimeout = 120_000;
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      this.servers.push(server);
      urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}/sub${i}`);
    }
    return urls;
  }

  reset(): void {
    this.latencies = new Latencies();
    this.received = 0;
    this.firstMs = Infinity;
    this.lastMs = 0;
    this.seen = new Set();
    this.duplicates = 0;
  }

  async stop(): Promise<void> {
    for (const s of this.servers) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_CONCURRENCY });

function query(url: string, params: Record<string, string>): Promise<{ status: number; text: string }> {
  const body = new URLSearchParams({ Version: '2010-03-31', ...params }).toString();
  return postRaw(agent, url, {
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    // moto routes by the signing scope; Lakehose (no credentials configured) does not check it.
    authorization: 'AWS4-HMAC-SHA256 Credential=AKIDBENCH/20260101/us-east-1/sns/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000',
    'x-amz-date': '20260101T000000Z',
  }, body);
}

let nextId = 0;
/** How long Publish took to answer (request sent → response), per phase. */
let publishLatencies = new Latencies();
async function publish(peer: Peer): Promise<boolean> {
  const t = performance.now();
  const message = JSON.stringify({ t, id: String(nextId++), pad: 'x'.repeat(200) });
  const r = await query(peer.url, { Action: 'Publish', TopicArn: peer.topicArn, Message: message, Subject: 'bench' });
  publishLatencies.add(performance.now() - t);
  return r.status === 200;
}

function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return NaN;
  }
}

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

interface PhaseResult {
  peer: string;
  phase: string;
  published: number;
  failed: number;
  expected: number;
  delivered: number;
  missing: number;
  duplicates: number;
  deliveriesPerSec: number;
  publishP99Ms: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  cpuSecPer1kDeliveries: number;
}

async function steady(peer: Peer, receivers: Receivers, subscribers: number): Promise<PhaseResult> {
  receivers.reset();
  publishLatencies = new Latencies();
  const cpu0 = cpuSeconds(peer.pid);
  let published = 0;
  let failed = 0;
  const inflight = new Set<Promise<void>>();
  const start = performance.now();
  const total = RATE * SECONDS;
  // Open loop: each 10 ms tick sends what the schedule says is due, whatever came back.
  while (published + failed < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE)) - (published + failed);
    for (let i = 0; i < due; i++) {
      const p: Promise<void> = publish(peer)
        .then((ok) => (ok ? published++ : failed++))
        .catch(() => failed++)
        .then(() => void inflight.delete(p));
      inflight.add(p);
      if (published + failed + inflight.size >= total) break;
    }
    if (published + failed + inflight.size >= total) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  await Promise.all(inflight);
  await waitFor(() => receivers.received >= published * subscribers, DRAIN_MS);
  return result(peer, 'steady', receivers, published, failed, subscribers, cpu0);
}

async function max(peer: Peer, receivers: Receivers, subscribers: number): Promise<PhaseResult> {
  receivers.reset();
  publishLatencies = new Latencies();
  const cpu0 = cpuSeconds(peer.pid);
  let published = 0;
  let failed = 0;
  const end = performance.now() + MAX_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: MAX_CONCURRENCY }, async () => {
      while (performance.now() < end) {
        if (await publish(peer).catch(() => false)) published++;
        else failed++;
      }
    }),
  );
  await waitFor(() => receivers.received >= published * subscribers, DRAIN_MS);
  return result(peer, 'max', receivers, published, failed, subscribers, cpu0);
}

function result(peer: Peer, phase: string, receivers: Receivers, published: number, failed: number, subscribers: number, cpu0: number): PhaseResult {
  const expected = published * subscribers;
  const seconds = (receivers.lastMs - receivers.firstMs) / 1000;
  return {
    peer: peer.name,
    phase,
    published,
    failed,
    expected,
    delivered: receivers.received,
    missing: Math.max(0, expected - receivers.received),
    duplicates: receivers.duplicates,
    deliveriesPerSec: seconds > 0 ? receivers.received / seconds : NaN,
    publishP99Ms: publishLatencies.percentile(99),
    p50Ms: receivers.latencies.percentile(50),
    p99Ms: receivers.latencies.percentile(99),
    maxMs: receivers.latencies.percentile(100),
    cpuSecPer1kDeliveries: ((cpuSeconds(peer.pid) - cpu0) / Math.max(1, receivers.received)) * 1000,
  };
}

async function startLakehosePeer(dir: string, urls: string[]): Promise<Peer> {
  const yaml = [
    'topics:',
    '  list:',
    `    - name: ${TOPIC}`,
    '      subscriptions:',
    ...urls.flatMap((u) => ['        - protocol: http', `          endpoint: ${u}`, '          confirmed: true']),
  ].join('\n');
  const p = await startLakehose(dir, yaml);
  return { name: 'lakehose', url: p.url, topicArn: `arn:aws:sns:us-east-1:000000000000:${TOPIC}`, pid: p.child.pid!, stop: p.stop };
}

/** moto's server, when Python has it: topic and subscriptions made through its API. */
async function startMoto(urls: string[]): Promise<Peer | undefined> {
  const port = await freePort();
  const child: ChildProcess = spawn('python3', ['-m', 'moto.server', '-p', String(port), '-H', '127.0.0.1'], { stdio: ['ignore', 'ignore', 'ignore'] });
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  for (let i = 0; i < 100; i++) {
    try {
      const r = await query(url, { Action: 'CreateTopic', Name: TOPIC });
      const topicArn = /<TopicArn>([^<]+)<\/TopicArn>/.exec(r.text)?.[1];
      if (r.status === 200 && topicArn) {
        for (const u of urls) await query(url, { Action: 'Subscribe', TopicArn: topicArn, Protocol: 'http', Endpoint: u });
        return { name: 'moto', url, topicArn, pid: child.pid!, stop };
      }
    } catch {
      // not up yet
    }
    if (child.exitCode !== null) return undefined;
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  return undefined;
}

async function main(): Promise<void> {
  console.log(`notify benchmark: 1 topic, ${SUBSCRIBERS} HTTP subscribers on loopback; steady ${RATE} publishes/s for ${SECONDS} s; max with ${MAX_CONCURRENCY} concurrent publishers for ${MAX_SECONDS} s`);
  const receivers = new Receivers();
  const urls = await receivers.start(SUBSCRIBERS);
  const rows: PhaseResult[] = [];
  const dir = await scratchDir('lakehose-bench-notify-');
  let rss = NaN;
  try {
    const lakehose = await startLakehosePeer(dir, urls);
    try {
      await steadyWarmUp(lakehose);
      rows.push(await steady(lakehose, receivers, SUBSCRIBERS));
      rows.push(await max(lakehose, receivers, SUBSCRIBERS));
      rss = peakRssMiB(lakehose.pid);
    } finally {
      await lakehose.stop();
    }
    if (!args.includes('--no-peer')) {
      const moto = await startMoto(urls);
      if (moto) {
        try {
          rows.push(await steady(moto, receivers, SUBSCRIBERS));
          rows.push(await max(moto, receivers, SUBSCRIBERS));
        } finally {
          await moto.stop();
        }
      } else {
        console.log('(moto is not installed: no peer run; pip install "moto[server]")');
      }
    }
  } finally {
    await receivers.stop();
    agent.destroy();
    await rm(dir, { recursive: true, force: true });
  }
  console.log(table(rows.map((r) => ({ ...r, deliveriesPerSec: Math.round(r.deliveriesPerSec) }))));
  const mine = (phase: string) => rows.find((r) => r.peer === 'lakehose' && r.phase === phase);
  const steadyRow = mine('steady');
  const maxRow = mine('max');
  console.log(`\nlakehose peak RSS ${rss.toFixed(0)} MiB; target: >= 5000 deliveries/s with p99 < 100 ms`);
  console.log(
    JSON.stringify({
      bench: 'notify',
      subscribers: SUBSCRIBERS,
      steadyRatePublishesPerSec: RATE,
      steadyDeliveriesPerSec: Math.round(steadyRow?.deliveriesPerSec ?? NaN),
      steadyP50Ms: round(steadyRow?.p50Ms),
      steadyP99Ms: round(steadyRow?.p99Ms),
      steadyMissing: steadyRow?.missing,
      maxDeliveriesPerSec: Math.round(maxRow?.deliveriesPerSec ?? NaN),
      maxP99Ms: round(maxRow?.p99Ms),
      maxMissing: maxRow?.missing,
      peakRssMiB: Math.round(rss),
      peers: Object.fromEntries(rows.filter((r) => r.peer !== 'lakehose').map((r) => [`${r.peer}_${r.phase}`, { deliveriesPerSec: Math.round(r.deliveriesPerSec), p99Ms: round(r.p99Ms), missing: r.missing }])),
    }),
  );
}

/** A second of publishing first, so connection pools, JIT and the journal are warm. */
async function steadyWarmUp(peer: Peer): Promise<void> {
  const end = performance.now() + 1000;
  while (performance.now() < end) await Promise.all(Array.from({ length: 8 }, () => publish(peer)));
  await new Promise((r) => setTimeout(r, 500));
}

function round(v: number | undefined): number | undefined {
  return v === undefined || Number.isNaN(v) ? undefined : Math.round(v * 10) / 10;
}

await main();
