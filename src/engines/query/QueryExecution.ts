import type { ResultColumn } from './results/athenaTypes.js';
import type { SqlErrorName } from './sql/SqlError.js';

/** A query's life: QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED. */
export type QueryState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export const FINISHED_STATES: ReadonlySet<QueryState> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** Why a query failed, in Athena's terms (AthenaError). */
export interface QueryFailure {
  readonly errorName: SqlErrorName;
  /** 1 system, 2 user, 3 other */
  readonly category: 1 | 2 | 3;
  /** Athena's error type number (error catalog). */
  readonly errorType: number;
  readonly retryable: boolean;
  /** `SYNTAX_ERROR: line 1:8: …` */
  readonly message: string;
}

export interface QueryStatistics {
  readonly queueMs: number;
  readonly planningMs: number;
  readonly engineMs: number;
  readonly totalMs: number;
  /** Writing results to the output location. */
  readonly serviceProcessingMs: number;
  readonly dataScannedBytes: number;
  readonly filesScanned: number;
}

/** Where a finished query's rows are and how to read them. */
export interface QueryResult {
  /** `csv` for queries (a header row, then rows), `txt` for DDL and utility statements (one text column). */
  readonly format: 'csv' | 'txt';
  readonly bucket: string;
  readonly key: string;
  readonly columns: readonly ResultColumn[];
  readonly rows: number;
  /** Rows written by CTAS, INSERT INTO and UNLOAD. */
  readonly updateCount?: number;
  /** The data manifest (`<id>-manifest.csv` in the output bucket): the objects CTAS, INSERT INTO or UNLOAD wrote. */
  readonly manifestKey?: string;
}

export interface QueryExecutionRecord {
  readonly id: string;
  readonly query: string;
  readonly statementType: 'DDL' | 'DML' | 'UTILITY';
  readonly substatementType?: string;
  readonly database?: string;
  readonly catalog: string;
  readonly workGroup: string;
  /** s3://bucket/prefix/ */
  readonly outputLocation?: string;
  readonly executionParameters?: readonly string[];
  readonly clientRequestToken?: string;
  readonly state: QueryState;
  readonly stateChangeReason?: string;
  readonly failure?: QueryFailure;
  readonly submittedAtMs: number;
  readonly startedAtMs?: number;
  readonly completedAtMs?: number;
  readonly statistics: QueryStatistics;
  readonly result?: QueryResult;
  /** ResultReuseByAgeConfiguration as asked for: previous results up to this many minutes old may be reused. */
  readonly resultReuseMaxAgeMinutes?: number;
  /** The result is an earlier execution's (ResultReuseInformation.ReusedPreviousResult). */
  readonly reusedPreviousResult?: boolean;
}

export const EMPTY_STATISTICS: QueryStatistics = {
  queueMs: 0,
  planningMs: 0,
  engineMs: 0,
  totalMs: 0,
  serviceProcessingMs: 0,
  dataScannedBytes: 0,
  filesScanned: 0,
};
