import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventStreamCodec, type Message } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { kinesisModel } from '../models/kinesis.js';
import { AwsError } from './AwsError.js';
import { EventStreamWriter, eventStreamMemberOf } from './EventStreamWriter.js';
import { ShapeWriter } from './ShapeWriter.js';

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const json = new ShapeWriter(kinesisModel, 'json');

function writer() {
  return new EventStreamWriter({
    model: kinesisModel,
    union: 'SubscribeToShardEventStream',
    payloadContentType: 'application/json',
    encode: (shape, value) => Buffer.from(JSON.stringify(shape === undefined ? value : json.writeOutput(shape, value))),
    toAwsError: (e) => (e instanceof AwsError ? e : new AwsError('InternalFailure', 'Internal Service Failure', 500)),
  });
}

async function messages(body: AsyncIterable<unknown>): Promise<Message[]> {
  const out: Message[] = [];
  for await (const chunk of body) {
    codec.feed(chunk as Buffer);
    for (const m of codec.getAvailableMessages().getMessages()) out.push(m);
  }
  return out;
}

const headerValues = (m: Message) => Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, v.value]));
const payload = (m: Message) => JSON.parse(Buffer.from(m.body).toString()) as Record<string, unknown>;

describe('EventStreamWriter', () => {
  it('finds the event stream member of an output', () => {
    assert.deepEqual(eventStreamMemberOf(kinesisModel, 'SubscribeToShardOutput'), { member: 'EventStream', union: 'SubscribeToShardEventStream' });
    assert.equal(eventStreamMemberOf(kinesisModel, 'GetRecordsOutput'), undefined);
    assert.equal(eventStreamMemberOf(kinesisModel, undefined), undefined);
  });

  it('frames an initial response, then events with JSON payloads (base64 blobs, epoch-second timestamps)', async () => {
    async function* events() {
      yield {
        SubscribeToShardEvent: {
          Records: [{ SequenceNumber: '1', ApproximateArrivalTimestamp: new Date(1_700_000_000_500), Data: Buffer.from('hi'), PartitionKey: 'k' }],
          ContinuationSequenceNumber: '1',
          MillisBehindLatest: 0,
        },
      };
    }
    const out = await messages(writer().body('SubscribeToShardOutput', {}, events()));
    assert.equal(out.length, 2);
    assert.deepEqual(headerValues(out[0]!), { ':message-type': 'event', ':event-type': 'initial-response', ':content-type': 'application/json' });
    assert.deepEqual(payload(out[0]!), {});
    assert.deepEqual(headerValues(out[1]!), { ':message-type': 'event', ':event-type': 'SubscribeToShardEvent', ':content-type': 'application/json' });
    assert.deepEqual(payload(out[1]!), {
      Records: [{ SequenceNumber: '1', ApproximateArrivalTimestamp: 1_700_000_000.5, Data: 'aGk=', PartitionKey: 'k' }],
      ContinuationSequenceNumber: '1',
      MillisBehindLatest: 0,
    });
  });

  it('ends with an exception message the union models, or InternalFailureException for a server fault', async () => {
    async function* failing(error: unknown) {
      yield* [];
      throw error;
    }
    const inUse = await messages(writer().body('SubscribeToShardOutput', {}, failing(new AwsError('ResourceInUseException', 'taken over'))));
    assert.deepEqual(headerValues(inUse[1]!), { ':message-type': 'exception', ':exception-type': 'ResourceInUseException', ':content-type': 'application/json' });
    assert.deepEqual(payload(inUse[1]!), { message: 'taken over' });
    const fault = await messages(writer().body('SubscribeToShardOutput', {}, failing(new Error('boom'))));
    assert.equal(headerValues(fault[1]!)[':exception-type'], 'InternalFailureException');
    const unmodeled = await messages(writer().body('SubscribeToShardOutput', {}, failing(new AwsError('ThrottlingException', 'slow down'))));
    assert.deepEqual(headerValues(unmodeled[1]!), { ':message-type': 'error', ':error-code': 'ThrottlingException', ':error-message': 'slow down' });
  });

  it('returns the event iterator when the body is destroyed (the client went away)', async () => {
    let finished = false;
    async function* endless() {
      try {
        for (;;) {
          yield { SubscribeToShardEvent: { Records: [], ContinuationSequenceNumber: '1', MillisBehindLatest: 0 } };
          await new Promise((r) => setTimeout(r, 5));
        }
      } finally {
        finished = true;
      }
    }
    const body = writer().body('SubscribeToShardOutput', {}, endless());
    for await (const _ of body) break;
    await new Promise((r) => setTimeout(r, 30));
    assert.ok(finished);
  });
});
