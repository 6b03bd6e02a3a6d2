import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { JqKeyExtractor, METADATA_EXTRACTION_FAILED, type KeyExtraction } from './JqKeyExtractor.js';
import type { JqEngine, JqRunResult } from './JqEngine.js';
import { JqRuntime } from './JqRuntime.js';
import { JqWorkerPool } from './JqWorkerPool.js';
import { PartitionKeyError } from './PartitionKeyError.js';

const encoder = new TextEncoder();
const records = (...texts: string[]): Uint8Array[] => texts.map((t) => encoder.encode(t));
const json = (...values: unknown[]): Uint8Array[] => values.map((v) => encoder.encode(JSON.stringify(v)));

function keysOf(result: KeyExtraction | undefined): Record<string, string> {
  assert.ok(result, 'missing result');
  assert.equal(result.ok, true, result.ok ? '' : result.error);
  return result.ok ? result.keys : {};
}

function errorOf(result: KeyExtraction | undefined): string {
  assert.ok(result, 'missing result');
  assert.equal(result.ok, false, 'expected a failed record');
  if (result.ok) return '';
  assert.equal(result.errorCode, METADATA_EXTRACTION_FAILED);
  return result.error;
}

const pool = JqWorkerPool.create({ size: 2 });
after(() => pool.close());

