import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  compareUtf8,
  dirEntryName,
  escapedFileName,
  fileNameCandidates,
  layoutOf,
  segmentOfDirEntry,
  segmentOfFileEntry,
  unstorableKeyReason,
} from './keyPaths.js';

const tricky = ['', '.', '..', '...', '%', '%d', '%f', '%dx', '%fx', 'a', 'a b', '.hidden', 'é', '😀', 'x'.repeat(253)];

test('every segment maps to a safe, reversible folder name and file name', () => {
  for (const segment of tricky) {
    const dir = dirEntryName(segment);
    assert.ok(dir !== '' && dir !== '.' && dir !== '..' && !dir.includes('/') && Buffer.byteLength(dir) <= 255, `dir for ${segment}`);
    assert.equal(segmentOfDirEntry(dir), segment);
    for (const file of fileNameCandidates(segment)) {
      assert.ok(file !== '' && file !== '.' && file !== '..' && !file.includes('/') && Buffer.byteLength(file) <= 255, `file for ${segment}`);
      assert.equal(segmentOfFileEntry(file), segment);
    }
  }
});

test('a folder name and an escaped file name never coincide, so `a` and `a/…` fit side by side', () => {
  const dirs = new Set(tricky.map(dirEntryName));
  for (const segment of tricky) assert.ok(!dirs.has(escapedFileName(segment)), segment);
  // Plain names are the segments themselves, for DuckDB-friendly paths.
  assert.equal(dirEntryName('dt=2024-01-01'), 'dt=2024-01-01');
  assert.deepEqual(fileNameCandidates('part-0.parquet'), ['part-0.parquet', '%fpart-0.parquet']);
});

test('names this store does not make are not objects', () => {
  assert.equal(segmentOfDirEntry('%fx'), undefined);
  assert.equal(segmentOfFileEntry('%dx'), undefined);
  assert.equal(segmentOfFileEntry('%zz'), undefined);
});

test('layout and limits', () => {
  assert.deepEqual(layoutOf('a/b/c'), { dirs: ['a', 'b'], leaf: 'c' });
  assert.deepEqual(layoutOf('a/'), { dirs: ['a'], leaf: '' });
  assert.deepEqual(layoutOf('/'), { dirs: [''], leaf: '' });
  assert.equal(unstorableKeyReason(`${'x'.repeat(253)}/y`), undefined);
  assert.match(unstorableKeyReason(`${'x'.repeat(254)}/y`) ?? '', /253 bytes/);
  assert.match(unstorableKeyReason('a\0b') ?? '', /NUL/);
});

test('compareUtf8 orders like the UTF-8 bytes, surrogate pairs included', () => {
  const alphabet = ['a', 'b', '/', '-', '~', '\u007f', '\u0080', 'é', '\u07ff', '\u0800', '\ud7ff', '\ue000', '\uffff', '\u{10000}', '😀', '\u{10ffff}'];
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  const word = () => Array.from({ length: random() % 5 }, () => alphabet[random() % alphabet.length]).join('');
  for (let i = 0; i < 5000; i++) {
    const a = word();
    const b = word();
    assert.equal(Math.sign(compareUtf8(a, b)), Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))), `${a} vs ${b}`);
  }
});
