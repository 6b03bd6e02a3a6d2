import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FaultyFileOps } from '../../src/adapters/embedded/streamlog/FaultyFileOps.js';
import { kinesisCall, readShard } from '../helpers/kinesisHttp.js';
import { startServer, type InProcessServer } from '../helpers/server.js';

const disk = new FaultyFileOps();
let server: InProcessServer;
const b64 = (s: string) => Buffer.from(s).toString('base64');

before(async () => {
  server = await startServer('streams:\n  - name: full\n    shardCount: 1\n', undefined, { streamLogFileOps: disk });
});
after(async () => server.stop());

describe('a disk that fills up', () => {
  it('refuses writes with a clear AWS error, damages nothing, and recovers when space returns', async () => {
    const first = await kinesisCall<{ SequenceNumber: string }>(server.url, 'PutRecord', { StreamName: 'full', PartitionKey: 'k', Data: b64('before') });
    assert.equal(first.status, 200);

    disk.spaceLeftBytes = 0;
    const batch = await kinesisCall<{ FailedRecordCount: number; Records: Array<{ ErrorCode?: string; ErrorMessage?: string }> }>(server.url, 'PutRecords', {
      StreamName: 'full',
      Records: [{ PartitionKey: 'a', Data: b64('lost-1') }, { PartitionKey: 'b', Data: b64('lost-2') }],
    });
    assert.equal(batch.status, 200);
    assert.equal(batch.body.FailedRecordCount, 2);
    for (const r of batch.body.Records) {
      assert.equal(r.ErrorCode, 'InternalFailure');
      assert.match(r.ErrorMessage!, /disk is full/);
    }
    const single = await kinesisCall<{ __type: string; message: string }>(server.url, 'PutRecord', { StreamName: 'full', PartitionKey: 'k', Data: b64('lost-3') });
    assert.equal(single.status, 500);
    assert.equal(single.body.__type, 'InternalFailure');
    assert.match(single.body.message, /disk is full/);

    disk.heal();
    const after = await kinesisCall<{ SequenceNumber: string }>(server.url, 'PutRecord', { StreamName: 'full', PartitionKey: 'k', Data: b64('after') });
    assert.equal(after.status, 200);
    const records = await readShard(server.url, 'full', 'shardId-000000000000');
    assert.deepEqual(records.map((r) => Buffer.from(r.Data, 'base64').toString()), ['before', 'after']);
    assert.equal(records[0]!.SequenceNumber, first.body.SequenceNumber);
    // No gap: the refused records left no hole in the shard's positions.
    assert.equal(BigInt(records[1]!.SequenceNumber) - BigInt(records[0]!.SequenceNumber), 1n << 80n);
  });
});
