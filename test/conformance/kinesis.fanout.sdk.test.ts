import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateStreamCommand,
  DeleteStreamCommand,
  DeregisterStreamConsumerCommand,
  DescribeStreamConsumerCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  ListShardsCommand,
  ListStreamConsumersCommand,
  PutRecordCommand,
  RegisterStreamConsumerCommand,
  SplitShardCommand,
  SubscribeToShardCommand,
  type StartingPosition,
  type SubscribeToShardEvent,
} from '@aws-sdk/client-kinesis';
import { EventStreamCodec, type Message } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { decode as decodeCbor, encode as encodeCbor } from 'cbor-x';
import { startServer, tempDir, type InProcessServer } from '../helpers/server.js';
import { TEST_CREDENTIALS } from '../helpers/awsCli.js';

const REGION = 'eu-west-1';
const streamArn = (name: string) => `arn:aws:kinesis:${REGION}:000000000000:stream/${name}`;
const text = (b: Uint8Array | undefined) => Buffer.from(b ?? []).toString();

let server: InProcessServer;
let kinesis: KinesisClient;

function client(url: string): KinesisClient {
  return new KinesisClient({ endpoint: url, region: REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

async function rejectsCode(p: Promise<unknown>, code: string) {
  await assert.rejects(p, (e: Error) => {
    assert.equal(e.name, code, e.message);
    return true;
  });
}

async function register(stream: string, name: string): Promise<string> {
  const r = await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn(stream), ConsumerName: name }));
  return r.Consumer!.ConsumerARN!;
}

async function put(stream: string, ...data: string[]): Promise<string[]> {
  const seqs: string[] = [];
  for (const d of data) {
    const r = await kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'k', Data: Buffer.from(d) }));
    seqs.push(r.SequenceNumber!);
  }
  return seqs;
}

/**
 * Subscribes and reads events until `enough` says stop (then leaves the subscription, as a
 * consumer that got what it wanted), the stream ends, or `timeoutMs` passes.
 */
async function subscribe(
  consumerARN: string,
  shardId: string,
  position: StartingPosition,
  enough: (events: SubscribeToShardEvent[]) => boolean,
  opts: { timeoutMs?: number; onSubscribed?: () => Promise<void> } = {},
): Promise<{ events: SubscribeToShardEvent[]; ended: boolean }> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), opts.timeoutMs ?? 10_000);
  const events: SubscribeToShardEvent[] = [];
  let ended = true;
  try {
    const out = await kinesis.send(new SubscribeToShardCommand({ ConsumerARN: consumerARN, ShardId: shardId, StartingPosition: position }), { abortSignal: abort.signal });
    await opts.onSubscribed?.();
    for await (const e of out.EventStream!) {
      if (e.SubscribeToShardEvent) events.push(e.SubscribeToShardEvent);
      if (enough(events)) {
        ended = false;
        break;
      }
    }
  } finally {
    clearTimeout(timer);
  }
  return { events, ended };
}

const recordsOf = (events: SubscribeToShardEvent[]) => events.flatMap((e) => e.Records ?? []);
const countAtLeast = (n: number) => (events: SubscribeToShardEvent[]) => recordsOf(events).length >= n;

