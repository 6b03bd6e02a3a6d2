import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeliveryStreamState } from '../engines/delivery/model/DeliveryStreamDefinition.js';
import { DeliveryErrorLog } from './DeliveryErrorLog.js';

function setup(logging: { enabled: boolean; logGroupName?: string; logStreamName?: string } | undefined) {
  const written: Array<{ group: string; stream: string; message: string }> = [];
  let now = 1_700_000_000_000;
  const state = { version: 3, destination: { bucket: 'events', ...(logging ? { cloudWatchLogging: logging } : {}) } } as unknown as DeliveryStreamState;
  const log = new DeliveryErrorLog({
    region: 'eu-west-1',
    accountId: '000000000000',
    logs: () => ({ write: (group, stream, lines) => lines.forEach((l) => written.push({ group, stream, message: l.message })) }),
    destinationOf: () => state,
    clock: () => now,
    perSecond: 2,
  });
  return { log, written, tick: (ms: number) => (now += ms) };
}

describe('DeliveryErrorLog', () => {
  it('writes Firehose-shaped error events to the configured group and stream', () => {
    const { log, written } = setup({ enabled: true, logGroupName: '/firehose/errors', logStreamName: 'S3Delivery' });
    log.record('events-stream', { errorCode: 'Lambda.FunctionError', errorMessage: 'boom', lambdaArn: 'arn:aws:lambda:eu-west-1:000000000000:function:t', records: 1 });
    assert.equal(written.length, 1);
    assert.equal(written[0]!.group, '/firehose/errors');
    assert.equal(written[0]!.stream, 'S3Delivery');
    assert.deepEqual(JSON.parse(written[0]!.message), {
      deliveryStreamARN: 'arn:aws:firehose:eu-west-1:000000000000:deliverystream/events-stream',
      destination: 'arn:aws:s3:::events',
      deliveryStreamVersionId: 3,
      message: 'boom',
      errorCode: 'Lambda.FunctionError',
      processor: 'arn:aws:lambda:eu-west-1:000000000000:function:t',
    });
  });

  it('logs nothing when error logging is off', () => {
    const { log, written } = setup(undefined);
    log.record('s', { errorCode: 'X', errorMessage: 'y', records: 1 });
    assert.equal(written.length, 0);
  });

  it('samples bursts and reports how many were left out', () => {
    const { log, written, tick } = setup({ enabled: true, logGroupName: 'g' });
    for (let i = 0; i < 10; i++) log.record('s', { errorCode: 'DataFormatConversion.MalformedData', errorMessage: 'bad', records: 1 });
    assert.equal(written.length, 2);
    assert.equal(written[0]!.stream, 'DestinationDelivery');
    tick(1000);
    log.record('s', { errorCode: 'DataFormatConversion.MalformedData', errorMessage: 'bad', records: 1 });
    assert.match(JSON.parse(written[2]!.message).message, /\(8 more records with this error not logged\)/);
  });
});
