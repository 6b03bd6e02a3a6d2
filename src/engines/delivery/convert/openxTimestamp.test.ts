import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseOpenXTimestamp } from './openxTimestamp.js';

describe('parseOpenXTimestamp', () => {
  it("reads yyyy-MM-dd'T'HH:mm:ss[.S]'Z' with up to 9 fraction digits", () => {
    assert.equal(parseOpenXTimestamp('2017-02-07T15:13:01Z'), '2017-02-07 15:13:01.000000');
    assert.equal(parseOpenXTimestamp('2017-02-07T15:13:01.3Z'), '2017-02-07 15:13:01.300000');
    assert.equal(parseOpenXTimestamp('2017-02-07T15:13:01.39256Z'), '2017-02-07 15:13:01.392560');
    // Parquet keeps microseconds: further digits are truncated.
    assert.equal(parseOpenXTimestamp('2017-02-07T15:13:01.123456789Z'), '2017-02-07 15:13:01.123456');
    assert.equal(parseOpenXTimestamp('2017-02-07T15:13:01.1234567890Z'), undefined);
  });

  it('reads yyyy-[M]M-[d]d HH:mm:ss[.S]', () => {
    assert.equal(parseOpenXTimestamp('2017-02-07 15:13:01.14'), '2017-02-07 15:13:01.140000');
    assert.equal(parseOpenXTimestamp('2017-2-7 05:03:01'), '2017-02-07 05:03:01.000000');
    assert.equal(parseOpenXTimestamp('2017-02-07 15:13:01.999999999'), '2017-02-07 15:13:01.999999');
  });

  it('tells epoch seconds from milliseconds by length, as the OpenX SerDe does', () => {
    assert.equal(parseOpenXTimestamp('1518033528'), '2018-02-07 19:58:48.000000');
    assert.equal(parseOpenXTimestamp('1518033528123'), '2018-02-07 19:58:48.123000');
    // 12 characters is still seconds; 13 is milliseconds.
    assert.equal(parseOpenXTimestamp('100000000000'), '5138-11-16 09:46:40.000000');
    assert.equal(parseOpenXTimestamp('1000000000000'), '2001-09-09 01:46:40.000000');
    assert.equal(parseOpenXTimestamp('0'), '1970-01-01 00:00:00.000000');
  });

  it('reads floating-point epoch seconds to the millisecond, truncating', () => {
    assert.equal(parseOpenXTimestamp('1518033528.123'), '2018-02-07 19:58:48.123000');
    assert.equal(parseOpenXTimestamp('1518033528.1239'), '2018-02-07 19:58:48.123000');
    assert.equal(parseOpenXTimestamp('1518033528.5'), '2018-02-07 19:58:48.500000');
    assert.equal(parseOpenXTimestamp('1.518033528e9'), '2018-02-07 19:58:48.000000');
  });

  it('refuses everything else', () => {
    for (const text of [
      '2017-02-07T15:13:01+01:00',
      '2017-02-07T15:13:01',
      '2017-02-07T15:13:01.z',
      '2017-02-07t15:13:01Z',
      '2017-02-07',
      '2017-02-30 00:00:00',
      '2017-13-01 00:00:00',
      '2017-02-07 24:00:00',
      '2017-02-07 15:60:00',
      '2017/02/07 15:13:01',
      '07 Feb 2017',
      '1e9',
      'now',
      '',
      ' 1518033528',
    ]) {
      assert.equal(parseOpenXTimestamp(text), undefined, text);
    }
    assert.equal(parseOpenXTimestamp('2016-02-29T00:00:00Z'), '2016-02-29 00:00:00.000000');
    assert.equal(parseOpenXTimestamp('2100-02-29T00:00:00Z'), undefined);
  });
});
