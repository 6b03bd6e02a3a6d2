import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, test } from 'node:test';
import { isLakeError } from '../../../engines/lake/LakeError.js';
import { storageError, writeBodyToTemp, writeFileAtomic } from './durableFs.js';

const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
async function scratch(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lakehose-durable-'));
  dirs.push(dir);
  return dir;
}

test('a streamed body larger than the staging buffer is written whole, with its MD5', async () => {
  const dir = await scratch();
  const chunk = Buffer.alloc(1_000_003, 7);
  const body = Readable.from([chunk, chunk, chunk, chunk, chunk]);
  const written = await writeBodyToTemp(dir, body);
  assert.equal(written.size, 5 * chunk.length);
  const bytes = await readFile(written.path);
  assert.ok(bytes.equals(Buffer.concat([chunk, chunk, chunk, chunk, chunk])));
});

test('a body failing its checks leaves no temporary file', async () => {
  const dir = await scratch();
  await assert.rejects(writeBodyToTemp(dir, Buffer.from('abc'), { expectedMd5: '00000000000000000000000000000000' }), (e) => isLakeError(e, 'BadDigest'));
  await assert.rejects(writeBodyToTemp(dir, Readable.from([Buffer.from('abcdef')]), { expectedSize: 3 }), (e) => isLakeError(e, 'IncompleteBody'));
  await assert.rejects(
    writeBodyToTemp(
      dir,
      Readable.from(
        (function* () {
          yield Buffer.from('abc');
          throw new Error('aborted');
        })(),
      ),
    ),
    /aborted/,
  );
  assert.deepEqual(await readdir(dir), []);
});

test('writeFileAtomic replaces a file and leaves no temporary file', async () => {
  const dir = await scratch();
  const target = join(dir, 'f.json');
  await writeFileAtomic(dir, target, 'one');
  await writeFileAtomic(dir, target, 'two');
  assert.equal(await readFile(target, 'utf8'), 'two');
  assert.deepEqual(await readdir(dir), ['f.json']);
});

test('disk full and I/O errors become StorageUnavailable', () => {
  const full = storageError(Object.assign(new Error('no space'), { code: 'ENOSPC' }));
  assert.ok(isLakeError(full, 'StorageUnavailable') && full.fault.kind === 'StorageUnavailable' && full.fault.reason === 'disk-full');
  const io = storageError(Object.assign(new Error('io'), { code: 'EIO' }));
  assert.ok(isLakeError(io, 'StorageUnavailable') && io.fault.kind === 'StorageUnavailable' && io.fault.reason === 'io-error');
  const other = new Error('other');
  assert.equal(storageError(other), other);
});
