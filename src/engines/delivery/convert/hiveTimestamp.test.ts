import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileHiveTimestampReader, parseJavaSqlTimestamp, timestampFormatsProblem } from './hiveTimestamp.js';

describe('parseJavaSqlTimestamp (the Hive JSON SerDe default)', () => {
  it('reads yyyy-[m]m-[d]d hh:mm:ss[.f…] with up to nine fraction digits, kept to microseconds', () => {
    assert.equal(parseJavaSqlTimestamp('2017-02-07 15:13:01'), '2017-02-07 15:13:01.000000');
    assert.equal(parseJavaSqlTimestamp('2017-02-07 15:13:01.14'), '2017-02-07 15:13:01.140000');
    assert.equal(parseJavaSqlTimestamp('2017-2-7 5:3:1.5'), '2017-02-07 05:03:01.500000');
    assert.equal(parseJavaSqlTimestamp('  2017-02-07 15:13:01.123456789\n'), '2017-02-07 15:13:01.123456');
  });

  it('rolls over as java.util.Date does, within month ≤ 12 and day ≤ 31', () => {
    assert.equal(parseJavaSqlTimestamp('2017-02-31 25:00:00'), '2017-03-04 01:00:00.000000');
    assert.equal(parseJavaSqlTimestamp('2017-12-31 23:59:60'), '2018-01-01 00:00:00.000000');
    assert.equal(parseJavaSqlTimestamp('2017-13-01 00:00:00'), undefined);
    assert.equal(parseJavaSqlTimestamp('2017-01-32 00:00:00'), undefined);
  });

  it('refuses the other forms (ISO with T or Z, date only, epoch numbers, long fractions)', () => {
    for (const text of [
      '2017-02-07T15:13:01Z',
      '2017-02-07T15:13:01',
      '2017-02-07 15:13:01Z',
      '2017-02-07',
      '2017-02-07 15:13',
      '1518033528123',
      '17-02-07 15:13:01',
      '2017-02-07 15:13:01.',
      '2017-02-07 15:13:01.1234567890',
      '2017-02-07  15:13:01',
      '',
    ]) {
      assert.equal(parseJavaSqlTimestamp(text), undefined, text);
    }
  });
});

describe('compileHiveTimestampReader (TimestampFormats)', () => {
  it('with no formats reads only the java.sql.Timestamp form', () => {
    const read = compileHiveTimestampReader([]);
    assert.equal(read('2017-02-07 15:13:01.5'), '2017-02-07 15:13:01.500000');
    assert.equal(read('2017-02-07T15:13:01.5Z'), undefined);
    assert.equal(read('1518033528123'), undefined);
  });

  it('reads `millis` (in any case) as epoch milliseconds, signed', () => {
    const read = compileHiveTimestampReader(['millis']);
    assert.equal(read('1518033528123'), '2018-02-07 19:58:48.123000');
    assert.equal(read('-1000'), '1969-12-31 23:59:59.000000');
    assert.equal(read('1518033528.5'), undefined, 'not an integer, nor the default form');
    assert.equal(compileHiveTimestampReader(['MILLIS'])('0'), '1970-01-01 00:00:00.000000');
    assert.equal(read('99999999999999999999999'), undefined, 'beyond a long');
    assert.equal(read('253402300800000'), undefined, 'year 10000');
  });

  it('tries the formats in order, then falls back to the default form', () => {
    const read = compileHiveTimestampReader(["yyyy-MM-dd'T'HH:mm:ss.SSSZ", 'dd/MM/yyyy HH:mm', 'millis']);
    assert.equal(read('2024-01-02T03:04:05.678+0200'), '2024-01-02 01:04:05.678000');
    assert.equal(read('07/02/2017 15:13'), '2017-02-07 15:13:00.000000');
    assert.equal(read('1518033528123'), '2018-02-07 19:58:48.123000');
    assert.equal(read('2017-02-07 15:13:01.123456'), '2017-02-07 15:13:01.123456', 'the default form still reads');
    assert.equal(read('07.02.2017 15:13'), undefined);
  });

  it('fails, without falling back, when a format reads the text but a field is out of range (Joda throws)', () => {
    assert.equal(compileHiveTimestampReader([])('2017-02-31 00:00:00'), '2017-03-03 00:00:00.000000');
    assert.equal(compileHiveTimestampReader(['yyyy-MM-dd HH:mm:ss'])('2017-02-31 00:00:00'), undefined);
    // A partial reading is resolved too: a date-only format over a full timestamp.
    assert.equal(compileHiveTimestampReader(['yyyy-MM-dd'])('2017-02-07 15:13:01'), '2017-02-07 15:13:01.000000');
    assert.equal(compileHiveTimestampReader(['yyyy-MM-dd'])('2017-02-30 15:13:01'), undefined);
  });

  it('refuses years outside 1..9999', () => {
    assert.equal(compileHiveTimestampReader(['yyyy'])('10000'), undefined);
    assert.equal(compileHiveTimestampReader(['yyyy'])('0000'), undefined);
    assert.equal(compileHiveTimestampReader(['yyyy'])('0001'), '0001-01-01 00:00:00.000000');
  });
});

describe('timestampFormatsProblem', () => {
  it('accepts Joda patterns and millis, and names the pattern it cannot use', () => {
    assert.equal(timestampFormatsProblem(['millis', "yyyy-MM-dd'T'HH:mm:ss.SSSZ", 'dd/MM/yyyy HH:mm']), undefined);
    assert.equal(timestampFormatsProblem([]), undefined);
    assert.match(timestampFormatsProblem(['millis', 'yyyy-MM-ddTHH:mm'])!, /'yyyy-MM-ddTHH:mm'.*Illegal pattern component: T/);
    assert.match(timestampFormatsProblem(['HH:mm z'])!, /not supported by Lakehose/);
  });
});
