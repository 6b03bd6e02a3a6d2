import type { EdgeResponse } from '../../aws/wire/EdgeRequest.js';
import type { QueryExecutionRecord } from '../../engines/query/QueryExecution.js';
import type { QueryStatus } from '../ConsoleApiTypes.js';
import type { ConsoleEngines } from '../ConsoleEngines.js';
import { ConsoleHttpError, notAvailable } from './ApiRequest.js';
import { attachment } from './buckets.js';

/** Rows the page shows; the whole result is in the CSV download. */
export const SHOWN_ROWS = 1000;
const LISTED_QUERIES = 25;
const MAX_SQL_CHARS = 262_144; // Athena's QueryString limit

function queryOf(engines: ConsoleEngines): NonNullable<ConsoleEngines['query']> {
  if (!engines.query) throw notAvailable('SQL queries');
  return engines.query;
}

/** Starts a query through the engine the Athena API uses (work group `primary`). */
export async function startQuery(engines: ConsoleEngines, sql: string | undefined, database: string | undefined): Promise<QueryStatus> {
  if (!sql || sql.trim() === '') throw new ConsoleHttpError(400, 'sql is required');
  if (sql.length > MAX_SQL_CHARS) throw new ConsoleHttpError(400, `sql is longer than ${MAX_SQL_CHARS} characters`);
  const record = await queryOf(engines).start({ query: sql, ...(database !== undefined ? { database } : {}) });
  return statusOf(engines, record, false);
}

/** A query's state; once it succeeded, its columns and first rows too. */
export async function queryStatus(engines: ConsoleEngines, id: string): Promise<QueryStatus> {
  return statusOf(engines, queryOf(engines).get(id), true);
}

export async function stopQuery(engines: ConsoleEngines, id: string): Promise<QueryStatus> {
  const query = queryOf(engines);
  await query.stop(id);
  return statusOf(engines, query.get(id), false);
}

/** The latest queries (any client's), newest first, without their rows. */
export async function recentQueries(engines: ConsoleEngines): Promise<QueryStatus[]> {
  const records = queryOf(engines).list().slice(0, LISTED_QUERIES);
  return Promise.all(records.map((r) => statusOf(engines, r, false)));
}

async function statusOf(engines: ConsoleEngines, r: QueryExecutionRecord, withRows: boolean): Promise<QueryStatus> {
  const query = queryOf(engines);
  const progress = r.state === 'RUNNING' ? query.progress(r.id) : undefined;
  const status: { -readonly [K in keyof QueryStatus]: QueryStatus[K] } = {
    id: r.id,
    sql: r.query,
    state: r.state,
    submittedMs: r.submittedAtMs,
    scannedBytes: r.statistics.dataScannedBytes,
  };
  if (r.database !== undefined) status.database = r.database;
  if (r.failure) status.error = r.failure.message;
  else if (r.state === 'CANCELLED' && r.stateChangeReason) status.error = r.stateChangeReason;
  if (r.completedAtMs !== undefined) status.elapsedMs = r.completedAtMs - r.submittedAtMs;
  if (progress !== undefined) status.progressPercent = progress;
  if (r.outputLocation !== undefined) status.outputLocation = r.outputLocation;
  if (withRows && r.state === 'SUCCEEDED' && r.result) {
    const page = await query.results(r.id, 0, SHOWN_ROWS + 1);
    const rows = page.hasHeader ? page.rows.slice(1) : page.rows;
    status.result = {
      columns: page.columns.map((c) => ({ name: c.name, type: c.type })),
      rows: rows.slice(0, SHOWN_ROWS),
      totalRows: r.result.rows,
      truncated: r.result.rows > SHOWN_ROWS,
      ...(page.updateCount !== undefined ? { updateCount: page.updateCount } : {}),
    };
  }
  return status;
}

/** The result file as written to the output location (Athena's CSV: header row, every value quoted). */
export async function resultDownload(engines: ConsoleEngines, id: string): Promise<EdgeResponse> {
  const r = queryOf(engines).get(id);
  if (r.state !== 'SUCCEEDED' || !r.result) throw new ConsoleHttpError(409, `Query ${id} has no result to download (it is ${r.state})`);
  if (!engines.lake) throw notAvailable('Buckets');
  const { info, body } = await engines.lake.getObject(r.result.bucket, r.result.key);
  const csv = r.result.format === 'csv';
  return {
    status: 200,
    headers: {
      'content-type': csv ? 'text/csv; charset=utf-8' : 'text/plain; charset=utf-8',
      'content-length': info.size,
      'content-disposition': attachment(`${id}.${csv ? 'csv' : 'txt'}`),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': 'sandbox',
    },
    body,
  };
}
