import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lake } from '../../lake/Lake.js';

let scratch: { db: DuckDBInstance; dir: string } | undefined;

/**
 * Writes the rows of a DuckDB query into the lake as one Parquet object, as Firehose's
 * format conversion would (tests and benchmarks that need data before delivery runs).
 */
export async function putParquet(lake: Lake, bucket: string, key: string, sql: string): Promise<number> {
  scratch ??= { db: await DuckDBInstance.create(':memory:', { threads: '1' }), dir: await mkdtemp(join(tmpdir(), 'lakehose-parquet-')) };
  const file = join(scratch.dir, `${Math.random().toString(36).slice(2)}.parquet`);
  const c = await scratch.db.connect();
  try {
    await c.run(`COPY (${sql}) TO '${file}' (FORMAT parquet)`);
    const bytes = await readFile(file);
    await lake.ensureBucket(bucket);
    await lake.putObject(bucket, key, bytes);
    return bytes.length;
  } finally {
    c.closeSync();
    await rm(file, { force: true });
  }
}

/** Frees the DuckDB instance putParquet keeps. */
export async function closeParquetWriter(): Promise<void> {
  if (!scratch) return;
  scratch.db.closeSync();
  await rm(scratch.dir, { recursive: true, force: true });
  scratch = undefined;
}
