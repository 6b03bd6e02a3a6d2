import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { aws } from '../helpers/awsCli.js';
import { startServer, type InProcessServer } from '../helpers/server.js';

const GOOD = { accessKeyId: 'AKIDLAKEHOSEGOOD0001', secretAccessKey: 'the-right-secret' };
let server: InProcessServer;

before(async () => {
  server = await startServer(
    `auth:\n  credentials:\n    - accessKeyId: ${GOOD.accessKeyId}\n      secretAccessKey: ${GOOD.secretAccessKey}\nstreams:\n  - name: guarded\n    shardCount: 1\n`,
  );
});
after(async () => server.stop());

const client = (credentials: { accessKeyId: string; secretAccessKey: string }, systemClockOffset = 0) =>
  new KinesisClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1, systemClockOffset });

async function errorName(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return (e as Error).name;
  }
}

describe('SigV4 when credentials are configured', () => {
  it('accepts requests signed with a configured key', async () => {
    const out = await client(GOOD).send(new ListStreamsCommand({}));
    assert.deepEqual(out.StreamNames, ['guarded']);
  });

  it('refuses an unknown key, a wrong secret and a stale date with the AWS errors', async () => {
    assert.equal(await errorName(client({ accessKeyId: 'AKIDUNKNOWNUNKNOWN01', secretAccessKey: 'x' }).send(new ListStreamsCommand({}))), 'UnrecognizedClientException');
    assert.equal(await errorName(client({ ...GOOD, secretAccessKey: 'wrong' }).send(new ListStreamsCommand({}))), 'InvalidSignatureException');
    assert.equal(await errorName(client(GOOD, -60 * 60 * 1000).send(new ListStreamsCommand({}))), 'InvalidSignatureException');
  });

  it('refuses unsigned requests', async () => {
    const r = await fetch(`${server.url}/`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.ListStreams' },
    });
    // Kinesis answers a JSON client 400 here (kinesalite's reverse-engineered behaviour).
    assert.equal(r.status, 400);
    assert.equal(((await r.json()) as { __type: string }).__type, 'MissingAuthenticationTokenException');
  });

  it('works with the AWS CLI given the right key, and names the error given the wrong one', async () => {
    const ok = await aws(1, server.url, ['kinesis', 'list-streams'], { AWS_ACCESS_KEY_ID: GOOD.accessKeyId, AWS_SECRET_ACCESS_KEY: GOOD.secretAccessKey });
    assert.equal(ok.code, 0, ok.stderr);
    const bad = await aws(2, server.url, ['kinesis', 'list-streams'], { AWS_ACCESS_KEY_ID: GOOD.accessKeyId, AWS_SECRET_ACCESS_KEY: 'nope' });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /InvalidSignatureException/);
  });
});
