import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kinesisModel } from '../models/kinesis.js';
import { AwsError } from './AwsError.js';
import { ShapeReader } from './ShapeReader.js';

const json = new ShapeReader(kinesisModel, 'json');
const cbor = new ShapeReader(kinesisModel, 'cbor');

function fails(fn: () => unknown, code: string, message?: string | RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof AwsError);
    assert.equal(e.code, code);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  });
}

describe('ShapeReader (Kinesis model, JSON)', () => {
  it('decodes base64 blobs and keeps other members', () => {
    const input = json.readInput('PutRecordInput', { StreamName: 's', PartitionKey: 'k', Data: Buffer.from('hello').toString('base64'), Extra: 1 });
    assert.deepEqual(input, { StreamName: 's', PartitionKey: 'k', Data: Buffer.from('hello') });
  });

  it('reports missing required members and constraint failures together, AWS style', () => {
    fails(
      () => json.readInput('PutRecordsInput', { StreamName: 'bad name!', Records: [] }),
      'ValidationException',
      "2 validation errors detected: Value '[]' at 'records' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value 'bad name!' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    );
    fails(
      () => json.readInput('PutRecordsInput', { StreamName: 's', Records: [{ Data: 'AA==' }] }),
      'ValidationException',
      "1 validation error detected: Value null at 'records.1.member.partitionKey' failed to satisfy constraint: Member must not be null",
    );
    fails(() => json.readInput('GetShardIteratorInput', { StreamName: 's', ShardId: 'shardId-0', ShardIteratorType: 'SOMETIMES' }), 'ValidationException', /Member must satisfy enum value set: \[/);
    fails(() => json.readInput('GetRecordsInput', { ShardIterator: 'x', Limit: 0 }), 'ValidationException', /Member must have value greater than or equal to 1/);
  });

  it('lists at most ten validation errors', () => {
    const records = Array.from({ length: 30 }, () => ({ Data: 'AA==' }));
    try {
      json.readInput('PutRecordsInput', { StreamName: 's', Records: records });
      assert.fail('should throw');
    } catch (e) {
      assert.ok(e instanceof AwsError);
      assert.match(e.message, /^10 validation errors detected/);
    }
  });

  it('refuses values of the wrong type with a SerializationException', () => {
    fails(() => json.readInput('PutRecordInput', { StreamName: 1, PartitionKey: 'k', Data: 'AA==' }), 'SerializationException', /can not be converted to an String/);
    fails(() => json.readInput('PutRecordsInput', { StreamName: 's', Records: { a: 1 } }), 'SerializationException', 'Start of structure or map found where not expected.');
    fails(() => json.readInput('GetRecordsInput', { ShardIterator: 'x', Limit: 'ten' }), 'SerializationException', /String can not be converted to an Integer/);
    fails(() => json.readInput('PutRecordInput', { StreamName: 's', PartitionKey: 'k', Data: 'abc' }), 'SerializationException', /multiple of 4/);
    fails(() => json.readInput('PutRecordInput', { StreamName: 's', PartitionKey: 'k', Data: 'ab!=' }), 'SerializationException', /Invalid Base64 character/);
  });

  it('reads timestamps as epoch seconds', () => {
    const input = json.readInput('GetShardIteratorInput', { StreamName: 's', ShardId: 'x', ShardIteratorType: 'AT_TIMESTAMP', Timestamp: 1700000000.5 });
    assert.deepEqual(input.Timestamp, new Date(1700000000500));
  });

  it('accepts binary blobs and Date timestamps from CBOR', () => {
    const input = cbor.readInput('PutRecordInput', { StreamName: 's', PartitionKey: 'k', Data: new Uint8Array([1, 2, 3]) });
    assert.deepEqual([...(input.Data as Buffer)], [1, 2, 3]);
    fails(() => cbor.readInput('PutRecordInput', { StreamName: 's', PartitionKey: 'k', Data: 5 }), 'SerializationException');
  });
});

describe('ShapeReader list elements', () => {
  it('refuses null elements in a list as a validation error, not a crash', () => {
    fails(
      () => json.readInput('PutRecordsInput', { StreamName: 's', Records: [null, { PartitionKey: 'k', Data: 'AA==' }] }),
      'ValidationException',
      "1 validation error detected: Value null at 'records.1.member' failed to satisfy constraint: Member must not be null",
    );
  });
});
