import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT } from '../helpers/server.js';

function lakehose(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin/lakehose.js'), ...args], (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lakehose-cli-'));
});
after(async () => rm(dir, { recursive: true, force: true }));

describe('the lakehose command', () => {
  it('validates the bundled example', async () => {
    const r = await lakehose(['validate', '--config', join(ROOT, 'examples/video-analytics/lakehose.yaml')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /OK/);
  });

  it('reports config errors with file, line and field', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'region: eu-west-1\nstreams:\n  - name: events\n    shardCount: -2\n    colour: blue\n');
    const r = await lakehose(['validate', '--config', file]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:17: streams\\[0\\]\\.shardCount: `));
    assert.match(r.stderr, /:5:5: streams\[0\]: unknown field 'colour'/);
  });

  it('explains usage mistakes instead of failing obscurely', async () => {
    const unknown = await lakehose(['launch']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command 'launch'/);
    const badPort = await lakehose(['up', '--port', 'eighty']);
    assert.equal(badPort.code, 2);
    assert.match(badPort.stderr, /--port must be a number/);
    const missing = await lakehose(['up', '--config', join(dir, 'nope.yaml')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read the file/);
  });
});
