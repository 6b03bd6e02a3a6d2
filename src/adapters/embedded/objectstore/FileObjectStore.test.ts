import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Lake } from '../../../engines/lake/Lake.js';
import { md5Hex, objectStoreContract, readAll, rejectsWith } from '../../../engines/lake/ObjectStore.contract.js';
import { FileObjectStore } from './FileObjectStore.js';

const scratch: string[] = [];
async function newDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lakehose-lake-'));
  scratch.push(dir);
  return dir;
}
after(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

objectStoreContract('FileObjectStore', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'lakehose-contract-'));
  return { store: await FileObjectStore.open({ dataDir }), dispose: () => rm(dataDir, { recursive: true, force: true }) };
});

/** Every regular file under `dir`, as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(relative(dir, join(entry.parentPath, entry.name)));
  }
  return out.sort();
}

async function md5OfFile(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function openLake(dataDir: string): Promise<{ store: FileObjectStore; lake: Lake }> {
  const store = await FileObjectStore.open({ dataDir });
  return { store, lake: new Lake(store) };
}

describe('FileObjectStore on disk', () => {
  test('checksums survive a reopen: the object\'s in its sidecar, a part\'s in its file name', async () => {
    const dataDir = await newDataDir();
    let { store, lake } = await openLake(dataDir);
    await lake.createBucket('sums');
    const checksum = { algorithm: 'CRC64NVME', type: 'FULL_OBJECT', value: 'rosUhgp5mIg=' } as const;
    await lake.putObject('sums', 'obj', Buffer.from('123456789'), { checksum });
    const upload = await lake.createMultipartUpload('sums', 'mp', {}, { algorithm: 'SHA256' });
    const partSum = { algorithm: 'SHA256', type: 'FULL_OBJECT', value: createHash('sha256').update('part').digest('base64') } as const;
    await lake.uploadPart('sums', 'mp', upload.uploadId, 1, Buffer.from('part'), { checksum: partSum });
    await store.close();
    ({ store, lake } = await openLake(dataDir));
    assert.deepEqual((await lake.headObject('sums', 'obj')).checksum, checksum);
    assert.deepEqual((await lake.describeUpload('sums', 'mp', upload.uploadId)).checksum, { algorithm: 'SHA256', type: 'COMPOSITE' });
    assert.deepEqual((await lake.listParts('sums', 'mp', upload.uploadId)).parts[0]?.checksum, partSum);
    await store.close();
  });

  test('objects are plain files at their key paths; metadata stays outside the bucket folder', async () => {
    const dataDir = await newDataDir();
    const { store, lake } = await openLake(dataDir);
    await lake.createBucket('tables');
    const body = Buffer.from('PAR1…PAR1');
    await lake.putObject('tables', 'events/dt=2024-01-01/part-0.parquet', body, { contentType: 'application/octet-stream', userMetadata: { rows: '10' } });
    await lake.putObject('tables', 'events/dt=2024-01-02/part-0.parquet', body);
    const bucketDir = join(dataDir, 'lake', 'tables');
    assert.equal(lake.bucketPath('tables'), bucketDir);
    assert.deepEqual(await filesUnder(bucketDir), ['events/dt=2024-01-01/part-0.parquet', 'events/dt=2024-01-02/part-0.parquet']);
    assert.deepEqual(await readFile(join(bucketDir, 'events/dt=2024-01-01/part-0.parquet')), body);
    assert.equal(lake.prefixPath('tables', 'events/'), join(bucketDir, 'events'));
    assert.equal(lake.prefixPath('tables', ''), bucketDir);
    assert.equal(await lake.localPath('tables', 'events/dt=2024-01-02/part-0.parquet'), join(bucketDir, 'events/dt=2024-01-02/part-0.parquet'));
    assert.equal(await lake.localPath('tables', 'events/missing'), undefined);
    await store.close();
  });

  test('`a` beside the folder `a` is stored under an escaped name; odd segments too', async () => {
    const dataDir = await newDataDir();
    const { store, lake } = await openLake(dataDir);
    await lake.createBucket('bkt');
    await lake.putObject('bkt', 'a', Buffer.from('a'));
    await lake.putObject('bkt', 'a/b', Buffer.from('a/b'));
    await lake.putObject('bkt', '../x', Buffer.from('up'));
    await lake.putObject('bkt', 'folder/', Buffer.alloc(0));
    assert.deepEqual(await filesUnder(join(dataDir, 'lake', 'bkt')), ['%d../x', '%fa', 'a/b', 'folder/%f']);
    assert.equal(lake.prefixPath('bkt', '../'), join(dataDir, 'lake', 'bkt', '%d..'));
    await store.close();
  });

  test('metadata and objects survive reopening', async () => {
    const dataDir = await newDataDir();
    const first = await openLake(dataDir);
    await first.lake.createBucket('keep');
    const put = await first.lake.putObject('keep', 'k', Buffer.from('kept'), { contentType: 'text/kept', userMetadata: { a: 'b' } });
    await first.store.close();
    const second = await openLake(dataDir);
    const head = await second.lake.headObject('keep', 'k');
    assert.equal(head.etag, put.etag);
    assert.equal(head.contentType, 'text/kept');
    assert.deepEqual(head.userMetadata, { a: 'b' });
    assert.equal(head.lastModified.getTime(), put.lastModified.getTime());
    assert.equal((await second.lake.headBucket('keep')).name, 'keep');
    await second.store.close();
  });

  test('a data directory copied with timestamps kept to the millisecond keeps object metadata', async () => {
    const dataDir = await newDataDir();
    const { store, lake } = await openLake(dataDir);
    await lake.createBucket('orig');
    await lake.putObject('orig', 'k', Buffer.from('x'), { contentType: 'text/copied' });
    await store.close();
    const copyDir = await newDataDir();
    await cp(dataDir, copyDir, { recursive: true, preserveTimestamps: true });
    const copy = await openLake(copyDir);
    assert.equal((await copy.lake.headObject('orig', 'k')).contentType, 'text/copied');
    await copy.store.close();
  });

  test('a file placed in the bucket folder by hand is an object described from its bytes', async () => {
    const dataDir = await newDataDir();
    const { store, lake } = await openLake(dataDir);
    await lake.createBucket('manual');
    await mkdir(join(dataDir, 'lake', 'manual', 'in'), { recursive: true });
    await writeFile(join(dataDir, 'lake', 'manual', 'in', 'file.csv'), 'a,b\n1,2\n');
    const listed = await lake.listObjects('manual');
    assert.deepEqual(listed.objects.map((o) => [o.key, o.etag, o.size]), [['in/file.csv', md5Hex(Buffer.from('a,b\n1,2\n')), 8]]);
    const got = await lake.getObject('manual', 'in/file.csv');
    assert.equal((await readAll(got.body)).toString(), 'a,b\n1,2\n');
    assert.equal(got.info.contentType, 'binary/octet-stream');
    await store.close();
  });

  test('conditional writes over a file placed by hand compare the ETag of its bytes, and leave no temporary file when refused', async () => {
    const dataDir = await newDataDir();
    const { store, lake } = await openLake(dataDir);
    await lake.createBucket('manual-cas');
    await writeFile(join(dataDir, 'lake', 'manual-cas', 'by-hand.txt'), 'placed');
    // Straight to the store: no earlier read has described the file.
    await rejectsWith(store.putObject('manual-cas', 'by-hand.txt', Buffer.from('x'), { condition: { kind: 'absent' } }), 'WriteConditionFailed');
    await rejectsWith(store.putObject('manual-cas', 'by-hand.txt', Buffer.from('x'), { condition: { kind: 'etag', etag: '"0"' } }), 'WriteConditionFailed');
    const { uploadId } = await lake.createMultipartUpload('manual-cas', 'by-hand.txt');
    const part = await lake.uploadPart('manual-cas', 'by-hand.txt', uploadId, 1, Buffer.from('part'));
    await rejectsWith(
      store.completeMultipartUpload('manual-cas', 'by-hand.txt', uploadId, [{ partNumber: 1, etag: part.etag }], { kind: 'absent' }),
      'WriteConditionFailed',
    );
    assert.deepEqual(await readdir(join(dataDir, 'lake', '.tmp')), []);
    assert.equal(await readFile(join(dataDir, 'lake', 'manual-cas', 'by-hand.txt'), 'utf8'), 'placed');
    await store.putObject('manual-cas', 'by-hand.txt', Buffer.from('replaced'), { condition: { kind: 'etag', etag: `"${md5Hex(Buffer.from('placed'))}"` } });
    assert.equal(await readFile(join(dataDir, 'lake', 'manual-cas', 'by-hand.txt'), 'utf8'), 'replaced');
    await store.close();
  });

  test('lost sidecars: objects stay readable with correct ETags', async () => {
    const dataDir = await newDataDir();
    const first = await openLake(dataDir);
    await first.lake.createBucket('lost');
    await first.lake.putObject('lost', 'k', Buffer.from('body'), { contentType: 'text/x' });
    await first.store.close();
    await rm(join(dataDir, 'lake', '.meta', 'lost', 'objects'), { recursive: true });
    const second = await openLake(dataDir);
    assert.equal((await second.lake.headObject('lost', 'k')).etag, md5Hex(Buffer.from('body')));
    await second.store.close();
  });

  test('stale temporary files are removed at open; empty folders are not common prefixes', async () => {
    const dataDir = await newDataDir();
    const first = await openLake(dataDir);
    await first.lake.createBucket('tidy');
    await first.store.close();
    await writeFile(join(dataDir, 'lake', '.tmp', 'half-written.part'), 'partial');
    await mkdir(join(dataDir, 'lake', 'tidy', 'empty', 'deeper'), { recursive: true });
    const second = await openLake(dataDir);
    assert.deepEqual(await readdir(join(dataDir, 'lake', '.tmp')), []);
    const listed = await second.lake.listObjects('tidy', { delimiter: '/' });
    assert.deepEqual(listed.commonPrefixes, []);
    await second.lake.deleteBucket('tidy');
    await second.store.close();
  });

  test('deleting the last object under a folder removes the empty folders', async () => {
    const dataDir = await newDataDir();
    const { store, lake } = await openLake(dataDir);
    await lake.createBucket('prune');
    await lake.putObject('prune', 'p/q/r/s', Buffer.from('s'));
    await lake.putObject('prune', 'p/t', Buffer.from('t'));
    await lake.deleteObject('prune', 'p/q/r/s');
    assert.deepEqual(await readdir(join(dataDir, 'lake', 'prune', 'p')), ['t']);
    await store.close();
  });
});

interface ChildRun {
  readonly lines: string[];
  readonly exit: Promise<NodeJS.Signals | null>;
}

/** Runs crashChild.js; `killWhen` is asked after every line whether to SIGKILL it now. */
function runChild(mode: string, dataDir: string, killWhen: (lines: readonly string[]) => boolean = () => false): ChildRun {
  const script = fileURLToPath(new URL('./crashChild.js', import.meta.url));
  const child = spawn(process.execPath, [script, mode, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    if (killWhen(lines)) child.kill('SIGKILL');
  });
  const exit = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  return { lines, exit };
}

