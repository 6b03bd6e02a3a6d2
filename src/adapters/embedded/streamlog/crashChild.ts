/**
 * Helper process for the crash test in SegmentedLogStore.test.ts (not a test itself).
 * Usage: node crashChild.js <dir> <run>
 * Appends under load to four shards with small segments and prints one line per
 * acknowledged append: "<shard> <baseOffset> <count> <run> <producer> <seq>". The parent
 * SIGKILLs it at a moment of its choosing. Record data is "<run>:<producer>:<seq>:<i>:" plus
 * padding, so the parent can check every acknowledged record.
 */
import { SegmentedLogStore } from './SegmentedLogStore.js';

const [dir, run] = process.argv.slice(2);
if (dir === undefined || run === undefined) throw new Error('usage: crashChild.js <dir> <run>');

const store = await SegmentedLogStore.open(dir, { rollSizeBytes: 64 * 1024, indexIntervalBytes: 1024 });
const shards = await Promise.all([0, 1, 2, 3].map((i) => store.openShard('crash', `shard-${i}`)));
process.stdout.write('ready\n');

async function produce(producer: number): Promise<void> {
  for (let seq = 0; ; seq++) {
    const shardNo = (producer + seq) % shards.length;
    const count = 1 + ((seq * 7 + producer) % 40);
    const records = Array.from({ length: count }, (_, i) => ({
      partitionKey: `p${producer}`,
      data: Buffer.from(`${run}:${producer}:${seq}:${i}:${'x'.repeat((seq * 13 + i) % 300)}`),
    }));
    const base = await shards[shardNo]!.append(records, Date.now());
    process.stdout.write(`${shardNo} ${base} ${count} ${run} ${producer} ${seq}\n`);
  }
}

for (let p = 0; p < 6; p++) void produce(p);
