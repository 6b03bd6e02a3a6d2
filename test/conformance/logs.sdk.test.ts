import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteLogStreamCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  ListTagsForResourceCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  TagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { ROOT, startServer, type InProcessServer } from '../helpers/server.js';

let server: InProcessServer;
let logs: CloudWatchLogsClient;

before(async () => {
  server = await startServer('region: eu-west-1\nlogGroups:\n  - name: /lakehose/firehose/errors\n    retentionInDays: 14\n    streams: [DestinationDelivery]\n');
  logs = new CloudWatchLogsClient({ endpoint: server.url, region: 'eu-west-1', credentials: { accessKeyId: 'AKIDLAKEHOSETEST0001', secretAccessKey: 'x' }, maxAttempts: 1 });
});
after(async () => {
  logs.destroy();
  await server.stop();
});

async function rejects(p: Promise<unknown>, name: string): Promise<void> {
  await assert.rejects(p, (e: Error) => {
    assert.equal(e.name, name);
    return true;
  });
}

describe('CloudWatch Logs conformance: SDK v3', () => {
  const group = '/app/orders';
  const now = Date.now();

  it('creates groups and streams, with AWS errors for duplicates and missing ones', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: group, tags: { team: 'data' } }));
    await rejects(logs.send(new CreateLogGroupCommand({ logGroupName: group })), 'ResourceAlreadyExistsException');
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'web-1' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'web-2' }));
    await rejects(logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'web-1' })), 'ResourceAlreadyExistsException');
    await rejects(logs.send(new CreateLogStreamCommand({ logGroupName: '/nope', logStreamName: 'x' })), 'ResourceNotFoundException');
    await rejects(logs.send(new CreateLogGroupCommand({ logGroupName: 'bad name!' })), 'InvalidParameterException');
  });

  it('describes groups (config-declared ones too) and streams', async () => {
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/' }));
    const byName = new Map((groups.logGroups ?? []).map((g) => [g.logGroupName, g]));
    assert.ok(byName.has(group));
    const declared = byName.get('/lakehose/firehose/errors')!;
    assert.equal(declared.retentionInDays, 14);
    assert.equal(declared.arn, 'arn:aws:logs:eu-west-1:000000000000:log-group:/lakehose/firehose/errors:*');
    assert.equal(declared.logGroupArn, 'arn:aws:logs:eu-west-1:000000000000:log-group:/lakehose/firehose/errors');
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/lakehose/firehose/errors' }));
    assert.deepEqual(streams.logStreams?.map((s) => s.logStreamName), ['DestinationDelivery']);
    const pattern = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: 'ORDERS' }));
    assert.deepEqual(pattern.logGroups?.map((g) => g.logGroupName), [group]);
  });

  it('puts events and reads them back with GetLogEvents', async () => {
    const r = await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 'web-1',
        logEvents: [
          { timestamp: now - 3000, message: 'INFO start' },
          { timestamp: now - 2000, message: 'ERROR payment failed order=17' },
          { timestamp: now - 1000, message: JSON.stringify({ level: 'warn', latencyMs: 900 }) },
        ],
      }),
    );
    assert.ok(r.nextSequenceToken);
    assert.equal(r.rejectedLogEventsInfo, undefined);
    await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 'web-2', logEvents: [{ timestamp: now - 2500, message: 'ERROR disk full' }] }));
    const got = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 'web-1', startFromHead: true }));
    assert.deepEqual(got.events?.map((e) => e.message), ['INFO start', 'ERROR payment failed order=17', JSON.stringify({ level: 'warn', latencyMs: 900 })]);
    assert.equal(got.events![0]!.timestamp, now - 3000);
    assert.ok(got.events![0]!.ingestionTime! >= now - 60_000);
    assert.match(got.nextForwardToken!, /^f\//);
    const again = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 'web-1', nextToken: got.nextForwardToken }));
    assert.deepEqual(again.events, []);
    assert.equal(again.nextForwardToken, got.nextForwardToken);
    const stream = (await logs.send(new DescribeLogStreamsCommand({ logGroupName: group, orderBy: 'LastEventTime', descending: true }))).logStreams![0]!;
    assert.equal(stream.logStreamName, 'web-1');
    assert.equal(stream.firstEventTimestamp, now - 3000);
    assert.equal(stream.lastEventTimestamp, now - 1000);
  });

  it('reports rejected events by index, and refuses unordered batches', async () => {
    const r = await logs.send(
      new PutLogEventsCommand({ logGroupName: group, logStreamName: 'web-2', logEvents: [{ timestamp: now, message: 'ok' }, { timestamp: now + 3 * 3_600_000, message: 'from the future' }] }),
    );
    assert.deepEqual(r.rejectedLogEventsInfo, { tooNewLogEventStartIndex: 1 });
    await rejects(
      logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 'web-2', logEvents: [{ timestamp: now, message: 'b' }, { timestamp: now - 10, message: 'a' }] })),
      'InvalidParameterException',
    );
    await rejects(logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 'nope', logEvents: [{ timestamp: now, message: 'x' }] })), 'ResourceNotFoundException');
  });

  it('filters events across streams with filter patterns', async () => {
    const f = await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: 'ERROR', startTime: now - 10_000, endTime: now - 500 }));
    assert.deepEqual(f.events?.map((e) => [e.logStreamName, e.message]), [
      ['web-2', 'ERROR disk full'],
      ['web-1', 'ERROR payment failed order=17'],
    ]);
    assert.ok(f.events!.every((e) => typeof e.eventId === 'string'));
    const json = await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '{ $.latencyMs > 500 }' }));
    assert.equal(json.events?.length, 1);
    const or = await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '?disk ?start', logStreamNames: ['web-1', 'web-2'] }));
    assert.deepEqual(or.events?.map((e) => e.message), ['INFO start', 'ERROR disk full']);
    const phrase = await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '"payment failed" -order=18', logStreamNamePrefix: 'web-' }));
    assert.equal(phrase.events?.length, 1);
    const paged = await logs.send(new FilterLogEventsCommand({ logGroupName: group, limit: 1 }));
    assert.equal(paged.events?.length, 1);
    assert.ok(paged.nextToken);
    const next = await logs.send(new FilterLogEventsCommand({ logGroupName: group, limit: 1, nextToken: paged.nextToken }));
    assert.notEqual(next.events![0]!.eventId, paged.events![0]!.eventId);
    await rejects(logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '{ $.x = ' })), 'InvalidParameterException');
  });

  it('sets and removes retention, tags groups, deletes streams and groups', async () => {
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: group, retentionInDays: 7 }));
    assert.equal((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }))).logGroups![0]!.retentionInDays, 7);
    await rejects(logs.send(new PutRetentionPolicyCommand({ logGroupName: group, retentionInDays: 2 })), 'InvalidParameterException');
    await logs.send(new DeleteRetentionPolicyCommand({ logGroupName: group }));
    assert.equal((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }))).logGroups![0]!.retentionInDays, undefined);
    const arn = 'arn:aws:logs:eu-west-1:000000000000:log-group:/app/orders';
    await logs.send(new TagResourceCommand({ resourceArn: arn, tags: { env: 'dev' } }));
    assert.deepEqual((await logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, { team: 'data', env: 'dev' });
    await logs.send(new DeleteLogStreamCommand({ logGroupName: group, logStreamName: 'web-2' }));
    assert.deepEqual((await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }))).logStreams?.map((s) => s.logStreamName), ['web-1']);
    await logs.send(new DeleteLogGroupCommand({ logGroupName: group }));
    await rejects(logs.send(new DeleteLogGroupCommand({ logGroupName: group })), 'ResourceNotFoundException');
    await rejects(logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 'web-1' })), 'ResourceNotFoundException');
  });
});

