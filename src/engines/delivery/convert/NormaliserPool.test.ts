import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseHiveType } from './hiveType.js';
import { NormaliserPool } from './NormaliserPool.js';
import type { NormaliseJob } from './normaliserWorker.js';

const dir = mkdtempSync(join(tmpdir(), 'lakehose-normaliser-'));
const pool = NormaliserPool.create(2);
after(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

function job(records: string[], partPath: string, columns: NormaliseJob['columns']): Omit<NormaliseJob, 'id'> {
  const encoded = records.map((r) => new TextEncoder().encode(r));
  const offsets = new Uint32Array(encoded.length + 1);
  encoded.forEach((r, i) => (offsets[i + 1] = offsets[i]! + r.length));
  const data = new Uint8Array(offsets[encoded.length]!);
  encoded.forEach((r, i) => data.set(r, offsets[i]!));
  const rules = { caseInsensitive: true, mappings: [], convertDots: false };
  return { schemaKey: JSON.stringify([columns, rules]), columns, rules, data, offsets, partPath };
}

describe('NormaliserPool', () => {
  it('normalises a slice into a part file and reports failures by position', async () => {
    const partPath = join(dir, 'part.ndjson');
    const answer = await pool.run(job(['{"A":1}', 'oops', '{"a":"2"}'], partPath, [{ name: 'a', type: parseHiveType('int') }]));
    assert.equal(answer.error, undefined);
    assert.equal(answer.rows, 2);
    assert.deepEqual(answer.failures.map((f) => f.at), [1]);
    assert.equal(readFileSync(partPath, 'utf8'), '{"c0":1}\n{"c0":2}\n');
  });

  it('answers a job it cannot do with an error and keeps serving', async () => {
    const bogus = [{ name: 'a', type: { kind: 'nonsense' } as unknown as ReturnType<typeof parseHiveType> }];
    const failed = await pool.run(job(['{"a":1}'], join(dir, 'never.ndjson'), bogus));
    assert.match(failed.error ?? '', /not a primitive type/);
    assert.equal(existsSync(join(dir, 'never.ndjson')), false);
    const answer = await pool.run(job(['{"a":3}'], join(dir, 'after.ndjson'), [{ name: 'a', type: parseHiveType('int') }]));
    assert.equal(answer.rows, 1);
  });
});
