import type { DuckDBConnection } from '@duckdb/node-api';
import type { CatalogEngine } from '../../catalog/CatalogEngine.js';
import type { Lake, SnapshotLease } from '../../lake/Lake.js';
import type { DuckDbPool } from '../duckdb/DuckDbPool.js';
import { fromDuckDbError } from '../failures.js';
import type { ResultColumn } from '../results/athenaTypes.js';
import { ResultTooLarge, type ResultFiles } from '../results/ResultFiles.js';
import { isLakeError } from '../../lake/LakeError.js';
import type { PreparedStatements } from '../saved/PreparedStatements.js';
import type { WorkGroupDefinition } from '../saved/WorkGroups.js';
import type { CompiledQuery, SqlCompiler } from '../SqlCompiler.js';
import { SqlError } from '../sql/SqlError.js';
import type { QueryParameters } from '../tables/FileListParameters.js';
import type { LakeFileLister } from '../tables/LakeFileLister.js';
import type { TableScan } from '../tables/TableScanPlanner.js';

/** What statements need from the engine. */
export interface RunDependencies {
  readonly pool: DuckDbPool;
  readonly catalog: CatalogEngine;
  readonly lake: Lake;
  readonly compiler: SqlCompiler;
  readonly results: ResultFiles;
  readonly lister: LakeFileLister;
  readonly prepared: PreparedStatements;
  /** Scratch space for files DuckDB writes before they go into the lake. */
  readonly scratchDir: string;
  readonly maxResultBytes: number;
  /** Turns local lake paths in messages into s3:// URIs. */
  readonly localToUri: (text: string) => string;
  readonly now: () => number;
}

/** What a statement produced. */
export type StatementOutcome =
  /** Rows already written as CSV to `resultKey`. */
  | { readonly kind: 'rows'; readonly columns: readonly ResultColumn[]; readonly rows: number }
  /** Text lines (SHOW, DESCRIBE, MSCK, DDL), written as .txt by the engine. */
  | { readonly kind: 'text'; readonly column: string; readonly lines: readonly string[] }
  /** CTAS and INSERT INTO: rows written, and the files that hold them. */
  | { readonly kind: 'update'; readonly count: number; readonly files: readonly string[] };

/**
 * One execution of one statement: its session (database, work group, output place), the
 * snapshot leases it holds on the buckets it reads (so compaction cannot swap files under
 * it), the DuckDB connection it runs on (so it can be interrupted), and its statistics.
 */
export class QueryRun {
  private readonly leases = new Map<string, SnapshotLease>();
  private connection: DuckDBConnection | undefined;
  /** Re-sends the interrupt until the statement ends: DuckDB drops one sent before a query starts. */
  private interrupter: NodeJS.Timeout | undefined;
  private readonly scans: TableScan[] = [];
  planningMs = 0;
  engineMs = 0;

  constructor(
    readonly id: string,
    /** The statement after parameter substitution. */
    readonly text: string,
    /** Maps an offset in `text` to one in the SQL the user sent. */
    readonly toOriginal: (offset: number) => number,
    readonly database: string,
    readonly workGroup: WorkGroupDefinition,
    /** Folder for results: `s3://bucket/prefix/` parsed. */
    readonly output: { readonly bucket: string; readonly prefix: string },
    readonly signal: AbortSignal,
    readonly deps: RunDependencies,
  ) {}

  get scannedBytes(): number {
    return this.scans.reduce((n, s) => n + s.bytes, 0);
  }

  get scannedFiles(): number {
    return this.scans.reduce((n, s) => n + s.files.length, 0);
  }

