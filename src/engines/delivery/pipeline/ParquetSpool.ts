import { join } from 'node:path';
import { removeBatchFiles, type NormalisedBatch, type ParquetConverter } from '../convert/index.js';
import type { BufferedRecord } from './records.js';

/** The converter a spool uses for all its records (the table as it was when the buffer started). */
export type SpoolConverter =
  | { readonly ok: true; readonly converter: ParquetConverter; readonly tableVersion: string }
  | { readonly ok: false; readonly errorCode: string; readonly errorMessage: string };

export interface SpooledFailure {
  readonly record: BufferedRecord;
  readonly errorCode: string;
  readonly errorMessage: string;
}

export interface SpoolResult {
  readonly batches: readonly NormalisedBatch[];
  readonly failures: readonly SpooledFailure[];
  readonly tableVersion: string;
  readonly convertedRecords: number;
  readonly convertedBytes: number;
}

/**
 * Records normalised per job: big enough for the workers, small enough that records leave
 * the main heap before they age into its old generation. Measured with `bench delivery`:
 * 4,096 gave ~200k records/s at ~400 MiB peak RSS, 1,024 ~165k records/s at ~365 MiB.
 */
const CHUNK_RECORDS = 1024;

let spools = 0;

/**
 * A Parquet buffer that does not keep its records: every few thousand records are
 * normalised (OpenX rules, on the converter's workers) into NDJSON part files on disk as
 * the buffer fills, and only records that fail are kept, for the error output. The flush
 * then just has DuckDB write the part files as one Parquet file. This keeps memory flat
 * at 100,000+ records/s and spreads the normalising work over the buffer interval instead
 * of bunching it at the flush.
 */
export class ParquetSpool {
  private pending: BufferedRecord[] = [];
  private pendingBytes = 0;
  private readonly jobs: Array<Promise<{ batch: NormalisedBatch | undefined; failures: SpooledFailure[]; okRecords: number; okBytes: number }>> = [];
  private converter: Promise<SpoolConverter> | undefined;
  private finished: Promise<SpoolResult> | undefined;
  private readonly stem: string;
  private parts = 0;

  constructor(
    private readonly converterOf: () => Promise<SpoolConverter>,
    scratchDir: string,
    /** Called with the bytes of records that left memory (normalised to disk). */
    private readonly released: (bytes: number) => void,
  ) {
    this.stem = join(scratchDir, `spool-${process.pid}-${++spools}`);
  }

  add(record: BufferedRecord): void {
    this.pending.push(record);
    this.pendingBytes += record.data.length;
    if (this.pending.length >= CHUNK_RECORDS) this.spool();
  }

  private spool(): void {
    if (this.pending.length === 0) return;
    const chunk = this.pending;
    const bytes = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    const job = this.normalise(chunk, `${this.stem}.${++this.parts}`).then((r) => {
      // Only the failed records stay in memory.
      this.released(bytes - r.failures.reduce((n, f) => n + f.record.data.length, 0));
      return r;
    });
    job.catch(() => {}); // awaited by finish(); this keeps an early failure from being unhandled
    this.jobs.push(job);
  }

  private async normalise(chunk: BufferedRecord[], stem: string) {
    this.converter ??= this.converterOf();
    const c = await this.converter;
    if (!c.ok) {
      return { batch: undefined, failures: chunk.map((record) => ({ record, errorCode: c.errorCode, errorMessage: c.errorMessage })), okRecords: 0, okBytes: 0 };
    }
    const batch = await c.converter.normalise(chunk.map((r) => r.data), stem);
    const failures = batch.failures.map((f) => ({ record: chunk[f.index]!, errorCode: f.errorCode, errorMessage: f.errorMessage }));
    let okBytes = 0;
    for (const r of chunk) okBytes += r.data.length;
    for (const f of failures) okBytes -= f.record.data.length;
    return { batch, failures, okRecords: chunk.length - failures.length, okBytes };
  }

  /** Normalises what is left and gathers every part (the same answer on every call, for retries). */
  finish(): Promise<SpoolResult> {
    this.finished ??= (async () => {
      this.spool();
      const done = await Promise.all(this.jobs);
      const c = await (this.converter ?? Promise.resolve(undefined));
      return {
        batches: done.flatMap((d) => (d.batch ? [d.batch] : [])),
        failures: done.flatMap((d) => d.failures),
        tableVersion: c?.ok ? c.tableVersion : 'unknown',
        convertedRecords: done.reduce((n, d) => n + d.okRecords, 0),
        convertedBytes: done.reduce((n, d) => n + d.okBytes, 0),
      };
    })();
    return this.finished;
  }

  /** The converter the spool pinned (to write its Parquet file), once one record was normalised. */
  async pinnedConverter(): Promise<SpoolConverter | undefined> {
    return this.converter;
  }

  /** Removes the part files (after the object is written, or when the buffer is abandoned). */
  async dispose(): Promise<void> {
    const done = await Promise.allSettled(this.jobs);
    await Promise.all(done.map((d) => (d.status === 'fulfilled' && d.value.batch ? removeBatchFiles(d.value.batch) : Promise.resolve())));
  }
}
