import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextRandomString, nextUuid, objectUuidFor, SeededRandom } from './deterministicRandom.js';
import { objectKeyFor, objectName } from './objectName.js';
import { compileS3Prefixes } from './prefixTemplate.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('objectName', () => {
  it('has the AWS suffix shape', () => {
    const name = objectName({
      streamName: 'my-delivery-stream',
      streamVersion: 1,
      instantMs: Date.UTC(2019, 7, 9, 23, 55, 9),
      uuid: 'a9fa96af-e4e4-409f-bac3-1f804714faaa',
      extension: '.gz',
    });
    assert.equal(name, 'my-delivery-stream-1-2019-08-09-23-55-09-a9fa96af-e4e4-409f-bac3-1f804714faaa.gz');
  });

  it('prints the time in CustomTimeZone and adds no extension by default', () => {
    const name = objectName({ streamName: 's', streamVersion: 3, instantMs: Date.UTC(2019, 7, 9, 23, 55, 9), timeZone: 'Asia/Tokyo', uuid: 'u' });
    assert.equal(name, 's-3-2019-08-10-08-55-09-u');
  });
});

describe('deterministic randomness', () => {
  it('makes valid v4 UUIDs and 11-character random strings', () => {
    const r = new SeededRandom('seed');
    for (let i = 0; i < 100; i++) {
      assert.match(nextUuid(r), UUID_V4);
      assert.match(nextRandomString(r), /^[0-9a-f]{8}-[0-9a-f]{2}$/);
    }
  });

  it('is a pure function of the seed', () => {
    assert.deepEqual(new SeededRandom('a').nextBytes(100), new SeededRandom('a').nextBytes(100));
    assert.notDeepEqual(new SeededRandom('a').nextBytes(32), new SeededRandom('b').nextBytes(32));
    // Reading in pieces gives the same stream as reading at once.
    const whole = new SeededRandom('a').nextBytes(70);
    const pieces = new SeededRandom('a');
    assert.deepEqual(Uint8Array.from([...pieces.nextBytes(5), ...pieces.nextBytes(40), ...pieces.nextBytes(25)]), whole);
    assert.equal(objectUuidFor('stream/shard-0/100-199'), objectUuidFor('stream/shard-0/100-199'));
    assert.notEqual(objectUuidFor('stream/shard-0/100-199'), objectUuidFor('stream/shard-0/200-299'));
  });
});

describe('objectKeyFor', () => {
  it('derives the same key for the same batch (a replay rewrites the same object)', () => {
    const t = compileS3Prefixes({ prefix: 'r=!{firehose:random-string}/!{timestamp:yyyy}/', errorOutputPrefix: '!{firehose:error-output-type}/', dynamicPartitioning: false });
    assert.ok(t.ok);
    const req = { template: t.prefix, batchIdentity: 'events/0:17-42', streamName: 'events', streamVersion: 2, oldestArrivalMs: Date.UTC(2024, 4, 1, 12), extension: '.gz' };
    const first = objectKeyFor(req);
    const replay = objectKeyFor(req);
    const next = objectKeyFor({ ...req, batchIdentity: 'events/0:43-80' });
    assert.ok(first.ok && replay.ok && next.ok);
    assert.equal(first.value, replay.value);
    assert.notEqual(first.value, next.value);
    assert.match(first.value, /^r=[0-9a-f]{8}-[0-9a-f]{2}\/2024\/events-2-2024-05-01-12-00-00-[0-9a-f-]{36}\.gz$/);
  });
});
