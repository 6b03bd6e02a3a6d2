import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { formatJq16Number, mayNeedJq16Numbers } from './jq16Number.js';

const JQ16 = '/usr/bin/jq';

describe('formatJq16Number', () => {
  it('matches outputs recorded from jq 1.6', () => {
    const cases: Array<[number, string]> = [
      [0, '0'],
      [-0, '-0'],
      [1, '1'],
      [0.1, '0.1'],
      [-2.5, '-2.5'],
      [1565382027, '1565382027'],
      [1e17, '1e+17'],
      [1e20, '1e+20'],
      [1e21, '1e+21'],
      [123456789012345678, '123456789012345680'],
      [12345678901234567890123, '12345678901234568000000'],
      [0.0001, '0.0001'],
      [0.000001, '1e-06'],
      [1.5e-7, '1.5e-07'],
      [1.5e300, '1.5e+300'],
      [1e-100, '1e-100'],
      [Number.MAX_VALUE, '1.7976931348623157e+308'],
      [Infinity, '1.7976931348623157e+308'],
    ];
    for (const [value, expected] of cases) assert.equal(formatJq16Number(value), expected, String(value));
  });

  it('agrees with /usr/bin/jq on many numbers', (t) => {
    if (!existsSync(JQ16)) {
      t.skip(`${JQ16} (jq 1.6) is not installed; install the Debian package jq to run this comparison`);
      return;
    }
    const values: number[] = [];
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 3000; i++) {
      const exponent = Math.floor(random() * 60) - 30;
      const digits = Math.floor(random() * 17) + 1;
      const mantissa = Number((random() * 10).toFixed(digits));
      values.push((random() < 0.5 ? -1 : 1) * mantissa * 10 ** exponent);
      values.push(Math.round(random() * 10 ** Math.floor(random() * 22)));
    }
    const input = values.map((v) => JSON.stringify(v)).join('\n');
    const run = spawnSync(JQ16, ['-c', '.'], { input, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const printed = run.stdout.trimEnd().split('\n');
    assert.equal(printed.length, values.length);
    values.forEach((value, i) => assert.equal(formatJq16Number(value), printed[i], `value ${JSON.stringify(value)}`));
  });
});

describe('mayNeedJq16Numbers', () => {
  it('flags the numbers jq 1.7 would print differently and leaves plain ones', () => {
    assert.equal(mayNeedJq16Numbers('{"a":1,"b":2.5,"c":"1e17"}'), false);
    assert.equal(mayNeedJq16Numbers('{"a":1e+21}'), true);
    assert.equal(mayNeedJq16Numbers('{"a":100000000000000000}'), true);
    assert.equal(mayNeedJq16Numbers('{"a":0.00001}'), true);
    assert.equal(mayNeedJq16Numbers('[1.5e-7]'), true);
    assert.equal(mayNeedJq16Numbers('1e+21'), true);
  });
});
