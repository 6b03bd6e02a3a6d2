/**
 * Throughput of the de-aggregation building blocks (a script, not a test):
 *   node dist/src/engines/delivery/deaggregation/deaggregation.bench.js
 * Prints a table, then one JSON line of figures.
 */

import { splitJsonObjects } from './jsonSplitter.js';
import { decodeKplRecord, encodeKplRecord } from './kplAggregation.js';
import { deaggregateRecord } from './recordDeAggregation.js';

const enc = new TextEncoder();

/** A ~200-byte JSON event with strings, numbers, a nested object and an array. */
function event(i: number): string {
  return JSON.stringify({
    id: i,
    user: `user-${i % 977}`,
    event: 'page_view',
    path: `/products/${i % 5000}?ref=search&q=%7Bx%7D`,
    ts: '2024-05-01T12:34:56.789Z',
    device: { type: i % 2 ? 'mobile' : 'desktop', os: 'Linux' },
    tags: ['a', 'b{c}', i % 7],
    value: (i * 7) % 1000,
  });
}

function measure(label: string, units: number, run: () => void): { label: string; perSecond: number } {
  run(); // warm up
  const rounds = 5;
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { label, perSecond: (units * rounds) / seconds };
}

const objects = Array.from({ length: 100_000 }, (_, i) => event(i));
const avgBytes = objects.reduce((n, o) => n + o.length, 0) / objects.length;
const single = objects.map((o) => enc.encode(o));
const packed = Array.from({ length: 1000 }, (_, r) => enc.encode(objects.slice(r * 100, r * 100 + 100).join('\n')));
const kpl = Array.from({ length: 1000 }, (_, r) =>
  encodeKplRecord(single.slice(r * 100, r * 100 + 100).map((data, k) => ({ partitionKey: `pk-${k % 10}`, data }))),
);
const totalBytes = single.reduce((n, o) => n + o.length, 0);

let sink = 0;
const results = [
  measure('JSON split, 1 object per record', single.length, () => {
    for (const r of single) {
      const s = splitJsonObjects(r);
      if (s.kind === 'records') sink += s.records.length;
    }
  }),
  measure('JSON split, 100 objects per record', objects.length, () => {
    for (const r of packed) {
      const s = deaggregateRecord(r, { subRecordType: 'JSON' });
      if (s.kind === 'split') sink += s.records.length;
    }
  }),
  measure('DELIMITED split (\\n), 100 per record', objects.length, () => {
    for (const r of packed) {
      const s = deaggregateRecord(r, { subRecordType: 'DELIMITED', delimiter: Uint8Array.of(0x0a) });
      if (s.kind === 'split') sink += s.records.length;
    }
  }),
  measure('KPL decode, 100 user records per blob', objects.length, () => {
    for (const r of kpl) {
      const d = decodeKplRecord(r);
      if (d.aggregated) sink += d.records.length;
    }
  }),
];

console.log(`objects: ${objects.length}, average ${avgBytes.toFixed(0)} bytes`);
console.log('| operation | sub-records/s | MB/s |');
console.log('|---|---:|---:|');
for (const r of results) {
  console.log(`| ${r.label} | ${Math.round(r.perSecond).toLocaleString('en-US')} | ${((r.perSecond * totalBytes) / objects.length / 1e6).toFixed(0)} |`);
}
console.log(JSON.stringify({ avgObjectBytes: Math.round(avgBytes), sink: sink > 0, ...Object.fromEntries(results.map((r) => [r.label, Math.round(r.perSecond)])) }));