describe('CloudWatch Logs conformance: function output', () => {
  let fnServer: InProcessServer;
  let client: CloudWatchLogsClient;
  before(async () => {
    fnServer = await startServer(`region: eu-west-1\nfunctions:\n  - name: logs\n    handler: logs.handler\n    codeDir: ${ROOT}src/engines/functions/fixtures\n`);
    client = new CloudWatchLogsClient({ endpoint: fnServer.url, region: 'eu-west-1', credentials: { accessKeyId: 'AKIDLAKEHOSETEST0001', secretAccessKey: 'x' }, maxAttempts: 1 });
  });
  after(async () => {
    client.destroy();
    await fnServer.stop();
  });

  it('lands in /aws/lambda/<name>, in the stream the function was told', async () => {
    const result = await fnServer.app.engines.functions!.invoke('logs', { name: 'lakehose' });
    assert.equal(result.ok, true);
    const deadline = Date.now() + 10_000;
    let messages: string[] = [];
    while (Date.now() < deadline && !messages.some((m) => m.startsWith('REPORT RequestId'))) {
      await new Promise((r) => setTimeout(r, 100));
      const got = await client.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/logs' })).catch(() => undefined);
      messages = (got?.events ?? []).map((e) => e.message!);
    }
    assert.ok(messages.some((m) => m.startsWith(`START RequestId: ${result.requestId}`)), messages.join(''));
    assert.ok(messages.some((m) => /\tINFO\thello lakehose/.test(m)), messages.join(''));
    assert.ok(messages.some((m) => m.startsWith('REPORT RequestId')));
    const streams = await client.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/logs' }));
    assert.equal(streams.logStreams?.length, 1);
    assert.match(streams.logStreams![0]!.logStreamName!, /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    const groups = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }));
    assert.equal(groups.logGroups![0]!.retentionInDays, 30, 'groups Lakehose creates itself keep 30 days');
  });
});