describe('FileObjectStore crash safety (SIGKILL)', () => {
  test('killed while streaming large overwrites: every object is a complete version, acknowledged ones are kept, no temp file is visible', async () => {
    const dataDir = await newDataDir();
    const acks = (lines: readonly string[]) => lines.filter((l) => l.startsWith('acked')).length;
    const run = runChild('stream-puts', dataDir, (lines) => acks(lines) === 6);
    assert.equal(await run.exit, 'SIGKILL');

    // Versions announced per writer, and the newest acknowledged round.
    const versions = new Map<string, number>(); // `${writer}:${md5}` → round
    const lastAcked = new Map<number, number>();
    for (const line of run.lines) {
      const [what, writer, round, md5] = line.split(' ');
      if (what === 'writing') versions.set(`${writer}:${md5}`, Number(round));
      if (what === 'acked') lastAcked.set(Number(writer), Math.max(lastAcked.get(Number(writer)) ?? -1, Number(round)));
    }

    // Before any recovery, as a query would see the bucket folder right after the crash.
    const bucketDir = join(dataDir, 'lake', 'crash');
    const files = await filesUnder(bucketDir);
    for (const file of files) assert.match(file, /^big\/obj-[0-3]$/);
    for (const writer of lastAcked.keys()) assert.ok(files.includes(`big/obj-${writer}`), `acknowledged object ${writer} is missing`);
    const onDisk = new Map<string, string>();
    for (const file of files) {
      const writer = Number(file.slice('big/obj-'.length));
      const md5 = await md5OfFile(join(bucketDir, file));
      const round = versions.get(`${writer}:${md5}`);
      assert.ok(round !== undefined, `${file} is not a complete version`);
      assert.ok(round >= (lastAcked.get(writer) ?? -1), `${file} went back before an acknowledged version`);
      onDisk.set(file, md5);
    }

    const { store, lake } = await openLake(dataDir);
    assert.deepEqual(await readdir(join(dataDir, 'lake', '.tmp')), []);
    const listed = await lake.listObjects('crash');
    assert.deepEqual(listed.objects.map((o) => [o.key, o.etag]), [...onDisk.entries()]);
    for (const [key, md5] of onDisk) {
      const got = await lake.getObject('crash', key);
      assert.equal(got.info.etag, md5);
      assert.equal(md5Hex(await readAll(got.body)), md5);
    }
    await lake.putObject('crash', 'big/obj-0', Buffer.from('after the crash'));
    assert.equal((await lake.headObject('crash', 'big/obj-0')).size, 15);
    await store.close();
  });

  test('killed after the new metadata is stored but before the rename: the old version, with its own metadata', async () => {
    const dataDir = await newDataDir();
    const run = runChild('meta-written', dataDir);
    assert.equal(await run.exit, 'SIGKILL');
    assert.deepEqual(run.lines, ['acked v1']);
    const { store, lake } = await openLake(dataDir);
    const got = await lake.getObject('crash', 'k');
    assert.equal((await readAll(got.body)).toString(), 'version one');
    assert.equal(got.info.etag, md5Hex(Buffer.from('version one')));
    assert.equal(got.info.contentType, 'text/v1');
    assert.deepEqual(got.info.userMetadata, { v: '1' });
    assert.equal((await lake.listObjects('crash')).objects[0]?.etag, md5Hex(Buffer.from('version one')));
    await lake.putObject('crash', 'k', Buffer.from('version three'), { contentType: 'text/v3' });
    assert.equal((await lake.headObject('crash', 'k')).contentType, 'text/v3');
    await store.close();
  });

  const keysIn = async (lake: Lake) => {
    const keys: string[] = [];
    for await (const o of lake.listAllObjects('crash')) keys.push(o.key);
    return keys;
  };

  test('killed right after a replacement commits: the folder still shows the old set, and opening completes the new one', async () => {
    const dataDir = await newDataDir();
    assert.equal(await runChild('replace-committed', dataDir).exit, 'SIGKILL');
    assert.deepEqual(await filesUnder(join(dataDir, 'lake', 'crash')), ['t/a', 't/b', 't/c']);
    const { store, lake } = await openLake(dataDir);
    assert.deepEqual(await keysIn(lake), ['t/c', 't/x', 't/y']);
    assert.equal((await readAll((await lake.getObject('crash', 't/x')).body)).toString(), 'new x');
    assert.equal((await lake.headObject('crash', 't/y')).contentType, 'text/new');
    assert.deepEqual(await readdir(join(dataDir, 'lake', '.journal')), []);
    await store.close();
  });

  test('killed halfway through applying a replacement: opening completes it', async () => {
    const dataDir = await newDataDir();
    assert.equal(await runChild('replace-applied', dataDir).exit, 'SIGKILL');
    const { store, lake } = await openLake(dataDir);
    assert.deepEqual(await keysIn(lake), ['t/c', 't/x', 't/y']);
    assert.equal((await readAll((await lake.getObject('crash', 't/y')).body)).toString(), 'new y');
    assert.deepEqual(await readdir(join(dataDir, 'lake', '.journal')), []);
    await store.close();
  });

  test('killed after preparing a replacement that never committed: nothing changes', async () => {
    const dataDir = await newDataDir();
    const run = runChild('replace-prepared', dataDir, (lines) => lines.includes('prepared'));
    assert.equal(await run.exit, 'SIGKILL');
    const { store, lake } = await openLake(dataDir);
    assert.deepEqual(await keysIn(lake), ['t/a', 't/b', 't/c']);
    assert.deepEqual(await readdir(join(dataDir, 'lake', '.tmp')), []);
    await rejectsWith(lake.getObject('crash', 't/x'), 'NoSuchKey');
    await store.close();
  });
});