describe('Kinesis enhanced fan-out: AWS SDK v3 (HTTP/2)', () => {
  before(async () => {
    server = await startServer(`region: ${REGION}\n`);
    kinesis = client(server.url);
  });
  after(async () => {
    kinesis.destroy();
    await server.stop();
  });

  it('registers, describes, lists and deregisters consumers', async () => {
    await kinesis.send(new CreateStreamCommand({ StreamName: 'efo-admin', ShardCount: 1 }));
    const r = await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn('efo-admin'), ConsumerName: 'app-1' }));
    const c = r.Consumer!;
    assert.equal(c.ConsumerName, 'app-1');
    assert.match(c.ConsumerARN!, /^arn:aws:kinesis:eu-west-1:000000000000:stream\/efo-admin\/consumer\/app-1:\d{10}$/);
    assert.equal(c.ConsumerARN!.split(':').pop(), String(Math.floor(c.ConsumerCreationTimestamp!.getTime() / 1000)));
    assert.equal(c.ConsumerStatus, 'ACTIVE');
    await register('efo-admin', 'app-2');

    const byArn = await kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: c.ConsumerARN }));
    assert.equal(byArn.ConsumerDescription!.ConsumerName, 'app-1');
    assert.equal(byArn.ConsumerDescription!.StreamARN, streamArn('efo-admin'));
    assert.equal(byArn.ConsumerDescription!.ConsumerStatus, 'ACTIVE');
    const byName = await kinesis.send(new DescribeStreamConsumerCommand({ StreamARN: streamArn('efo-admin'), ConsumerName: 'app-2' }));
    assert.equal(byName.ConsumerDescription!.ConsumerName, 'app-2');

    const page1 = await kinesis.send(new ListStreamConsumersCommand({ StreamARN: streamArn('efo-admin'), MaxResults: 1 }));
    assert.deepEqual(page1.Consumers!.map((x) => x.ConsumerName), ['app-1']);
    assert.ok(page1.NextToken);
    const page2 = await kinesis.send(new ListStreamConsumersCommand({ StreamARN: streamArn('efo-admin'), NextToken: page1.NextToken }));
    assert.deepEqual(page2.Consumers!.map((x) => x.ConsumerName), ['app-2']);
    assert.equal(page2.NextToken, undefined);
    const summary = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'efo-admin' }));
    assert.equal(summary.StreamDescriptionSummary!.ConsumerCount, 2);

    await rejectsCode(kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn('efo-admin'), ConsumerName: 'app-1' })), 'ResourceInUseException');
    await rejectsCode(kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn('nope'), ConsumerName: 'x' })), 'ResourceNotFoundException');
    await rejectsCode(kinesis.send(new DescribeStreamConsumerCommand({ StreamARN: streamArn('efo-admin'), ConsumerName: 'ghost' })), 'ResourceNotFoundException');
    await rejectsCode(kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: c.ConsumerARN!.replace(/:\d+$/, ':1') })), 'ResourceNotFoundException');
    await rejectsCode(kinesis.send(new DescribeStreamConsumerCommand({ StreamARN: streamArn('efo-admin') })), 'InvalidArgumentException');

    await kinesis.send(new DeregisterStreamConsumerCommand({ ConsumerARN: c.ConsumerARN }));
    await rejectsCode(kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: c.ConsumerARN })), 'ResourceNotFoundException');
    await kinesis.send(new DeregisterStreamConsumerCommand({ StreamARN: streamArn('efo-admin'), ConsumerName: 'app-2' }));
    const none = await kinesis.send(new ListStreamConsumersCommand({ StreamARN: streamArn('efo-admin') }));
    assert.deepEqual(none.Consumers, []);
  });

  it('allows 20 consumers per stream, and DeleteStream needs EnforceConsumerDeletion while any is registered', async () => {
    await kinesis.send(new CreateStreamCommand({ StreamName: 'efo-limit', ShardCount: 1 }));
    for (let i = 0; i < 20; i++) await register('efo-limit', `c${i}`);
    await rejectsCode(kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn('efo-limit'), ConsumerName: 'c20' })), 'LimitExceededException');
    await rejectsCode(kinesis.send(new DeleteStreamCommand({ StreamName: 'efo-limit' })), 'ResourceInUseException');
    await kinesis.send(new DeleteStreamCommand({ StreamName: 'efo-limit', EnforceConsumerDeletion: true }));
    // A new stream of the same name starts without consumers.
    await kinesis.send(new CreateStreamCommand({ StreamName: 'efo-limit', ShardCount: 1 }));
    const list = await kinesis.send(new ListStreamConsumersCommand({ StreamARN: streamArn('efo-limit') }));
    assert.deepEqual(list.Consumers, []);
  });

  it('pushes records from TRIM_HORIZON, old and new, in order, with continuation numbers', async () => {
    await kinesis.send(new CreateStreamCommand({ StreamName: 'efo-read', ShardCount: 1 }));
    const arn = await register('efo-read', 'reader');
    const before = await put('efo-read', 'a', 'b', 'c');
    let afterSeqs: string[] = [];
    const { events } = await subscribe(arn, 'shardId-000000000000', { Type: 'TRIM_HORIZON' }, countAtLeast(5), {
      onSubscribed: async () => {
        afterSeqs = await put('efo-read', 'd', 'e');
      },
    });
    const records = recordsOf(events);
    assert.deepEqual(records.map((r) => text(r.Data)), ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual(records.map((r) => r.SequenceNumber), [...before, ...afterSeqs]);
    assert.ok(records.every((r) => r.PartitionKey === 'k' && r.ApproximateArrivalTimestamp instanceof Date));
    for (const e of events) {
      assert.equal(typeof e.MillisBehindLatest, 'number');
      if ((e.Records ?? []).length > 0) assert.equal(e.ContinuationSequenceNumber, e.Records!.at(-1)!.SequenceNumber);
    }
    assert.equal(events.at(-1)!.MillisBehindLatest, 0);
  });

  it('LATEST sees only new records; AFTER_SEQUENCE_NUMBER and AT_SEQUENCE_NUMBER resume exactly', async () => {
    await kinesis.send(new CreateStreamCommand({ StreamName: 'efo-pos', ShardCount: 1 }));
    const seqs = await put('efo-pos', 'r0', 'r1', 'r2', 'r3');
    const latest = await subscribe(await register('efo-pos', 'latest'), 'shardId-000000000000', { Type: 'LATEST' }, countAtLeast(1), {
      onSubscribed: async () => void (await put('efo-pos', 'r4')),
    });
    assert.deepEqual(recordsOf(latest.events).map((r) => text(r.Data)), ['r4']);
    const after = await subscribe(await register('efo-pos', 'after'), 'shardId-000000000000', { Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: seqs[1] }, countAtLeast(3));
    assert.deepEqual(recordsOf(after.events).map((r) => text(r.Data)), ['r2', 'r3', 'r4']);
    const at = await subscribe(await register('efo-pos', 'at'), 'shardId-000000000000', { Type: 'AT_SEQUENCE_NUMBER', SequenceNumber: seqs[3] }, countAtLeast(2));
    assert.deepEqual(recordsOf(at.events).map((r) => text(r.Data)), ['r3', 'r4']);
    const ts = await subscribe(await register('efo-pos', 'ts'), 'shardId-000000000000', { Type: 'AT_TIMESTAMP', Timestamp: new Date(Date.now() - 60_000) }, countAtLeast(5));
    assert.equal(recordsOf(ts.events).length, 5);
  });

  it('an empty shard gives an event at once whose continuation number resumes from the start', async () => {
    await kinesis.send(new CreateStreamCommand({ StreamName: 'efo-empty', ShardCount: 1 }));
    const first = await subscribe(await register('efo-empty', 'a'), 'shardId-000000000000', { Type: 'TRIM_HORIZON' }, (e) => e.length >= 1);
    const cont = first.events[0]!.ContinuationSequenceNumber!;
    assert.deepEqual(first.events[0]!.Records, []);
    assert.equal(first.events[0]!.MillisBehindLatest, 0);
    await put('efo-empty', 'x');
    const resumed = await subscribe(await register('efo-empty', 'b'), 'shardId-000000000000', { Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: cont }, countAtLeast(1));
    assert.deepEqual(recordsOf(resumed.events).map((r) => text(r.Data)), ['x']);
  });

  it('refuses bad subscriptions with plain errors', async () => {
    await kinesis.send(new CreateStreamCommand({ StreamName: 'efo-err', ShardCount: 1 }));
    const arn = await register('efo-err', 'e');
    const shard = 'shardId-000000000000';
    await rejectsCode(subscribe(arn.replace('consumer/e:', 'consumer/ghost:'), shard, { Type: 'LATEST' }, () => true), 'ResourceNotFoundException');
    await rejectsCode(subscribe(arn, 'shardId-000000000009', { Type: 'LATEST' }, () => true), 'ResourceNotFoundException');
    await rejectsCode(subscribe(arn, shard, { Type: 'AT_SEQUENCE_NUMBER' }, () => true), 'InvalidArgumentException');
    await rejectsCode(subscribe(arn, shard, { Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: '12345' }, () => true), 'InvalidArgumentException');
    await rejectsCode(subscribe(arn, shard, { Type: 'BOGUS' as 'LATEST' }, () => true), 'ValidationException');
    // AWS: a second call for the same consumer and shard within 5 seconds of a successful one.
    await subscribe(arn, shard, { Type: 'LATEST' }, (e) => e.length >= 1);
    await rejectsCode(subscribe(arn, shard, { Type: 'LATEST' }, () => true), 'ResourceInUseException');
  });

  it('ends a closed parent shard with its ChildShards after SplitShard', async () => {
    await kinesis.send(new CreateStreamCommand({ StreamName: 'efo-split', ShardCount: 1 }));
    const arn = await register('efo-split', 'splitter');
    await put('efo-split', 'p1', 'p2');
    await kinesis.send(new SplitShardCommand({ StreamName: 'efo-split', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: (2n ** 127n).toString() }));
    const { events, ended } = await subscribe(arn, 'shardId-000000000000', { Type: 'TRIM_HORIZON' }, () => false);
    assert.ok(ended, 'the subscription ends by itself');
    assert.deepEqual(recordsOf(events).map((r) => text(r.Data)), ['p1', 'p2']);
    const last = events.at(-1)!;
    assert.deepEqual(last.ChildShards!.map((c) => c.ShardId).sort(), ['shardId-000000000001', 'shardId-000000000002']);
    assert.deepEqual(last.ChildShards![0]!.ParentShards, ['shardId-000000000000']);
    assert.equal(last.ContinuationSequenceNumber, undefined);
    const shards = await kinesis.send(new ListShardsCommand({ StreamName: 'efo-split' }));
    assert.equal(shards.Shards!.length, 3);
  });
});

