import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JodaFieldError, JodaPatternError, compileJodaPattern, resolveJodaFields } from './jodaPattern.js';

/** The instant `text` reads as by `pattern` (whole text only), as an ISO string; undefined when it does not match. */
function parse(pattern: string, text: string, currentYear = 2025): string | undefined {
  const reading = compileJodaPattern(pattern, currentYear).parse(text);
  if (reading === undefined || reading.end !== text.length) return undefined;
  return new Date(resolveJodaFields(reading.fields)).toISOString();
}

describe('compileJodaPattern: parsing', () => {
  it('reads ISO-like patterns with a zone offset (Z reads Z, +hhmm and +hh:mm)', () => {
    const p = "yyyy-MM-dd'T'HH:mm:ss.SSSZ";
    assert.equal(parse(p, '2024-01-02T03:04:05.678+0200'), '2024-01-02T01:04:05.678Z');
    assert.equal(parse(p, '2024-01-02T03:04:05.678-05:30'), '2024-01-02T08:34:05.678Z');
    assert.equal(parse(p, '2024-01-02T03:04:05.678Z'), '2024-01-02T03:04:05.678Z');
    assert.equal(parse(p, '2024-01-02T03:04:05.678+02'), '2024-01-02T01:04:05.678Z');
    assert.equal(parse("yyyy-MM-dd'T'HH:mm:ssZZ", '2024-01-02T03:04:05+01:00'), '2024-01-02T02:04:05.000Z');
  });

  it('reads day-first and space-separated patterns; dates without a zone are UTC', () => {
    assert.equal(parse('dd/MM/yyyy HH:mm', '07/02/2017 15:13'), '2017-02-07T15:13:00.000Z');
    assert.equal(parse('yyyy-MM-dd HH:mm:ss', '2017-02-07 15:13:01'), '2017-02-07T15:13:01.000Z');
    // Joda does not insist on padding when parsing.
    assert.equal(parse('dd/MM/yyyy HH:mm', '7/2/2017 5:03'), '2017-02-07T05:03:00.000Z');
  });

  it('reads month and day names in English, short or full, as written or in one case', () => {
    const p = 'MMM d, yyyy h:mm:ss a';
    assert.equal(parse(p, 'Feb 7, 2017 3:13:01 PM'), '2017-02-07T15:13:01.000Z');
    assert.equal(parse(p, 'february 7, 2017 12:05:00 am'), '2017-02-07T00:05:00.000Z');
    assert.equal(parse(p, 'FEB 7, 2017 12:05:00 PM'), '2017-02-07T12:05:00.000Z');
    assert.equal(parse(p, 'fEb 7, 2017 12:05:00 PM'), undefined, 'mixed case is not a name Joda knows');
    assert.equal(parse('EEE, dd MMM yyyy HH:mm:ss Z', 'Tue, 07 Feb 2017 15:13:01 +0000'), '2017-02-07T15:13:01.000Z');
    // As in Joda, a day of week moves the date within its ISO week.
    assert.equal(parse('EEE, dd MMM yyyy', 'Mon, 07 Feb 2017'), '2017-02-06T00:00:00.000Z');
  });

  it('reads adjacent numbers by their width, and fractions up to the number of S', () => {
    assert.equal(parse('yyyyMMddHHmmss', '20170207151301'), '2017-02-07T15:13:01.000Z');
    assert.equal(parse('yyyyMMddHHmmssSSS', '20170207151301123'), '2017-02-07T15:13:01.123Z');
    assert.equal(parse('HH:mm:ss.S', '15:13:01.5'), '1970-01-01T15:13:01.500Z', 'missing fields come from 1970-01-01');
    assert.equal(parse('HH:mm:ss.SSS', '15:13:01.123456'), undefined, 'SSS reads three digits; the rest is left over');
    assert.equal(parse('HH:mm:ss.SSSSSS', '15:13:01.123456'), '1970-01-01T15:13:01.123Z', 'kept to milliseconds');
  });

  it('resolves two-digit years around (this year - 30), and reads other widths as they are', () => {
    assert.equal(parse('yy-MM-dd', '17-02-07', 2025), '2017-02-07T00:00:00.000Z');
    assert.equal(parse('yy-MM-dd', '45-02-07', 2025), '1945-02-07T00:00:00.000Z');
    assert.equal(parse('yy-MM-dd', '44-02-07', 2025), '2044-02-07T00:00:00.000Z');
    assert.equal(parse('yy-MM-dd', '2017-02-07', 2025), '2017-02-07T00:00:00.000Z', 'lenient: four digits are the year');
    assert.equal(parse('yyMMdd', '170207', 2025), '2017-02-07T00:00:00.000Z');
  });

  it('matches literal text without regard to case; quotes escape letters and two quotes are one', () => {
    assert.equal(parse("yyyy-MM-dd'T'HH:mm", '2017-02-07t15:13'), '2017-02-07T15:13:00.000Z');
    assert.equal(parse("yyyy-MM-dd 'at' HH:mm", '2017-02-07 AT 15:13'), '2017-02-07T15:13:00.000Z');
    assert.equal(parse("HH'h'mm''", "15h13'"), '1970-01-01T15:13:00.000Z');
  });

  it('reads the hour letters k (1-24), K (0-11) and h with a, and the day of year D', () => {
    assert.equal(parse('yyyy-MM-dd kk:mm', '2017-02-07 24:00'), '2017-02-07T00:00:00.000Z');
    assert.equal(parse('yyyy-MM-dd KK:mm a', '2017-02-07 11:30 PM'), '2017-02-07T23:30:00.000Z');
    assert.equal(parse('yyyy-MM-dd hh:mm a', '2017-02-07 12:30 AM'), '2017-02-07T00:30:00.000Z');
    assert.equal(parse('yyyy DDD', '2024 060'), '2024-02-29T00:00:00.000Z');
  });

  it('does not match text of another shape', () => {
    const p = compileJodaPattern('yyyy-MM-dd HH:mm:ss');
    assert.equal(p.parse('2017/02/07 15:13:01'), undefined);
    assert.equal(p.parse('2017-02-07'), undefined, 'the text ends early');
    assert.equal(p.parse(''), undefined);
    const partial = p.parse('2017-02-07 15:13:01.5');
    assert.equal(partial?.end, 19, 'reading stops where the pattern ends');
  });

  it('throws JodaFieldError for out-of-range fields, as Joda does', () => {
    const fields = (pattern: string, text: string) => compileJodaPattern(pattern).parse(text)!.fields;
    assert.throws(() => resolveJodaFields(fields('yyyy-MM-dd', '2023-02-29')), JodaFieldError);
    assert.equal(new Date(resolveJodaFields(fields('yyyy-MM-dd', '2024-02-29'))).toISOString(), '2024-02-29T00:00:00.000Z');
    assert.throws(() => resolveJodaFields(fields('yyyy-MM-dd', '2023-13-01')), /monthOfYear/);
    assert.throws(() => resolveJodaFields(fields('HH:mm', '24:00')), /hourOfDay/);
    assert.throws(() => resolveJodaFields(fields('HH:mm:ss', '23:60:00')), /minuteOfHour/);
  });
});

describe('compileJodaPattern: invalid patterns', () => {
  it('refuses what Joda refuses', () => {
    assert.throws(() => compileJodaPattern(''), JodaPatternError);
    assert.throws(() => compileJodaPattern('yyyy-MM-ddTHH:mm'), /Illegal pattern component: T/);
    assert.throws(() => compileJodaPattern('yyyy-qq'), /Illegal pattern component: qq/);
  });

  it('refuses Joda letters Lakehose does not implement, saying so', () => {
    assert.throws(() => compileJodaPattern('yyyy G'), /'G' \(era\) is not supported/);
    assert.throws(() => compileJodaPattern('HH:mm z'), /time zone name/);
    assert.throws(() => compileJodaPattern('HH:mm ZZZ'), /ZZZ/);
    assert.throws(() => compileJodaPattern('xxxx-ww'), /week year/);
  });
});
