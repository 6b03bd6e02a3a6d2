import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { prefixRandomFor, SeededRandom } from './deterministicRandom.js';
import {
  compilePrefix,
  compileS3Prefixes,
  ERROR_PREFIX_REQUIRED_MESSAGE,
  evaluatePrefix,
  partitionKeysOf,
  type PrefixContext,
  type PrefixTemplate,
  type S3PrefixConfig,
} from './prefixTemplate.js';

const AT = Date.UTC(2018, 7, 27, 10, 30); // the docs' "10:30 AM UTC on Aug 27, 2018"

function compiled(config: S3PrefixConfig): { prefix: PrefixTemplate; errorOutputPrefix: PrefixTemplate } {
  const r = compileS3Prefixes(config);
  assert.ok(r.ok, r.ok ? '' : r.errors.join('\n'));
  return r;
}

function errorsOf(config: S3PrefixConfig): readonly string[] {
  const r = compileS3Prefixes(config);
  assert.equal(r.ok, false, 'expected the configuration to be rejected');
  return r.ok ? [] : r.errors;
}

function ctx(extra: Partial<PrefixContext> = {}): PrefixContext {
  return { oldestArrivalMs: AT, random: new SeededRandom('test'), errorOutputType: 'processing-failed', ...extra };
}

function evaluate(template: PrefixTemplate, extra: Partial<PrefixContext> = {}): string {
  const r = evaluatePrefix(template, ctx(extra));
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.value;
}

const noDp = { dynamicPartitioning: false };

describe('the documented examples (s3-prefixes.html)', () => {
  it('Prefix unspecified: the default time path, and the error prefix as given', () => {
    const t = compiled({ errorOutputPrefix: 'myFirehoseFailures/!{firehose:error-output-type}/', ...noDp });
    assert.equal(evaluate(t.prefix), '2018/08/27/10/');
    assert.equal(evaluate(t.errorOutputPrefix), 'myFirehoseFailures/processing-failed/');
  });

  it('Prefix with expressions and no ErrorOutputPrefix is rejected with AWS\'s message', () => {
    assert.deepEqual(errorsOf({ prefix: '!{timestamp:yyyy/MM/dd}', ...noDp }), [ERROR_PREFIX_REQUIRED_MESSAGE]);
    assert.deepEqual(errorsOf({ prefix: '!{timestamp:yyyy/MM/dd}', errorOutputPrefix: '', ...noDp }), [ERROR_PREFIX_REQUIRED_MESSAGE]);
    assert.equal(
      ERROR_PREFIX_REQUIRED_MESSAGE,
      'Ths supplied prefix(es) do not satisfy the following constraint: ErrorOutputPrefix cannot be null or empty when Prefix contains expressions',
    );
  });

  it('timestamps, a random string and the error type', () => {
    const t = compiled({
      prefix: 'myFirehose/DeliveredYear=!{timestamp:yyyy}/anyMonth/rand=!{firehose:random-string}',
      errorOutputPrefix: 'myFirehoseFailures/!{firehose:error-output-type}/!{timestamp:yyyy}/anyMonth/!{timestamp:dd}',
      ...noDp,
    });
    assert.match(evaluate(t.prefix), /^myFirehose\/DeliveredYear=2018\/anyMonth\/rand=[0-9a-f]{8}-[0-9a-f]{2}$/);
    assert.equal(evaluate(t.errorOutputPrefix), 'myFirehoseFailures/processing-failed/2018/anyMonth/27');
  });

  it('Hive-style prefixes with quoted literals', () => {
    const t = compiled({
      prefix: 'myPrefix/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/',
      errorOutputPrefix: "myErrorPrefix/!{timestamp:'year='yyyy'/month='MM'/day='dd'/hour='HH}/!{firehose:error-output-type}",
      ...noDp,
    });
    const at = Date.UTC(2018, 6, 6, 23, 10);
    assert.equal(evaluate(t.prefix, { oldestArrivalMs: at }), 'myPrefix/year=2018/month=07/day=06/hour=23/');
    assert.equal(evaluate(t.errorOutputPrefix, { oldestArrivalMs: at }), 'myErrorPrefix/year=2018/month=07/day=06/hour=23/processing-failed');
  });

  it('a plain Prefix gets the time path appended as is, and the default error prefix', () => {
    const plain = compiled({ prefix: 'myFirehosePrefix', ...noDp });
    assert.equal(evaluate(plain.prefix), 'myFirehosePrefix2018/08/27/10/');
    assert.equal(evaluate(plain.errorOutputPrefix), 'myFirehosePrefixprocessing-failed/2018/08/27/10/');
    const folder = compiled({ prefix: 'logs/', ...noDp });
    assert.equal(evaluate(folder.prefix), 'logs/2018/08/27/10/');
    assert.equal(evaluate(folder.errorOutputPrefix, { errorOutputType: 'format-conversion-failed' }), 'logs/format-conversion-failed/2018/08/27/10/');
  });

  it('no prefixes at all', () => {
    const t = compiled(noDp);
    assert.equal(evaluate(t.prefix), '2018/08/27/10/');
    assert.equal(evaluate(t.errorOutputPrefix), 'processing-failed/2018/08/27/10/');
  });
});

