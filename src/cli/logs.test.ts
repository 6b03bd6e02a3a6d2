import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type InProcessServer } from '../../test/helpers/server.js';
import { parseSince, runLogs, type LogsIo } from './logs.js';

const KEY = { id: 'AKIDLAKEHOSELOGS0001', secret: 'logs-cli-secret' };

function capture(extra: Partial<LogsIo> = {}) {
  let out = '';
  let err = '';
  return {
    io: { out: (t: string) => (out += t), err: (t: string) => (err += t), env: {}, ...extra } as LogsIo,
    out: () => out,
    err: () => err,
  };
}

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('lakehose logs', () => {
  let server: InProcessServer;
  const group = '/aws/lambda/enrich';
  const t0 = Date.now() - 60_000;

  before(async () => {
    server = await startServer(`auth:\n  credentials:\n    - accessKeyId: ${KEY.id}\n      secretAccessKey: ${KEY.secret}\n`);
    const logs = server.app.engines.logs!;
    await logs.createGroup(group);
    await logs.createStream(group, 'a');
    await logs.createStream(group, 'b');
    await logs.putEvents(group, 'a', [{ timestampMs: t0, message: 'START RequestId: 1' }, { timestampMs: t0 + 2, message: 'ERROR bad input\n' }]);
    await logs.putEvents(group, 'b', [{ timestampMs: t0 + 1, message: 'INFO hello' }]);
  });
  after(async () => server.stop());

  const env = { AWS_ACCESS_KEY_ID: KEY.id, AWS_SECRET_ACCESS_KEY: KEY.secret };

  it('prints a group oldest first across streams, signed with the environment\'s credentials', async () => {
    const c = capture({ env });
    assert.equal(await runLogs([group, '--endpoint', server.url, '--since', '1h'], c.io), 0, c.err());
    const lines = c.out().trimEnd().split('\n');
    assert.deepEqual(lines.map((l) => l.split(' ').slice(1).join(' ')), ['a START RequestId: 1', 'b INFO hello', 'a ERROR bad input']);
    assert.equal(lines[0]!.split(' ')[0], new Date(t0).toISOString());
  });

  it('filters with a pattern and prints JSON lines', async () => {
    const c = capture({ env });
    assert.equal(await runLogs([group, '--endpoint', server.url, '--since', '1h', '--filter', 'ERROR', '--json'], c.io), 0, c.err());
    assert.deepEqual(c.out().trimEnd().split('\n').map((l) => JSON.parse(l) as unknown), [{ timestamp: new Date(t0 + 2).toISOString(), stream: 'a', message: 'ERROR bad input\n' }]);
  });

  it('--follow prints new events once each, until stopped', async () => {
    const controller = new AbortController();
    const c = capture({ env, signal: controller.signal, pollMs: 20 });
    const run = runLogs([group, '--endpoint', server.url, '--since', '1h', '--follow'], c.io);
    await until(() => c.out().includes('ERROR bad input'), 'the first page');
    const logs = server.app.engines.logs!;
    // Same millisecond as the newest event already printed, then later ones.
    await logs.putEvents(group, 'b', [{ timestampMs: t0 + 2, message: 'tie' }, { timestampMs: t0 + 50, message: 'later' }]);
    await until(() => c.out().includes('later'), 'the new events');
    await new Promise((r) => setTimeout(r, 100)); // a few more polls: nothing may repeat
    controller.abort();
    assert.equal(await run, 0);
    const messages = c.out().trimEnd().split('\n').map((l) => l.split(' ').slice(2).join(' '));
    assert.deepEqual(messages, ['START RequestId: 1', 'INFO hello', 'ERROR bad input', 'tie', 'later']);
  });

  it('says what went wrong: unknown group, bad signature, no server, bad --since', async () => {
    const missing = capture({ env });
    assert.equal(await runLogs(['/nope', '--endpoint', server.url], missing.io), 1);
    assert.match(missing.err(), /ResourceNotFoundException: The specified log group does not exist/);
    const unsigned = capture({ env: { AWS_ACCESS_KEY_ID: KEY.id, AWS_SECRET_ACCESS_KEY: 'wrong' } });
    assert.equal(await runLogs([group, '--endpoint', server.url], unsigned.io), 1);
    assert.match(unsigned.err(), /SignatureDoesNotMatch|InvalidSignature|signature/i);
    const down = capture({ env });
    assert.equal(await runLogs([group, '--endpoint', 'http://127.0.0.1:1'], down.io), 1);
    assert.match(down.err(), /cannot reach http:\/\/127\.0\.0\.1:1/);
    const since = capture();
    assert.equal(await runLogs([group, '--since', 'yesterday-ish'], since.io), 2);
    const none = capture();
    assert.equal(await runLogs([], none.io), 2);
  });

  it('parses --since', () => {
    assert.equal(parseSince('10m', 1_000_000), 400_000);
    assert.equal(parseSince('2h', 10_000_000), 10_000_000 - 7_200_000);
    assert.equal(parseSince('2026-01-01T00:00:00Z', 0), Date.UTC(2026, 0, 1));
    assert.equal(parseSince('soon', 0), undefined);
  });
});
