/**
 * A process for crash tests (FileObjectStore.test.ts): it writes to a lake and is killed
 * with SIGKILL, by the test or by itself at a named step. It reports on stdout, one line
 * per event.
 *
 * Usage: node crashChild.js <mode> <dataDir>
 *   stream-puts        four writers overwrite big/obj-<i> with 16 MiB streamed versions, forever;
 *                      prints `writing <i> <round> <md5>` before and `acked <i> <round> <md5>` after each put
 *   meta-written       puts `k` (v1), then dies while putting v2, after its metadata is stored
 *   replace-committed  puts a, b, c, then dies right after committing "put x, y; delete a, b"
 *   replace-applied    the same, dying after the first new object is in place
 *   replace-prepared   the same, but only prepares the replacement, prints `prepared` and waits
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Lake } from '../../../engines/lake/Lake.js';
import { FileObjectStore, type CrashStep } from './FileObjectStore.js';

const [mode = '', dataDir = ''] = process.argv.slice(2);
const say = (line: string) => process.stdout.write(`${line}\n`);

let dieAt: CrashStep | undefined;
const store = await FileObjectStore.open({
  dataDir,
  onStep: (step) => {
    if (step === dieAt) process.kill(process.pid, 'SIGKILL');
  },
});
const lake = new Lake(store);
await lake.ensureBucket('crash');

const BLOCK = 1024 * 1024;

/** 16 MiB that differ for every (writer, round): a random block, each copy stamped with its index. */
function versionBody(writer: number, round: number): Buffer[] {
  const block = createHash('sha512').update(`${writer}/${round}`).digest();
  const base = Buffer.alloc(BLOCK);
  for (let i = 0; i < BLOCK; i += block.length) block.copy(base, i);
  return Array.from({ length: 16 }, (_, n) => {
    const copy = Buffer.from(base);
    copy.writeUInt32BE(n, 0);
    return copy;
  });
}

async function writer(i: number): Promise<void> {
  for (let round = 0; ; round++) {
    const blocks = versionBody(i, round);
    const md5 = blocks.reduce((h, b) => h.update(b), createHash('md5')).digest('hex');
    say(`writing ${i} ${round} ${md5}`);
    const info = await lake.putObject('crash', `big/obj-${i}`, Readable.from(blocks));
    say(`acked ${i} ${round} ${info.etag}`);
  }
}

async function replaceScenario(step: CrashStep | undefined): Promise<void> {
  for (const key of ['a', 'b', 'c']) await lake.putObject('crash', `t/${key}`, Buffer.from(`old ${key}`));
  const puts = ['x', 'y'].map((key) => ({ key: `t/${key}`, body: Buffer.from(`new ${key}`), options: { contentType: 'text/new' } }));
  if (step === undefined) {
    await store.prepareReplacement('crash', puts, ['t/a', 't/b']);
    say('prepared');
    setInterval(() => undefined, 1000);
    return;
  }
  dieAt = step;
  await lake.replaceObjects('crash', puts, ['t/a', 't/b']);
  say('survived'); // never reached
}

switch (mode) {
  case 'stream-puts':
    await Promise.all([0, 1, 2, 3].map(writer));
    break;
  case 'meta-written':
    await lake.putObject('crash', 'k', Buffer.from('version one'), { contentType: 'text/v1', userMetadata: { v: '1' } });
    say('acked v1');
    dieAt = 'object-meta-written';
    await lake.putObject('crash', 'k', Buffer.from('version two, longer'), { contentType: 'text/v2' });
    say('survived');
    break;
  case 'replace-committed':
    await replaceScenario('replacement-committed');
    break;
  case 'replace-applied':
    await replaceScenario('replacement-applied-one');
    break;
  case 'replace-prepared':
    await replaceScenario(undefined);
    break;
  default:
    throw new Error(`unknown mode ${mode}`);
}
