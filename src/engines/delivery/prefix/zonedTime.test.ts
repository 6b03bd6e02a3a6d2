import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isKnownTimeZone, offsetSecondsAt, zonedFields } from './zonedTime.js';

describe('zonedFields', () => {
  it('gives UTC fields by default', () => {
    const f = zonedFields(Date.UTC(2024, 1, 29, 23, 59, 58, 250));
    assert.deepEqual(
      [f.year, f.month, f.day, f.hour, f.minute, f.second, f.millisecond, f.dayOfWeek, f.dayOfYear, f.offsetSeconds],
      [2024, 2, 29, 23, 59, 58, 250, 4, 60, 0],
    );
  });

  it('moves to the next local day east of UTC', () => {
    const f = zonedFields(Date.UTC(2018, 11, 31, 20, 0), 'Asia/Tokyo');
    assert.deepEqual([f.year, f.month, f.day, f.hour, f.dayOfYear, f.offsetSeconds], [2019, 1, 1, 5, 1, 9 * 3600]);
  });

  it('follows daylight saving time', () => {
    assert.equal(offsetSecondsAt(Date.UTC(2023, 0, 15), 'America/New_York'), -5 * 3600);
    assert.equal(offsetSecondsAt(Date.UTC(2023, 6, 15), 'America/New_York'), -4 * 3600);
    assert.equal(offsetSecondsAt(Date.UTC(2023, 6, 15), 'Asia/Kolkata'), 5.5 * 3600);
  });

  it('knows IANA zones and rejects others', () => {
    assert.equal(isKnownTimeZone('Asia/Tokyo'), true);
    assert.equal(isKnownTimeZone('Mars/Olympus'), false);
    assert.throws(() => zonedFields(0, 'Mars/Olympus'), RangeError);
  });
});