describe('JqKeyExtractor', () => {
  it('extracts the keys of the Firehose documentation example', async () => {
    const extractor = await JqKeyExtractor.create(
      '{customer_id:.customer_id,device:.type.device,year:.event_timestamp|strftime("%Y"),' +
        'month:.event_timestamp|strftime("%m"),day:.event_timestamp|strftime("%d"),hour:.event_timestamp|strftime("%H")}',
      pool,
    );
    const [result] = await extractor.extract(
      json({
        type: { device: 'mobile', event: 'user_clicked_submit_button' },
        customer_id: '1234567890',
        event_timestamp: 1565382027,
        region: 'sample_region',
      }),
    );
    assert.deepEqual(keysOf(result), {
      customer_id: '1234567890',
      device: 'mobile',
      year: '2019',
      month: '08',
      day: '09',
      hour: '20',
    });
  });

  it('writes numbers as jq 1.6 prints them and booleans as words', async () => {
    const extractor = await JqKeyExtractor.create('{n: .n, b: .b, s: (.n | tostring)}', pool);
    const results = await extractor.extract(
      records(
        '{"n": 1234, "b": true}',
        '{"n": 1.000, "b": false}',
        '{"n": 1e17, "b": true}',
        '{"n": 0.00001, "b": true}',
        '{"n": 100000000000000000001, "b": true}',
        '{"n": -2.50, "b": true}',
      ),
    );
    assert.deepEqual(
      results.map((r) => keysOf(r)),
      [
        { n: '1234', b: 'true', s: '1234' },
        { n: '1', b: 'false', s: '1' },
        { n: '1e+17', b: 'true', s: '1e+17' },
        { n: '1e-05', b: 'true', s: '1e-05' },
        { n: '1e+20', b: 'true', s: '1e+20' },
        { n: '-2.5', b: 'true', s: '-2.5' },
      ],
    );
  });

  it('fails single records without failing the batch, keeping the order', async () => {
    const extractor = await JqKeyExtractor.create('{customer:.customer_id, year:.ts|strftime("%Y")}', pool);
    const results = await extractor.extract(
      records(
        '{"customer_id":"a","ts":1565382027}',
        'not json at all',
        '{"ts":1565382027}',
        '{"customer_id":{"nested":true},"ts":1565382027}',
        '{"customer_id":[1,2],"ts":1565382027}',
        '{"customer_id":"b","ts":"yesterday"}',
        '{"customer_id":"c","ts":1565382027}{"customer_id":"d","ts":1565382027}',
        '',
        '{"customer_id":"","ts":1565382027}',
        '{"customer_id":"e","ts":1600000000}',
      ),
    );
    assert.equal(results.length, 10);
    assert.deepEqual(keysOf(results[0]), { customer: 'a', year: '2019' });
    assert.equal(errorOf(results[1]), 'Non JSON record provided');
    assert.match(errorOf(results[2]), /"customer" is null/);
    assert.match(errorOf(results[3]), /"customer" is an object/);
    assert.match(errorOf(results[4]), /"customer" is an array/);
    assert.match(errorOf(results[5]), /strftime/);
    assert.equal(errorOf(results[6]), 'Non JSON record provided');
    assert.equal(errorOf(results[7]), 'Non JSON record provided');
    assert.match(errorOf(results[8]), /"customer" is empty/);
    assert.deepEqual(keysOf(results[9]), { customer: 'e', year: '2020' });
  });

  it('requires the query to yield exactly one object', async () => {
    const cases: Array<[string, RegExp]> = [
      ['.customer_id', /must produce a JSON object/],
      ['.[] | {a: .}', /produced 2 outputs/],
      ['empty', /produced no output/],
      ['error("custom failure")', /custom failure/],
      ['error({code: 7})', /\{"code":7\}/],
    ];
    for (const [query, expected] of cases) {
      const extractor = await JqKeyExtractor.create(query, pool);
      const [result] = await extractor.extract(records('{"customer_id":"x","y":"z"}'));
      assert.match(errorOf(result), expected, query);
    }
  });

  it('supports defaults, string functions and arithmetic', async () => {
    const extractor = await JqKeyExtractor.create(
      '{region: (.region // "unknown"), kind: (.type | ascii_downcase | split("-") | .[0]),' +
        ' bucket: ((.size / 1000) | floor), label: "\\(.type):\\(.size)"}',
      pool,
    );
    const results = await extractor.extract(json({ type: 'Video-HD', size: 12345 }, { region: 'eu', type: 'AUDIO', size: 999 }));
    assert.deepEqual(keysOf(results[0]), { region: 'unknown', kind: 'video', bucket: '12', label: 'Video-HD:12345' });
    assert.deepEqual(keysOf(results[1]), { region: 'eu', kind: 'audio', bucket: '0', label: 'AUDIO:999' });
  });

  it('evaluates every record on its own even if the query reads input', async () => {
    const extractor = await JqKeyExtractor.create('{a: .a, next: (input | .a)}', pool);
    const results = await extractor.extract(json({ a: '1' }, { a: '2' }, { a: '3' }));
    assert.equal(results.length, 3);
    for (const result of results) assert.match(errorOf(result), /input is not supported/);
  });

  it('isolates a record that jq itself cannot read', async () => {
    // JSON.parse accepts this nesting; jq's parser stops at depth 256 and abandons the call.
    const deep = '['.repeat(300) + ']'.repeat(300);
    const extractor = await JqKeyExtractor.create('{a: (.a // "none" | tostring)}', pool);
    const batch = records(...Array.from({ length: 40 }, (_, i) => (i === 17 ? `{"a":${deep}}` : `{"a":"r${i}"}`)));
    const results = await extractor.extract(batch);
    results.forEach((result, i) => {
      if (i === 17) assert.match(errorOf(result), /depth/);
      else assert.deepEqual(keysOf(result), { a: `r${i}` });
    });
  });

  it('splits a failing call until the failing record is alone', async () => {
    const runtime = await JqRuntime.create();
    const calls: number[] = [];
    // An engine that refuses any call whose input holds the poisoned record.
    const picky: JqEngine = {
      run: async (input, program, flags): Promise<JqRunResult> => {
        calls.push(input.split('\n').length);
        if (input.includes('poison')) return { ok: false, failure: 'jq-error', message: 'refused' };
        return runtime.run(input, program, flags);
      },
    };
    const extractor = await JqKeyExtractor.create('{k: .k}', picky);
    calls.length = 0;
    const batch = json(...Array.from({ length: 64 }, (_, i) => ({ k: i === 40 ? 'poison' : `v${i}` })));
    const results = await extractor.extract(batch);
    results.forEach((result, i) => {
      if (i === 40) assert.equal(errorOf(result), 'refused');
      else assert.deepEqual(keysOf(result), { k: `v${i}` });
    });
    // One call for the batch, then two per halving level (6 levels for 64 records).
    assert.equal(calls.length, 1 + 2 * 6);
  });

  it('fails the records of a call that runs away, and keeps working afterwards', async () => {
    const slowPool = JqWorkerPool.create({ size: 1, callTimeoutMs: 300 });
    try {
      const looping = await JqKeyExtractor.create('if .loop then {a: ([repeat(1)] | length | tostring)} else {a: .a} end', slowPool);
      const results = await looping.extract(json({ loop: true }, { a: 'x' }));
      assert.match(errorOf(results[0]), /did not finish within 300 ms/);
      const [after] = await looping.extract(json({ a: 'y' }));
      assert.deepEqual(keysOf(after), { a: 'y' });
    } finally {
      await slowPool.close();
    }
  });

  it('refuses queries jq cannot compile', async () => {
    for (const query of ['{a: .a', '.a |', '$undefined_variable', 'nosuchfunction(1)', '.a) , (.b', '   ']) {
      await assert.rejects(JqKeyExtractor.create(query, pool), (err: unknown) => {
        assert.ok(err instanceof PartitionKeyError, String(err));
        assert.equal(err.kind, 'InvalidQuery');
        return true;
      });
    }
  });

  it('accepts a query that ends in a comment', async () => {
    const extractor = await JqKeyExtractor.create('{a: .a} # partition by a', pool);
    const [result] = await extractor.extract(json({ a: 'x' }));
    assert.deepEqual(keysOf(result), { a: 'x' });
  });

  it('answers concurrent batches correctly', async () => {
    const extractor = await JqKeyExtractor.create('{id: .id}', pool);
    const batches = Array.from({ length: 6 }, (_, b) =>
      json(...Array.from({ length: 3000 }, (_, i) => ({ id: `${b}-${i}`, pad: 'x'.repeat(100) }))),
    );
    const answers = await Promise.all(batches.map((batch) => extractor.extract(batch)));
    answers.forEach((results, b) => {
      assert.equal(results.length, 3000);
      results.forEach((r, i) => assert.deepEqual(keysOf(r), { id: `${b}-${i}` }));
    });
  });
});

describe('JqRuntime', () => {
  it('runs thousands of calls in one instance without failing', async () => {
    const runtime = await JqRuntime.create();
    for (let i = 0; i < 3000; i++) {
      const result = await runtime.run(`{"n":${i}}`, '.n + 1', ['-c']);
      assert.ok(result.ok, result.ok ? '' : result.message);
      if (result.ok) assert.equal(result.stdout.trim(), `${i + 1}`);
      if (i % 1000 === 0) {
        // jq errors must not damage the instance either.
        const failed = await runtime.run('{', '.', ['-c']);
        assert.equal(failed.ok, false);
      }
    }
  });
});
