import assert from 'node:assert/strict';
import { test } from 'node:test';
import { billedDuration, consoleLine, endLine, logStreamName, reportLine, startLine, timeoutLine } from './lambdaLog.js';

const at = Date.UTC(2024, 0, 15, 10, 20, 30, 456);

test('framing lines are spelt as Lambda writes them', () => {
  assert.equal(startLine('r-1', '$LATEST'), 'START RequestId: r-1 Version: $LATEST\n');
  assert.equal(endLine('r-1'), 'END RequestId: r-1\n');
  assert.equal(
    reportLine('r-1', { durationMs: 12.345, billedDurationMs: 13, memorySizeMB: 128, maxMemoryUsedMB: 67 }),
    'REPORT RequestId: r-1\tDuration: 12.35 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 67 MB\t\n',
  );
  assert.equal(
    reportLine('r-1', { durationMs: 3000, billedDurationMs: 3000, memorySizeMB: 256, maxMemoryUsedMB: 70, initDurationMs: 150.5, status: 'timeout' }),
    'REPORT RequestId: r-1\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 256 MB\tMax Memory Used: 70 MB\tInit Duration: 150.50 ms\tStatus: timeout\t\n',
  );
  assert.equal(timeoutLine(at, 'r-1', 3), '2024-01-15T10:20:30.456Z r-1 Task timed out after 3.00 seconds\n');
  assert.equal(consoleLine(at, 'r-1', 'INFO', 'hi'), '2024-01-15T10:20:30.456Z\tr-1\tINFO\thi\n');
});

test('billing rounds each begun millisecond up, at least one', () => {
  assert.equal(billedDuration(0.2), 1);
  assert.equal(billedDuration(1), 1);
  assert.equal(billedDuration(1.01), 2);
  assert.equal(billedDuration(0), 1);
});

test('log stream names carry the UTC date, the version and the instance', () => {
  assert.equal(logStreamName(at, '$LATEST', 'ab'.repeat(16)), `2024/01/15/[$LATEST]${'ab'.repeat(16)}`);
});