/** SubscribeToShard over plain HTTP/1.1 (fetch), unsigned: reads messages until one SubscribeToShardEvent came. */
async function rawSubscribe(url: string, body: Uint8Array, contentType: string): Promise<{ status: number; contentType: string | null; messages: Message[] }> {
  const abort = new AbortController();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-amz-target': 'Kinesis_20131202.SubscribeToShard' },
    body,
    signal: abort.signal,
  });
  const codec = new EventStreamCodec(toUtf8, fromUtf8);
  const messages: Message[] = [];
  // HTTP chunks do not follow message boundaries: each message starts with its total length
  let pending = Buffer.alloc(0);
  try {
    for await (const chunk of res.body!) {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= pending.readUInt32BE(0)) {
        const size = pending.readUInt32BE(0);
        messages.push(codec.decode(pending.subarray(0, size)));
        pending = pending.subarray(size);
      }
      if (messages.some((m) => m.headers[':event-type']?.value === 'SubscribeToShardEvent')) break;
    }
  } finally {
    abort.abort();
  }
  return { status: res.status, contentType: res.headers.get('content-type'), messages };
}

describe('Kinesis enhanced fan-out: raw HTTP/1.1, JSON and CBOR', () => {
  let s: InProcessServer;
  let arn: string;
  before(async () => {
    s = await startServer(`region: ${REGION}\n`);
    const k = client(s.url);
    await k.send(new CreateStreamCommand({ StreamName: 'raw', ShardCount: 1 }));
    await k.send(new PutRecordCommand({ StreamName: 'raw', PartitionKey: 'p', Data: Buffer.from('raw-1') }));
    arn = (await k.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn('raw'), ConsumerName: 'json' }))).Consumer!.ConsumerARN!;
    await k.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn('raw'), ConsumerName: 'cbor' }));
    k.destroy();
  });
  after(async () => s.stop());

  it('frames events with AWS event-stream headers and JSON payloads', async () => {
    const r = await rawSubscribe(s.url, Buffer.from(JSON.stringify({ ConsumerARN: arn, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'TRIM_HORIZON' } })), 'application/x-amz-json-1.1');
    assert.equal(r.status, 200);
    assert.equal(r.contentType, 'application/vnd.amazon.eventstream');
    const [initial, event] = r.messages;
    assert.equal(initial!.headers[':event-type']!.value, 'initial-response');
    assert.equal(event!.headers[':message-type']!.value, 'event');
    assert.equal(event!.headers[':content-type']!.value, 'application/json');
    const payload = JSON.parse(Buffer.from(event!.body).toString()) as { Records: Array<{ Data: string; ApproximateArrivalTimestamp: number }> };
    assert.equal(Buffer.from(payload.Records[0]!.Data, 'base64').toString(), 'raw-1');
    assert.equal(typeof payload.Records[0]!.ApproximateArrivalTimestamp, 'number');
  });

  it('answers a CBOR request with CBOR payloads', async () => {
    const body = encodeCbor({ ConsumerARN: arn.replace('consumer/json:', 'consumer/cbor:'), ShardId: 'shardId-000000000000', StartingPosition: { Type: 'TRIM_HORIZON' } });
    const r = await rawSubscribe(s.url, body, 'application/x-amz-cbor-1.1');
    assert.equal(r.status, 200, Buffer.from(r.messages[0]?.body ?? []).toString());
    const event = r.messages.find((m) => m.headers[':event-type']?.value === 'SubscribeToShardEvent')!;
    assert.equal(event.headers[':content-type']!.value, 'application/x-amz-cbor-1.1');
    const payload = decodeCbor(Buffer.from(event.body)) as { Records: Array<{ Data: Uint8Array }> };
    assert.equal(Buffer.from(payload.Records[0]!.Data).toString(), 'raw-1');
  });

  it('answers errors before the stream as plain JSON', async () => {
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.SubscribeToShard' },
      body: JSON.stringify({ ConsumerARN: arn.replace(/:\d+$/, ':1'), ShardId: 'shardId-000000000000', StartingPosition: { Type: 'LATEST' } }),
    });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { __type: string }).__type, 'ResourceNotFoundException');
  });
});

