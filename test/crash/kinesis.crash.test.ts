import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { kinesisCall, readShard } from '../helpers/kinesisHttp.js';
import { startChild, tempDir } from '../helpers/server.js';

const CONFIG = 'streams:\n  - name: crash\n    shardCount: 4\n';
const SHARDS = ['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002', 'shardId-000000000003'];

interface Ack {
  id: string;
  shardId: string;
  sequenceNumber: string;
}

/** Writers put batches with unique ids until the server dies; every answered record is remembered. */
async function writeUntilDead(url: string, writers: number, acked: Ack[]): Promise<void> {
  let next = 0;
  const loop = async (w: number) => {
    for (;;) {
      const ids = Array.from({ length: 50 }, () => `w${w}-${next++}`);
      let r;
      try {
        r = await kinesisCall<{ Records: Array<{ ShardId?: string; SequenceNumber?: string }> }>(url, 'PutRecords', {
          StreamName: 'crash',
          Records: ids.map((id) => ({ PartitionKey: id, Data: Buffer.from(JSON.stringify({ id, pad: 'x'.repeat(150) })).toString('base64') })),
        });
      } catch {
        return; // the server is gone
      }
      if (r.status !== 200) continue;
      r.body.Records.forEach((rec, i) => {
        if (rec.SequenceNumber) acked.push({ id: ids[i]!, shardId: rec.ShardId!, sequenceNumber: rec.SequenceNumber });
      });
    }
  };
  await Promise.all(Array.from({ length: writers }, (_, w) => loop(w)));
}

describe('crash safety: SIGKILL under load loses no acknowledged record', () => {
  for (const [round, killAfterMs] of [150, 400, 900, 1600].entries()) {
    it(`kill point ${round + 1}: after ~${killAfterMs} ms of writes`, async () => {
      const base = await tempDir();
      const dataDir = join(base, 'data');
      try {
        const acked: Ack[] = [];
        let server = await startChild(dataDir, CONFIG);
        // Some records survive an earlier clean restart too.
        const writing = writeUntilDead(server.url, 8, acked);
        await new Promise((r) => setTimeout(r, killAfterMs + Math.floor(Math.random() * 200)));
        await server.kill('SIGKILL');
        await writing;
        assert.ok(acked.length > 0, 'some writes were acknowledged before the kill');

        server = await startChild(dataDir, CONFIG);
        try {
          const seen = new Map<string, number>();
          for (const shardId of SHARDS) {
            const records = await readShard(server.url, 'crash', shardId);
            let last = -1n;
            for (const r of records) {
              const seq = BigInt(r.SequenceNumber);
              assert.ok(seq > last, `sequence numbers increase within ${shardId}`);
              last = seq;
              const { id } = JSON.parse(Buffer.from(r.Data, 'base64').toString()) as { id: string };
              seen.set(`${id}@${r.SequenceNumber}@${shardId}`, (seen.get(`${id}@${r.SequenceNumber}@${shardId}`) ?? 0) + 1);
              seen.set(id, (seen.get(id) ?? 0) + 1);
            }
          }
          for (const a of acked) {
            assert.equal(seen.get(a.id), 1, `acknowledged record ${a.id} is present exactly once`);
            assert.equal(seen.get(`${a.id}@${a.sequenceNumber}@${a.shardId}`), 1, `${a.id} kept its shard and sequence number`);
          }
          // The stream takes writes again after recovery.
          const after = await kinesisCall<{ FailedRecordCount: number }>(server.url, 'PutRecords', {
            StreamName: 'crash',
            Records: [{ PartitionKey: 'after', Data: Buffer.from('{"id":"after"}').toString('base64') }],
          });
          assert.equal(after.body.FailedRecordCount, 0);
        } finally {
          await server.kill('SIGTERM');
        }
      } finally {
        await rm(base, { recursive: true, force: true });
      }
    });
  }

  it('SIGTERM finishes in-flight writes and exits cleanly', async () => {
    const base = await tempDir();
    const dataDir = join(base, 'data');
    try {
      const server = await startChild(dataDir, CONFIG);
      const acked: Ack[] = [];
      const writing = writeUntilDead(server.url, 4, acked);
      await new Promise((r) => setTimeout(r, 300));
      const code = await server.kill('SIGTERM');
      await writing;
      assert.equal(code, 0, server.stderr());
      const again = await startChild(dataDir, CONFIG);
      try {
        let total = 0;
        for (const shardId of SHARDS) total += (await readShard(again.url, 'crash', shardId)).length;
        assert.ok(total >= acked.length);
      } finally {
        await again.kill('SIGTERM');
      }
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});
