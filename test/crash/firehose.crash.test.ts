import assert from 'node:assert/strict';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { spawn } from 'node:child_process';
import { ROOT, startChild, tempDir, type ChildServer } from '../helpers/server.js';

/**
 * Exactly once across kill -9: writers put records with unique ids until the server is
 * killed at some moment (often while objects are being written); after a restart, once
 * delivery is idle, every acknowledged id is in the lake exactly once, no id is there twice,
 * and every object is whole (decompresses and parses completely).
 */
const BUCKET = 'crash-lake';

const DIRECT = `
buckets:
  - name: ${BUCKET}
deliveryStreams:
  # Two jq partitions, so flushes write several objects under one intent.
  - name: crash-direct
    destination:
      bucket: ${BUCKET}
      prefix: direct/p=!{partitionKeyFromQuery:p}/
      errorOutputPrefix: direct-errors/!{firehose:error-output-type}/
      compression: GZIP
      buffering: { sizeMiB: 1, intervalSeconds: 1 }
      dynamicPartitioning: { enabled: true }
      processors:
        - metadataExtraction: { query: '{p: .p}' }
        - appendDelimiterToRecord: true
`;

const KINESIS = `
buckets:
  - name: ${BUCKET}
streams:
  - name: crash-src
    shardCount: 3
deliveryStreams:
  - name: crash-kds
    source: { kinesisStream: crash-src }
    destination:
      bucket: ${BUCKET}
      prefix: kds/
      compression: GZIP
      buffering: { sizeMiB: 1, intervalSeconds: 1 }
      processors:
        - appendDelimiterToRecord: true
`;

