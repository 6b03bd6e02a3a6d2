import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { aws, cliBinary, type CliVersion } from '../helpers/awsCli.js';
import { startServer, tempDir, type InProcessServer } from '../helpers/server.js';

let server: InProcessServer;
const BUCKET = 'fh-cli';

before(async () => {
  server = await startServer(`region: eu-west-1\nbuckets:\n  - name: ${BUCKET}\n`);
});
after(async () => server.stop());

async function keysUnder(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of server.app.engines.lake!.listAllObjects(BUCKET, prefix)) keys.push(o.key);
  return keys;
}

for (const version of [1, 2] as CliVersion[]) {
  describe(`Firehose conformance: AWS CLI v${version}`, { skip: cliBinary(version) ? false : 'AWS CLI v2 not installed' }, () => {
    const name = `cli-v${version}`;
    const f = (...args: string[]) => aws(version, server.url, ['firehose', ...args]);
    // v2 takes blobs as base64 unless told otherwise; v1 sends them raw (and has no such flag).
    const blobArgs = version === 2 ? ['--cli-binary-format', 'raw-in-base64-out'] : [];

    it('creates, describes and lists a delivery stream', async () => {
      const dir = await tempDir();
      const config = join(dir, 'dest.json');
      await writeFile(
        config,
        JSON.stringify({
          RoleARN: 'arn:aws:iam::000000000000:role/firehose',
          BucketARN: `arn:aws:s3:::${BUCKET}`,
          Prefix: `${name}/`,
          // Debian's CLI v2 carries an older model in which IntervalInSeconds starts at 60.
          BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
          CompressionFormat: 'UNCOMPRESSED',
        }),
      );
      const created = await f('create-delivery-stream', '--delivery-stream-name', name, '--delivery-stream-type', 'DirectPut', '--extended-s3-destination-configuration', `file://${config}`);
      assert.equal(created.code, 0, created.stderr);
      assert.equal(created.json<{ DeliveryStreamARN: string }>().DeliveryStreamARN, `arn:aws:firehose:eu-west-1:000000000000:deliverystream/${name}`);
      const d = await f('describe-delivery-stream', '--delivery-stream-name', name);
      assert.equal(d.code, 0, d.stderr);
      const desc = d.json<{ DeliveryStreamDescription: { DeliveryStreamStatus: string; VersionId: string; Destinations: Array<{ ExtendedS3DestinationDescription: { Prefix: string } }> } }>().DeliveryStreamDescription;
      assert.equal(desc.DeliveryStreamStatus, 'ACTIVE');
      assert.equal(desc.VersionId, '1');
      assert.equal(desc.Destinations[0]!.ExtendedS3DestinationDescription.Prefix, `${name}/`);
      const list = await f('list-delivery-streams');
      assert.ok(list.json<{ DeliveryStreamNames: string[] }>().DeliveryStreamNames.includes(name));
    });

    it('puts records (put-record, put-record-batch)', async () => {
      const put = await f('put-record', '--delivery-stream-name', name, '--record', '{"Data":"{\\"id\\":\\"1\\",\\"userId\\":\\"1\\"}\\n"}', ...blobArgs);
      assert.equal(put.code, 0, put.stderr);
      assert.ok(put.json<{ RecordId: string }>().RecordId);
      const batch = await f('put-record-batch', '--delivery-stream-name', name, '--records', 'Data=one', 'Data=two', ...blobArgs);
      assert.equal(batch.code, 0, batch.stderr);
      const b = batch.json<{ FailedPutCount: number; RequestResponses: Array<{ RecordId?: string }> }>();
      assert.equal(b.FailedPutCount, 0);
      assert.equal(b.RequestResponses.length, 2);
    });

    it('updates the destination, tags, and deletes', async () => {
      const upd = await f(
        'update-destination',
        '--delivery-stream-name',
        name,
        '--current-delivery-stream-version-id',
        '1',
        '--destination-id',
        'destinationId-000000000001',
        '--extended-s3-destination-update',
        `Prefix=${name}-v2/,CompressionFormat=GZIP`,
      );
      assert.equal(upd.code, 0, upd.stderr);
      // The update delivered what was buffered under version 1 before switching.
      const v1 = await keysUnder(`${name}/`);
      assert.equal(v1.length, 1);
      assert.match(v1[0]!, new RegExp(`^${name}/\\d{4}/\\d{2}/\\d{2}/\\d{2}/${name}-1-`));
      const d = (await f('describe-delivery-stream', '--delivery-stream-name', name)).json<{ DeliveryStreamDescription: { VersionId: string } }>();
      assert.equal(d.DeliveryStreamDescription.VersionId, '2');
      const stale = await f('update-destination', '--delivery-stream-name', name, '--current-delivery-stream-version-id', '1', '--destination-id', 'destinationId-000000000001', '--extended-s3-destination-update', 'Prefix=x/');
      assert.match(stale.stderr, /ConcurrentModificationException/);
      assert.equal((await f('tag-delivery-stream', '--delivery-stream-name', name, '--tags', 'Key=env,Value=dev', 'Key=team,Value=data')).code, 0);
      assert.equal((await f('untag-delivery-stream', '--delivery-stream-name', name, '--tag-keys', 'team')).code, 0);
      const tags = (await f('list-tags-for-delivery-stream', '--delivery-stream-name', name)).json<{ Tags: Array<{ Key: string; Value: string }> }>();
      assert.deepEqual(tags.Tags, [{ Key: 'env', Value: 'dev' }]);
      assert.equal((await f('delete-delivery-stream', '--delivery-stream-name', name)).code, 0);
      assert.match((await f('describe-delivery-stream', '--delivery-stream-name', name)).stderr, /ResourceNotFoundException/);
    });

    it('prints AWS errors', async () => {
      const missing = await f('put-record', '--delivery-stream-name', 'does-not-exist', '--record', 'Data=x', ...blobArgs);
      assert.notEqual(missing.code, 0);
      assert.match(missing.stderr, /ResourceNotFoundException/);
      const file = join(await tempDir(), 'bad.json');
      await writeFile(file, JSON.stringify({ RoleARN: 'arn:aws:iam::000000000000:role/r', BucketARN: `arn:aws:s3:::${BUCKET}`, Prefix: 'a/!{timestamp:yyyy}/' }));
      const bad = await f('create-delivery-stream', '--delivery-stream-name', `${name}-bad`, '--extended-s3-destination-configuration', `file://${file}`);
      assert.match(bad.stderr, /InvalidArgumentException/);
      assert.match(bad.stderr, /ErrorOutputPrefix cannot be null or empty when Prefix contains expressions/);
    });
  });
}
