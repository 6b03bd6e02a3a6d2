/**
 * Compression throughput on a delivery-sized object made of ~200-byte JSON records, and
 * how long the event loop is held up meanwhile (a script, not a test):
 *   node dist/src/engines/delivery/compression/compression.bench.js [MiB]
 * Prints a table, then one JSON line of figures.
 */

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { compress, COMPRESSION_FORMATS, decompress } from './compression.js';

const mib = Number(process.argv[2] ?? 32);
const enc = new TextEncoder();
const records: Uint8Array[] = [];
let size = 0;
for (let i = 0; size < mib * 1024 * 1024; i++) {
  const r = enc.encode(
    `{"id":${i},"user":"user-${i % 977}","event":"page_view","path":"/products/${i % 5000}","ts":"2024-05-01T12:${String(i % 60).padStart(2, '0')}:00Z","ua":"Mozilla/5.0 (X11; Linux x86_64)","value":${(i * 7) % 1000}}\n`,
  );
  records.push(r);
  size += r.length;
}

const rows: { format: string; mbPerSecond: number; ratio: number; maxLoopDelayMs: number; decodeMbPerSecond: number }[] = [];
for (const format of COMPRESSION_FORMATS) {
  await compress(format, records.slice(0, 1000)); // warm up
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const start = performance.now();
  const out = await compress(format, records);
  const seconds = (performance.now() - start) / 1000;
  delay.disable();
  const decodeStart = performance.now();
  const back = await decompress(format, out);
  const decodeSeconds = (performance.now() - decodeStart) / 1000;
  if (back.length !== size) throw new Error(`${format}: round trip lost bytes`);
  rows.push({
    format,
    mbPerSecond: size / 1e6 / seconds,
    ratio: out.length / size,
    maxLoopDelayMs: delay.max / 1e6,
    decodeMbPerSecond: size / 1e6 / decodeSeconds,
  });
}

console.log(`${records.length} records, ${(size / 1e6).toFixed(1)} MB`);
console.log('| format | compress MB/s | ratio | max event-loop delay ms | decompress MB/s |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.format} | ${r.mbPerSecond.toFixed(0)} | ${r.ratio.toFixed(3)} | ${r.maxLoopDelayMs.toFixed(1)} | ${r.decodeMbPerSecond.toFixed(0)} |`);
}
console.log(JSON.stringify({ megabytes: Math.round(size / 1e6), results: rows.map((r) => ({ ...r, mbPerSecond: Math.round(r.mbPerSecond), maxLoopDelayMs: Math.round(r.maxLoopDelayMs * 10) / 10, decodeMbPerSecond: Math.round(r.decodeMbPerSecond), ratio: Math.round(r.ratio * 1000) / 1000 })) }));
