/**
 * Put/get throughput of the lake (Lake over FileObjectStore) for 1 KB, 1 MB and 100 MB
 * objects, beside a peer: the bare minimum a durable file write takes on the same disk
 * (write temp, fsync, rename, fsync folder) and a plain streamed file read.
 *
 * Usage: node dist/src/adapters/embedded/objectstore/FileObjectStore.bench.js [dataDirParent]
 * Prints a table, then one JSON line of figures.
 */
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, open, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Lake } from '../../../engines/lake/Lake.js';
import { FileObjectStore } from './FileObjectStore.js';

interface Case {
  readonly label: string;
  readonly size: number;
  readonly count: number;
  readonly concurrency: number;
}

const cases: Case[] = [
  { label: '1 KB', size: 1024, count: 4000, concurrency: 32 },
  { label: '1 MB', size: 1024 * 1024, count: 400, concurrency: 8 },
  { label: '100 MB', size: 100 * 1024 * 1024, count: 6, concurrency: 1 },
];

const CHUNK = 1024 * 1024;

/** The body as a stream of 1 MiB chunks (how a large upload arrives), or as one buffer when small. */
function bodyOf(data: Buffer): Buffer | Readable {
  if (data.length <= CHUNK) return data;
  return Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += CHUNK) yield data.subarray(i, i + CHUNK);
    })(),
  );
}

async function runPool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function drain(stream: AsyncIterable<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const chunk of stream) n += chunk.length;
  return n;
}

async function rawDurablePut(dir: string, name: string, data: Buffer): Promise<void> {
  const tmp = join(dir, `.${name}.tmp`);
  const fh = await open(tmp, 'w');
  await fh.write(data);
  await fh.sync();
  await fh.close();
  await rename(tmp, join(dir, name));
  const d = await open(dir, 'r');
  await d.sync();
  await d.close();
}

interface Figures {
  objectsPerSec: number;
  mibPerSec: number;
}

function figures(c: Case, seconds: number): Figures {
  return {
    objectsPerSec: Math.round(c.count / seconds),
    mibPerSec: Math.round(((c.count * c.size) / seconds / 1024 / 1024) * 10) / 10,
  };
}

async function main(): Promise<void> {
  const parent = process.argv[2] ?? tmpdir();
  const dataDir = await mkdtemp(join(parent, 'lakehose-bench-'));
  const store = await FileObjectStore.open({ dataDir });
  const lake = new Lake(store);
  await lake.createBucket('bench');
  const rawDir = await mkdtemp(join(parent, 'lakehose-bench-raw-'));
  const results: Record<string, { lakePut: Figures; lakeGet: Figures; rawDurablePut: Figures; rawGet: Figures }> = {};
  const rows: string[] = [];
  try {
    for (const c of cases) {
      const data = Buffer.alloc(c.size, 0x5a);
      for (let i = 0; i < data.length; i += 4096) data.writeUInt32LE(i * 2654435761 >>> 0, i);
      const key = (i: number) => `bench/${c.label.replace(' ', '')}/dt=2024-01-01/obj-${i}`;

      const put = await runPool(c.count, c.concurrency, async (i) => {
        await lake.putObject('bench', key(i), bodyOf(data));
      });
      const get = await runPool(c.count, c.concurrency, async (i) => {
        const got = await lake.getObject('bench', key(i));
        if ((await drain(got.body)) !== c.size) throw new Error('short read');
      });
      const rawPut = await runPool(c.count, c.concurrency, (i) => rawDurablePut(rawDir, `${c.label.replace(' ', '')}-${i}`, data));
      const rawGet = await runPool(c.count, c.concurrency, async (i) => {
        const n = await drain(createReadStream(join(rawDir, `${c.label.replace(' ', '')}-${i}`), { highWaterMark: CHUNK }));
        if (n !== c.size) throw new Error('short read');
      });
      results[c.label] = {
        lakePut: figures(c, put),
        lakeGet: figures(c, get),
        rawDurablePut: figures(c, rawPut),
        rawGet: figures(c, rawGet),
      };
      const r = results[c.label];
      if (r) {
        rows.push(
          [c.label.padEnd(7), `${c.count}×, ${c.concurrency} at once`.padEnd(20)]
            .concat(
              [r.lakePut, r.rawDurablePut, r.lakeGet, r.rawGet].map((f) => `${String(f.objectsPerSec).padStart(6)}/s ${String(f.mibPerSec).padStart(7)} MiB/s`),
            )
            .join(' │ '),
        );
      }
      // Free the disk space between sizes.
      await lake.replaceObjects('bench', [], Array.from({ length: c.count }, (_, i) => key(i)));
      await rm(rawDir, { recursive: true, force: true });
      await mkdir(rawDir);
    }
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(rawDir, { recursive: true, force: true });
  }
  const header = ['size   ', 'objects             ', 'lake put                  ', 'raw durable put (peer)    ', 'lake get                  ', 'raw read (peer)'];
  console.log(header.join(' │ '));
  for (const row of rows) console.log(row);
  // Peak memory, to show that 100 MB bodies stream rather than pile up (the bench itself holds one 100 MB source buffer).
  const maxRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(`peak RSS ${maxRssMiB} MiB`);
  console.log(JSON.stringify({ bench: 'lake-throughput', node: process.version, dir: parent, maxRssMiB, results }));
}

await main();
