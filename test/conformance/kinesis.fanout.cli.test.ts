import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aws } from '../helpers/awsCli.js';
import { startServer, type InProcessServer } from '../helpers/server.js';

// SubscribeToShard needs an HTTP/2 event stream, which the CLI does not read; the consumer
// life cycle is what a CLI user does.
let server: InProcessServer;

before(async () => {
  server = await startServer('region: eu-west-1\n');
});
after(async () => server.stop());

describe('Kinesis enhanced fan-out consumers: AWS CLI v1', () => {
  const k = (...args: string[]) => aws(1, server.url, ['kinesis', ...args]);
  const streamArn = 'arn:aws:kinesis:eu-west-1:000000000000:stream/cli-efo';

  it('registers, describes, lists and deregisters a consumer', async () => {
    assert.equal((await k('create-stream', '--stream-name', 'cli-efo', '--shard-count', '1')).code, 0);
    const reg = await k('register-stream-consumer', '--stream-arn', streamArn, '--consumer-name', 'cli-app');
    assert.equal(reg.code, 0, reg.stderr);
    const consumer = reg.json<{ Consumer: { ConsumerARN: string; ConsumerStatus: string; ConsumerCreationTimestamp: string } }>().Consumer;
    assert.match(consumer.ConsumerARN, /^arn:aws:kinesis:eu-west-1:000000000000:stream\/cli-efo\/consumer\/cli-app:\d+$/);
    assert.equal(consumer.ConsumerStatus, 'ACTIVE');

    const d = await k('describe-stream-consumer', '--consumer-arn', consumer.ConsumerARN);
    assert.equal(d.code, 0, d.stderr);
    assert.equal(d.json<{ ConsumerDescription: { StreamARN: string } }>().ConsumerDescription.StreamARN, streamArn);

    const list = await k('list-stream-consumers', '--stream-arn', streamArn);
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(list.json<{ Consumers: Array<{ ConsumerName: string }> }>().Consumers.map((c) => c.ConsumerName), ['cli-app']);

    const dup = await k('register-stream-consumer', '--stream-arn', streamArn, '--consumer-name', 'cli-app');
    assert.notEqual(dup.code, 0);
    assert.match(dup.stderr, /ResourceInUseException/);

    const dereg = await k('deregister-stream-consumer', '--stream-arn', streamArn, '--consumer-name', 'cli-app');
    assert.equal(dereg.code, 0, dereg.stderr);
    const gone = await k('describe-stream-consumer', '--consumer-arn', consumer.ConsumerARN);
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr, /ResourceNotFoundException/);
  });
});
