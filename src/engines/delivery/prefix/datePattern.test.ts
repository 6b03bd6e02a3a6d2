import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileDatePattern } from './datePattern.js';
import { zonedFields } from './zonedTime.js';

// Expected strings were produced by java.time.format.DateTimeFormatter.ofPattern(p, Locale.US)
// on OpenJDK 17 for the same instants and zones.
const AUG_27_2018 = Date.UTC(2018, 7, 27, 10, 30, 5, 123); // a Monday

function format(pattern: string, instantMs: number, zone = 'UTC'): string {
  const compiled = compileDatePattern(pattern);
  assert.ok(compiled.ok, compiled.ok ? '' : compiled.error);
  return compiled.pattern.format(zonedFields(instantMs, zone));
}

function rejection(pattern: string): string {
  const compiled = compileDatePattern(pattern);
  assert.equal(compiled.ok, false, `expected ${pattern} to be rejected`);
  return compiled.ok ? '' : compiled.error;
}

describe('compileDatePattern', () => {
  it('prints the default Firehose time path', () => {
    assert.equal(format('yyyy/MM/dd/HH/', AUG_27_2018), '2018/08/27/10/');
  });

  it('prints numeric fields, fractions and offsets in a zone', () => {
    assert.equal(format('yyyy-MM-dd HH:mm:ss.SSS XXX', AUG_27_2018, 'Asia/Tokyo'), '2018-08-27 19:30:05.123 +09:00');
    assert.equal(
      format("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXXXX k K", Date.UTC(2021, 0, 1, 0, 0, 0, 7), 'America/St_Johns'),
      '2020-12-31T20:30:00.007000-03:30 20 8',
    );
  });

  it('prints English text fields and the zone id', () => {
    assert.equal(format('EEEE, MMMM d, h:mm a VV', AUG_27_2018, 'America/New_York'), 'Monday, August 27, 6:30 AM America/New_York');
    assert.equal(
      format('D DDD w W e c Q QQQ QQQQ G x Z ZZZZ O OOOO', AUG_27_2018, 'Asia/Kolkata'),
      '239 239 35 5 2 2 3 Q3 3rd quarter AD +0530 +0530 GMT+05:30 GMT+5:30 GMT+05:30',
    );
  });

  it('follows US week rules for Y and w, including Java\'s yyyy-ww year-end surprise', () => {
    const sunday = Date.UTC(2019, 11, 29, 5);
    assert.equal(format('YYYY-ww EEE', sunday), '2020-01 Sun');
    assert.equal(format('yyyy-ww', sunday), '2019-01');
  });

  it('handles quoted literals, doubled quotes and optional sections', () => {
    assert.equal(format("'o''clock' '' [HH[:mm]] yy", AUG_27_2018), "o'clock ' 10:30 18");
    assert.equal(format("yyyy'-'MM'-'dd", AUG_27_2018), '2018-08-27');
    assert.equal(format("'year='yyyy'/month='MM", AUG_27_2018), 'year=2018/month=08');
  });

  it('prints Z for a zero offset with X but digits with x', () => {
    assert.equal(format('X XX XXX x xx', Date.UTC(2021, 0, 1)), 'Z Z Z +00 +0000');
  });

  it('rejects what Java rejects, with Java\'s message', () => {
    assert.equal(rejection('yyyb'), 'Unknown pattern letter: b');
    assert.equal(rejection('ddd'), 'Too many pattern letters: d');
    assert.equal(rejection('aa'), 'Too many pattern letters: a');
    assert.equal(rejection("'abc"), "Pattern ends with an incomplete string literal: 'abc");
    assert.equal(rejection('yyyy]'), 'Pattern invalid as it contains ] without previous [');
    assert.equal(rejection('yyyy#'), "Pattern includes reserved character: '#'");
    assert.equal(rejection('V'), 'Pattern letter count must be 2: V');
    assert.equal(rejection('cc'), 'Invalid pattern "cc"');
  });

  it('says so for valid Java letters it cannot print', () => {
    assert.equal(rejection('z'), 'Pattern letter is not supported here: z');
  });
});