describe('Kinesis enhanced fan-out: consumers survive a restart', () => {
  it('keeps registered consumers and serves them after the server restarts', async () => {
    const dir = await tempDir();
    let s = await startServer(`region: ${REGION}\n`, dir);
    let k = client(s.url);
    await k.send(new CreateStreamCommand({ StreamName: 'durable', ShardCount: 1 }));
    const arn = (await k.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn('durable'), ConsumerName: 'keeper' }))).Consumer!.ConsumerARN!;
    await k.send(new PutRecordCommand({ StreamName: 'durable', PartitionKey: 'p', Data: Buffer.from('kept') }));
    k.destroy();
    await s.stop();

    s = await startServer(`region: ${REGION}\n`, dir);
    k = client(s.url);
    try {
      const d = await k.send(new DescribeStreamConsumerCommand({ ConsumerARN: arn }));
      assert.equal(d.ConsumerDescription!.ConsumerStatus, 'ACTIVE');
      const out = await k.send(new SubscribeToShardCommand({ ConsumerARN: arn, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'TRIM_HORIZON' } }));
      for await (const e of out.EventStream!) {
        assert.deepEqual((e.SubscribeToShardEvent?.Records ?? []).map((r) => text(r.Data)), ['kept']);
        break;
      }
    } finally {
      k.destroy();
      await s.stop();
    }
  });
});