describe('compilePrefix rules', () => {
  it('keeps Prefix free of error-output-type', () => {
    const r = compilePrefix('a/!{firehose:error-output-type}/', 'prefix', noDp);
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : (r.errors[0] ?? ''), /Prefix can't contain !\{firehose:error-output-type\}/);
  });

  it('requires error-output-type in an ErrorOutputPrefix with expressions, but not in a plain one', () => {
    const r = compilePrefix('err/!{timestamp:yyyy}/', 'errorOutputPrefix', noDp);
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : (r.errors[0] ?? ''), /must contain !\{firehose:error-output-type\}/);
    assert.equal(compilePrefix('errors/', 'errorOutputPrefix', noDp).ok, true);
  });

  it('allows partition keys only in Prefix and only with dynamic partitioning', () => {
    assert.equal(compilePrefix('c=!{partitionKeyFromQuery:c}/', 'prefix', noDp).ok, false);
    assert.equal(compilePrefix('c=!{partitionKeyFromQuery:c}/', 'prefix', { dynamicPartitioning: true }).ok, true);
    const inError = compilePrefix('!{firehose:error-output-type}/!{partitionKeyFromLambda:c}/', 'errorOutputPrefix', { dynamicPartitioning: true });
    assert.equal(inError.ok, false);
    assert.match(inError.ok ? '' : (inError.errors[0] ?? ''), /ErrorOutputPrefix can't contain partitionKeyFromQuery or partitionKeyFromLambda/);
  });

  it('rejects unknown namespaces and values, stray !{, empty and bad patterns, empty keys', () => {
    const bad = [
      'x/!{time:yyyy}/',
      'x/!{firehose:random}/',
      'x/!{timestamp}/',
      'x/!{timestamp:}/',
      'x/!{timestamp:yyyb}/',
      'x/!{partitionKeyFromQuery:}/',
      'x/!{timestamp:yyyy/',
    ];
    for (const text of bad) {
      const r = compilePrefix(text, 'prefix', { dynamicPartitioning: true });
      assert.equal(r.ok, false, text);
      assert.ok(!r.ok && r.errors.every((e) => e.startsWith('Ths supplied prefix(es) do not satisfy the following constraint: ')), text);
    }
    const pattern = compilePrefix('x/!{timestamp:yyyb}/', 'prefix', noDp);
    assert.match(pattern.ok ? '' : (pattern.errors[0] ?? ''), /Unknown pattern letter: b/);
  });

  it('allows a lone ! or { outside expressions', () => {
    const r = compilePrefix('a!b{c}/', 'prefix', noDp);
    assert.ok(r.ok);
    assert.equal(r.template.hasExpressions, false);
  });

  it('limits the configured length to 1024 characters', () => {
    assert.equal(compilePrefix('a'.repeat(1024), 'prefix', noDp).ok, true);
    assert.equal(compilePrefix('a'.repeat(1025), 'prefix', noDp).ok, false);
  });
});

