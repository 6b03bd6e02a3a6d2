import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aws, cliBinary, type CliVersion } from '../helpers/awsCli.js';
import { startServer, type InProcessServer } from '../helpers/server.js';

let server: InProcessServer;
before(async () => {
  server = await startServer('region: eu-west-1\n');
});
after(async () => server.stop());

for (const version of [1, 2] as CliVersion[]) {
  describe(`CloudWatch Logs conformance: AWS CLI v${version}`, { skip: cliBinary(version) ? false : 'AWS CLI v2 not installed' }, () => {
    const logs = (...args: string[]) => aws(version, server.url, ['logs', ...args]);
    const group = `/cli/v${version}`;
    const now = Date.now();

    it('create-log-group, create-log-stream, put-log-events, get-log-events', async () => {
      assert.equal((await logs('create-log-group', '--log-group-name', group)).code, 0);
      assert.equal((await logs('create-log-stream', '--log-group-name', group, '--log-stream-name', 'app')).code, 0);
      const put = await logs(
        'put-log-events', '--log-group-name', group, '--log-stream-name', 'app', '--log-events',
        `timestamp=${now - 2000},message="INFO started"`, `timestamp=${now - 1000},message="ERROR boom"`,
      );
      assert.equal(put.code, 0, put.stderr);
      const got = await logs('get-log-events', '--log-group-name', group, '--log-stream-name', 'app', '--start-from-head');
      assert.equal(got.code, 0, got.stderr);
      assert.deepEqual(got.json<{ events: Array<{ message: string; timestamp: number }> }>().events.map((e) => [e.message, e.timestamp]), [
        ['INFO started', now - 2000],
        ['ERROR boom', now - 1000],
      ]);
    });

    it('filter-log-events, describe-log-groups/streams, put-retention-policy', async () => {
      const f = await logs('filter-log-events', '--log-group-name', group, '--filter-pattern', 'ERROR');
      assert.equal(f.code, 0, f.stderr);
      assert.deepEqual(f.json<{ events: Array<{ message: string; logStreamName: string }> }>().events.map((e) => [e.logStreamName, e.message]), [['app', 'ERROR boom']]);
      assert.equal((await logs('put-retention-policy', '--log-group-name', group, '--retention-in-days', '30')).code, 0);
      const groups = await logs('describe-log-groups', '--log-group-name-prefix', group);
      const [g] = groups.json<{ logGroups: Array<{ logGroupName: string; retentionInDays: number; storedBytes: number }> }>().logGroups;
      assert.equal(g!.logGroupName, group);
      assert.equal(g!.retentionInDays, 30);
      assert.equal(g!.storedBytes, 'INFO started'.length + 26 + 'ERROR boom'.length + 26);
      const streams = await logs('describe-log-streams', '--log-group-name', group);
      assert.deepEqual(streams.json<{ logStreams: Array<{ logStreamName: string; lastEventTimestamp: number }> }>().logStreams.map((s) => [s.logStreamName, s.lastEventTimestamp]), [['app', now - 1000]]);
    });

    it('tail (CLI v2): prints the group\'s events', { skip: version === 2 ? false : '`aws logs tail` is a CLI v2 command' }, async () => {
      const tail = await logs('tail', group, '--since', '1h', '--format', 'short');
      assert.equal(tail.code, 0, tail.stderr);
      assert.match(tail.stdout, /INFO started\n.*ERROR boom/);
    });

    it('prints CloudWatch Logs error codes, and deletes', async () => {
      assert.match((await logs('create-log-group', '--log-group-name', group)).stderr, /\(ResourceAlreadyExistsException\)/);
      assert.match((await logs('put-retention-policy', '--log-group-name', group, '--retention-in-days', '2')).stderr, /\(InvalidParameterException\).*Invalid retention value/);
      assert.match((await logs('create-log-group', '--log-group-name', 'no spaces allowed')).stderr, /\(InvalidParameterException\).*1 validation error detected/);
      assert.equal((await logs('delete-log-group', '--log-group-name', group)).code, 0);
      assert.match((await logs('describe-log-streams', '--log-group-name', group)).stderr, /\(ResourceNotFoundException\)/);
    });
  });
}
