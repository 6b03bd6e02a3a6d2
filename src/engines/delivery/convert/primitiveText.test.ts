import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INTEGER_RANGES, parseJavaDouble, parseJavaInteger, readDate, readDecimal, truncateCodePoints } from './primitiveText.js';

describe('primitive text', () => {
  it('reads integers as Java does, within range', () => {
    const [min, max] = INTEGER_RANGES.int;
    assert.equal(parseJavaInteger('42', min, max), 42n);
    assert.equal(parseJavaInteger('+42', min, max), 42n);
    assert.equal(parseJavaInteger('-2147483648', min, max), -2147483648n);
    assert.equal(parseJavaInteger('2147483648', min, max), undefined);
    assert.equal(parseJavaInteger('0x1F', min, max), 31n);
    assert.equal(parseJavaInteger('0X-1f', min, max), -31n);
    for (const bad of ['', ' 1', '1.0', '1e2', '0x', 'abc', '--1']) assert.equal(parseJavaInteger(bad, min, max), undefined, bad);
    const [bmin, bmax] = INTEGER_RANGES.bigint;
    assert.equal(parseJavaInteger('9223372036854775807', bmin, bmax), 9223372036854775807n);
    assert.equal(parseJavaInteger('9223372036854775808', bmin, bmax), undefined);
  });

  it('reads doubles as Java does', () => {
    assert.equal(parseJavaDouble('1.5'), 1.5);
    assert.equal(parseJavaDouble(' -2e3 '), -2000);
    assert.equal(parseJavaDouble('.5f'), 0.5);
    assert.equal(parseJavaDouble('1.'), 1);
    assert.ok(Number.isNaN(parseJavaDouble('NaN')));
    assert.equal(parseJavaDouble('-Infinity'), -Infinity);
    for (const bad of ['', 'abc', '1,5', 'inf', '0x10']) assert.equal(parseJavaDouble(bad), undefined, bad);
  });

  it('reads decimals, rounding half up to the scale', () => {
    assert.deepEqual(readDecimal('12.345', 10, 2), { ok: true, text: '12.35' });
    assert.deepEqual(readDecimal('-12.345', 10, 2), { ok: true, text: '-12.35' });
    assert.deepEqual(readDecimal('12.344', 10, 2), { ok: true, text: '12.34' });
    assert.deepEqual(readDecimal('9.995', 4, 2), { ok: true, text: '10.00' });
    assert.deepEqual(readDecimal('99.995', 4, 2), { ok: false, reason: 'overflow' });
    assert.deepEqual(readDecimal('1.5e3', 10, 0), { ok: true, text: '1500' });
    assert.deepEqual(readDecimal('15E-3', 10, 3), { ok: true, text: '0.015' });
    assert.deepEqual(readDecimal('-0.001', 10, 2), { ok: true, text: '0.00' });
    assert.deepEqual(readDecimal('.5', 3, 1), { ok: true, text: '0.5' });
    assert.deepEqual(readDecimal('12345678901234567890.1234567891', 38, 10), { ok: true, text: '12345678901234567890.1234567891' });
    assert.deepEqual(readDecimal('100', 2, 0), { ok: false, reason: 'overflow' });
    for (const bad of ['', '.', 'abc', '1.2.3', '1e', ' 1']) assert.deepEqual(readDecimal(bad, 10, 2), { ok: false, reason: 'not-a-number' }, bad);
  });

  it('reads dates as java.sql.Date.valueOf does', () => {
    assert.equal(readDate('2024-02-29'), '2024-02-29');
    assert.equal(readDate('2024-2-9'), '2024-02-09');
    for (const bad of ['2023-02-29', '2024-13-01', '24-01-01', '2024-01-01T00:00:00Z', '20240101']) assert.equal(readDate(bad), undefined, bad);
  });

  it('truncates by characters, not UTF-16 units', () => {
    assert.equal(truncateCodePoints('abcdef', 3), 'abc');
    assert.equal(truncateCodePoints('😀😀😀', 2), '😀😀');
    assert.equal(truncateCodePoints('ab', 5), 'ab');
  });
});
