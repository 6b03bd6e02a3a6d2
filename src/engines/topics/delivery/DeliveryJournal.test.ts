import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SegmentedLogStore } from '../../../adapters/embedded/streamlog/SegmentedLogStore.js';
import { systemClock } from '../ports.js';
import type { Notification } from '../types.js';
import { DeliveryJournal, deliveryId, type PendingMessage } from './DeliveryJournal.js';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function open(dir: string, compactAfterBytes?: number) {
  const store = await SegmentedLogStore.open(dir, { rollSizeBytes: 8 * 1024 });
  const log = await store.openShard('deliveries', '0');
  const errors: unknown[] = [];
  const journal = new DeliveryJournal(log, systemClock, (e) => errors.push(e), compactAfterBytes);
  return { store, log, journal, errors };
}

function message(i: number, subscriptions = 3): PendingMessage {
  const notification: Notification = {
    type: 'Notification',
    messageId: `m${i}`,
    topicArn: 'arn:aws:sns:eu-west-1:000000000000:t',
    timestampMs: 1_700_000_000_000 + i,
    message: `message ${i} ${'x'.repeat(200)}`,
    subject: 's',
    attributes: { b: { dataType: 'Binary', binaryValue: Buffer.from([0, 255, i % 256]) }, s: { dataType: 'String', stringValue: 'v' } },
  };
  return { notification, deliveries: new Map(Array.from({ length: subscriptions }, (_, n) => [deliveryId(`m${i}`, n), `sub-${n}`])) };
}

describe('DeliveryJournal', () => {
  it('gives back, after reopening, every published delivery not marked done, with the message intact', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lakehose-journal-'));
    dirs.push(dir);
    let { store, journal } = await open(dir);
    await journal.published([message(1), message(2)]);
    await journal.published([message(3)]);
    journal.done(deliveryId('m1', 0));
    journal.done(deliveryId('m1', 1));
    journal.done(deliveryId('m1', 2));
    journal.done(deliveryId('m2', 1));
    await journal.close();
    await store.close();

    ({ store, journal } = await open(dir));
    const pending = await journal.recover();
    assert.deepEqual(pending.map((m) => m.notification.messageId), ['m2', 'm3']);
    assert.deepEqual([...pending[0]!.deliveries.keys()], ['m2#0', 'm2#2']);
    assert.deepEqual(pending[1]!.deliveries.get('m3#1'), 'sub-1');
    const n = pending[0]!.notification;
    assert.deepEqual(n.attributes!.b!.binaryValue, Buffer.from([0, 255, 2]));
    assert.equal(n.attributes!.s!.stringValue, 'v');
    assert.equal(n.subject, 's');
    assert.equal(n.timestampMs, 1_700_000_000_002);
    await store.close();
  });

  it('compacts: rewrites what is pending and deletes old segments, losing nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lakehose-journal-'));
    dirs.push(dir);
    let { store, log, journal, errors } = await open(dir, 32 * 1024);
    const pending = new Map<string, PendingMessage>();
    for (let i = 0; i < 400; i++) {
      const m = message(i);
      pending.set(m.notification.messageId, m);
      await journal.published([m]);
      // Everything but every 50th message gets delivered.
      if (i % 50 !== 0) {
        for (const id of [...m.deliveries.keys()]) {
          journal.done(id);
          m.deliveries.delete(id);
        }
        pending.delete(m.notification.messageId);
      }
      journal.maybeCompact(() => [...pending.values()]);
      await journal.flush();
    }
    await journal.close();
    assert.deepEqual(errors, []);
    assert.ok(log.startOffset > 0, 'old segments were deleted');
    const segments = (await readdir(join(dir, 'deliveries', '0'))).filter((f) => f.endsWith('.log')).length;
    assert.ok(segments < 10, `${segments} segments left`);
    await store.close();

    ({ store, journal } = await open(dir));
    const recovered = await journal.recover();
    assert.deepEqual(recovered.map((m) => m.notification.messageId), [...pending.keys()].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))));
    for (const m of recovered) assert.equal(m.deliveries.size, 3);
    await store.close();
  });
});