async function call(url: string, target: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

type Put = (url: string, ids: string[]) => Promise<boolean[] | undefined>;

const putFirehose: Put = async (url, ids) => {
  const r = await call(url, 'Firehose_20150804.PutRecordBatch', {
    DeliveryStreamName: 'crash-direct',
    Records: ids.map((id, i) => ({ Data: Buffer.from(JSON.stringify({ id, p: i % 2 ? 'odd' : 'even', pad: 'x'.repeat(150) })).toString('base64') })),
  });
  if (r.status !== 200) return undefined;
  return (r.body.RequestResponses as Array<{ RecordId?: string }>).map((x) => x.RecordId !== undefined);
};

const putKinesis: Put = async (url, ids) => {
  const r = await call(url, 'Kinesis_20131202.PutRecords', {
    StreamName: 'crash-src',
    Records: ids.map((id) => ({ PartitionKey: id, Data: Buffer.from(JSON.stringify({ id, pad: 'x'.repeat(150) })).toString('base64') })),
  });
  if (r.status !== 200) return undefined;
  return (r.body.Records as Array<{ SequenceNumber?: string }>).map((x) => x.SequenceNumber !== undefined);
};

/** Writers put batches with unique ids until the server dies; returns the acknowledged ids and every id sent. */
async function writeUntilDead(url: string, put: Put, writers: number, round: number): Promise<{ acked: Set<string>; sent: Set<string> }> {
  const acked = new Set<string>();
  const sent = new Set<string>();
  let next = 0;
  const loop = async (w: number) => {
    for (;;) {
      const ids = Array.from({ length: 50 }, () => `r${round}-w${w}-${next++}`);
      for (const id of ids) sent.add(id);
      let ok: boolean[] | undefined;
      try {
        ok = await put(url, ids);
      } catch {
        return; // the server is gone
      }
      ok?.forEach((stored, i) => stored && acked.add(ids[i]!));
    }
  };
  await Promise.all(Array.from({ length: writers }, (_, w) => loop(w)));
  return { acked, sent };
}

async function waitIdle(server: ChildServer): Promise<void> {
  const deadline = Date.now() + 60_000;
  let stable = 0;
  for (;;) {
    const s = (await (await fetch(`${server.url}/_lakehose/status`)).json()) as {
      deliveryStreams: Array<{ backlogRecords?: number; inFlightRecords?: number; bufferedRecords?: number; flushing?: boolean; replaying?: boolean; state?: string }>;
    };
    const idle = s.deliveryStreams.every((d) => d.state === 'running' && d.backlogRecords === 0 && d.inFlightRecords === 0 && d.bufferedRecords === 0 && !d.flushing && !d.replaying);
    // Idle twice in a row: a Kinesis source learns about new records at its next poll.
    stable = idle ? stable + 1 : 0;
    if (stable >= 3) return;
    assert.ok(Date.now() < deadline, `delivery did not become idle: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function* files(dir: string): AsyncGenerator<string> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else yield p;
  }
}

/** Every id in the bucket's objects under `folder`, counted; throws if an object is not whole. */
async function idsInLake(dataDir: string, folder: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const path of files(join(dataDir, 'lake', BUCKET, folder))) {
    const raw = await readFile(path);
    let text: string;
    try {
      text = gunzipSync(raw).toString();
    } catch (e) {
      assert.fail(`${path} is not a whole GZIP object: ${(e as Error).message}`);
    }
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const { id } = JSON.parse(line) as { id: string };
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  return counts;
}

async function crashRound(config: string, put: Put, folder: string, killAfterMs: number, round: number): Promise<void> {
  const base = await tempDir();
  const dataDir = join(base, 'data');
  try {
    let server = await startChild(dataDir, config);
    const writing = writeUntilDead(server.url, put, 6, round);
    await new Promise((r) => setTimeout(r, killAfterMs + Math.floor(Math.random() * 300)));
    await server.kill('SIGKILL');
    const { acked, sent } = await writing;
    assert.ok(acked.size > 0, 'some records were acknowledged before the kill');

    server = await startChild(dataDir, config);
    try {
      await waitIdle(server);
      const counts = await idsInLake(dataDir, folder);
      for (const id of acked) assert.equal(counts.get(id), 1, `acknowledged record ${id} is in the lake exactly once`);
      for (const [id, n] of counts) {
        assert.ok(sent.has(id), `${id} was sent`);
        assert.equal(n, 1, `${id} (acknowledged or not) is never delivered twice`);
      }
    } finally {
      await server.kill('SIGTERM');
    }
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

/** Runs the engine's crash child and collects its stdout lines. */
function child(mode: string, dataDir: string, source: string): Promise<{ lines: string[]; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [join(ROOT, 'dist/src/engines/delivery/crashChild.js'), mode, dataDir, source], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (_code, signal) => resolve({ lines: out.split('\n').filter((l) => l !== ''), signal, stderr: err }));
  });
}

describe('crash safety of delivery at each step of a flush (three objects under one intent)', () => {
  for (const [source, step] of [
    ['direct', 'intent-saved'],
    ['direct', 'object-written'],
    ['direct', 'committed'],
    ['kinesis', 'intent-saved'],
    ['kinesis', 'object-written'],
    ['kinesis', 'committed'],
  ] as const) {
    it(`${source === 'direct' ? 'DirectPut' : 'Kinesis source of 3 shards'}, killed at ${step}: after the restart every acknowledged record is delivered exactly once`, async () => {
      const dataDir = await tempDir();
      try {
        const died = await child(`die-at:${step}`, dataDir, source);
        assert.equal(died.signal, 'SIGKILL', died.stderr);
        const acked = died.lines.filter((l) => l.startsWith('acked ')).map((l) => l.slice(6));
        const written = died.lines.filter((l) => l.startsWith('written ')).map((l) => l.slice(8));
        assert.ok(acked.length > 0);
        if (step === 'object-written') assert.equal(written.length, 1, 'killed right after the first object of the flush');
        const recovered = await child('recover', dataDir, source);
        assert.equal(recovered.signal, null, recovered.stderr);
        assert.ok(recovered.lines.at(-1)?.startsWith('done'), recovered.stderr);
        const objects = recovered.lines.filter((l) => l.startsWith('object ')).map((l) => l.split(' '));
        const counts = new Map<string, number>();
        for (const [, , ids] of objects) for (const id of (ids ?? '').split(',')) if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
        for (const id of acked) assert.equal(counts.get(id), 1, `${id} is delivered exactly once`);
        for (const [id, n] of counts) assert.equal(n, 1, `${id} is never delivered twice`);
        // The object written before the crash was rewritten in place, not copied under a new key.
        for (const key of written) assert.ok(objects.some(([, k]) => k === key), `${key} is still there after the replay`);
        const keysPerPartition = new Map<string, number>();
        for (const [, key] of objects) keysPerPartition.set(key!.split('/')[0]!, (keysPerPartition.get(key!.split('/')[0]!) ?? 0) + 1);
        assert.deepEqual([...keysPerPartition.keys()].sort(), ['p=x', 'p=y', 'p=z']);
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  }
});

describe('crash safety of delivery: kill -9 at any moment, then every acknowledged record is in the lake exactly once', () => {
  for (const [round, killAfterMs] of [700, 1300, 2100, 3200].entries()) {
    it(`DirectPut with two jq partitions, kill point ${round + 1} (~${killAfterMs} ms)`, async () => {
      await crashRound(DIRECT, putFirehose, 'direct', killAfterMs, round);
    });
  }
  for (const [round, killAfterMs] of [900, 2500].entries()) {
    it(`Kinesis stream of 3 shards as source, kill point ${round + 1} (~${killAfterMs} ms)`, async () => {
      await crashRound(KINESIS, putKinesis, 'kds', killAfterMs, round);
    });
  }
});