describe('dynamic partitioning', () => {
  const dp = { dynamicPartitioning: true };
  const prefix = 'customer_id=!{partitionKeyFromQuery:customer_id}/device=!{partitionKeyFromLambda:device}/year=!{partitionKeyFromQuery:year}/';

  it('requires partition-key expressions in Prefix and an error prefix', () => {
    assert.match(errorsOf({ prefix: 'data/!{timestamp:yyyy}/', errorOutputPrefix: 'e/!{firehose:error-output-type}', ...dp }).join(), /at least one partitionKeyFromQuery or partitionKeyFromLambda/);
    assert.deepEqual(errorsOf({ prefix, ...dp }), [ERROR_PREFIX_REQUIRED_MESSAGE]);
  });

  it('lists the keys a template uses and appends no time path', () => {
    const t = compiled({ prefix, errorOutputPrefix: 'errors/!{firehose:error-output-type}/', ...dp });
    assert.deepEqual(partitionKeysOf(t.prefix), { fromQuery: ['customer_id', 'year'], fromLambda: ['device'] });
    assert.equal(
      evaluate(t.prefix, { partitionKeysFromQuery: { customer_id: '1234567890', year: '2019' }, partitionKeysFromLambda: { device: 'mobile' } }),
      'customer_id=1234567890/device=mobile/year=2019/',
    );
  });

  it('reports a missing key (not an inherited property) as a result', () => {
    const t = compiled({ prefix: 'c=!{partitionKeyFromQuery:constructor}/', errorOutputPrefix: '!{firehose:error-output-type}/', ...dp });
    const r = evaluatePrefix(t.prefix, ctx({ partitionKeysFromQuery: {} }));
    assert.equal(r.ok, false);
    assert.equal(r.ok ? '' : r.reason, 'missingPartitionKey');
  });
});

describe('evaluatePrefix', () => {
  it('uses the oldest arrival in CustomTimeZone for every timestamp', () => {
    const t = compiled({ prefix: '!{timestamp:yyyy-MM-dd}/!{timestamp:HH}/', errorOutputPrefix: '!{firehose:error-output-type}/', ...noDp });
    const late = Date.UTC(2018, 11, 31, 20, 0);
    assert.equal(evaluate(t.prefix, { oldestArrivalMs: late }), '2018-12-31/20/');
    assert.equal(evaluate(t.prefix, { oldestArrivalMs: late, timeZone: 'Asia/Tokyo' }), '2019-01-01/05/');
  });

  it('draws a new random string per use, reproducibly from the seed', () => {
    const t = compiled({ prefix: '!{firehose:random-string}/!{firehose:random-string}/', errorOutputPrefix: '!{firehose:error-output-type}/', ...noDp });
    const a = evaluate(t.prefix, { random: prefixRandomFor('batch-1') });
    const again = evaluate(t.prefix, { random: prefixRandomFor('batch-1') });
    const other = evaluate(t.prefix, { random: prefixRandomFor('batch-2') });
    const [first, second] = a.split('/');
    assert.notEqual(first, second);
    assert.equal(a, again);
    assert.notEqual(a, other);
  });

  it('refuses a result longer than 512 characters', () => {
    const t = compiled({ prefix: `${'p'.repeat(500)}/!{timestamp:yyyy/MM/dd/HH}/`, errorOutputPrefix: '!{firehose:error-output-type}/', ...noDp });
    const r = evaluatePrefix(t.prefix, ctx());
    assert.equal(r.ok, false);
    assert.equal(r.ok ? '' : r.reason, 'tooLong');
  });
});
