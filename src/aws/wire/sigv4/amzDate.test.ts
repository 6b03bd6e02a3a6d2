import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatAmzDate, formatIsoSeconds, httpDateToAmzDate, parseAmzDate } from './amzDate.js';

describe('amzDate', () => {
  it('parses ISO 8601 basic times and formats them back', () => {
    const ms = parseAmzDate('20240229T235959Z');
    assert.equal(ms, Date.UTC(2024, 1, 29, 23, 59, 59));
    assert.equal(formatAmzDate(ms!), '20240229T235959Z');
    assert.equal(formatIsoSeconds(ms!), '2024-02-29T23:59:59Z');
  });

  it('refuses text that is not a real time', () => {
    for (const bad of ['20230229T000000Z', '20241301T000000Z', '20240101T240000Z', '20240101T000060Z',
      '2024-01-01T00:00:00Z', '20240101T000000', '00990101T000000Z', '2024010AT000000Z', '']) {
      assert.equal(parseAmzDate(bad), undefined, bad);
    }
  });

  it('converts an HTTP Date header', () => {
    assert.equal(httpDateToAmzDate('Fri, 24 May 2013 00:00:00 GMT'), '20130524T000000Z');
    assert.equal(httpDateToAmzDate('yesterday'), undefined);
  });
});
