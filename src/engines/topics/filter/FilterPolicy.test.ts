import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TopicsError } from '../TopicsError.js';
import type { MessageAttributes } from '../types.js';
import { FilterPolicy } from './FilterPolicy.js';

const attrs = (a: Record<string, [string, string]>): MessageAttributes =>
  Object.fromEntries(Object.entries(a).map(([k, [dataType, stringValue]]) => [k, { dataType, stringValue }]));
const onAttributes = (policy: unknown, a: Record<string, [string, string]>) => FilterPolicy.parse(JSON.stringify(policy), 'MessageAttributes').matches('', attrs(a));
const onBody = (policy: unknown, body: unknown) => FilterPolicy.parse(JSON.stringify(policy), 'MessageBody').matches(JSON.stringify(body), undefined);

function rejects(policy: unknown, pattern: RegExp, scope: 'MessageAttributes' | 'MessageBody' = 'MessageAttributes'): void {
  assert.throws(
    () => FilterPolicy.parse(typeof policy === 'string' ? policy : JSON.stringify(policy), scope),
    (e: unknown) => e instanceof TopicsError && e.kind === 'InvalidParameter' && pattern.test(e.message),
  );
}

describe('FilterPolicy: attribute scope', () => {
  it('matches exact strings (case-sensitive), any value of the list, and needs every key', () => {
    const p = { store: ['example_corp', 'other'], event: ['order_placed'] };
    assert.equal(onAttributes(p, { store: ['String', 'example_corp'], event: ['String', 'order_placed'] }), true);
    assert.equal(onAttributes(p, { store: ['String', 'Example_Corp'], event: ['String', 'order_placed'] }), false);
    assert.equal(onAttributes(p, { store: ['String', 'other'] }), false, 'a key of the policy is missing');
    assert.equal(onAttributes(p, { store: ['String', 'other'], event: ['String', 'order_placed'], extra: ['String', 'x'] }), true);
  });

  it('matches numbers exactly and in ranges, on Number attributes, to five decimals', () => {
    assert.equal(onAttributes({ price: [100] }, { price: ['Number', '100.000001'] }), true);
    assert.equal(onAttributes({ price: [100] }, { price: ['Number', '100.1'] }), false);
    assert.equal(onAttributes({ price: [100] }, { price: ['String', '100'] }), false, 'a String is not a number');
    const range = { price: [{ numeric: ['>', 0, '<=', 150] }] };
    assert.equal(onAttributes(range, { price: ['Number', '150'] }), true);
    assert.equal(onAttributes(range, { price: ['Number', '0'] }), false);
    assert.equal(onAttributes(range, { price: ['Number', '-1'] }), false);
    assert.equal(onAttributes({ price: [{ numeric: ['=', 301.5] }] }, { price: ['Number', '301.5'] }), true);
  });

  it('matches String.Array attributes when any element matches', () => {
    const p = { sports: ['rugby'] };
    assert.equal(onAttributes(p, { sports: ['String.Array', '["soccer", "rugby", "hockey"]'] }), true);
    assert.equal(onAttributes(p, { sports: ['String.Array', '["soccer"]'] }), false);
    assert.equal(onAttributes({ n: [{ numeric: ['>', 5] }] }, { n: ['String.Array', '[1, 10]'] }), true);
  });

  it('supports prefix, suffix, equals-ignore-case and anything-but in its forms', () => {
    assert.equal(onAttributes({ c: [{ prefix: 'bas' }] }, { c: ['String', 'basketball'] }), true);
    assert.equal(onAttributes({ c: [{ suffix: 'ball' }] }, { c: ['String', 'basketball'] }), true);
    assert.equal(onAttributes({ c: [{ suffix: 'ball' }] }, { c: ['String', 'rugby'] }), false);
    assert.equal(onAttributes({ c: [{ 'equals-ignore-case': 'RuGbY' }] }, { c: ['String', 'rugby'] }), true);
    assert.equal(onAttributes({ c: [{ 'anything-but': 'rugby' }] }, { c: ['String', 'soccer'] }), true);
    assert.equal(onAttributes({ c: [{ 'anything-but': 'rugby' }] }, { c: ['String', 'rugby'] }), false);
    assert.equal(onAttributes({ c: [{ 'anything-but': ['rugby', 'tennis'] }] }, { c: ['String', 'tennis'] }), false);
    assert.equal(onAttributes({ c: [{ 'anything-but': { prefix: 'ru' } }] }, { c: ['String', 'rugby'] }), false);
    assert.equal(onAttributes({ c: [{ 'anything-but': { prefix: 'ru' } }] }, { c: ['String', 'soccer'] }), true);
    assert.equal(onAttributes({ c: [{ 'anything-but': [100, 200] }] }, { c: ['Number', '150'] }), true);
    assert.equal(onAttributes({ c: [{ 'anything-but': 'rugby' }] }, {}), false, 'anything-but needs the attribute');
  });

  it('supports exists true/false and cidr (IPv4 and IPv6)', () => {
    assert.equal(onAttributes({ k: [{ exists: true }] }, { k: ['String', 'x'] }), true);
    assert.equal(onAttributes({ k: [{ exists: true }] }, {}), false);
    assert.equal(onAttributes({ k: [{ exists: false }] }, {}), true);
    assert.equal(onAttributes({ k: [{ exists: false }] }, { k: ['Binary', ''] }), false);
    assert.equal(onAttributes({ ip: [{ cidr: '10.0.0.0/24' }] }, { ip: ['String', '10.0.0.255'] }), true);
    assert.equal(onAttributes({ ip: [{ cidr: '10.0.0.0/24' }] }, { ip: ['String', '10.0.1.0'] }), false);
    assert.equal(onAttributes({ ip: [{ cidr: '2001:db8::/32' }] }, { ip: ['String', '2001:db8::1'] }), true);
  });

  it('supports $or beside other keys', () => {
    const p = { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }] };
    assert.equal(onAttributes(p, { source: ['String', 'aws.cloudwatch'], namespace: ['String', 'AWS/EC2'] }), true);
    assert.equal(onAttributes(p, { source: ['String', 'aws.cloudwatch'], metricName: ['String', 'Other'] }), false);
    assert.equal(onAttributes(p, { metricName: ['String', 'CPUUtilization'] }), false);
  });
});

