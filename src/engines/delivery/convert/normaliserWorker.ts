/**
 * Entry point of a normaliser worker thread (see NormaliserPool): normalises a slice of a
 * batch's records and writes their NDJSON lines to a part file for DuckDB to load.
 */
import { writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { HiveField } from './hiveType.js';
import { NdjsonCollector } from './NdjsonCollector.js';
import { RecordNormaliser } from './RecordNormaliser.js';
import { type SerDeSettings, serDeRules } from './serDeSettings.js';

/** A slice of a batch: records packed into one buffer, record i at data[offsets[i], offsets[i+1]). */
export interface NormaliseJob {
  id: number;
  /** Identifies columns + rules, so the worker compiles each schema once. */
  schemaKey: string;
  columns: HiveField[];
  rules: SerDeSettings;
  data: Uint8Array;
  offsets: Uint32Array;
  /** Where to write the NDJSON lines (not written when no record converts). */
  partPath: string;
}

export interface NormaliseAnswer {
  id: number;
  /** Lines written, and their total length (to size row groups). */
  rows: number;
  chars: number;
  /** Failed records, by position in the slice. */
  failures: Array<{ at: number; errorCode: string; errorMessage: string }>;
  /** Set when the worker could not do the job at all. */
  error?: string;
}

const normalisers = new Map<string, RecordNormaliser>();

function normaliserFor(job: NormaliseJob): RecordNormaliser {
  let normaliser = normalisers.get(job.schemaKey);
  if (!normaliser) {
    if (normalisers.size >= 64) normalisers.clear();
    normaliser = new RecordNormaliser(job.columns, serDeRules(job.rules));
    normalisers.set(job.schemaKey, normaliser);
  }
  return normaliser;
}

function run(job: NormaliseJob): NormaliseAnswer {
  const normaliser = normaliserFor(job);
  const collector = new NdjsonCollector();
  const failures: NormaliseAnswer['failures'] = [];
  const count = job.offsets.length - 1;
  for (let at = 0; at < count; at++) {
    const result = normaliser.normalise(job.data.subarray(job.offsets[at]!, job.offsets[at + 1]!));
    if (!result.ok) {
      failures.push({ at, errorCode: result.errorCode, errorMessage: result.errorMessage });
      continue;
    }
    for (const line of result.lines) collector.add(line);
  }
  if (collector.rows > 0) writeFileSync(job.partPath, collector.text());
  return { id: job.id, rows: collector.rows, chars: collector.chars, failures };
}

const port = parentPort;
if (port) {
  port.on('message', (job: NormaliseJob) => {
    let answer: NormaliseAnswer;
    try {
      answer = run(job);
    } catch (err) {
      answer = { id: job.id, rows: 0, chars: 0, failures: [], error: String(err) };
    }
    port.postMessage(answer);
  });
}
