import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DirectorySyncer } from './DirectorySyncer.js';

/** A fake fsync that finishes only when told to. */
function controlledFsync() {
  const started: Array<{ dir: string; finish: (err?: Error) => void }> = [];
  const fsync = (dir: string) =>
    new Promise<void>((resolve, reject) => {
      started.push({ dir, finish: (err) => (err ? reject(err) : resolve()) });
    });
  return { started, fsync };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

test('requests during a running fsync share the next one; other folders are independent', async () => {
  const { started, fsync } = controlledFsync();
  const syncer = new DirectorySyncer(fsync);
  const done: string[] = [];
  const first = syncer.sync('/a').then(() => done.push('first'));
  await settle();
  const joiners = [1, 2, 3].map((i) => syncer.sync('/a').then(() => done.push(`joiner${i}`)));
  const other = syncer.sync('/b').then(() => done.push('other'));
  await settle();
  assert.deepEqual(started.map((s) => s.dir), ['/a', '/b']);
  started[0]?.finish();
  await first;
  await settle();
  // The joiners asked after the first fsync began, so they wait for a second one.
  assert.deepEqual(done, ['first']);
  assert.deepEqual(started.map((s) => s.dir), ['/a', '/b', '/a']);
  started[2]?.finish();
  await Promise.all(joiners);
  started[1]?.finish();
  await other;
  assert.deepEqual(done, ['first', 'joiner1', 'joiner2', 'joiner3', 'other']);
  assert.equal(started.length, 3);
  // Idle again: the next request starts its own fsync at once.
  void syncer.sync('/a');
  await settle();
  assert.equal(started.length, 4);
  started[3]?.finish();
});

test('a failed fsync fails its waiters, and the next request tries again', async () => {
  const { started, fsync } = controlledFsync();
  const syncer = new DirectorySyncer(fsync);
  const failing = syncer.sync('/a');
  await settle();
  started[0]?.finish(new Error('EIO'));
  await assert.rejects(failing, /EIO/);
  const retry = syncer.sync('/a');
  await settle();
  assert.equal(started.length, 2);
  started[1]?.finish();
  await retry;
});
