import type { QueryFailure } from './QueryExecution.js';
import { SqlError, type SqlErrorName } from './sql/SqlError.js';

/**
 * DuckDB's errors in Athena's words. DuckDB says "Binder Error: Referenced column …" with a
 * `LINE n: …` excerpt of the SQL it ran; Athena says "COLUMN_NOT_FOUND: line 1:8: …" about
 * the SQL the user wrote. The excerpt locates the error in the rewritten SQL, the source
 * map carries it back.
 */
const RULES: Array<[RegExp, SqlErrorName]> = [
  [/^Parser Error/, 'SYNTAX_ERROR'],
  [/^Binder Error: (Referenced column|Values list|Referenced table|Column )/, 'COLUMN_NOT_FOUND'],
  [/^Catalog Error: (Scalar Function|Table Function|Aggregate Function|Macro Function|Function)/, 'FUNCTION_NOT_FOUND'],
  [/^Binder Error: No function matches/, 'FUNCTION_NOT_FOUND'],
  [/^Catalog Error: Table with name/, 'TABLE_NOT_FOUND'],
  [/^Catalog Error: Type with name/, 'TYPE_MISMATCH'],
  [/^Binder Error: (Cannot compare|Cannot mix|Cannot|Could not)/, 'TYPE_MISMATCH'],
  [/^Binder Error: .*(GROUP BY|aggregate)/, 'SYNTAX_ERROR'],
  [/^Binder Error/, 'SYNTAX_ERROR'],
  [/^Conversion Error/, 'INVALID_CAST_ARGUMENT'],
  [/^Out of Memory Error/, 'EXCEEDED_MEMORY_LIMIT'],
  [/^(IO Error|Invalid Input Error: (No magic bytes|Malformed JSON|Invalid Input Error|.*Parquet|.*file)|Invalid Error: .*Parquet|.*CSV Error)/i, 'HIVE_BAD_DATA'],
  [/^Out of Range Error/, 'INVALID_FUNCTION_ARGUMENT'],
  [/^Invalid Input Error/, 'INVALID_FUNCTION_ARGUMENT'],
  [/^Not implemented Error/, 'NOT_SUPPORTED'],
  [/^Permission Error/, 'NOT_SUPPORTED'],
  [/^INTERNAL Error/i, 'GENERIC_INTERNAL_ERROR'],
];

export function fromDuckDbError(
  error: unknown,
  translatedSql: string | undefined,
  toOriginal: ((offset: number) => number) | undefined,
  localToUri: (text: string) => string,
): SqlError {
  if (error instanceof SqlError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const [firstLine = message] = message.split('\n');
  const name = RULES.find(([re]) => re.test(message))?.[1] ?? 'GENERIC_USER_ERROR';
  const detail = localToUri(athenaWording(firstLine.replace(/^[A-Za-z ]*Error: /, '').replace(/\s+$/, '')));
  const at = translatedSql !== undefined ? excerptOffset(message, translatedSql) : undefined;
  const position = at !== undefined && toOriginal ? toOriginal(at) : undefined;
  return new SqlError(name, detail, position);
}

/** DuckDB's sentence where Athena's differs. */
function athenaWording(detail: string): string {
  const column = /^Referenced column "([^"]+)" not found in FROM clause!?/.exec(detail);
  if (column) return `Column '${column[1]}' cannot be resolved`;
  const fn = /^Scalar Function with name (\S+) does not exist!?/.exec(detail);
  if (fn) return `Function '${fn[1]}' not registered`;
  return detail;
}

/** The offset DuckDB's `LINE n: …\n   ^` excerpt points at in the SQL it ran. */
export function excerptOffset(message: string, sql: string): number | undefined {
  const m = /LINE (\d+): (.*)\n( *)\^/.exec(message);
  if (!m) return undefined;
  const lineNo = Number(m[1]);
  const shown = m[2]!;
  const caret = m[3]!.length - `LINE ${m[1]}: `.length;
  const lines = sql.split('\n');
  const line = lines[lineNo - 1];
  if (line === undefined || caret < 0) return undefined;
  // long lines are shown as "...middle..."
  const lead = shown.startsWith('...') ? 3 : 0;
  const body = shown.slice(lead).replace(/\.\.\.$/, '');
  const at = line.indexOf(body);
  if (at < 0) return undefined;
  const lineStart = lines.slice(0, lineNo - 1).reduce((n, l) => n + l.length + 1, 0);
  return lineStart + at + Math.max(0, caret - lead);
}

const SYSTEM: ReadonlySet<SqlErrorName> = new Set(['GENERIC_INTERNAL_ERROR', 'EXCEEDED_MEMORY_LIMIT', 'EXCEEDED_TIME_LIMIT']);
const DATA: ReadonlySet<SqlErrorName> = new Set(['HIVE_BAD_DATA', 'HIVE_CURSOR_ERROR', 'INVALID_CAST_ARGUMENT']);

/**
 * The AthenaError for a failure. Types follow Athena's error catalog: 1000 user error,
 * 1001 data error, 1003 DDL task failed, 206 timed out, 0 resources exhausted, 100
 * internal, 401 results not written.
 */
export function failureOf(error: SqlError, sql: string | undefined, ddl: boolean): QueryFailure {
  const message = error.render(sql);
  if (error.errorName === 'EXCEEDED_TIME_LIMIT') return { errorName: error.errorName, category: 1, errorType: 206, retryable: false, message };
  if (error.errorName === 'EXCEEDED_MEMORY_LIMIT') return { errorName: error.errorName, category: 1, errorType: 0, retryable: false, message };
  if (SYSTEM.has(error.errorName)) return { errorName: error.errorName, category: 1, errorType: 100, retryable: true, message };
  if (DATA.has(error.errorName)) return { errorName: error.errorName, category: 2, errorType: 1001, retryable: false, message };
  return { errorName: error.errorName, category: 2, errorType: ddl ? 1003 : 1000, retryable: false, message };
}

export function resultWriteFailure(detail: string): QueryFailure {
  return { errorName: 'GENERIC_INTERNAL_ERROR', category: 1, errorType: 401, retryable: true, message: `GENERIC_INTERNAL_ERROR: could not write the results: ${detail}` };
}
