/**
 * Benchmark of the functions engine: cold start, and warm invocations per second of a
 * trivial function, one worker and many. Run after the build, from the repository root:
 *   node dist/src/engines/functions/bench/functionsBench.js
 * Prints a table and ends with one JSON line of figures.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FunctionsEngine } from '../FunctionsEngine.js';

const codeDir = resolve(process.cwd(), 'src/engines/functions/fixtures');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const engine = await FunctionsEngine.create({ logSink: () => {} });
  try {
    // Cold starts: a new function name each time, so every first invocation spawns a worker.
    const coldInit: number[] = [];
    const coldTotal: number[] = [];
    for (let i = 0; i < 15; i++) {
      engine.register({ name: `cold-${i}`, handler: 'trivial.handler', codeDir });
      const t = performance.now();
      const r = await engine.invoke(`cold-${i}`, { i });
      coldTotal.push(performance.now() - t);
      if (!r.ok || r.initDurationMs === undefined) throw new Error('cold invocation failed');
      coldInit.push(r.initDurationMs);
      engine.unregister(`cold-${i}`);
    }
    coldInit.sort((a, b) => a - b);
    coldTotal.sort((a, b) => a - b);

    // TypeScript cold start, with the transpile cache warm (the common case after the first).
    engine.register({ name: 'ts-warmup', handler: 'ts/typed.handler', codeDir });
    await engine.invoke('ts-warmup', { name: 'x' });
    const tsInit: number[] = [];
    for (let i = 0; i < 10; i++) {
      engine.register({ name: `ts-${i}`, handler: 'ts/typed.handler', codeDir });
      const r = await engine.invoke(`ts-${i}`, { name: 'x' });
      if (!r.ok || r.initDurationMs === undefined) throw new Error('ts invocation failed');
      tsInit.push(r.initDurationMs);
      engine.unregister(`ts-${i}`);
    }
    tsInit.sort((a, b) => a - b);

    // Warm, one worker, one invocation at a time.
    engine.register({ name: 'serial', handler: 'trivial.handler', codeDir, concurrency: 1 });
    await engine.invoke('serial', {});
    const serialN = 10_000;
    const latencies: number[] = [];
    let t0 = performance.now();
    for (let i = 0; i < serialN; i++) {
      const t = performance.now();
      const r = await engine.invoke('serial', { i });
      latencies.push(performance.now() - t);
      if (!r.ok) throw new Error(r.errorMessage);
    }
    const serialPerSec = serialN / ((performance.now() - t0) / 1000);
    latencies.sort((a, b) => a - b);

    // Warm, one worker per core, many in flight.
    const workers = Math.max(2, availableParallelism());
    engine.register({ name: 'parallel', handler: 'trivial.handler', codeDir, concurrency: workers });
    await Promise.all(Array.from({ length: workers }, () => engine.invoke('parallel', {})));
    const parallelN = 40_000;
    const inFlight = workers * 4;
    let next = 0;
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < parallelN) {
          next++;
          const r = await engine.invoke('parallel', { next });
          if (!r.ok) throw new Error(r.errorMessage);
        }
      }),
    );
    const parallelPerSec = parallelN / ((performance.now() - t0) / 1000);

    const figures = {
      coldStartInitMsP50: +percentile(coldInit, 50).toFixed(1),
      coldStartTotalMsP50: +percentile(coldTotal, 50).toFixed(1),
      coldStartTypeScriptInitMsP50: +percentile(tsInit, 50).toFixed(1),
      warmSerialInvocationsPerSec: Math.round(serialPerSec),
      warmSerialLatencyMsP50: +percentile(latencies, 50).toFixed(3),
      warmSerialLatencyMsP99: +percentile(latencies, 99).toFixed(3),
      warmParallelInvocationsPerSec: Math.round(parallelPerSec),
      parallelWorkers: workers,
    };
    console.log('| measure | value |');
    console.log('|---|---|');
    for (const [k, v] of Object.entries(figures)) console.log(`| ${k} | ${v} |`);
    console.log(JSON.stringify(figures));
  } finally {
    await engine.close();
  }
}

await main();