  /**
   * Compiles a query that starts at `base` in the statement text. `viewsInUse` are views
   * (`db.name`) it may not read: the one a CREATE OR REPLACE VIEW is defining; `schemaOnly`
   * compiles it over empty tables (its columns, no data).
   */
  async compile(
    base: number,
    end: number,
    options: { readonly viewsInUse?: readonly string[]; readonly schemaOnly?: boolean } = {},
  ): Promise<CompiledQuery & { toOriginal: (offset: number) => number }> {
    const started = performance.now();
    this.checkAborted();
    try {
      const compiled = await this.deps.compiler.compile(this.text.slice(base, end), {
        database: this.database,
        lockBucket: (b) => this.lock(b),
        ...options,
      });
      this.scans.push(...compiled.scans);
      const cutoff = this.workGroup.settings.bytesScannedCutoff;
      if (cutoff !== undefined && this.scannedBytes > cutoff) {
        throw new SqlError('GENERIC_USER_ERROR', `Query would scan ${this.scannedBytes} bytes, more than the work group's limit of ${cutoff} bytes (BytesScannedCutoffPerQuery)`);
      }
      return { ...compiled, toOriginal: (offset) => this.toOriginal(base + compiled.map.toSource(offset)) };
    } catch (e) {
      throw e instanceof SqlError ? relocate(e, (p) => this.toOriginal(base + p)) : e;
    } finally {
      this.planningMs += performance.now() - started;
    }
  }

  /** Runs work on a pooled DuckDB connection that `interrupt` can stop. */
  async withConnection<T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    this.checkAborted();
    const c = await this.deps.pool.acquire();
    this.connection = c;
    const started = performance.now();
    try {
      this.checkAborted();
      return await work(c);
    } finally {
      this.engineMs += performance.now() - started;
      this.connection = undefined;
      this.deps.pool.release(c);
    }
  }

  /** The result columns of a compiled query (DuckDB's DESCRIBE), errors placed in the user's SQL. */
  async describe(compiled: { readonly sql: string; readonly parameters: QueryParameters; readonly toOriginal: (offset: number) => number }): Promise<Array<{ name: string; duckType: string }>> {
    const sql = `DESCRIBE ${compiled.sql}`;
    const shift = sql.length - compiled.sql.length;
    return this.withConnection(async (c) => {
      try {
        return (await c.runAndReadAll(sql, compiled.parameters.values, compiled.parameters.types)).getRows().map((row) => ({ name: String(row[0]), duckType: String(row[1]) }));
      } catch (e) {
        throw this.duckError(e, { sql, toOriginal: (offset) => compiled.toOriginal(Math.max(0, offset - shift)) });
      }
    });
  }

  /** DuckDB's error for compiled SQL, in Athena's words and places. */
  duckError(e: unknown, compiled: { readonly sql: string; readonly toOriginal: (offset: number) => number } | undefined): unknown {
    // our own errors pass; only DuckDB's are translated
    if (e instanceof SqlError || e instanceof ResultTooLarge || isLakeError(e)) return e;
    return fromDuckDbError(e, compiled?.sql, compiled?.toOriginal, this.deps.localToUri);
  }

  interrupt(): void {
    this.connection?.interrupt();
    if (this.interrupter) return;
    this.interrupter = setInterval(() => this.connection?.interrupt(), 25);
    this.interrupter.unref();
  }

  /** DuckDB's progress on the running statement, 0–100, or undefined. */
  get progress(): number | undefined {
    const p = this.connection?.progress;
    return p && p.percentage >= 0 ? p.percentage : undefined;
  }

  checkAborted(): void {
    if (this.signal.aborted) throw new SqlError('GENERIC_USER_ERROR', 'Query was stopped');
  }

  private async lock(bucket: string): Promise<void> {
    if (this.leases.has(bucket)) return;
    try {
      this.leases.set(bucket, await this.deps.lake.readSnapshot(bucket));
    } catch (e) {
      throw new SqlError('HIVE_CURSOR_ERROR', `cannot read bucket ${bucket}: ${(e as Error).message}`);
    }
  }

  /** Releases the snapshot leases (compaction may proceed). */
  release(): void {
    if (this.interrupter) clearInterval(this.interrupter);
    this.interrupter = undefined;
    for (const lease of this.leases.values()) lease.release();
    this.leases.clear();
  }
}

function relocate(e: SqlError, map: (p: number) => number): SqlError {
  return e.position === undefined ? e : new SqlError(e.errorName, e.detail, map(e.position));
}
