/**
 * PutObject / GetObject throughput through the S3 API with the AWS SDK v3, for 1 KB and
 * 10 MB objects, against `lakehose up` (a child process) and a peer: a bare Node HTTP
 * server in another process that does the least an S3 endpoint must (stream the body to
 * a temporary file, fsync, rename; stream the file back), driven by the same client.
 *
 * Usage: node dist/src/aws/s3/s3Api.bench.js [--quick]
 * Prints a table, then one JSON line of figures.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { scratchDir, startLakehose } from '../../../bench/lib/processes.js';
import { Latencies, table } from '../../../bench/lib/stats.js';

interface Case {
  readonly label: string;
  readonly size: number;
  readonly count: number;
  readonly concurrency: number;
}

const quick = process.argv.includes('--quick');
const cases: Case[] = [
  { label: '1 KB', size: 1024, count: quick ? 500 : 3000, concurrency: 16 },
  { label: '10 MB', size: 10 * 1024 * 1024, count: quick ? 8 : 30, concurrency: 2 },
];

/** The peer: PUT streams to a temp file, fsyncs and renames it; GET streams the file. */
async function runPeer(): Promise<void> {
  const dir = await scratchDir('s3-peer-');
  const files = join(dir, 'objects');
  await mkdir(files, { recursive: true });
  let n = 0;
  const server = http.createServer((req, res) => {
    const name = createHash('sha1').update((req.url ?? '').split('?')[0]!).digest('hex');
    const target = join(files, name);
    if (req.method === 'PUT') {
      void (async () => {
        const tmp = join(dir, `tmp-${n++}`);
        const fh = await open(tmp, 'w');
        const md5 = createHash('md5');
        for await (const chunk of req as AsyncIterable<Buffer>) {
          md5.update(chunk);
          await fh.write(chunk);
        }
        await fh.sync();
        await fh.close();
        await rename(tmp, target);
        res.writeHead(200, { etag: `"${md5.digest('hex')}"` }).end();
      })().catch(() => res.writeHead(500).end());
    } else {
      void stat(target).then(
        (st) => {
          res.writeHead(200, { 'content-length': st.size, 'content-type': 'binary/octet-stream' });
          createReadStream(target).pipe(res);
        },
        () => res.writeHead(404).end(),
      );
    }
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    console.log(`listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
  });
  process.on('SIGTERM', () => {
    server.close();
    void rm(dir, { recursive: true, force: true }).then(() => process.exit(0));
  });
}

async function startPeer(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [new URL(import.meta.url).pathname, '--peer'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`peer exited with ${code}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function runPool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<{ seconds: number; latencies: Latencies }> {
  const latencies = new Latencies();
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        await task(i);
        latencies.add(performance.now() - t0);
      }
    }),
  );
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, latencies };
}

interface Figure {
  readonly target: string;
  readonly op: 'PutObject' | 'GetObject';
  readonly size: string;
  readonly opsPerSecond: number;
  readonly mibPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

async function measure(target: string, url: string): Promise<Figure[]> {
  const s3 = new S3Client({
    endpoint: url,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDLAKEHOSEBENCH001', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
  const figures: Figure[] = [];
  try {
    for (const c of cases) {
      const data = randomBytes(c.size);
      const key = (i: number) => `bench/${c.label.replace(' ', '')}/${i % 200}`;
      const put = await runPool(c.count, c.concurrency, async (i) => {
        await s3.send(new PutObjectCommand({ Bucket: 'bench', Key: key(i), Body: data }));
      });
      const get = await runPool(c.count, c.concurrency, async (i) => {
        const r = await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: key(i) }));
        let n = 0;
        for await (const chunk of r.Body as AsyncIterable<Uint8Array>) n += chunk.length;
        if (n !== c.size) throw new Error(`read ${n} bytes of ${c.size}`);
      });
      for (const [op, run] of [['PutObject', put], ['GetObject', get]] as const) {
        figures.push({
          target,
          op,
          size: c.label,
          opsPerSecond: c.count / run.seconds,
          mibPerSecond: (c.count * c.size) / run.seconds / 1024 / 1024,
          p50Ms: run.latencies.percentile(50),
          p99Ms: run.latencies.percentile(99),
        });
      }
    }
  } finally {
    s3.destroy();
  }
  return figures;
}

async function main(): Promise<void> {
  const dir = await scratchDir('s3-bench-');
  const lakehose = await startLakehose(dir, 'buckets:\n  - name: bench\nmetrics:\n  enabled: true\n');
  const peer = await startPeer();
  try {
    const load = loadavg()[0]!;
    const figures = [...(await measure('lakehose', lakehose.url)), ...(await measure('node-http-peer', peer.url))];
    console.log(`S3 API throughput, AWS SDK v3 client, ${cpus().length} cores, load ${load.toFixed(2)} at start`);
    console.log(
      table(
        figures.map((f) => ({
          target: f.target,
          op: f.op,
          size: f.size,
          'ops/s': f.opsPerSecond,
          'MiB/s': f.mibPerSecond,
          'p50 ms': f.p50Ms,
          'p99 ms': f.p99Ms,
        })),
      ),
    );
    console.log(JSON.stringify({ bench: 's3-api', cores: cpus().length, loadAtStart: load, figures }));
  } finally {
    await peer.stop();
    await lakehose.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--peer')) void runPeer();
else await main();
