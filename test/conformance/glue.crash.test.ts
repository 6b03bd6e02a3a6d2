import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startChild, startServer, tempDir } from '../helpers/server.js';

const CONFIG = `catalog:
  databases:
    - name: lake
      tables:
        - name: events
          storageDescriptor:
            location: s3://lake/events/
            columns: [{ name: id, type: string }]
          partitionKeys: [{ name: writer, type: string }, { name: n, type: int }]
`;
const BATCH = 20;

async function glue(url: string, operation: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSGlue.${operation}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('Glue catalog crash safety: SIGKILL during BatchCreatePartition', () => {
  it('keeps every acknowledged batch, and applies each batch whole or not at all', async () => {
    const base = await tempDir();
    const dataDir = join(base, 'data');
    try {
      const server = await startChild(dataDir, CONFIG);
      const acked: number[][] = [];
      const sent = new Map<string, number[]>();
      let killed: Promise<unknown> | undefined;
      const writer = async (w: number) => {
        for (let b = 0; ; b++) {
          const ns = Array.from({ length: BATCH }, (_, i) => b * BATCH + i);
          sent.set(`${w}/${b}`, ns);
          let r;
          try {
            r = await glue(server.url, 'BatchCreatePartition', {
              DatabaseName: 'lake',
              TableName: 'events',
              PartitionInputList: ns.map((n) => ({ Values: [`w${w}`, String(n)] })),
            });
          } catch {
            return; // the server is gone
          }
          assert.equal(r.status, 200);
          assert.deepEqual(r.body.Errors, []);
          acked.push([w, b]);
          // Kill once enough batches are acknowledged: the point depends on a count, not on time.
          if (acked.length === 40) killed = server.kill('SIGKILL');
        }
      };
      await Promise.all([0, 1, 2, 3].map(writer));
      await killed;
      assert.ok(acked.length >= 40);

      const again = await startServer(CONFIG, dataDir);
      try {
        const present = new Set(again.app.engines.catalog!.getPartitions('lake', 'events').partitions.map((p) => p.values.join('/')));
        for (const [w, b] of acked) {
          for (const n of sent.get(`${w}/${b}`)!) assert.ok(present.has(`w${w}/${n}`), `acknowledged partition w${w}/${n} survived`);
        }
        for (const [key, ns] of sent) {
          const w = key.split('/')[0]!;
          const found = ns.filter((n) => present.has(`w${w}/${n}`)).length;
          assert.ok(found === 0 || found === ns.length, `batch ${key} is whole or absent (found ${found} of ${ns.length})`);
        }
        assert.equal(present.size % BATCH, 0);
      } finally {
        await again.stop();
      }
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});
