import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { encode as encodeCbor } from 'cbor-x';
import { kinesisCall, readShard } from '../helpers/kinesisHttp.js';
import { startServer, type InProcessServer } from '../helpers/server.js';

/** A small seeded PRNG so a failing run can be replayed (set FUZZ_SEED). */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPERATIONS = [
  'CreateStream', 'DeleteStream', 'DescribeStream', 'DescribeStreamSummary', 'ListStreams', 'ListShards', 'PutRecord',
  'PutRecords', 'GetShardIterator', 'GetRecords', 'IncreaseStreamRetentionPeriod', 'DecreaseStreamRetentionPeriod',
  'AddTagsToStream', 'ListTagsForStream', 'RemoveTagsFromStream', 'SplitShard', 'MergeShards', 'UpdateShardCount',
  'UpdateStreamMode', 'DescribeLimits', 'NoSuchOperation',
];

const VALID: Record<string, unknown> = {
  PutRecord: { StreamName: 'fuzz', PartitionKey: 'k', Data: 'aGVsbG8=' },
  PutRecords: { StreamName: 'fuzz', Records: [{ PartitionKey: 'k', Data: 'aGVsbG8=' }, { PartitionKey: 'j', Data: '', ExplicitHashKey: '12' }] },
  GetShardIterator: { StreamName: 'fuzz', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' },
  GetRecords: { ShardIterator: 'AAAA', Limit: 5 },
  CreateStream: { StreamName: 'fz', ShardCount: 1 },
  SplitShard: { StreamName: 'fuzz', ShardToSplit: 'shardId-000000000001', NewStartingHashKey: '5' },
  UpdateShardCount: { StreamName: 'fuzz', TargetShardCount: 3, ScalingType: 'UNIFORM_SCALING' },
  ListShards: { StreamName: 'fuzz', MaxResults: 2 },
  AddTagsToStream: { StreamName: 'fuzz', Tags: { a: 'b' } },
};

const GARBAGE: unknown[] = [
  null, true, false, 0, -1, 1e308, 3.5, '', 'x'.repeat(300), '💥', '\u0000', [], [1, 'a'], {}, { a: { b: { c: [] } } },
  'not base64!', '====', 'AAA', Number.MAX_SAFE_INTEGER, -0, '1'.repeat(60),
];

function mutate(rand: () => number, value: unknown, depth = 0): unknown {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  if (depth > 4 || rand() < 0.25) return pick(GARBAGE);
  if (Array.isArray(value)) {
    const out = value.map((v) => mutate(rand, v, depth + 1));
    if (rand() < 0.2) out.push(...Array.from({ length: Math.floor(rand() * 600) }, () => ({ PartitionKey: 'p', Data: 'AA==' })));
    return out;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = rand();
      if (r < 0.15) continue; // drop a member
      out[r < 0.2 ? k.toLowerCase() : k] = r < 0.6 ? v : mutate(rand, v, depth + 1);
    }
    if (rand() < 0.2) out[pick(['StreamName', 'Limit', 'Records', 'Data', 'ShardId', 'Tags'])] = pick(GARBAGE);
    return out;
  }
  return pick(GARBAGE);
}

function randomBody(rand: () => number, op: string): { body: Buffer | string; contentType: string } {
  const r = rand();
  const doc = mutate(rand, VALID[op] ?? {});
  if (r < 0.1) return { body: Buffer.from(Array.from({ length: Math.floor(rand() * 200) }, () => Math.floor(rand() * 256))), contentType: 'application/x-amz-json-1.1' };
  if (r < 0.2) return { body: encodeCbor(doc), contentType: 'application/x-amz-cbor-1.1' };
  if (r < 0.25) return { body: Buffer.from(Array.from({ length: 64 }, () => Math.floor(rand() * 256))), contentType: 'application/x-amz-cbor-1.1' };
  if (r < 0.3) return { body: JSON.stringify(doc).slice(0, Math.floor(rand() * 40)), contentType: 'application/x-amz-json-1.1' };
  if (r < 0.35) return { body: JSON.stringify(doc), contentType: 'text/plain' };
  return { body: JSON.stringify(doc), contentType: 'application/x-amz-json-1.1' };
}

let server: InProcessServer;
before(async () => {
  server = await startServer('streams:\n  - name: fuzz\n    shardCount: 2\n');
});
after(async () => server.stop());

describe('bad input: thousands of random and mutated requests', () => {
  it('never crash the server, always get an AWS-shaped answer, and leave stored data intact', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
    const rand = prng(seed);
    const stored = await kinesisCall<{ SequenceNumber: string; ShardId: string }>(server.url, 'PutRecord', { StreamName: 'fuzz', PartitionKey: 'keep', Data: Buffer.from('keep-me').toString('base64') });
    assert.equal(stored.status, 200);
    const TOTAL = 3000;
    const statuses = new Map<number, number>();
    let sent = 0;
    const worker = async () => {
      while (sent < TOTAL) {
        sent++;
        const op = OPERATIONS[Math.floor(rand() * OPERATIONS.length)]!;
        const { body, contentType } = randomBody(rand, op);
        const res = await fetch(`${server.url}/`, { method: 'POST', body, headers: { 'content-type': contentType, 'x-amz-target': `Kinesis_20131202.${op}` } });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const text = Buffer.from(await res.arrayBuffer());
        assert.ok(res.status < 500, `seed ${seed}: ${op} answered ${res.status}: ${text.toString().slice(0, 300)}`);
        assert.ok(res.headers.get('x-amzn-requestid'), 'every answer has a request id');
        if (res.status >= 400 && res.headers.get('content-type')?.includes('json')) {
          const err = JSON.parse(text.toString()) as { __type?: string };
          assert.ok(err.__type, `seed ${seed}: error without __type: ${text.toString().slice(0, 200)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    assert.ok((statuses.get(400) ?? 0) > TOTAL / 4, `mostly refused: ${JSON.stringify([...statuses])}`);
    // Still healthy, and what was stored before is intact.
    const health = await fetch(`${server.url}/health`);
    assert.equal(health.status, 200);
    const records = await readShard(server.url, 'fuzz', stored.body.ShardId);
    assert.ok(records.some((r) => r.SequenceNumber === stored.body.SequenceNumber && Buffer.from(r.Data, 'base64').toString() === 'keep-me'));
    const again = await kinesisCall(server.url, 'PutRecord', { StreamName: 'fuzz', PartitionKey: 'k2', Data: 'AA==' });
    assert.equal(again.status, 200);
  });
});