describe('FilterPolicy: body scope', () => {
  it('matches nested keys and arrays in the JSON body; a non-JSON body never matches', () => {
    const p = { order: { customer: { tier: ['gold'] }, total: [{ numeric: ['>=', 100] }] } };
    assert.equal(onBody(p, { order: { customer: { tier: 'gold' }, total: 120 } }), true);
    assert.equal(onBody(p, { order: { customer: { tier: ['silver', 'gold'] }, total: 120 } }), true);
    assert.equal(onBody(p, { order: { customer: { tier: 'gold' }, total: 99 } }), false);
    assert.equal(FilterPolicy.parse(JSON.stringify(p), 'MessageBody').matches('not json', undefined), false);
    assert.equal(onBody({ flag: [true], none: [null] }, { flag: true, none: null }), true);
  });
});

describe('FilterPolicy: limits and malformed policies', () => {
  it('allows 5 keys, refuses 6', () => {
    const five = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((k) => [k, ['x']]));
    FilterPolicy.parse(JSON.stringify(five), 'MessageAttributes');
    rejects({ ...five, f: ['x'] }, /can not have more than 5 keys/);
  });

  it('counts combinations as the product of the value lists (150 allowed, 151+ refused)', () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);
    FilterPolicy.parse(JSON.stringify({ a: values(15), b: values(10) }), 'MessageAttributes');
    rejects({ a: values(16), b: values(10) }, /too complex/);
  });

  it('refuses nested keys in attribute scope, unknown operators, bad JSON, over 256 KB', () => {
    rejects({ a: { b: ['x'] } }, /MessageBody/);
    rejects({ a: [{ pefix: 'x' }] }, /Unrecognized match type pefix/);
    rejects('{"a": [', /failed to parse JSON/);
    rejects({ a: 'x' }, /must be an array/);
    rejects({ a: [{ numeric: ['>', 'x'] }] }, /numeric/);
    rejects({ a: [{ numeric: ['>', 2e9] }] }, /between/);
    rejects({ a: [{ cidr: '10.0.0.0' }] }, /CIDR/);
    rejects({ a: ['x'.repeat(256 * 1024)] }, /too large/);
  });
});
